import Foundation

/// Cumulative counters of one SLO since the epoch: what a Prometheus counter pair would hold.
public struct DemoCounters: Sendable, Hashable {
    public var requests: Double
    public var bad: Double
    public init(requests: Double, bad: Double) { self.requests = requests; self.bad = bad }
}

/// One additive piece of an SLO's error ratio, active on [start, end) (minutes since the epoch).
///
/// error ratio e(s) = Σ terms; bad(t) = ∫ rate(s)·e(s) ds, each term integrated exactly against the traffic
/// shape through the tables. `level` is an error ratio (or, for a ramp, error ratio per minute).
struct DemoTerm: Sendable {
    enum Kind: Sendable {
        /// level × g(s) for a tabulated shape g (traffic = constant 1).
        case shape(DemoPatternTables.Shape)
        /// level × (s − origin): a linear ramp.
        case ramp
    }
    var kind: Kind
    var level: Double
    var start: Double
    var end: Double = .infinity
    /// Where a ramp is zero: its start as written, kept when the start is clamped to the epoch.
    var origin: Double = 0

    /// Antiderivative in table units at the term's start and end, filled in by `DemoSLOModel`.
    var atStart: Double = 0
    var atEnd: Double = 0
}

/// The traffic and errors of one SLO: a pure function of time, O(1) per evaluation.
struct DemoSLOModel: Sendable {
    let profile: DemoProfile
    /// Mean requests per second.
    let requestRate: Double
    /// Table minute at the epoch: weekday alignment plus this service's shift (other weeks of the tables,
    /// a few hours of time-zone offset), so services do not all peak and burst together.
    let phase: Double
    let terms: [DemoTerm]
    private let trafficAtEpoch: Double

    init(profile: DemoProfile, requestRate: Double, phase: Double, terms: [DemoTerm], tables: DemoPatternTables) {
        self.profile = profile; self.requestRate = requestRate; self.phase = phase
        self.trafficAtEpoch = tables.cumulative(.traffic, tables.locate(phase))
        var kept: [DemoTerm] = []
        for var term in terms {
            // Counters start at the epoch, so does every term; nothing is kept that never becomes active.
            term.origin = term.start
            term.start = max(0, term.start)
            guard term.end > term.start else { continue }
            term.atStart = Self.antiderivative(term, at: term.start, phase: phase, tables: tables)
            if term.end.isFinite { term.atEnd = Self.antiderivative(term, at: term.end, phase: phase, tables: tables) }
            kept.append(term)
        }
        self.terms = kept
    }

    private static func antiderivative(_ term: DemoTerm, at s: Double, phase: Double, tables: DemoPatternTables) -> Double {
        let p = tables.locate(s + phase)
        switch term.kind {
        case .shape(let shape): return tables.cumulative(shape, p)
        case .ramp: return tables.moment(p) - (term.origin + phase) * tables.cumulative(.traffic, p)
        }
    }

    /// Counters at `minutes` since the epoch (zero before it: the series start at the epoch).
    func counters(atMinutes minutes: Double, tables: DemoPatternTables) -> DemoCounters {
        guard minutes > 0 else { return DemoCounters(requests: 0, bad: 0) }
        let p = tables.locate(minutes + phase)
        let c = tables.cumulative(.traffic, p)
        var bad = 0.0
        for term in terms where minutes > term.start {
            let upper: Double
            if minutes >= term.end {
                upper = term.atEnd
            } else {
                switch term.kind {
                case .shape(.traffic): upper = c
                case .shape(let shape): upper = tables.cumulative(shape, p)
                case .ramp: upper = tables.moment(p) - (term.origin + phase) * c
                }
            }
            bad += term.level * (upper - term.atStart)
        }
        let perMinute = requestRate * 60
        return DemoCounters(requests: perMinute * (c - trafficAtEpoch), bad: perMinute * bad)
    }

    /// Error ratio over [a, b] (minutes since the epoch), request-weighted; nil without traffic in the range.
    func errorRatio(fromMinutes a: Double, toMinutes b: Double, tables: DemoPatternTables) -> Double? {
        Self.ratio(counters(atMinutes: b, tables: tables), counters(atMinutes: a, tables: tables))
    }

    /// Δbad / Δrequests between two readings; nil without traffic between them.
    @inline(__always)
    static func ratio(_ hi: DemoCounters, _ lo: DemoCounters) -> Double? {
        let requests = hi.requests - lo.requests
        guard requests > 0 else { return nil }
        return max(0, (hi.bad - lo.bad) / requests)
    }
}
