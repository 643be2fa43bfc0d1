/// A key press, decoded by the terminal backend and consumed by the reducer.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Control + a letter, lower case (`ctrl-l` is `.ctrl("l")`).
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete

    /// How the key is written in hints, the help overlay and docs.
    public var label: String {
        switch self {
        case .char(" "): return "space"
        case let .char(c): return String(c)
        case let .ctrl(c): return "ctrl-\(c)"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        }
    }
}
