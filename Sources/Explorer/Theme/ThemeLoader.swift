import Foundation
import Yams

/// A theme file that cannot be used, with where and why.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// One theme file as written: palette, role overrides, parent. Resolved by `ThemeCatalog`.
public struct ThemeDefinition: Sendable, Hashable {
    public var name: String
    public var inherits: String?
    public var roles: [Role: RoleOverride]
    public var file: String

    /// Only the parts a file sets; the rest comes from the parent.
    public struct RoleOverride: Sendable, Hashable {
        public var fg: Color?
        public var bg: Color?
        public var attributes: Set<TextAttribute>?
    }
}

/// Parses theme YAML with positions, so every error points at `file:line:column`.
public enum ThemeLoader {
    public static func parse(yaml: String, file: String) throws(ThemeError) -> ThemeDefinition {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw ThemeError(file: file, line: 1, column: 1, message: "\(error)")
        }
        guard let root, case let .mapping(top) = root else {
            throw ThemeError(file: file, line: 1, column: 1, message: "a theme is a mapping with `name` and `roles`")
        }
        func fail(_ node: Node, _ message: String) -> ThemeError {
            ThemeError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
        }

        var name: String?
        var inherits: String?
        var palette: [String: Color] = [:]
        var rolesNode: Node?
        for (key, value) in top {
            switch key.string ?? "" {
            case "name": name = value.string
            case "inherits": inherits = value.string
            case "description": break
            case "palette":
                guard case let .mapping(entries) = value else { throw fail(value, "`palette` must map names to colours") }
                for (k, v) in entries {
                    guard let text = v.string, let color = Color(text: text) else {
                        throw fail(v, "palette colour `\(v.string ?? "?")` for `\(k.string ?? "?")`: expected #rrggbb, an ANSI name, 0–255 or default")
                    }
                    palette[k.string ?? ""] = color
                }
            case "roles": rolesNode = value
            default: throw fail(key, "unknown key `\(key.string ?? "?")` (expected name, inherits, palette, roles)")
            }
        }
        guard let name, !name.isEmpty else { throw ThemeError(file: file, line: 1, column: 1, message: "missing `name`") }

        var roles: [Role: ThemeDefinition.RoleOverride] = [:]
        if let rolesNode {
            guard case let .mapping(entries) = rolesNode else { throw fail(rolesNode, "`roles` must map role names to styles") }
            for (k, v) in entries {
                guard let role = Role(rawValue: k.string ?? "") else {
                    throw fail(k, "unknown role `\(k.string ?? "?")` (known: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                roles[role] = try parseRole(v, palette: palette, fail: fail)
            }
        }
        return ThemeDefinition(name: name, inherits: inherits, roles: roles, file: file)
    }

    private static func parseRole(_ node: Node, palette: [String: Color],
                                  fail: (Node, String) -> ThemeError) throws(ThemeError) -> ThemeDefinition.RoleOverride {
        guard case let .mapping(fields) = node else { throw fail(node, "a role style is a mapping of fg, bg, attrs") }
        var o = ThemeDefinition.RoleOverride()
        for (k, v) in fields {
            let key = k.string ?? ""
            switch key {
            case "fg", "bg":
                let text = v.string ?? ""
                guard let c = palette[text] ?? Color(text: text) else {
                    throw fail(v, "`\(key)`: unknown colour `\(text)` (use a palette name, #rrggbb, an ANSI name, 0–255 or default)")
                }
                if key == "fg" { o.fg = c } else { o.bg = c }
            case "attrs":
                var items: [Node] = []
                if case let .sequence(seq) = v { items = Array(seq) } else if v.string != nil { items = [v] }
                var set = Set<TextAttribute>()
                for item in items {
                    guard let a = TextAttribute(rawValue: item.string ?? "") else {
                        throw fail(item, "unknown attribute `\(item.string ?? "?")` (bold, dim, underline, reverse)")
                    }
                    set.insert(a)
                }
                o.attributes = set
            default:
                throw fail(k, "unknown field `\(key)` in a role (fg, bg, attrs)")
            }
        }
        return o
    }

    private static func yamlError(_ error: YamlError, file: String) -> ThemeError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return ThemeError(file: file, line: mark.line, column: mark.column, message: "YAML: \(problem)")
        default:
            return ThemeError(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }
}
