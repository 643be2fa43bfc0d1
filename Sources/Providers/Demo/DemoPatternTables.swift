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
    /// Σ c·b — b: incidents in units of error budget B: each eats 6–32 % of a 30-day budget over hours.
    let bursts: [Double]
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
        case traffic, jitter, bursts, seasonal
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

        let bumps = Self.incidentShape(seed: seed, count: n)

        var traffic = [Double](repeating: 0, count: n + 1)
        var jitter = traffic, bursts = traffic, seasonal = traffic, moment = traffic
        for i in 0..<n {
            let block = DemoHash.unit(DemoHash.stream(jitterSeed, i / 10))
            let hour = DemoHash.unit(DemoHash.stream(jitterSeed ^ 0x5bd1_e995, i / 60))
            let j = 0.5 + 0.5 * block + 0.5 * hour
            let weekMinute = Double(i % Self.minutesPerWeek)
            let w = 1 + cos(2 * Double.pi * (weekMinute - 3.75 * 1440) / Double(Self.minutesPerWeek))
            traffic[i + 1] = traffic[i] + c[i]
            jitter[i + 1] = jitter[i] + c[i] * j
            bursts[i + 1] = bursts[i] + c[i] * bumps[i]
            seasonal[i + 1] = seasonal[i] + c[i] * w
            moment[i + 1] = moment[i] + c[i] * (Double(i) + 0.5)
        }
        self.traffic = traffic; self.jitter = jitter; self.bursts = bursts
        self.seasonal = seasonal; self.moment = moment
    }

    /// Incidents laid along the period: gaps of 4–16 days, each a trapezoid (1-hour ramps) whose area is a
    /// share of a 30-day budget. Heights stay ≤ 28 B so no single hour moves a 30-day budget by 5 % or more:
    /// `volatile` must read as volatile to the drift engine, never as a step change.
    private static func incidentShape(seed: UInt64, count n: Int) -> [Double] {
        var b = [Double](repeating: 0, count: n)
        let s = DemoHash.of("bursts", seed: seed, salt: "table")
        let budgetMinutes30d = 30.0 * 1440
        var k = 0
        var start = 1.5 * 1440 + 3 * 1440 * DemoHash.unit(DemoHash.stream(s, 0))
        while true {
            let u1 = DemoHash.unit(DemoHash.stream(s, 3 * k + 1))
            let u2 = DemoHash.unit(DemoHash.stream(s, 3 * k + 2))
            let u3 = DemoHash.unit(DemoHash.stream(s, 3 * k + 3))
            let share = 0.06 + 0.26 * u1 * u1
            let area = share * budgetMinutes30d
            var duration = (5 + 9 * u2) * 60
            var height = area / (duration - 60)
            if height > 28 { height = 28; duration = area / 28 + 60 }
            guard start + duration < Double(n) - 1440 else { break }
            let first = Int(start)
            for i in first..<min(n, first + Int(duration)) {
                let t = Double(i - first) + 0.5
                let ramp = min(1, t / 60, (duration - t) / 60)
                b[i] = height * max(0, ramp)
            }
            start += duration + (4 + 12 * u3) * 1440
            k += 1
        }
        return b
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
        case .bursts: return bursts
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
