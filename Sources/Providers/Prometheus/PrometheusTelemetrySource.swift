import Foundation
import NthLayerCore

/// SLO telemetry from Prometheus.
///
/// Budget, per SLO, in this order: (1) our recording rule `slo:error_budget_remaining:ratio{service,slo}`;
/// (2) the spec's own error-ratio query evaluated at W = the SLO period, so budgets are right before any rule is
/// deployed; (3) `no_data`. Burn-rate windows (5m, 1h, 6h, 3d) always come from the spec's own query. One combined
/// instant query per SLO (windows told apart by a `nthlayer_window` label), run with bounded concurrency.
public final class PrometheusTelemetrySource: TelemetrySource, @unchecked Sendable {
    public let id = "prometheus"
    public let refreshInterval: TimeInterval
    public let client: PrometheusClient
    /// Queries in flight at once.
    public let concurrency: Int
    /// Also fetch budget and error-ratio history (hourly range queries over recorded series only).
    public let includeHistory: Bool

    public static let burnWindows: [Window] = [.minutes(5), .hours(1), .hours(6), .days(3)]
    static let windowLabel = "nthlayer_window"

    public init(client: PrometheusClient, concurrency: Int = 8, includeHistory: Bool = true, refreshInterval: TimeInterval = 30) {
        self.client = client; self.concurrency = max(1, concurrency)
        self.includeHistory = includeHistory; self.refreshInterval = refreshInterval
    }

    /// The result of one fetch plus the failures behind any `error` statuses.
    public struct Report: Sendable {
        public var snapshot: TelemetrySnapshot
        public var failures: [SLOKey: PrometheusError]
        /// Where each SLO's period budget came from: `recording_rule`, `spec_query` or `none`.
        public var budgetSources: [SLOKey: String]
    }

    public func fetch(services: [ServiceSpec], at now: Date) throws -> TelemetrySnapshot {
        let report = try fetchReport(services: services, at: now)
        if !report.failures.isEmpty, report.failures.count == report.snapshot.statuses.count,
           let first = report.failures.sorted(by: { $0.key < $1.key }).first {
            throw first.value.providerError
        }
        return report.snapshot
    }

    /// Throws only when Prometheus cannot be used at all (unreachable, 5xx, rate limited); a query Prometheus
    /// rejects marks that SLO `error` and is listed in `failures`.
    public func fetchReport(services: [ServiceSpec], at now: Date) throws -> Report {
        // One fleet-wide look at our recording rule: also the connectivity check.
        var recorded: [SLOKey: Double] = [:]
        do {
            for sample in try client.query("slo:error_budget_remaining:ratio", at: now).samples {
                guard let s = sample.metric["service"], let n = sample.metric["slo"] else { continue }
                recorded[SLOKey(service: s, slo: n)] = sample.value
            }
        } catch let e as PrometheusError where e.isAvailabilityFailure {
            throw e
        } catch {
            // A backend that rejects the metric name still gets the spec-query fallback.
        }

        struct Job { let service: ServiceSpec; let slo: SLOSpec; let key: SLOKey }
        let jobs = services.flatMap { s in s.slos.map { Job(service: s, slo: $0, key: SLOKey(service: s.name, slo: $0.name)) } }
        let results = PrometheusLocked([SLOKey: (SLOStatus, PrometheusError?, String)]())

        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = concurrency
        queue.qualityOfService = .userInitiated
        for job in jobs {
            let recordedRemaining = recorded[job.key]
            queue.addOperation { [self] in
                let outcome = self.status(service: job.service, slo: job.slo, recordedRemaining: recordedRemaining, at: now)
                results.mutate { $0[job.key] = outcome }
            }
        }
        queue.waitUntilAllOperationsAreFinished()

        var snapshot = TelemetrySnapshot(fetchedAt: now)
        var failures: [SLOKey: PrometheusError] = [:]
        var sources: [SLOKey: String] = [:]
        for (key, (status, failure, source)) in results.value {
            snapshot.statuses[key] = status
            sources[key] = source
            if let failure { failures[key] = failure }
        }
        // If every SLO failed for availability reasons, Prometheus went away mid-fetch.
        if !failures.isEmpty, failures.count == jobs.count,
           let first = failures.sorted(by: { $0.key < $1.key }).first?.value, first.isAvailabilityFailure {
            throw first
        }
        if includeHistory && !recorded.isEmpty {
            let longest = jobs.map(\.slo.window).max() ?? .days(30)
            let start = now.addingTimeInterval(-Double(longest.seconds))
            let wanted = Dictionary(jobs.map { ($0.key, $0.slo.window) }, uniquingKeysWith: { a, _ in a })
            if let series = try? client.queryRange("slo:error_budget_remaining:ratio", start: start, end: now, step: 3600) {
                snapshot.budgetHistory = Self.history(series, wanted: wanted, now: now)
            }
            if let series = try? client.queryRange("slo:sli_error:ratio_rate5m", start: start, end: now, step: 3600) {
                snapshot.errorRatioHistory = Self.history(series, wanted: wanted, now: now)
            }
        }
        return Report(snapshot: snapshot, failures: failures, budgetSources: sources)
    }

    static func history(_ series: [PrometheusSeries], wanted: [SLOKey: Window], now: Date) -> [SLOKey: [Sample]] {
        var out: [SLOKey: [Sample]] = [:]
        for s in series {
            guard let service = s.metric["service"], let slo = s.metric["slo"] else { continue }
            let key = SLOKey(service: service, slo: slo)
            guard let window = wanted[key] else { continue }
            let from = now.timeIntervalSince1970 - Double(window.seconds)
            out[key] = s.values.filter { $0.time >= from }.map { Sample(time: Date(timeIntervalSince1970: $0.time), value: $0.value) }
        }
        return out
    }

    /// The combined query of one SLO: each window's error ratio tagged `nthlayer_window="<w>"`.
    public static func combinedQuery(service: ServiceSpec, slo: SLOSpec, windows: [Window]) throws -> String {
        let sli = SLIExpressions(service: service, slo: slo)
        var seen = Set<Window>()
        var parts: [String] = []
        for w in windows where seen.insert(w).inserted {
            parts.append("label_replace(\(try sli.errorRatio(at: w)), \"\(windowLabel)\", \"\(w)\", \"\", \"\")")
        }
        return parts.joined(separator: " or ")
    }

    func status(service: ServiceSpec, slo: SLOSpec, recordedRemaining: Double?, at now: Date) -> (SLOStatus, PrometheusError?, String) {
        var status = SLOStatus(service: service.name, slo: slo.name, objective: slo.objective, window: slo.window,
                               periodErrorRatio: nil)
        let b = status.budget.allowedErrorRatio
        var source = "none"
        if let r = recordedRemaining {
            status.periodErrorRatio = (1 - r) * b
            source = "recording_rule"
        }
        var windows = Self.burnWindows
        if recordedRemaining == nil { windows.append(slo.window) }
        let query: String
        do {
            query = try Self.combinedQuery(service: service, slo: slo, windows: windows)
        } catch {
            status.failure = "cannot build the query: \(error)"
            return (status, nil, source)
        }
        do {
            var byWindow: [String: Double] = [:]
            // Several series per window (an unaggregated user query): keep the first in label order.
            let samples = try client.query(query, at: now).samples.sorted { $0.metric.description < $1.metric.description }
            for sample in samples {
                guard let w = sample.metric[Self.windowLabel], byWindow[w] == nil else { continue }
                byWindow[w] = sample.value
            }
            for w in Self.burnWindows {
                if let v = byWindow[w.description] { status.windowErrorRatios[w] = v }
            }
            if recordedRemaining == nil, let v = byWindow[slo.window.description] {
                status.periodErrorRatio = v
                source = "spec_query"
            }
            return (status, nil, source)
        } catch let e as PrometheusError {
            status.failure = e.message
            return (status, e, source)
        } catch {
            status.failure = "\(error)"
            return (status, nil, source)
        }
    }
}

/// A value guarded by a lock.
final class PrometheusLocked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: Value
    init(_ value: Value) { _value = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return _value }
    func mutate(_ body: (inout Value) -> Void) { lock.lock(); body(&_value); lock.unlock() }
}
