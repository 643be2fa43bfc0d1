/// A Prometheus rule file in the shape promtool 2.42 accepts.
public struct RuleFile: Sendable, Hashable {
    public var header: String
    public var groups: [RuleGroup]

    public init(header: String, groups: [RuleGroup]) { self.header = header; self.groups = groups }

    public var ruleCount: Int { groups.reduce(0) { $0 + $1.rules.count } }

    /// The file text: header comment, `groups:`, 2-space indent, LF, trailing newline.
    public func rendered() -> String {
        var out = "# \(header)\n"
        if groups.isEmpty { return out + "groups: []\n" }
        out += "groups:\n"
        for group in groups {
            out += "  - name: \(JSONValue.quote(group.name))\n"
            if let interval = group.interval { out += "    interval: \(interval)\n" }
            out += "    rules:\n"
            for rule in group.rules { out += rule.rendered(indent: "      ") }
        }
        return out
    }
}

public struct RuleGroup: Sendable, Hashable {
    public var name: String
    public var interval: String?
    public var rules: [Rule]
    public init(name: String, interval: String? = nil, rules: [Rule]) {
        self.name = name; self.interval = interval; self.rules = rules
    }
}

public struct Rule: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case record(String), alert(String) }
    public var kind: Kind
    public var expr: String
    public var forDuration: String?
    /// Label pairs in output order (sorted by name).
    public var labels: [(String, String)]
    public var annotations: [(String, String)]

    public init(kind: Kind, expr: String, forDuration: String? = nil, labels: [String: String] = [:],
                annotations: [(String, String)] = []) {
        self.kind = kind; self.expr = expr; self.forDuration = forDuration
        self.labels = labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.annotations = annotations
    }

    public var name: String {
        switch kind { case .record(let n), .alert(let n): return n }
    }

    public static func == (a: Rule, b: Rule) -> Bool { a.rendered(indent: "") == b.rendered(indent: "") }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered(indent: "")) }

    func rendered(indent: String) -> String {
        var out = ""
        switch kind {
        case .record(let name): out += "\(indent)- record: \(YAMLText.scalar(name))\n"
        case .alert(let name): out += "\(indent)- alert: \(YAMLText.scalar(name))\n"
        }
        let inner = indent + "  "
        if expr.contains("\n") {
            out += "\(inner)expr: |-\n"
            for line in expr.split(separator: "\n", omittingEmptySubsequences: false) {
                out += "\(inner)  \(line)\n"
            }
        } else {
            out += "\(inner)expr: \(JSONValue.quote(expr))\n"
        }
        if let f = forDuration { out += "\(inner)for: \(f)\n" }
        if !labels.isEmpty {
            out += "\(inner)labels:\n"
            for (k, v) in labels { out += "\(inner)  \(k): \(JSONValue.quote(v))\n" }
        }
        if !annotations.isEmpty {
            out += "\(inner)annotations:\n"
            for (k, v) in annotations { out += "\(inner)  \(k): \(JSONValue.quote(v))\n" }
        }
        return out
    }
}
