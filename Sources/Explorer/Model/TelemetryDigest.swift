import Foundation
import NthLayerCore

/// The figures a table row needs from one `SLOStatus`, computed with a single Decimal → Double
/// conversion of the objective. (`SLOStatus`'s own accessors convert on every call, which for
/// 10,000 services costs most of a second per refresh on the UI thread.) Same rules as `SLOStatus`.
struct SLOFigures: Sendable, Hashable {
    let status: BudgetStatus
    let remaining: Double?
    let fastestBurn: Double?

    init(_ s: SLOStatus, cache: inout AllowedRatioCache) {
        let allowed = cache.allowed(s.objective)
        let consumed = s.periodErrorRatio.flatMap { $0.isFinite && allowed > 0 ? $0 / allowed : nil }
        if s.failure != nil {
            status = .error
        } else if let consumed {
            status = BudgetStatus(consumedFraction: consumed)
        } else {
            status = .noData
        }
        remaining = consumed.map { 1 - $0 }
        fastestBurn = allowed > 0 ? s.windowErrorRatios.values.filter(\.isFinite).max().map { $0 / allowed } : nil
    }
}

/// The table figures of every service for one snapshot, index-aligned with the services the fetch
/// was made for. Pure; computed off the UI thread so a 10,000-service refresh costs the UI a copy.
public struct TelemetryDigest: Sendable {
    let figures: [[SLOFigures]]

    public init(services: [ServiceSpec], snapshot: TelemetrySnapshot) {
        var cache = AllowedRatioCache()
        figures = services.map { SLOFigures.of($0, in: snapshot, cache: &cache) }
    }

    init(figures: [[SLOFigures]]) { self.figures = figures }
}

extension SLOFigures {
    /// One service's SLOs in a snapshot (missing ones count as no data).
    static func of(_ spec: ServiceSpec, in snapshot: TelemetrySnapshot, cache: inout AllowedRatioCache) -> [SLOFigures] {
        spec.slos.map { slo in
            SLOFigures(snapshot.statuses[SLOKey(service: spec.name, slo: slo.name)]
                       ?? SLOStatus(service: spec.name, slo: slo.name, objective: slo.objective, window: slo.window,
                                    periodErrorRatio: nil), cache: &cache)
        }
    }
}

/// Allowed error ratio per objective: a handful of distinct objectives, converted once each.
struct AllowedRatioCache {
    private var known: [Decimal: Double] = [:]
    mutating func allowed(_ objective: Decimal) -> Double {
        if let v = known[objective] { return v }
        let v = ErrorBudget(objective: objective, period: .days(1)).allowedErrorRatio
        known[objective] = v
        return v
    }
}
