import Foundation
import NthLayerCore

/// The explorer's only state transition: `(state, event) → (state, effects)`. Pure: no clock, no
/// I/O — time comes in with `.tick` and source results, work goes out as `Effect`s.
public enum Reducer {
    public static func reduce(_ state: ExplorerState, _ event: Event,
                              registry: ActionRegistry = .standard) -> (ExplorerState, [Effect]) {
        var s = state
        let effects = reduce(&s, event, registry: registry)
        return (s, effects)
    }

    public static func reduce(_ s: inout ExplorerState, _ event: Event, registry: ActionRegistry = .standard) -> [Effect] {
        switch event {
        case let .key(key): return handleKey(&s, key, registry: registry)
        case let .action(id): return perform(&s, id)
        case let .resize(size):
            s.size = size
            s.clampServicesScroll()
            clampDeps(&s); clampSLO(&s); clampDrift(&s)
            return [.fullRepaint]
        case let .tick(now):
            s.now = now
            if let f = s.flash, f.until <= now { s.flash = nil }
            return dueFetches(&s, force: false)
        case let .telemetry(result, digest):
            return receive(&s, result) { s, value in s.pendingTelemetry = value; s.pendingDigest = digest }
        case let .onCall(result):
            return receive(&s, result) { s, value in s.pendingOnCall = value }
        case let .drift(result):
            return receive(&s, result) { s, value in s.pendingDrift = value }
        case let .replaceServices(services, label):
            s.replaceServices(services, label: label)
            return dueFetches(&s, force: true)
        case let .notify(level, text):
            flash(&s, level, text)
            return []
        }
    }

    // MARK: Data

    /// Starts every source that is due (or all, when forced) and not already in flight.
    /// Skip-if-busy lives here: a source with a fetch in flight is never asked twice.
    static func dueFetches(_ s: inout ExplorerState, force: Bool) -> [Effect] {
        var effects: [Effect] = []
        for i in s.sources.indices where !s.sources[i].inFlight && (force || s.now >= s.sources[i].nextDue) {
            s.sources[i].inFlight = true
            s.sources[i].lastAttempt = s.now
            effects.append(.fetch(sourceID: s.sources[i].id, generation: s.generation))
        }
        return effects
    }

    static func receive<V: Sendable>(_ s: inout ExplorerState, _ result: SourceResult<V>,
                                     stash: (inout ExplorerState, SourceResult<V>) -> Void) -> [Effect] {
        guard let i = s.sources.firstIndex(where: { $0.id == result.sourceID }) else { return [] }
        // An answer to an older generation describes another world: drop it. (Replacing the world
        // already reset the source's bookkeeping, and the new generation's fetch may be in flight.)
        guard result.generation == s.generation else { return [] }
        s.now = max(s.now, result.finishedAt)
        s.sources[i].inFlight = false
        switch result.outcome {
        case .success:
            s.sources[i].lastSuccess = result.finishedAt
            s.sources[i].consecutiveFailures = 0
            s.sources[i].lastError = nil
            s.sources[i].nextDue = result.finishedAt.addingTimeInterval(s.sources[i].interval)
            stash(&s, result)
            if s.frozen {
                s.pendingCount += 1
            } else {
                applyPending(&s)
            }
        case let .failure(error):
            s.sources[i].consecutiveFailures += 1
            s.sources[i].lastError = error.message
            // The first failure of a streak says why on the flash line (the header has room for a few words).
            if s.sources[i].consecutiveFailures == 1 {
                let id = s.sources[i].id
                flash(&s, .error, error.message.hasPrefix(id + ": ") ? error.message : "\(id): \(error.message)")
            }
            s.sources[i].nextDue = result.finishedAt.addingTimeInterval(
                SourceStatus.backoff(failures: s.sources[i].consecutiveFailures, interval: s.sources[i].interval))
        }
        return []
    }

    /// Applies the newest stashed snapshots and marks what moved since the previous ones.
    static func applyPending(_ s: inout ExplorerState) {
        // Rows stay index-aligned with the services of one world, so the old values are found by index.
        let before = s.rows
        let hadTelemetry = s.telemetry != nil
        var changed = false
        let digest = s.pendingDigest
        let telemetryArrived = s.pendingTelemetry != nil
        if case let .success(snapshot)? = s.pendingTelemetry?.outcome { s.telemetry = snapshot; changed = true }
        if case let .success(onCall)? = s.pendingOnCall?.outcome { s.onCall = onCall; changed = true }
        var driftArrived = false
        if case let .success(drift)? = s.pendingDrift?.outcome {
            // Keep the open finding open across refreshes when it is still there.
            let open = s.pane == .drift ? s.currentFinding?.id : nil
            s.drift = drift; changed = true; driftArrived = true
            if let open, let at = s.driftFindings.firstIndex(where: { $0.id == open }) {
                s.driftCursor = at
            } else if s.pane == .drift, s.driftFindings.isEmpty, !drift.findings(service: s.driftService, mode: s.driftMode.other).isEmpty {
                // The first evaluation arrived while the pane was open on an empty mode: show the kind there is.
                s.driftMode = s.driftMode.other
            }
        }
        s.pendingTelemetry = nil; s.pendingOnCall = nil; s.pendingDrift = nil; s.pendingCount = 0; s.pendingDigest = nil
        guard changed else { return }
        if driftArrived { clampDrift(&s) }
        s.rebuildRows(digest: digest, telemetryChanged: telemetryArrived)
        if telemetryArrived && !hadTelemetry && s.pane == .services {
            // First data re-sorts the table from scratch: start at the top (the worst) rather than
            // chasing whichever row happened to be first while nothing was known.
            s.servicesCursor = 0
            s.servicesScroll = 0
        }
        if telemetryArrived {
            var changes: [String: RowChange] = [:]
            if hadTelemetry {
                for (i, row) in s.rows.enumerated() where i < before.count && before[i].name == row.name {
                    let old = before[i]
                    let c = RowChange(budget: Trend.between(old.budgetRemaining, row.budgetRemaining, tolerance: 0.0005),
                                      burn: Trend.between(old.fastestBurn, row.fastestBurn, tolerance: 0.005))
                    if !c.isEmpty { changes[row.name] = c }
                }
            }
            s.changes = changes
        }
    }

    // MARK: Keys

    static func handleKey(_ s: inout ExplorerState, _ key: Key, registry: ActionRegistry) -> [Effect] {
        // ctrl-c quits from anywhere, prompts included.
        if key == .ctrl("c") { s.quitRequested = true; return [.quit] }
        switch s.input {
        case let .filter(draft): return filterKey(&s, key, draft: draft)
        case let .command(draft): return commandKey(&s, key, draft: draft)
        case .normal:
            if s.helpVisible, key == .char("?") { s.helpVisible = false; return [] }
            guard let id = registry.action(for: key, in: s.helpVisible ? .global : s.pane.scope) else { return [] }
            return perform(&s, id)
        }
    }

    static func filterKey(_ s: inout ExplorerState, _ key: Key, draft: String) -> [Effect] {
        var text = draft
        switch key {
        case .enter:
            s.input = .normal
            if let w = ServiceFilter(text).warning { flash(&s, .warn, w) }
            return []
        case .escape:
            s.input = .normal
            setFilter(&s, "")
            return []
        case .backspace, .delete:
            if text.isEmpty { s.input = .normal; return [] }
            text.removeLast()
        case .ctrl("u"): text = ""
        case let .char(c): text.append(c)
        default: return []
        }
        s.input = .filter(draft: text)
        setFilter(&s, text)
        return []
    }

    static func commandKey(_ s: inout ExplorerState, _ key: Key, draft: String) -> [Effect] {
        var text = draft
        switch key {
        case .enter:
            s.input = .normal
            s.historyCursor = nil
            let line = text.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { return [] }
            if s.commandHistory.last != line { s.commandHistory.append(line) }
            return run(&s, line)
        case .escape:
            s.input = .normal; s.historyCursor = nil
            return []
        case .backspace, .delete:
            if text.isEmpty { s.input = .normal; return [] }
            text.removeLast()
        case .tab:
            text = CommandTable.complete(text, services: s.services.map(\.name), themes: s.themeNames)
        case .up:
            guard !s.commandHistory.isEmpty else { return [] }
            let i = max(0, (s.historyCursor ?? s.commandHistory.count) - 1)
            s.historyCursor = i
            text = s.commandHistory[i]
        case .down:
            guard let c = s.historyCursor else { return [] }
            if c + 1 < s.commandHistory.count { s.historyCursor = c + 1; text = s.commandHistory[c + 1] } else { s.historyCursor = nil; text = "" }
        case let .char(c): text.append(c)
        default: return []
        }
        s.input = .command(draft: text)
        return []
    }

    // MARK: Commands

    static func run(_ s: inout ExplorerState, _ line: String) -> [Effect] {
        guard let command = CommandTable.parse(line) else {
            flash(&s, .error, "unknown command :\(line) — :help lists them")
            return []
        }
        switch command {
        case let .services(filter):
            s.stack = [Location(.services)]
            s.helpVisible = false
            if let filter { setFilter(&s, filter) }
        case let .slo(name): open(&s, .slo, name)
        case let .deps(name): open(&s, .deps, name)
        case let .drift(name): openDrift(&s, name)
        case let .team(name):
            guard let name else { flash(&s, .warn, ":team needs a team name"); return [] }
            s.stack = [Location(.services)]
            setFilter(&s, "team:\(name)")
        case let .theme(name):
            guard let name else { flash(&s, .info, "themes: \(s.themeNames.joined(separator: ", "))"); return [] }
            guard s.themeNames.contains(name) else {
                flash(&s, .error, "unknown theme \(name) — available: \(s.themeNames.joined(separator: ", "))")
                return []
            }
            s.themeName = name
            flash(&s, .info, "theme \(name)")
            return [.applyTheme(name), .fullRepaint]
        case .help:
            s.helpVisible = true; s.helpScroll = 0
        case .quit:
            s.quitRequested = true
            return [.quit]
        }
        return []
    }

    /// Opens a detail pane on `name` (or the selected service), pushing it on the breadcrumbs.
    static func open(_ s: inout ExplorerState, _ pane: Pane, _ name: String?) {
        let target = name ?? s.selectedService
        guard let target else { flash(&s, .warn, "no service selected"); return }
        guard s.spec(target) != nil else {
            let near = s.services.map(\.name).filter { $0.contains(target) }.prefix(3)
            flash(&s, .error, "no service \(target)" + (near.isEmpty ? "" : " — did you mean \(near.joined(separator: ", "))?"))
            return
        }
        select(&s, target)
        s.helpVisible = false
        let loc = Location(pane, service: target)
        if s.location != loc { s.stack.append(loc) }
        enter(&s, pane, target)
    }

    /// Opens the drift pane on `name`, or on every service (grouped by service) when no name is given.
    static func openDrift(_ s: inout ExplorerState, _ name: String?) {
        guard let name else {
            s.helpVisible = false
            let loc = Location(.drift, service: nil)
            if s.location != loc { s.stack.append(loc) }
            enterDrift(&s)
            return
        }
        open(&s, .drift, name)
    }

    /// Resets the drift pane: first finding, top of its diff, and the kind of findings there is (config first).
    static func enterDrift(_ s: inout ExplorerState) {
        s.driftCursor = 0; s.driftScroll = 0
        if let drift = s.drift {
            let service = s.driftService
            s.driftMode = drift.findings(service: service, mode: .config).isEmpty
                && !drift.findings(service: service, mode: .trend).isEmpty ? .trend : .config
        } else {
            s.driftMode = .config
        }
    }

    /// Moves the services cursor onto `name` when it is visible.
    static func select(_ s: inout ExplorerState, _ name: String) {
        if let at = s.visible.firstIndex(where: { s.rows[$0].name == name }) {
            s.servicesCursor = at
            s.clampServicesScroll()
        }
    }

    /// Resets the per-pane scroll when a pane is (re)entered for a service.
    static func enter(_ s: inout ExplorerState, _ pane: Pane, _ service: String) {
        switch pane {
        case .slo: s.sloScroll = 0
        case .deps:
            if s.depsRoot != service {
                s.depsRoot = service
                s.depsExpanded = DepsTree.defaultExpanded()
                s.depsCursor = 0; s.depsScroll = 0
            }
        case .drift: enterDrift(&s)
        case .services: break
        }
    }

    static func setFilter(_ s: inout ExplorerState, _ text: String) {
        s.filter = text
        s.servicesScroll = 0
        s.refilter()
    }

    static func flash(_ s: inout ExplorerState, _ level: Flash.Level, _ text: String) {
        s.flash = Flash(level: level, text: SafeText.clean(text), until: s.now.addingTimeInterval(level == .error ? 8 : 5))
    }

    // MARK: Actions

    static func perform(_ s: inout ExplorerState, _ id: ActionID) -> [Effect] {
        if s.helpVisible {
            switch id {
            case .moveDown: s.helpScroll += 1; return []
            case .moveUp: s.helpScroll = max(0, s.helpScroll - 1); return []
            case .top: s.helpScroll = 0; return []
            case .back, .help: s.helpVisible = false; return []
            case .quit: s.quitRequested = true; return [.quit]
            default: s.helpVisible = false
            }
        }
        switch id {
        case .moveDown: move(&s, by: 1)
        case .moveUp: move(&s, by: -1)
        case .top: move(&s, by: -Int.max / 2)
        case .bottom: move(&s, by: Int.max / 2)
        case .pageDown: move(&s, by: Layout(size: s.size).tableRows)
        case .pageUp: move(&s, by: -Layout(size: s.size).tableRows)
        case .drillIn: drillIn(&s)
        case .back: back(&s)
        case .nextPane: cyclePane(&s, forward: true)
        case .previousPane: cyclePane(&s, forward: false)
        case .filter:
            s.input = .filter(draft: s.filter)
            if s.pane != .services { s.stack = [Location(.services)] }
        case .command: s.input = .command(draft: "")
        case .help: s.helpVisible = true; s.helpScroll = 0
        case .refresh:
            let effects = dueFetches(&s, force: true)
            flash(&s, .info, effects.isEmpty ? "every source is already refreshing" : "refreshing \(effects.count) source(s)")
            return effects
        case .freeze:
            s.frozen.toggle()
            if !s.frozen {
                let n = s.pendingCount
                applyPending(&s)
                flash(&s, .info, n > 0 ? "unfrozen: applied the latest of \(n) update(s)" : "unfrozen")
            }
        case .redraw: return [.fullRepaint]
        case .quit:
            s.quitRequested = true
            return [.quit]
        case .sortName: sort(&s, .name)
        case .sortTeam: sort(&s, .team)
        case .sortTier: sort(&s, .tier)
        case .sortStatus: sort(&s, .status)
        case .sortBudget: sort(&s, .budget)
        case .sortBurn: sort(&s, .burn)
        case .sortDeps: sort(&s, .deps)
        case .sortOwner: sort(&s, .owner)
        case .sortDrift: sort(&s, .drift)
        case .toggleNode: toggleNode(&s)
        case .toggleAll: toggleAll(&s)
        case .nextFinding: stepFinding(&s, by: 1)
        case .previousFinding: stepFinding(&s, by: -1)
        case .toggleSplit:
            guard s.pane == .drift else { return [] }
            s.driftSplit = !s.driftSplitActive
            flash(&s, .info, s.driftSplitActive ? "side-by-side diff" : "unified diff")
        case .toggleTrend:
            guard s.pane == .drift else { return [] }
            s.driftMode = s.driftMode.other
            s.driftCursor = 0; s.driftScroll = 0
            if s.drift != nil && s.driftFindings.isEmpty {
                flash(&s, .info, "no \(s.driftMode.rawValue) drift " + (s.driftService.map { "for \($0)" } ?? "anywhere"))
            }
        }
        return []
    }

    static func sort(_ s: inout ExplorerState, _ column: SortColumn) {
        s.sort = s.sort.column == column ? SortOrder(column, reversed: !s.sort.reversed) : SortOrder(column)
        s.refilter()
    }

    static func move(_ s: inout ExplorerState, by delta: Int) {
        switch s.pane {
        case .services:
            guard !s.visible.isEmpty else { return }
            s.servicesCursor = clampAdd(s.servicesCursor, delta, 0, s.visible.count - 1)
            s.clampServicesScroll()
        case .slo:
            s.sloScroll = clampAdd(s.sloScroll, delta, 0, sloMaxScroll(s))
        case .deps:
            let count = depsTree(s)?.lines.count ?? 0
            guard count > 0 else { return }
            s.depsCursor = clampAdd(s.depsCursor, delta, 0, count - 1)
            clampDeps(&s)
        case .drift:
            s.driftScroll = clampAdd(s.driftScroll, delta, 0, driftMaxScroll(s))
        }
    }

    /// `n` / `N`: the next or previous finding (stops at either end, with a note).
    static func stepFinding(_ s: inout ExplorerState, by delta: Int) {
        guard s.pane == .drift else { return }
        let count = s.driftFindings.count
        guard count > 0 else {
            flash(&s, .info, s.drift == nil ? "no drift evaluation yet" : "no \(s.driftMode.rawValue) drift findings here")
            return
        }
        let next = clampAdd(s.driftCursor, delta, 0, count - 1)
        if next == s.driftCursor { flash(&s, .info, delta > 0 ? "last finding" : "first finding") }
        if next != s.driftCursor { s.driftScroll = 0 }
        s.driftCursor = next
    }

    static func driftMaxScroll(_ s: ExplorerState) -> Int {
        let layout = Layout(size: s.size)
        let lines = DriftPane.detailLineCount(s, width: s.size.cols)
        return max(0, lines - DriftPane.detailHeight(s, layout: layout))
    }

    static func clampDrift(_ s: inout ExplorerState) {
        let count = s.driftFindings.count
        s.driftCursor = max(0, min(s.driftCursor, count - 1))
        s.driftScroll = max(0, min(s.driftScroll, driftMaxScroll(s)))
    }

    static func clampAdd(_ v: Int, _ d: Int, _ lo: Int, _ hi: Int) -> Int {
        let sum = d > 0 ? (v > Int.max - d ? Int.max : v + d) : (v < Int.min - d ? Int.min : v + d)
        return max(lo, min(hi, sum))
    }

    static func drillIn(_ s: inout ExplorerState) {
        switch s.pane {
        case .services: open(&s, .slo, nil)
        case .slo: open(&s, .deps, s.selectedService)
        case .drift:
            guard let f = s.currentFinding else { return }
            // From every service: narrow to the finding's service; from one service: its SLO burn.
            if s.location.service == nil { open(&s, .drift, f.service) } else { open(&s, .slo, f.service) }
        case .deps:
            guard let tree = depsTree(s), s.depsCursor < tree.lines.count else { return }
            let line = tree.lines[s.depsCursor]
            if line.section != nil { toggleNode(&s); return }
            guard s.spec(line.name) != nil else {
                flash(&s, .info, "\(line.name) is a \(line.kind?.rawValue ?? "node") without a spec here")
                return
            }
            open(&s, .deps, line.name)
        }
    }

    static func back(_ s: inout ExplorerState) {
        if s.stack.count > 1 {
            s.stack.removeLast()
            if let service = s.location.service { enter(&s, s.pane, service); select(&s, service) }
        } else if !s.filter.isEmpty {
            setFilter(&s, "")
        }
    }

    static func cyclePane(_ s: inout ExplorerState, forward: Bool) {
        let order = Pane.allCases
        let next = order[(order.firstIndex(of: s.pane)! + (forward ? 1 : order.count - 1)) % order.count]
        guard let service = s.selectedService else { return }
        if next == .services {
            s.stack = [Location(.services)]
            select(&s, service)
        } else if s.pane == .services {
            s.stack.append(Location(next, service: service))
            enter(&s, next, service)
        } else {
            s.stack[s.stack.count - 1] = Location(next, service: service)
            enter(&s, next, service)
        }
    }

    static func depsTree(_ s: ExplorerState) -> DepsTree? {
        guard s.pane == .deps, let root = s.depsRoot else { return nil }
        return DepsTree(graph: s.graph, root: root, expanded: s.depsExpanded)
    }

    static func toggleNode(_ s: inout ExplorerState) {
        guard let tree = depsTree(s), s.depsCursor < tree.lines.count else { return }
        let line = tree.lines[s.depsCursor]
        guard line.expandable else {
            if line.isCycle { flash(&s, .info, "\(line.name) is already on this path (cycle): not followed") }
            return
        }
        if s.depsExpanded.contains(line.id) { s.depsExpanded.remove(line.id) } else { s.depsExpanded.insert(line.id) }
        clampDeps(&s)
    }

    static func toggleAll(_ s: inout ExplorerState) {
        guard let root = s.depsRoot, s.pane == .deps else { return }
        let all = DepsTree.allExpandable(graph: s.graph, root: root)
        s.depsExpanded = all.isSubset(of: s.depsExpanded) ? DepsTree.defaultExpanded() : all.union(DepsTree.defaultExpanded())
        clampDeps(&s)
    }

    static func clampDeps(_ s: inout ExplorerState) {
        guard let root = s.depsRoot else { return }
        let count = DepsTree(graph: s.graph, root: root, expanded: s.depsExpanded).lines.count
        s.depsCursor = max(0, min(s.depsCursor, count - 1))
        let page = Layout(size: s.size).bodyHeight - 1
        if s.depsCursor < s.depsScroll { s.depsScroll = s.depsCursor }
        if s.depsCursor >= s.depsScroll + page { s.depsScroll = s.depsCursor - page + 1 }
    }

    static func sloMaxScroll(_ s: ExplorerState) -> Int {
        guard let name = s.selectedService, let spec = s.spec(name) else { return 0 }
        return max(0, SLOPaneLayout.contentHeight(sloCount: spec.slos.count) - Layout(size: s.size).bodyHeight)
    }

    static func clampSLO(_ s: inout ExplorerState) { s.sloScroll = max(0, min(s.sloScroll, sloMaxScroll(s))) }
}
