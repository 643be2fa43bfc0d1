import Foundation

/// A rule group as deployed (Prometheus `/api/v1/rules`, or a Mimir ruler namespace).
public struct DeployedRuleGroup: Sendable, Hashable {
    public var name: String
    /// Evaluation interval in seconds, when known.
    public var intervalSeconds: Double?
    public var rules: [DeployedRule]
    public init(name: String, intervalSeconds: Double? = nil, rules: [DeployedRule]) {
        self.name = name; self.intervalSeconds = intervalSeconds; self.rules = rules
    }
}

public struct DeployedRule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case recording, alerting }
    public var kind: Kind
    public var name: String
    public var expr: String
    /// `for` in seconds (0 = none).
    public var forSeconds: Double
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(kind: Kind, name: String, expr: String, forSeconds: Double = 0, labels: [String: String] = [:],
                annotations: [String: String] = [:]) {
        self.kind = kind; self.name = name; self.expr = expr; self.forSeconds = forSeconds
        self.labels = labels; self.annotations = annotations
    }
}

public enum DeployedRules {
    public struct DecodeError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Decodes Prometheus's `GET /api/v1/rules` response body.
    public static func fromPrometheusJSON(_ data: Data) throws -> [DeployedRuleGroup] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DecodeError(message: "rules response is not a JSON object")
        }
        if let status = root["status"] as? String, status != "success" {
            throw DecodeError(message: "rules request failed: \(root["error"] as? String ?? status)")
        }
        return try fromPrometheusPayload(root["data"] as Any)
    }

    /// Decodes the `data` member of a `/api/v1/rules` response (already parsed by JSONSerialization).
    public static func fromPrometheusPayload(_ data: Any) throws -> [DeployedRuleGroup] {
        guard let payload = data as? [String: Any], let groups = payload["groups"] as? [[String: Any]] else {
            throw DecodeError(message: "rules response has no data.groups")
        }
        return groups.map { g in
            let rules: [DeployedRule] = (g["rules"] as? [[String: Any]] ?? []).compactMap { r in
                guard let name = r["name"] as? String, let query = r["query"] as? String else { return nil }
                let type = r["type"] as? String ?? (r["duration"] != nil ? "alerting" : "recording")
                return DeployedRule(kind: type == "alerting" ? .alerting : .recording, name: name, expr: query,
                                    forSeconds: (r["duration"] as? NSNumber)?.doubleValue ?? 0,
                                    labels: r["labels"] as? [String: String] ?? [:],
                                    annotations: r["annotations"] as? [String: String] ?? [:])
            }
            return DeployedRuleGroup(name: g["name"] as? String ?? "", intervalSeconds: (g["interval"] as? NSNumber)?.doubleValue,
                                     rules: rules)
        }
    }

    /// The declared side in the same shape, from the generator's own output.
    public static func declared(for service: ServiceSpec) throws -> [DeployedRuleGroup] {
        let groups = try RecordingRules.groups(for: service) + BurnRateAlerts.groups(for: service) + TechnologyAlerts.groups(for: service)
        return groups.map { g in
            DeployedRuleGroup(name: g.name, intervalSeconds: g.interval.flatMap { Window(duration: $0) }.map { Double($0.seconds) },
                              rules: g.rules.map { r in
                let forSeconds = r.forDuration.flatMap { Window(duration: $0) }.map { Double($0.seconds) } ?? 0
                switch r.kind {
                case .record(let n):
                    return DeployedRule(kind: .recording, name: n, expr: r.expr, labels: Dictionary(uniqueKeysWithValues: r.labels))
                case .alert(let n):
                    return DeployedRule(kind: .alerting, name: n, expr: r.expr, forSeconds: forSeconds,
                                        labels: Dictionary(uniqueKeysWithValues: r.labels),
                                        annotations: Dictionary(r.annotations, uniquingKeysWith: { a, _ in a }))
                }
            })
        }
    }
}

extension DeployedRules {
    /// Decodes a Mimir/Cortex ruler listing: `namespace: [ {name, interval, rules: [...]}, … ]` (YAML).
    /// Namespaces are flattened: drift matches groups by name, and NthLayer's group names carry the service.
    public static func fromRulerYAML(_ text: String) throws -> [DeployedRuleGroup] {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [] }
        guard case .documents(let docs) = SpecYAML.read(text, file: "ruler") else {
            throw DecodeError(message: "ruler response is not YAML")
        }
        guard let root = docs.first, let namespaces = root.entries else {
            if docs.first?.isNull ?? true { return [] }
            throw DecodeError(message: "ruler response is not a mapping of namespaces")
        }
        var groups: [DeployedRuleGroup] = []
        for namespace in namespaces {
            for g in namespace.value.items ?? [] {
                let interval = g["interval"]?.scalar.flatMap { Window(duration: $0) }.map { Double($0.seconds) }
                let rules: [DeployedRule] = (g["rules"]?.items ?? []).compactMap { r in
                    guard let expr = r["expr"]?.scalar else { return nil }
                    func map(_ key: String) -> [String: String] {
                        Dictionary((r[key]?.entries ?? []).compactMap { e in e.value.scalar.map { (e.key, $0) } },
                                   uniquingKeysWith: { a, _ in a })
                    }
                    if let name = r["alert"]?.scalar {
                        let forSeconds = r["for"]?.scalar.flatMap { Window(duration: $0) }.map { Double($0.seconds) } ?? 0
                        return DeployedRule(kind: .alerting, name: name, expr: expr, forSeconds: forSeconds,
                                            labels: map("labels"), annotations: map("annotations"))
                    }
                    guard let name = r["record"]?.scalar else { return nil }
                    return DeployedRule(kind: .recording, name: name, expr: expr, labels: map("labels"))
                }
                groups.append(DeployedRuleGroup(name: g["name"]?.scalar ?? "", intervalSeconds: interval, rules: rules))
            }
        }
        return groups
    }
}
