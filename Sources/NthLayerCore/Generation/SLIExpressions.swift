import Foundation

/// Builds an SLO's error-ratio expression at any window, from the user's own queries when given.
///
/// Windows are rewritten on the parsed expression (every plain range selector), never by string replacement.
public struct SLIExpressions: Sendable {
    public let service: ServiceSpec
    public let slo: SLOSpec

    public init(service: ServiceSpec, slo: SLOSpec) { self.service = service; self.slo = slo }

    public enum BuildError: Error, Sendable, CustomStringConvertible {
        case query(String, PromQLParseError)
        public var description: String {
            switch self { case .query(let q, let e): return "cannot parse \(q): \(e.message)" }
        }
    }

    /// `query` with every range selector set to `window`.
    static func at(_ query: String, _ window: Window) throws -> String {
        do {
            return try PromQL.parse(query).rewritingRanges(to: window.description).expr.formatted()
        } catch {
            throw BuildError.query(query, error)
        }
    }

    private var defaultMatchers: String {
        var pairs = ["service=\"\(PromQLText.escape(service.name))\""]
        for (k, v) in service.observability.extraLabels.sorted(by: { $0.key < $1.key }) {
            pairs.append("\(k)=\"\(PromQLText.escape(v))\"")
        }
        return pairs.joined(separator: ",")
    }

    /// The error ratio (0–1) over `window`. Throughput SLOs read their compliance series instead.
    public func errorRatio(at window: Window) throws -> String {
        switch slo.indicator {
        case .errorTotal(let e, let t):
            return "(\(try Self.at(e, window))) / (\(try Self.at(t, window)))"
        case .goodTotal(let g, let t):
            return "1 - (\(try Self.at(g, window))) / (\(try Self.at(t, window)))"
        case .goodRatio(let q):
            return "1 - (\(try Self.at(q, window)))"
        case .latency(let histogram, let selector, let threshold):
            let inner = selectorBody(selector)
            let le = DecimalText.format(threshold / 1000)
            let sep = inner.isEmpty ? "" : ","
            return "1 - sum(rate(\(histogram)_bucket{\(inner)\(sep)le=\"\(le)\"}[\(window)])) / sum(rate(\(histogram)_count{\(inner)}[\(window)]))"
        case .typeDefault:
            let label = service.observability.statusLabel
            return "sum(rate(http_requests_total{\(defaultMatchers),\(label)=~\"5..\"}[\(window)])) / sum(rate(http_requests_total{\(defaultMatchers)}[\(window)]))"
        case .throughput:
            return "1 - avg_over_time(slo:throughput:compliance{\(sloMatchers)}[\(window)])"
        }
    }

    /// The request rate over `window`, for the minimum-traffic guard; nil when the SLI has no total.
    public func totalRate(at window: Window) throws -> String? {
        switch slo.indicator {
        case .errorTotal(_, let t), .goodTotal(_, let t): return try Self.at(t, window)
        case .latency(let histogram, let selector, _):
            return "sum(rate(\(histogram)_count{\(selectorBody(selector))}[\(window)]))"
        case .typeDefault: return "sum(rate(http_requests_total{\(defaultMatchers)}[\(window)]))"
        case .goodRatio, .throughput: return nil
        }
    }

    /// The compliance expression of a throughput SLO: 1 while the rate is at or above the minimum.
    public func throughputCompliance() throws -> String? {
        guard case .throughput(let q, let minimum) = slo.indicator else { return nil }
        let parsed: PromQLExpr
        do { parsed = try PromQL.parse(q) } catch { throw BuildError.query(q, error) }
        return "(\(parsed.formatted())) >= bool \(DecimalText.format(minimum))"
    }

    /// `service="S",slo="N"`: the matchers of our own recorded series.
    public var sloMatchers: String {
        "service=\"\(PromQLText.escape(service.name))\",slo=\"\(PromQLText.escape(slo.name))\""
    }

    /// The inside of a `{…}` selector, matchers printed canonically.
    private func selectorBody(_ selector: String) -> String {
        guard let matchers = try? PromQL.parseSelector(selector) else {
            return selector.trimmingCharacters(in: CharacterSet(charactersIn: "{} "))
        }
        return matchers.map { "\($0.name)\($0.op.rawValue)\"\(PromQLText.escape($0.value))\"" }.joined(separator: ",")
    }
}
