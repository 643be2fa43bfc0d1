import Foundation
import NthLayerCore

/// Turns a profile into error-ratio terms. All levels are multiples of the SLO's allowed error ratio B, so a story
/// reads the same at 99.0 and 99.99; all times are minutes since the epoch, placed relative to the present.
enum DemoStory {
    static let hour = 60.0
    static let day = 1440.0

    /// Incidents that must show as a budget step are sized to eat this share of the budget: above 2 × 5 %, so
    /// even an outage split across two hourly samples drops more than the 5 % step threshold in one of them.
    static let stepShare = 0.13

    struct Context {
        let allowed: Double         // B
        let window: Double          // SLO window, minutes
        let present: Double         // minutes since epoch
        let phase: Double
        let tables: DemoPatternTables
        let variation: UInt64

        /// Per-SLO variety in [0, 1), independent per `index`.
        func u(_ index: Int) -> Double { DemoHash.unit(DemoHash.stream(variation, index)) }
    }

    static func terms(for profile: DemoProfile, _ c: Context) -> [DemoTerm] {
        let b = c.allowed, p = c.present
        func jitter(_ level: Double) -> DemoTerm { DemoTerm(kind: .shape(.jitter), level: level * b, start: 0) }
        func constant(_ level: Double, from start: Double, to end: Double = .infinity) -> DemoTerm {
            DemoTerm(kind: .shape(.traffic), level: level, start: start, end: end)
        }

        switch profile {
        case .stable:
            return [jitter(0.1 + 0.2 * c.u(0))]

        case .gradualDecline:
            // Remaining falls by `perWeek` of budget each week: d(remaining)/dt = −(slope of e) / B.
            let perWeek = 0.005 + 0.005 * c.u(1)
            return [jitter(0.25 + 0.5 * c.u(0)),
                    DemoTerm(kind: .ramp, level: perWeek * b / Double(DemoPatternTables.minutesPerWeek), start: 0)]

        case .stepChange:
            // Monday 10:00 UTC, 9 days 14 hours before present (with the default epoch): a deploy gone wrong.
            let at = p - 10 * day + 10 * hour
            return [jitter(0.12 + 0.1 * c.u(0)),
                    constant((0.9 + 0.6 * c.u(1)) * b, from: at),
                    incident(at: at, c)]

        case .volatile:
            // Incidents every ~20 days, each eating 24–30 % of the budget over 14–16 hours (≤ 4 % an hour, never
            // a step). Spaced so that within any 30-day view one leaves the window between two arriving: remaining
            // swings between two levels ~0.27 apart with no trend, which drift.md calls volatile (R² < 0.3,
            // variance > 0.01). Small ones in between add texture.
            var terms = [jitter(0.15)]
            for (i, daysBefore) in [85.0, 65, 45, 25, 5].enumerated() {
                let at = p - (daysBefore + 3 * (c.u(10 + i) - 0.5)) * day
                terms.append(incident(at: at, share: 0.24 + 0.06 * c.u(20 + i), minutes: (14 + 2 * c.u(30 + i)) * hour, c))
            }
            for (i, daysBefore) in [75.0, 55, 35, 15].enumerated() {
                let at = p - (daysBefore + 4 * (c.u(40 + i) - 0.5)) * day
                terms.append(incident(at: at, share: 0.02 + 0.03 * c.u(50 + i), minutes: (2 + 4 * c.u(60 + i)) * hour, c))
            }
            return terms

        case .seasonal:
            return [jitter(0.1), DemoTerm(kind: .shape(.seasonal), level: (0.3 + 0.3 * c.u(1)) * b, start: 0)]

        case .exhausted:
            return [jitter(0.3), constant((1.8 + 0.4 * c.u(1)) * b, from: p - 16 * day + 3 * hour)]

        case .recovering:
            // Excess E from 60 days before present, tapering linearly to zero 21 days before present: every
            // sample of the last 30 days sees a worse day leave the window than enter it, so remaining climbs.
            let start = p - 60 * day, end = p - 21 * day
            let excess = (1.8 + 0.4 * c.u(1)) * b
            return [jitter(0.2),
                    constant(excess, from: start, to: end),
                    DemoTerm(kind: .ramp, level: -excess / (end - start), start: start, end: end)]

        case .fastBurn:
            let level = min((19.5 + 3 * c.u(1)) * b, 0.95 - 0.4 * b)
            return [jitter(0.15 + 0.2 * c.u(0)),
                    constant(level, from: p - 50, to: p + 130),
                    incident(at: p - 31 * day + 10 * hour, c)]
        }
    }

    /// An outage starting at `at` that eats `stepShare` of the budget of the window ending with it: the shortest
    /// of 20–60 minutes that does it with at most 90 % of requests failing.
    static func incident(at start: Double, _ c: Context) -> DemoTerm {
        for minutes in [20.0, 30, 45] {
            let term = incident(at: start, share: stepShare, minutes: minutes, c)
            if term.level < 0.9 { return term }
        }
        return incident(at: start, share: stepShare, minutes: 60, c)
    }

    /// A constant extra error ratio on [at, at + minutes) sized to eat `share` of the budget of the SLO window
    /// ending with it (request-weighted, so a night-time incident fails more of its fewer requests); ≤ 90 %.
    static func incident(at start: Double, share: Double, minutes: Double, _ c: Context) -> DemoTerm {
        func traffic(_ s: Double) -> Double { c.tables.cumulative(.traffic, c.tables.locate(max(0, s) + c.phase)) }
        let end = start + minutes
        let inWindow = traffic(end) - traffic(end - c.window)
        let inOutage = traffic(end) - traffic(start)
        let level = inOutage > 0 ? min(0.9, share * c.allowed * inWindow / inOutage) : 0
        return DemoTerm(kind: .shape(.traffic), level: level, start: start, end: end)
    }
}
