/// Text attributes a theme can ask for; mono mode relies on them alone.
public enum TextAttribute: String, Sendable, Hashable, CaseIterable {
    case bold, dim, underline, reverse
}

/// How one role looks.
public struct RoleStyle: Sendable, Hashable {
    public var fg: Color
    public var bg: Color
    public var attributes: Set<TextAttribute>
    public init(fg: Color = .terminalDefault, bg: Color = .terminalDefault, attributes: Set<TextAttribute> = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }
}

/// A fully resolved theme: every role has a style (inheritance already applied).
public struct Theme: Sendable, Hashable {
    public var name: String
    public var roles: [Role: RoleStyle]

    public init(name: String, roles: [Role: RoleStyle]) { self.name = name; self.roles = roles }

    public func style(_ role: Role) -> RoleStyle { roles[role] ?? roles[.text] ?? RoleStyle() }

    /// The look of a cell style: its role's look, plus `dim` for stale data.
    public func resolve(_ style: Style) -> RoleStyle {
        var s = self.style(style.role)
        if style.dim { s.attributes.insert(.dim) }
        return s
    }

    /// Mono: colours dropped, attributes kept. Used for `NO_COLOR`, `--no-color` and colourless terminals.
    public var monochrome: Theme {
        Theme(name: name, roles: roles.mapValues { RoleStyle(attributes: $0.attributes) })
    }
}
