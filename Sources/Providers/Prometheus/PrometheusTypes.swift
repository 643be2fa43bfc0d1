import Foundation

/// One series of an instant vector.
public struct PrometheusSample: Sendable, Hashable {
    public var metric: [String: String]
    public var time: Double
    public var value: Double
    public init(metric: [String: String], time: Double, value: Double) {
        self.metric = metric; self.time = time; self.value = value
    }
}

/// One series of a range (matrix) result.
public struct PrometheusSeries: Sendable, Hashable {
    public var metric: [String: String]
    public var values: [(time: Double, value: Double)]
    public init(metric: [String: String], values: [(time: Double, value: Double)]) {
        self.metric = metric; self.values = values
    }
    public static func == (a: PrometheusSeries, b: PrometheusSeries) -> Bool {
        a.metric == b.metric && a.values.count == b.values.count
            && zip(a.values, b.values).allSatisfy { $0.time == $1.time && ($0.value == $1.value || ($0.value.isNaN && $1.value.isNaN)) }
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(metric); hasher.combine(values.count) }
}

/// The `data` of `/api/v1/query`.
public enum PrometheusQueryResult: Sendable, Hashable {
    case vector([PrometheusSample])
    case matrix([PrometheusSeries])
    case scalar(time: Double, value: Double)
    case string(time: Double, value: String)

    /// Every sample of a vector, or the scalar as one unlabelled sample.
    public var samples: [PrometheusSample] {
        switch self {
        case .vector(let v): return v
        case .scalar(let t, let v): return [PrometheusSample(metric: [:], time: t, value: v)]
        case .matrix(let m): return m.compactMap { s in s.values.last.map { PrometheusSample(metric: s.metric, time: $0.time, value: $0.value) } }
        case .string: return []
        }
    }
}

/// A rule group of `/api/v1/rules`.
public struct PrometheusRuleGroup: Sendable, Hashable {
    public struct Rule: Sendable, Hashable {
        public var type: String      // alerting | recording
        public var name: String
        public var query: String
        public var health: String
        public var state: String?
        public var lastError: String?
        public var labels: [String: String]
    }
    public var name: String
    public var file: String
    public var interval: Double
    public var rules: [Rule]
}

/// Decoding of Prometheus's JSON envelope and sample values.
enum PrometheusJSON {
    /// `"0.0021"`, `"NaN"`, `"+Inf"`, `"-Inf"` → Double.
    static func value(_ any: Any?) -> Double? {
        if let n = any as? NSNumber, !(any is String) { return n.doubleValue }
        guard let s = any as? String else { return nil }
        switch s {
        case "NaN", "nan": return .nan
        case "+Inf", "Inf", "inf", "+inf": return .infinity
        case "-Inf", "-inf": return -.infinity
        default: return Double(s)
        }
    }

    static func time(_ any: Any?) -> Double? {
        if let s = any as? String { return Double(s) }
        return (any as? NSNumber)?.doubleValue
    }

    static func pair(_ any: Any?) -> (Double, Double)? {
        guard let a = any as? [Any], a.count == 2, let t = time(a[0]), let v = value(a[1]) else { return nil }
        return (t, v)
    }

    static func labels(_ any: Any?) -> [String: String] {
        guard let d = any as? [String: Any] else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in d { if let s = v as? String { out[k] = s } }
        return out
    }

    static func queryResult(_ data: Any?) -> PrometheusQueryResult? {
        guard let d = data as? [String: Any], let type = d["resultType"] as? String else { return nil }
        switch type {
        case "vector":
            guard let items = d["result"] as? [Any] else { return .vector([]) }
            return .vector(items.compactMap { item in
                guard let o = item as? [String: Any], let (t, v) = pair(o["value"]) else { return nil }
                return PrometheusSample(metric: labels(o["metric"]), time: t, value: v)
            })
        case "matrix":
            return .matrix(matrix(d["result"]))
        case "scalar":
            guard let (t, v) = pair(d["result"]) else { return nil }
            return .scalar(time: t, value: v)
        case "string":
            guard let a = d["result"] as? [Any], a.count == 2, let t = time(a[0]), let s = a[1] as? String else { return nil }
            return .string(time: t, value: s)
        default:
            return nil
        }
    }

    static func matrix(_ any: Any?) -> [PrometheusSeries] {
        guard let items = any as? [Any] else { return [] }
        return items.compactMap { item in
            guard let o = item as? [String: Any] else { return nil }
            let values = (o["values"] as? [Any] ?? []).compactMap(pair).map { (time: $0.0, value: $0.1) }
            return PrometheusSeries(metric: labels(o["metric"]), values: values)
        }
    }

    static func ruleGroups(_ data: Any?) -> [PrometheusRuleGroup] {
        guard let d = data as? [String: Any], let groups = d["groups"] as? [Any] else { return [] }
        return groups.compactMap { g in
            guard let g = g as? [String: Any] else { return nil }
            let rules: [PrometheusRuleGroup.Rule] = (g["rules"] as? [Any] ?? []).compactMap { r in
                guard let r = r as? [String: Any] else { return nil }
                return .init(type: r["type"] as? String ?? "", name: r["name"] as? String ?? "",
                             query: r["query"] as? String ?? "", health: r["health"] as? String ?? "unknown",
                             state: r["state"] as? String, lastError: r["lastError"] as? String,
                             labels: labels(r["labels"]))
            }
            return PrometheusRuleGroup(name: g["name"] as? String ?? "", file: g["file"] as? String ?? "",
                                       interval: time(g["interval"]) ?? 0, rules: rules)
        }
    }
}
