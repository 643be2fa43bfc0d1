import Yams

/// A YAML value with the file location of where it was written.
///
/// Specs are read into this small tree (rather than used as Yams nodes) so that environment overlays from other
/// files can be merged in while every value keeps pointing at the file and line it came from.
public struct SpecNode: Sendable, Hashable {
    public enum ScalarStyle: Sendable, Hashable { case plain, singleQuoted, doubleQuoted, block }

    public enum Kind: Sendable, Hashable {
        case scalar(String, ScalarStyle)
        case mapping([Entry])
        case sequence([SpecNode])
    }

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: SpecNode
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(kind: Kind, location: SourceLocation) { self.kind = kind; self.location = location }

    // MARK: Accessors

    public var entries: [Entry]? { if case .mapping(let e) = kind { return e }; return nil }
    public var items: [SpecNode]? { if case .sequence(let i) = kind { return i }; return nil }
    /// The scalar text, for any scalar (numbers and booleans included).
    public var scalar: String? { if case .scalar(let s, _) = kind { return s }; return nil }
    public var isNull: Bool {
        if case .scalar(let s, .plain) = kind { return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL" }
        return false
    }
    public var isQuoted: Bool {
        if case .scalar(_, let style) = kind { return style == .singleQuoted || style == .doubleQuoted }
        return false
    }

    public subscript(key: String) -> SpecNode? { entries?.first { $0.key == key }?.value }
    public func entry(_ key: String) -> Entry? { entries?.first { $0.key == key } }

    /// What kind of value this is, for messages ("a mapping", "a list", "a string").
    public var kindName: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar: return isNull ? "empty" : "a scalar"
        }
    }
}

extension SpecNode {
    /// Far more values than any spec holds. Yams resolves every alias into a copy of its anchor, so nine nested
    /// aliases of nine items each ("billion laughs") would otherwise be walked 387 million times.
    static let maxValues = 100_000
    static let maxDepth = 200

    struct TooLarge: Error { let location: SourceLocation; let message: String }

    /// Converts a Yams node, stamping locations with `file`; stops at `maxValues` values or `maxDepth` levels.
    static func from(_ node: Node, file: String) throws(TooLarge) -> SpecNode {
        var budget = maxValues
        return try from(node, file: file, depth: 0, budget: &budget)
    }

    private static func from(_ node: Node, file: String, depth: Int, budget: inout Int) throws(TooLarge) -> SpecNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        budget -= 1
        if budget < 0 {
            throw TooLarge(location: location, message: "YAML: more than \(maxValues) values (aliases expanding?); a spec is far smaller")
        }
        if depth > maxDepth {
            throw TooLarge(location: location, message: "YAML: values nested more than \(maxDepth) levels deep")
        }
        switch node {
        case .scalar(let s):
            let style: ScalarStyle
            switch s.style {
            case .singleQuoted: style = .singleQuoted
            case .doubleQuoted: style = .doubleQuoted
            case .literal, .folded: style = .block
            default: style = .plain
            }
            return SpecNode(kind: .scalar(s.string, style), location: location)
        case .mapping(let m):
            var entries: [Entry] = []
            for (k, v) in m {
                let keyText = k.scalar?.string ?? ""
                entries.append(Entry(key: keyText,
                                     keyLocation: k.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? location,
                                     value: try from(v, file: file, depth: depth + 1, budget: &budget)))
            }
            return SpecNode(kind: .mapping(entries), location: location)
        case .sequence(let s):
            var items: [SpecNode] = []
            for item in s { items.append(try from(item, file: file, depth: depth + 1, budget: &budget)) }
            return SpecNode(kind: .sequence(items), location: location)
        case .alias:
            return SpecNode(kind: .scalar("", .plain), location: location)
        }
    }
}

/// Reads YAML text into spec nodes, turning every YAML problem into an `E100` diagnostic.
public enum SpecYAML {
    public enum Outcome: Sendable {
        case documents([SpecNode])
        case failure(Diagnostic)
    }

    public static func read(_ text: String, file: String) -> Outcome {
        // libyaml's own message for a tab is cryptic; find it ourselves so the user sees the line.
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            if indent.contains("\t"), line.contains(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) {
                return .failure(Diagnostic(.error, "E100", at: SourceLocation(file: file, line: lineNumber, column: 1),
                                           field: "", "YAML: tab character used for indentation"))
            }
        }
        // Specs are small; a document nested hundreds deep is an attack or an accident, and recursion over it
        // would exhaust the stack. Refuse it with a location instead.
        if let (line, depth) = excessiveNesting(text) {
            return .failure(Diagnostic(.error, "E100", at: SourceLocation(file: file, line: line, column: 1),
                                       field: "", "YAML: nesting deeper than \(depth) levels"))
        }
        do {
            var documents: [SpecNode] = []
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() {
                documents.append(try SpecNode.from(node, file: file))
                if documents.count > 1 { break }
            }
            return .documents(documents)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file))
        } catch let error as SpecNode.TooLarge {
            return .failure(Diagnostic(.error, "E100", at: error.location, field: "", error.message))
        } catch {
            return .failure(Diagnostic(.error, "E100", at: SourceLocation(file: file, line: 1, column: 1),
                                       field: "", "YAML: \(error)"))
        }
    }

    static let maximumDepth = 200

    /// The first line where flow brackets or indentation nest beyond `maximumDepth`.
    static func excessiveNesting(_ text: String) -> (line: Int, depth: Int)? {
        var depth = 0, line = 1, indent = 0, atLineStart = true
        var quote: Character?
        for ch in text {
            if ch == "\n" { line += 1; indent = 0; atLineStart = true; continue }
            if atLineStart {
                if ch == " " || ch == "-" { indent += 1; if indent / 2 > maximumDepth { return (line, maximumDepth) }; continue }
                atLineStart = false
            }
            if let q = quote { if ch == q { quote = nil }; continue }
            switch ch {
            case "\"", "'": quote = ch
            case "[", "{":
                depth += 1
                if depth > maximumDepth { return (line, maximumDepth) }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        func make(_ problem: String, _ mark: Mark?, _ context: YamlError.Context?) -> Diagnostic {
            var message = "YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return Diagnostic(.error, "E100", at: SourceLocation(file: file, line: max(1, mark?.line ?? 1), column: max(1, mark?.column ?? 1)),
                              field: "", message)
        }
        switch error {
        case let .scanner(context, problem, mark, _): return make(problem, mark, context)
        case let .parser(context, problem, mark, _): return make(problem, mark, context)
        case let .composer(context, problem, mark, _): return make(problem, mark, context)
        case let .reader(problem, offset, _, _):
            return make("\(problem)\(offset.map { " at byte \($0)" } ?? "")", nil, nil)
        case let .duplicatedKeysInMapping(duplicates, context):
            return make("duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in mapping",
                        context.mark, nil)
        default:
            return make("\(error)", nil, nil)
        }
    }
}
