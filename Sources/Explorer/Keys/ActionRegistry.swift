/// Every user action has one id. Keys, footer hints, the `?` overlay and docs/keybindings.md
/// all come from `ActionRegistry`, so they cannot disagree.
public enum ActionID: String, CaseIterable, Sendable, Hashable {
    case moveDown = "move_down", moveUp = "move_up", top, bottom
    case pageUp = "page_up", pageDown = "page_down"
    case drillIn = "drill_in", back
    case nextPane = "next_pane", previousPane = "previous_pane"
    case filter, command, help, refresh, freeze, quit, redraw
    case sortName = "sort_name", sortTeam = "sort_team", sortTier = "sort_tier", sortStatus = "sort_status"
    case sortBudget = "sort_budget", sortBurn = "sort_burn", sortDeps = "sort_deps", sortOwner = "sort_owner"
    case sortDrift = "sort_drift"
    case toggleNode = "toggle_node", toggleAll = "toggle_all"
    case nextFinding = "next_finding", previousFinding = "previous_finding"
    case toggleSplit = "toggle_split", toggleTrend = "toggle_trend"
}

/// Where an action applies. `global` applies in every pane unless a pane binds the same key.
public enum Scope: String, CaseIterable, Sendable, Hashable {
    case global, services, slo, deps, drift

    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .services: return "Services"
        case .slo: return "SLO burn"
        case .deps: return "Dependency tree"
        case .drift: return "Drift"
        }
    }
}

public struct ActionSpec: Sendable, Hashable {
    public var id: ActionID
    public var title: String
    public var keys: [Key]
    public var scopes: [Scope]
    /// Short footer label; nil keeps the action out of the footer (it is still in help and docs).
    public var hint: String?
    /// Footer key label when it differs from the first key (one hint for the sort family).
    public var hintKeys: String? = nil
    /// Reserved for future write actions: read-only mode strips these here, and only here.
    public var dangerous: Bool = false
}

public struct ActionRegistry: Sendable {
    public let actions: [ActionSpec]

    public static let standard = ActionRegistry(actions: [
        ActionSpec(id: .moveDown, title: "Move down", keys: [.char("j"), .down], scopes: [.global], hint: nil),
        ActionSpec(id: .moveUp, title: "Move up", keys: [.char("k"), .up], scopes: [.global], hint: nil),
        ActionSpec(id: .top, title: "Go to top", keys: [.char("g"), .home], scopes: [.global], hint: nil),
        ActionSpec(id: .bottom, title: "Go to bottom", keys: [.char("G"), .end], scopes: [.global], hint: nil),
        ActionSpec(id: .pageUp, title: "Page up", keys: [.pageUp, .ctrl("b")], scopes: [.global], hint: nil),
        ActionSpec(id: .pageDown, title: "Page down", keys: [.pageDown, .ctrl("f")], scopes: [.global], hint: nil),
        ActionSpec(id: .drillIn, title: "Drill in: SLO burn of the service", keys: [.enter], scopes: [.services], hint: "slo"),
        ActionSpec(id: .drillIn, title: "Drill in: dependency tree", keys: [.enter], scopes: [.slo], hint: "deps"),
        ActionSpec(id: .drillIn, title: "Go to the service at the cursor", keys: [.enter], scopes: [.deps], hint: "go"),
        ActionSpec(id: .drillIn, title: "Drill in: the finding's service, then its SLO burn",
                   keys: [.enter], scopes: [.drift], hint: "open"),
        ActionSpec(id: .toggleNode, title: "Expand or collapse the node", keys: [.char(" "), .char("l"), .right],
                   scopes: [.deps], hint: "toggle"),
        ActionSpec(id: .toggleAll, title: "Expand or collapse everything", keys: [.char("x")], scopes: [.deps], hint: "all"),
        ActionSpec(id: .sortName, title: "Sort by name (again: reverse)", keys: [.char("N")], scopes: [.services], hint: "sort",
                   hintKeys: "N T I S B U R D O"),
        ActionSpec(id: .sortTeam, title: "Sort by team", keys: [.char("T")], scopes: [.services], hint: nil),
        ActionSpec(id: .sortTier, title: "Sort by tier", keys: [.char("I")], scopes: [.services], hint: nil),
        ActionSpec(id: .sortStatus, title: "Sort by status, worst first", keys: [.char("S")], scopes: [.services], hint: nil),
        ActionSpec(id: .sortBudget, title: "Sort by budget left, lowest first", keys: [.char("B")], scopes: [.services], hint: nil),
        ActionSpec(id: .sortBurn, title: "Sort by burn rate, fastest first", keys: [.char("U")], scopes: [.services], hint: nil),
        ActionSpec(id: .sortDrift, title: "Sort by drift, worst first", keys: [.char("R")], scopes: [.services], hint: nil),
        ActionSpec(id: .sortDeps, title: "Sort by dependency count", keys: [.char("D")], scopes: [.services], hint: nil),
        ActionSpec(id: .sortOwner, title: "Sort by on-call owner", keys: [.char("O")], scopes: [.services], hint: nil),
        ActionSpec(id: .nextFinding, title: "Next drift finding", keys: [.char("n")], scopes: [.drift], hint: "next"),
        ActionSpec(id: .previousFinding, title: "Previous drift finding", keys: [.char("N")], scopes: [.drift], hint: "prev"),
        ActionSpec(id: .toggleSplit, title: "Side-by-side ↔ unified diff", keys: [.char("s")], scopes: [.drift], hint: "split"),
        ActionSpec(id: .toggleTrend, title: "Trend ↔ config findings", keys: [.char("t")], scopes: [.drift], hint: "trend"),
        ActionSpec(id: .back, title: "Back / clear filter / close overlay", keys: [.escape, .char("h"), .left], scopes: [.global], hint: "back"),
        ActionSpec(id: .nextPane, title: "Next pane", keys: [.tab], scopes: [.global], hint: "pane"),
        ActionSpec(id: .previousPane, title: "Previous pane", keys: [.backTab], scopes: [.global], hint: nil),
        ActionSpec(id: .filter, title: "Filter services", keys: [.char("/")], scopes: [.global], hint: "filter"),
        ActionSpec(id: .command, title: "Command mode (see Commands)", keys: [.char(":")], scopes: [.global], hint: "cmd"),
        ActionSpec(id: .help, title: "Help", keys: [.char("?")], scopes: [.global], hint: "help"),
        ActionSpec(id: .refresh, title: "Refresh every source now", keys: [.char("r")], scopes: [.global], hint: "refresh"),
        ActionSpec(id: .freeze, title: "Freeze / unfreeze updates", keys: [.char("F")], scopes: [.global], hint: "freeze"),
        ActionSpec(id: .redraw, title: "Repaint the whole screen", keys: [.ctrl("l")], scopes: [.global], hint: nil),
        ActionSpec(id: .quit, title: "Quit", keys: [.char("q"), .ctrl("c")], scopes: [.global], hint: "quit"),
    ])

    /// The action for `key` in `scope`: the pane's own binding wins over a global one.
    public func action(for key: Key, in scope: Scope) -> ActionID? {
        if let a = actions.first(where: { $0.scopes.contains(scope) && $0.keys.contains(key) }) { return a.id }
        return actions.first(where: { $0.scopes.contains(.global) && $0.keys.contains(key) })?.id
    }

    /// Footer hints for a pane: its own actions first, then the global ones with a hint.
    public func hints(for scope: Scope) -> [(keys: String, hint: String)] {
        let own = actions.filter { $0.scopes.contains(scope) && scope != .global && $0.hint != nil }
        let global = actions.filter { $0.scopes.contains(.global) && $0.hint != nil }
        return (own + global).map { (keys: $0.hintKeys ?? $0.keys.first!.label, hint: $0.hint!) }
    }

    /// The help overlay's lines: one section per scope, each action with all its keys.
    public func helpSections() -> [(title: String, rows: [(keys: String, title: String)])] {
        Scope.allCases.map { scope in
            (title: scope.title,
             rows: actions.filter { $0.scopes.contains(scope) }.map { (keys: $0.keys.map(\.label).joined(separator: " "), title: $0.title) })
        }
    }

    /// docs/keybindings.md, generated (a test fails when the committed copy is stale).
    public func markdown() -> String {
        var out = "# Explorer key bindings\n\n"
        out += "Generated from `ActionRegistry.standard` (Sources/Explorer/Keys/ActionRegistry.swift); "
        out += "`UPDATE_SNAPSHOTS=1 swift test --filter KeybindingsDocTests` rewrites it.\n"
        for section in helpSections() {
            out += "\n## \(section.title)\n\n| Keys | Action |\n|---|---|\n"
            for row in section.rows {
                let keys = row.keys.split(separator: " ").map { "`\($0)`" }.joined(separator: " ")
                out += "| \(keys) | \(row.title) |\n"
            }
        }
        out += "\n## Commands\n\n| Command | Aliases | Effect |\n|---|---|---|\n"
        for c in CommandTable.commands {
            out += "| `:\(c.name)\(c.argument.map { " " + $0 } ?? "")` | \(c.aliases.map { "`:\($0)`" }.joined(separator: ", ")) | \(c.summary) |\n"
        }
        return out
    }
}
