import Foundation
import NthLayerCore

/// A firing or pending alert from `/api/v1/alerts`.
public struct PrometheusAlert: Sendable, Hashable {
    public var labels: [String: String]
    public var annotations: [String: String]
    public var state: String
    public var activeAt: String?
    public var value: Double?
}

extension PrometheusClient {
    /// `/api/v1/series`: the label sets of series matching any of `matchers` in [start, end].
    public func series(_ matchers: [String], start: Date? = nil, end: Date? = nil) throws -> [[String: String]] {
        var form = matchers.map { ("match[]", $0) }
        if let start { form.append(("start", Self.timestamp(start))) }
        if let end { form.append(("end", Self.timestamp(end))) }
        let data = try call(path: "/api/v1/series", form: form)
        return (data as? [[String: Any]] ?? []).map { $0.compactMapValues { $0 as? String } }
    }

    /// `/api/v1/labels`: every label name.
    public func labels() throws -> [String] {
        try call(path: "/api/v1/labels", form: nil) as? [String] ?? []
    }

    /// `/api/v1/label/<name>/values`.
    public func labelValues(_ name: String) throws -> [String] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "_")
        let escaped = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
        return try call(path: "/api/v1/label/\(escaped)/values", form: nil) as? [String] ?? []
    }

    /// `/api/v1/alerts`: what is firing or pending now.
    public func alerts() throws -> [PrometheusAlert] {
        let data = try call(path: "/api/v1/alerts", form: nil) as? [String: Any]
        return (data?["alerts"] as? [[String: Any]] ?? []).map { a in
            PrometheusAlert(labels: (a["labels"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String },
                            annotations: (a["annotations"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String },
                            state: a["state"] as? String ?? "", activeAt: a["activeAt"] as? String,
                            value: PrometheusJSON.value(a["value"]))
        }
    }

    /// Mimir/Cortex ruler: `GET /prometheus/config/v1/rules[/<namespace>]` (YAML, per tenant via `X-Scope-OrgID`).
    /// A 404 means the tenant has no rule groups at all.
    public func rulerRules(namespace: String? = nil) throws -> [DeployedRuleGroup] {
        let base = config.baseURL.path.hasSuffix("/prometheus") ? "/config/v1/rules" : "/prometheus/config/v1/rules"
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.:")
        let path = namespace.map { "\(base)/\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0)" } ?? base
        let body: Data
        do {
            body = try request(path: path, form: nil, accept: "application/yaml").1
        } catch let e as PrometheusError {
            if case .http(let status, _) = e.kind, status == 404 { return [] }
            throw e
        }
        do {
            return try DeployedRules.fromRulerYAML(String(decoding: body, as: UTF8.self))
        } catch {
            throw PrometheusError(kind: .badResponse, message: "ruler at \(config.displayURL) answered rules that do not parse: \(error)")
        }
    }
}
