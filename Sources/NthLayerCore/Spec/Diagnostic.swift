/// One finding about a spec: `<file>:<line>:<col>: <error|warning> <code> <field>: <message>`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    public var severity: Severity
    /// Stable code from the reference catalogue, e.g. `E201`, `W205`.
    public var code: String
    public var location: SourceLocation
    /// Dotted path of the field in the file as written, e.g. `spec.slos.availability.target`.
    public var field: String
    public var message: String

    public init(_ severity: Severity, _ code: String, at location: SourceLocation, field: String, _ message: String) {
        self.severity = severity; self.code = code; self.location = location
        self.field = field; self.message = message
    }

    public var isError: Bool { severity == .error }

    public var description: String {
        let fieldPart = field.isEmpty ? "" : " \(field)"
        return "\(location): \(severity.rawValue) \(code)\(fieldPart): \(message)"
    }
}

/// "Did you mean" suggestions by edit distance.
public enum Suggestion {
    /// The closest candidate within a small edit distance, if any.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(lower, candidate.lowercased())
            let limit = max(2, candidate.count / 3)
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }

    /// ` (did you mean "x"?)` or the empty string.
    public static func hint(for word: String, in candidates: [String], quoted: Bool = true) -> String {
        guard let c = closest(to: word, in: candidates), c != word else { return "" }
        return quoted ? " (did you mean \"\(c)\"?)" : " (did you mean \(c)?)"
    }
}
