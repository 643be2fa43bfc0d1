import Foundation

/// What the error budget's history looks like, and how bad that is (drift.md §2.4). Pure and deterministic.
public struct TrendAnalysis: Sendable, Hashable {
    public enum Pattern: String, Sendable, Hashable, CaseIterable, Codable {
        case stepChangeDown = "step_change_down"
        case stepChangeUp = "step_change_up"
        case seasonal
        case volatile
        case stable
        case gradualDecline = "gradual_decline"
        case gradualImprovement = "gradual_improvement"
    }

    /// The first jump between consecutive samples larger than the step threshold.
    public struct StepChange: Sendable, Hashable {
        public var at: Date
        public var from: Double
        public var to: Double
        public var delta: Double { to - from }
    }

    public var settings: TrendSettings
    public var slopePerDay: Double
    public var slopePerWeek: Double
    public var currentBudget: Double
    public var budgetAtWindowStart: Double
    public var rSquared: Double
    /// Population variance of the values.
    public var variance: Double
    public var dataPoints: Int
    /// Unrounded; nil when the budget is not falling or exhaustion is more than 365 days away; 0 when spent.
    public var daysUntilExhaustion: Double?
    /// The budget is falling and exhausts after the projection horizon (including more than 365 days away).
    public var beyondHorizon: Bool
    public var budget30d: Double?
    public var budget60d: Double?
    public var budget90d: Double?
    public var pattern: Pattern
    public var stepChange: StepChange?
    public var severity: DriftSeverity
    public var summary: String
    public var recommendation: String
    public var dataStart: Date
    public var dataEnd: Date

    /// Days to exhaustion as reported: one decimal.
    public var reportedDaysUntilExhaustion: Double? { daysUntilExhaustion.map { ($0 * 10).rounded() / 10 } }
    /// When the budget runs out at the current slope, if within 365 days.
    public var exhaustionDate: Date? {
        daysUntilExhaustion.map { dataEnd.addingTimeInterval($0 * 86400) }
    }

    static let stepGapLimit: TimeInterval = 129_600          // 1.5 days
    static let maxExhaustionDays = 365.0

    /// Analyses budget-remaining samples (fractions). Non-finite values are dropped, samples are ordered by time and
    /// only those within `settings.window` of the last one are kept. Nil when fewer than 2 points remain.
    public static func analyze(_ samples: [Sample], settings: TrendSettings) -> TrendAnalysis? {
        var points = samples.filter { $0.value.isFinite }
        points.sort { $0.time < $1.time }
        guard let last = points.last else { return nil }
        let earliest = last.time.addingTimeInterval(-TimeInterval(settings.window.seconds))
        points.removeAll { $0.time < earliest }
        guard points.count >= 2 else { return nil }

        let n = points.count
        let t0 = points[0].time.timeIntervalSince1970
        let ts = points.map { $0.time.timeIntervalSince1970 - t0 }
        let vs = points.map(\.value)

        // 1. Ordinary least squares.
        let fit = LinearFit(ts: ts, vs: vs)

        // 2. Metrics.
        let slopePerDay = fit.slope * 86_400
        let slopePerWeek = fit.slope * 604_800
        let current = vs[n - 1]

        // 3. Exhaustion, unrounded.
        var rawExhaustion: Double?
        if slopePerDay < 0 { rawExhaustion = current <= 0 ? 0 : current / -slopePerDay }
        let exhaustion = rawExhaustion.flatMap { $0 > maxExhaustionDays ? nil : $0 }
        let beyondHorizon = (rawExhaustion ?? 0) > settings.horizonDays

        // 4. Projections.
        func project(_ days: Double) -> Double? {
            days > settings.horizonDays ? nil : min(1, max(0, current + slopePerDay * days))
        }

        // 5. Pattern.
        var step: StepChange?
        if settings.detectStepChange {
            step = firstStep(points, threshold: settings.stepChangeThreshold)
        }
        let pattern: Pattern
        if let step {
            pattern = step.delta < 0 ? .stepChangeDown : .stepChangeUp
        } else if settings.detectSeasonal, isSeasonal(points, residuals: fit.residuals(ts: ts, vs: vs)) {
            pattern = .seasonal
        } else if fit.rSquared < 0.3 && fit.variance > 0.01 {
            pattern = .volatile
        } else if abs(slopePerWeek) < 0.001 {
            pattern = .stable
        } else {
            pattern = slopePerWeek < 0 ? .gradualDecline : .gradualImprovement
        }

        // 6. Severity, first match.
        let severity: DriftSeverity
        if let d = exhaustion, d <= settings.exhaustionCriticalDays {
            severity = .critical
        } else if pattern == .stepChangeDown {
            severity = .critical
        } else if slopePerWeek <= settings.criticalSlopePerWeek {
            severity = .critical
        } else if let d = exhaustion, d <= settings.exhaustionWarnDays {
            severity = .warn
        } else if slopePerWeek <= settings.warnSlopePerWeek {
            severity = .warn
        } else if slopePerWeek < 0 {
            severity = .info
        } else {
            severity = .none
        }

        var analysis = TrendAnalysis(
            settings: settings, slopePerDay: slopePerDay, slopePerWeek: slopePerWeek, currentBudget: current,
            budgetAtWindowStart: vs[0], rSquared: fit.rSquared, variance: fit.variance, dataPoints: n,
            daysUntilExhaustion: exhaustion, beyondHorizon: beyondHorizon,
            budget30d: project(30), budget60d: project(60), budget90d: project(90),
            pattern: pattern, stepChange: step, severity: severity, summary: "", recommendation: "",
            dataStart: points[0].time, dataEnd: points[n - 1].time)
        // 7. Words.
        analysis.summary = analysis.makeSummary(exceedsYear: rawExhaustion != nil && exhaustion == nil)
        analysis.recommendation = analysis.makeRecommendation()
        return analysis
    }

    // MARK: Pattern helpers

    static func firstStep(_ points: [Sample], threshold: Double) -> StepChange? {
        for i in points.indices.dropFirst() {
            let a = points[i - 1], b = points[i]
            guard b.time.timeIntervalSince(a.time) < stepGapLimit else { continue }
            if abs(b.value - a.value) > threshold {
                return StepChange(at: b.time, from: a.value, to: b.value)
            }
        }
        return nil
    }

    /// Weekly seasonality on the OLS residuals, grouped by UTC weekday: the 7 weekday means vary more than twice the
    /// mean within-weekday variance. Needs a span of 14 days, 336 points and 24 points on every weekday.
    static func isSeasonal(_ points: [Sample], residuals: [Double]) -> Bool {
        guard points.count >= 336,
              let first = points.first, let last = points.last,
              last.time.timeIntervalSince(first.time) >= 14 * 86_400 else { return false }
        var groups = [[Double]](repeating: [], count: 7)
        for (p, r) in zip(points, residuals) { groups[utcWeekday(p.time)].append(r) }
        guard groups.allSatisfy({ $0.count >= 24 }) else { return false }
        let means = groups.map { $0.reduce(0, +) / Double($0.count) }
        let within = zip(groups, means).map { g, m in g.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(g.count) }
        let meanOfMeans = means.reduce(0, +) / 7
        let between = means.reduce(0) { $0 + ($1 - meanOfMeans) * ($1 - meanOfMeans) } / 7
        let meanWithin = within.reduce(0, +) / 7
        return between > 2 * meanWithin
    }

    /// 0 = Sunday … 6 = Saturday, in UTC (1970-01-01 was a Thursday).
    static func utcWeekday(_ date: Date) -> Int {
        let day = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        return ((day + 4) % 7 + 7) % 7
    }
}

/// OLS of v on t with r² and population variance. A constant series has slope 0 and r² 1.
struct LinearFit {
    var slope: Double
    var intercept: Double
    var rSquared: Double
    var variance: Double

    init(ts: [Double], vs: [Double]) {
        let n = Double(ts.count)
        let tMean = ts.reduce(0, +) / n
        let vMean = vs.reduce(0, +) / n
        if vs.allSatisfy({ $0 == vs[0] }) {
            slope = 0; intercept = vs[0]; rSquared = 1; variance = 0
            return
        }
        var sxx = 0.0, sxy = 0.0, ssTot = 0.0
        for (t, v) in zip(ts, vs) {
            sxx += (t - tMean) * (t - tMean)
            sxy += (t - tMean) * (v - vMean)
            ssTot += (v - vMean) * (v - vMean)
        }
        slope = sxx > 0 ? sxy / sxx : 0
        intercept = vMean - slope * tMean
        var ssRes = 0.0
        for (t, v) in zip(ts, vs) {
            let e = v - (intercept + slope * t)
            ssRes += e * e
        }
        rSquared = ssTot > 0 ? min(1, max(0, 1 - ssRes / ssTot)) : 1
        variance = ssTot / n
    }

    func residuals(ts: [Double], vs: [Double]) -> [Double] {
        zip(ts, vs).map { t, v in v - (intercept + slope * t) }
    }
}
