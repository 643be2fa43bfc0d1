/// Deterministic YAML output: one quoting style (double quotes, JSON escapes) for every value that is not a plain
/// identifier, so that YAML never retypes a label like `"99.95"` or `on` behind the user's back.
public enum YAMLText {
    /// A scalar as YAML: plain when unambiguous, otherwise double-quoted.
    public static func scalar(_ s: String) -> String {
        isPlainSafe(s) ? s : JSONValue.quote(s)
    }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "/" || first == "_" else { return false }
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]
        if reserved.contains(s.lowercased()) { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:".contains($0)) }
            && !s.hasSuffix(":")
    }
}
