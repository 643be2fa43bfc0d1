/// What a cell means, never what colour it is: widgets name roles, themes give roles colours.
/// `letter` is the role's one-character code in the colour-role goldens (lower case = dimmed).
public enum Role: String, CaseIterable, Sendable, Hashable {
    case text, muted, accent, border
    case borderFocus = "border.focus"
    case header, title
    case crumb
    case crumbActive = "crumb.active"
    case selection
    case filterMatch = "filter.match"
    case statusOK = "status.ok"
    case statusWarn = "status.warn"
    case statusCrit = "status.crit"
    case statusExhausted = "status.exhausted"
    case statusUnknown = "status.unknown"
    case statusStale = "status.stale"
    case burnLow = "burn.low"
    case burnMed = "burn.med"
    case burnHigh = "burn.high"
    case budgetGauge = "budget.gauge"
    case treeGuide = "tree.guide"
    case badgeReadonly = "badge.readonly"
    case bannerFrozen = "banner.frozen"
    case flashInfo = "flash.info"
    case flashWarn = "flash.warn"
    case flashError = "flash.error"
    case changeUp = "change.up"
    case changeDown = "change.down"
    // Reserved for the drift pane; themes may already set them.
    case diffAdd = "diff.add"
    case diffDel = "diff.del"
    case diffMod = "diff.mod"
    case diffContext = "diff.context"

    public var letter: Character {
        switch self {
        case .text: return "."
        case .muted: return "M"
        case .accent: return "A"
        case .border: return "B"
        case .borderFocus: return "F"
        case .header: return "H"
        case .title: return "I"
        case .crumb: return "C"
        case .crumbActive: return "K"
        case .selection: return "S"
        case .filterMatch: return "Q"
        case .statusOK: return "O"
        case .statusWarn: return "W"
        case .statusCrit: return "R"
        case .statusExhausted: return "X"
        case .statusUnknown: return "U"
        case .statusStale: return "T"
        case .burnLow: return "L"
        case .burnMed: return "D"
        case .burnHigh: return "G"
        case .budgetGauge: return "J"
        case .treeGuide: return "E"
        case .badgeReadonly: return "Y"
        case .bannerFrozen: return "Z"
        case .flashInfo: return "N"
        case .flashWarn: return "V"
        case .flashError: return "P"
        case .changeUp: return "1"
        case .changeDown: return "2"
        case .diffAdd: return "3"
        case .diffDel: return "4"
        case .diffMod: return "5"
        case .diffContext: return "6"
        }
    }
}

/// A cell's look: its role plus whether it is dimmed (stale data) — themes resolve the rest.
public struct Style: Sendable, Hashable {
    public var role: Role
    public var dim: Bool
    public init(_ role: Role, dim: Bool = false) { self.role = role; self.dim = dim }

    public static let text = Style(.text)

    /// The golden code: the role letter, lower-cased (or `,` for text) when dimmed.
    public var code: Character {
        guard dim else { return role.letter }
        if role == .text { return "," }
        return Character(role.letter.lowercased())
    }
}
