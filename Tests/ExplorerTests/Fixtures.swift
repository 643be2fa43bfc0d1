import Foundation
import NthLayerCore
@testable import Explorer

/// A fixed world for reducer and render tests: 31 synthetic services, telemetry fetched once at a
/// fixed instant, so goldens never move when the demo world's story changes.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_767_268_800) // 2026-01-01T12:00:00Z
    static let world = SyntheticWorld(count: 31)

    static func sources() -> [(id: String, kind: SourceKind, interval: TimeInterval)] {
        [("metrics", .telemetry, 5), ("pager", .onCall, 30)]
    }

    /// A state with both sources answered at `now` (and a drift source with `driftReport()`, when asked).
    static func loaded(size: TermSize = TermSize(cols: 120, rows: 40), revision: Int = 0, drift: Bool = false) -> ExplorerState {
        let sources = drift ? sources() + [("drift", .drift, 60)] : sources()
        var s = ExplorerState(services: world.services, worldLabel: "fixture", sources: sources, now: now, size: size,
                              themeNames: ThemeCatalog.builtin.names)
        _ = Reducer.reduce(&s, .tick(now))
        deliverTelemetry(&s, revision: revision)
        let onCall = Dictionary(uniqueKeysWithValues: world.services.prefix(5).map {
            ($0.name, OnCallInfo(service: $0.name, person: "Pager \($0.team)"))
        })
        _ = Reducer.reduce(&s, .onCall(SourceResult(sourceID: "pager", generation: s.generation, attemptedAt: now,
                                                    finishedAt: now, outcome: .success(onCall))))
        if drift { deliverDrift(&s, driftReport()) }
        return s
    }

    static func deliverDrift(_ s: inout ExplorerState, _ report: DriftReport, at time: Date? = nil) {
        let t = time ?? s.now
        _ = Reducer.reduce(&s, .drift(SourceResult(sourceID: "drift", generation: s.generation, attemptedAt: t, finishedAt: t,
                                                   outcome: .success(DriftSnapshot(report: report)))))
    }

    /// Config drift on the first service (a PromQL threshold, a `for`, a missing panel) and the fourth (PagerDuty),
    /// plus trend drift of both analysed from the fixture's own budget history (so chart and fit agree).
    /// A service of the fixture whose budget slides to exhaustion within weeks: its only drift is trend.
    static let trendService = "catalog-worker"

    static func driftReport() -> DriftReport {
        let a = world.services[0], b = world.services[3]
        let declared = "sum(rate(http_requests_total{service=\"\(a.name)\",code=~\"5..\"}[1h])) / sum(rate(http_requests_total{service=\"\(a.name)\"}[1h])) > 14.4 * 0.001"
        let deployed = "sum(rate(http_requests_total{service=\"\(a.name)\",code=~\"5..\"}[1h])) / sum(rate(http_requests_total{service=\"\(a.name)\"}[1h])) > 0.0144"
        var findings: [DriftFinding] = [
            DriftFinding(kind: .rule, change: .changed, service: a.name, resource: "nthlayer:\(a.name):availability:alerts/FastBurn",
                         field: "expr", declared: .string(declared), deployed: .string(deployed), severity: .warn,
                         message: "expr differs", location: SourceLocation(file: "synthetic/\(a.name).yaml", line: 12, column: 3)),
            DriftFinding(kind: .rule, change: .changed, service: a.name, resource: "nthlayer:\(a.name):availability:alerts/FastBurn",
                         field: "for", declared: .string("2m"), deployed: .string("10m"), severity: .info, message: "for differs"),
            DriftFinding(kind: .dashboard, change: .missing, service: a.name, resource: "nthlayer-\(a.name)/SLIs / latency",
                         field: "panel", declared: .string("SLI (objective 99%)"), severity: .warn, message: "panel missing from the deployed dashboard"),
            DriftFinding(kind: .pagerduty, change: .changed, service: b.name, resource: "PX\(b.name.count)",
                         field: "urgency", declared: .string("high"), deployed: .string("low"), severity: .critical,
                         message: "urgency low, declared high"),
        ]
        let snapshot = world.snapshot(at: now)
        for spec in [a, b, world.services.first { $0.name == trendService }!] {
            var series: [String: [Sample]] = [:]
            for slo in spec.slos { series[slo.name] = snapshot.budgetHistory[SLOKey(service: spec.name, slo: slo.name)] }
            findings += TrendDrift.findings(service: spec, series: series).findings
        }
        return DriftReport(findings: findings, servicesEvaluated: world.services.map(\.name))
    }

    static func deliverTelemetry(_ s: inout ExplorerState, revision: Int, at time: Date? = nil) {
        let t = time ?? s.now
        _ = Reducer.reduce(&s, .telemetry(SourceResult(sourceID: "metrics", generation: s.generation, attemptedAt: t,
                                                       finishedAt: t, outcome: .success(world.snapshot(at: now, revision: revision)))))
    }

    static func reduce(_ s: inout ExplorerState, _ keys: Key...) {
        for k in keys { _ = Reducer.reduce(&s, .key(k)) }
    }

    static func type(_ s: inout ExplorerState, _ text: String) {
        for c in text { _ = Reducer.reduce(&s, .key(.char(c))) }
    }
}
