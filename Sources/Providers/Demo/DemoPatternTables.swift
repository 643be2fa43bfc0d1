import Foundation

/// The shapes every demo SLO is built from, tabulated once per world so that any counter is O(1).
///
/// Why tables: an SLO's bad-event counter is the integral of (request rate × error ratio). With a rate that is
/// constant within each minute, the integral of any shape against it is exact given a cumulative sum per minute,
/// and a cumulative sum makes every evaluation one lookup instead of a walk over history. One set of tables is
/// shared by all SLOs (each reads it at its own phase), so 10,000 services cost nothing extra in memory.
///
/// Coordinates are minutes; minute 0 is a Monday 00:00 UTC, so weekday and time of day are plain arithmetic.
/// The tables repeat every `period` minutes (16 weeks: longer than the 90 days of history, so no repetition
/// shows; a whole number of weeks, so the weekly shape lines up across the wrap).
final class DemoPatternTables: Sendable {
    static let minutesPerDay = 1440
    static let minutesPerWeek = 10_080
    static let period = 16 * 10_080

    /// Σ c — traffic shape c (mean 1) per minute: a daily curve, quieter weekends, a little per-minute noise.
    let traffic: [Double]
    /// Σ c·j — j: error jitter with mean ≈ 1, new value every 10 minutes, so baseline errors look measured.
    let jitter: [Double]
    /// Σ c·w — w: weekly cycle 1 + cos(…) with mean 1, peaking Thursday evening.
    let seasonal: [Double]
    /// Σ c·(i + ½) — the first moment, for error ratios that ramp linearly in time.
    let moment: [Double]

    /// A table coordinate split for lookup: whole periods, minute index within the period, fraction of a minute.
    struct Position {
        let wraps: Double
        let index: Int
        let fraction: Double
    }

    enum Shape: Sendable, Hashable {
        case traffic, jitter, seasonal
    }

    init(seed: UInt64) {
        let n = Self.period
        let trafficSeed = DemoHash.of("traffic", seed: seed, salt: "table")
        let jitterSeed = DemoHash.of("jitter", seed: seed, salt: "table")

        var c = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let minuteOfDay = Double(i % Self.minutesPerDay)
            let weekday = (i / Self.minutesPerDay) % 7            // 0 = Monday
            let daily = 1 + 0.55 * cos(2 * Double.pi * (minuteOfDay - 840) / 1440)   // peak 14:00 UTC
            let weekly = weekday < 5 ? 1.0 : 0.72
            let micro = 1 + 0.08 * (DemoHash.unit(DemoHash.stream(trafficSeed, i)) - 0.5)
            c[i] = daily * weekly * micro
        }
        let mean = c.reduce(0, +) / Double(n)
        for i in 0..<n { c[i] /= mean }

        var traffic = [Double](repeating: 0, count: n + 1)
        var jitter = traffic, seasonal = traffic, moment = traffic
        for i in 0..<n {
            // Antithetic pairs (u, 1 − u) of neighbouring blocks and hours: looks random at any zoom, yet every
            // pair averages exactly ½, so a 30-day mean cannot wander. Independent noise would drift the budget
            // of a `stable` SLO by ~0.1 %/week now and then — enough for the drift engine to call it a trend.
            let j = 0.5 + 0.5 * Self.antithetic(jitterSeed, i / 10) + 0.5 * Self.antithetic(jitterSeed ^ 0x5bd1_e995, i / 60)
            let weekMinute = Double(i % Self.minutesPerWeek)
            let w = 1 + cos(2 * Double.pi * (weekMinute - 3.75 * 1440) / Double(Self.minutesPerWeek))
            traffic[i + 1] = traffic[i] + c[i]
            jitter[i + 1] = jitter[i] + c[i] * j
            seasonal[i + 1] = seasonal[i] + c[i] * w
            moment[i + 1] = moment[i] + c[i] * (Double(i) + 0.5)
        }
        self.traffic = traffic; self.jitter = jitter
        self.seasonal = seasonal; self.moment = moment
    }

    private static func antithetic(_ seed: UInt64, _ index: Int) -> Double {
        let u = DemoHash.unit(DemoHash.stream(seed, index / 2))
        return index % 2 == 0 ? u : 1 - u
    }

    @inline(__always)
    func locate(_ x: Double) -> Position {
        let p = Double(Self.period)
        let wraps = (x / p).rounded(.down)
        let y = x - wraps * p
        var index = Int(y)
        if index >= Self.period { index = Self.period - 1 }   // y == p after rounding
        return Position(wraps: wraps, index: index, fraction: y - Double(index))
    }

    @inline(__always)
    func table(_ shape: Shape) -> [Double] {
        switch shape {
        case .traffic: return traffic
        case .jitter: return jitter
        case .seasonal: return seasonal
        }
    }

    /// ∫₀ˣ c·g for the shape's g, exact for the per-minute piecewise-constant tables.
    @inline(__always)
    func cumulative(_ shape: Shape, _ p: Position) -> Double {
        let t = table(shape)
        let lo = t[p.index]
        return p.wraps * t[Self.period] + lo + (t[p.index + 1] - lo) * p.fraction
    }

    /// ∫₀ˣ s·c(s) ds, exact: whole periods in closed form, then the partial period from the moment table.
    @inline(__always)
    func moment(_ p: Position) -> Double {
        let period = Double(Self.period)
        let q = p.wraps
        let ci = traffic[p.index + 1] - traffic[p.index]
        let i = Double(p.index), f = p.fraction
        let cPartial = traffic[p.index] + ci * f
        let mPartial = moment[p.index] + ci * (i * f + f * f / 2)
        return period * traffic[Self.period] * q * (q - 1) / 2 + q * moment[Self.period] + q * period * cPartial + mPartial
    }
}
