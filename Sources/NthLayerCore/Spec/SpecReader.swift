import Foundation

/// Reads typed values out of spec nodes, collecting diagnostics instead of throwing, so that one bad field never
/// hides the next one.
final class SpecReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func error(_ code: String, _ location: SourceLocation, _ field: String, _ message: String) {
        diagnostics.append(Diagnostic(.error, code, at: location, field: field, message))
    }

    func warning(_ code: String, _ location: SourceLocation, _ field: String, _ message: String) {
        diagnostics.append(Diagnostic(.warning, code, at: location, field: field, message))
    }

    var hasErrors: Bool { diagnostics.contains { $0.isError } }

    // MARK: Shapes

    /// The entries of a mapping, or an E114 when the value has another shape. Null counts as an empty mapping.
    func mapping(_ node: SpecNode?, _ field: String) -> [SpecNode.Entry]? {
        guard let node else { return nil }
        if node.isNull { return [] }
        guard let entries = node.entries else {
            error("E114", node.location, field, "expected a mapping, found \(node.kindName)")
            return nil
        }
        return entries
    }

    func sequence(_ node: SpecNode?, _ field: String) -> [SpecNode]? {
        guard let node else { return nil }
        if node.isNull { return [] }
        guard let items = node.items else {
            error("E114", node.location, field, "expected a list, found \(node.kindName)")
            return nil
        }
        return items
    }

    /// A non-empty scalar as text. Mappings and lists are E114.
    func string(_ node: SpecNode?, _ field: String) -> String? {
        guard let node, !node.isNull else { return nil }
        guard let text = node.scalar else {
            error("E114", node.location, field, "expected a string, found \(node.kindName)")
            return nil
        }
        return text
    }

    /// A number written plainly or quoted ("99.9"). Anything else is E114.
    func decimal(_ node: SpecNode?, _ field: String) -> Decimal? {
        if let node, node.scalar == nil {
            error("E114", node.location, field, "expected a number, found \(node.kindName)")
            return nil
        }
        guard let text = string(node, field) else { return nil }
        guard let value = DecimalText.parse(text) else {
            error("E114", node!.location, field, "expected a number, found \"\(text)\"")
            return nil
        }
        return value
    }

    func bool(_ node: SpecNode?, _ field: String) -> Bool? {
        guard let text = string(node, field) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("E114", node!.location, field, "expected true or false, found \"\(text)\"")
            return nil
        }
    }

    func stringMap(_ node: SpecNode?, _ field: String) -> [String: String] {
        guard let entries = mapping(node, field) else { return [:] }
        var result: [String: String] = [:]
        for entry in entries {
            if let value = string(entry.value, "\(field).\(entry.key)") { result[entry.key] = value }
        }
        return result
    }

    func stringList(_ node: SpecNode?, _ field: String) -> [String] {
        guard let node else { return [] }
        if let text = node.scalar, !node.isNull { return [text] }
        guard let items = sequence(node, field) else { return [] }
        return items.enumerated().compactMap { string($1, "\(field)[\($0)]") }
    }

    /// A duration such as `2m`; E204 otherwise.
    func duration(_ node: SpecNode?, _ field: String) -> Window? {
        guard let text = string(node, field) else { return nil }
        guard let window = Window(duration: text) else {
            error("E204", node!.location, field, "\"\(text)\" is not a duration; use Ns, Nm, Nh or Nd (e.g. 5m)")
            return nil
        }
        return window
    }

    /// Warns (W131) about keys this mapping does not know, with a "did you mean".
    func checkKeys(_ entries: [SpecNode.Entry], known: [String], _ field: String) {
        for entry in entries where !known.contains(entry.key) {
            let path = field.isEmpty ? entry.key : "\(field).\(entry.key)"
            warning("W131", entry.keyLocation, path,
                    "unknown field \"\(entry.key)\"\(Suggestion.hint(for: entry.key, in: known))")
        }
    }

    /// Where a missing field is reported: the parent's key (or the parent value) location.
    func missing(_ field: String, at location: SourceLocation) {
        error("E110", location, field, "required field is missing")
    }
}

extension String {
    /// Joins a path and a key: `spec.slos` + `availability`.
    func dot(_ key: String) -> String { isEmpty ? key : "\(self).\(key)" }
    func index(_ i: Int) -> String { "\(self)[\(i)]" }
}
