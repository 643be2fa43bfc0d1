import Foundation

/// Every theme the explorer can use: the built-ins embedded in the binary, overridden or extended
/// by `$XDG_CONFIG_HOME/nthlayer/themes/*.yaml`. Resolution applies `inherits` chains; a broken
/// theme is reported and replaced by `default`, never fatal.
public struct ThemeCatalog: Sendable {
    public private(set) var definitions: [String: ThemeDefinition] = [:]
    public private(set) var errors: [ThemeError] = []

    /// Built-ins only.
    public static var builtin: ThemeCatalog {
        var c = ThemeCatalog()
        for (name, yaml) in BuiltinThemes.sources.sorted(by: { $0.key < $1.key }) {
            c.add(yaml: yaml, file: "themes/\(name).yaml")
        }
        return c
    }

    /// Built-ins plus the user's directory (`$XDG_CONFIG_HOME`, else `~/.config`).
    public static func load(environment: [String: String]) -> ThemeCatalog {
        var c = builtin
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"].map { $0 + "/.config" } ?? "")
        let dir = base + "/nthlayer/themes"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        for file in files.sorted() where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
            let path = dir + "/" + file
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            c.add(yaml: text, file: path)
        }
        return c
    }

    public mutating func add(yaml: String, file: String) {
        do throws(ThemeError) {
            let def = try ThemeLoader.parse(yaml: yaml, file: file)
            definitions[def.name] = def
        } catch {
            errors.append(error)
        }
    }

    public var names: [String] { definitions.keys.sorted() }

    /// The named theme, resolved; unknown names and broken chains fall back to `default`
    /// (and, should even that be missing, to plain terminal colours).
    public func theme(named name: String) -> (Theme, ThemeError?) {
        do throws(ThemeError) {
            return (try resolve(name, seen: []), nil)
        } catch {
            let fallback = (try? resolve("default", seen: [])) ?? Theme(name: "default", roles: [:])
            return (fallback, error)
        }
    }

    private func resolve(_ name: String, seen: [String]) throws(ThemeError) -> Theme {
        guard let def = definitions[name] else {
            throw ThemeError(file: seen.isEmpty ? "theme" : (definitions[seen.last!]?.file ?? "theme"), line: 1, column: 1,
                             message: "unknown theme `\(name)` (available: \(names.joined(separator: ", ")))")
        }
        if seen.contains(name) {
            throw ThemeError(file: def.file, line: 1, column: 1, message: "`inherits` cycle: \((seen + [name]).joined(separator: " → "))")
        }
        var roles: [Role: RoleStyle]
        if let parent = def.inherits {
            roles = try resolve(parent, seen: seen + [name]).roles
        } else {
            roles = [:]
        }
        for (role, o) in def.roles {
            var s = roles[role] ?? RoleStyle()
            if let fg = o.fg { s.fg = fg }
            if let bg = o.bg { s.bg = bg }
            if let a = o.attributes { s.attributes = a }
            roles[role] = s
        }
        // Roles a root theme leaves out look like plain text.
        let text = roles[.text] ?? RoleStyle()
        for role in Role.allCases where roles[role] == nil { roles[role] = text }
        return Theme(name: def.name, roles: roles)
    }
}
