import Foundation

/// Budget health, by percent of budget consumed. The only status ladder in NthLayer.
public enum BudgetStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case healthy, warning, critical, exhausted
    case noData = "no_data"
    case error

    /// healthy < 50% consumed ≤ warning < 80% ≤ critical < 100% ≤ exhausted.
    public init(consumedFraction: Double) {
        switch consumedFraction {
        case ..<0.5: self = .healthy
        case ..<0.8: self = .warning
        case ..<1.0: self = .critical
        default: self = .exhausted
        }
    }

    /// Worst-first rank: exhausted > critical > warning > error > no_data > healthy.
    public var severityRank: Int {
        switch self {
        case .exhausted: return 5
        case .critical: return 4
        case .warning: return 3
        case .error: return 2
        case .noData: return 1
        case .healthy: return 0
        }
    }

    public static func < (a: BudgetStatus, b: BudgetStatus) -> Bool { a.severityRank < b.severityRank }

    /// The worst of several statuses; `noData` when there are none.
    public static func worst<S: Sequence>(_ statuses: S) -> BudgetStatus where S.Element == BudgetStatus {
        statuses.max() ?? .noData
    }
}

/// Error-budget arithmetic for one SLO. Inputs are ratios; outputs are fractions of the budget.
public struct ErrorBudget: Sendable, Hashable {
    /// Objective in percent.
    public let objective: Decimal
    public let period: Window

    public init(objective: Decimal, period: Window) {
        self.objective = objective; self.period = period
    }

    /// Allowed error ratio B = (100 − objective) / 100.
    public var allowedErrorRatio: Double { ((100 - objective) / 100).doubleValue }
    /// Budget in minutes of full outage over the period.
    public var totalMinutes: Double { Double(period.minutes) * allowedErrorRatio }

    /// Fraction of the budget consumed given the error ratio over the whole period.
    public func consumedFraction(errorRatio: Double) -> Double { errorRatio / allowedErrorRatio }
    /// 1 − consumed; may go below zero (displays clamp, status says exhausted).
    public func remainingFraction(errorRatio: Double) -> Double { 1 - consumedFraction(errorRatio: errorRatio) }
    /// Burn rate over a window: error ratio ÷ B (1.0 = exactly on pace).
    public func burnRate(errorRatio: Double) -> Double { errorRatio / allowedErrorRatio }
    public func consumedMinutes(errorRatio: Double) -> Double { consumedFraction(errorRatio: errorRatio) * totalMinutes }

    /// Consumed fraction ÷ elapsed fraction of the period (elapsed = min(history, period) / period).
    public func periodBurnRate(consumedFraction: Double, history: Window) -> Double {
        let elapsed = Double(min(history.seconds, period.seconds)) / Double(period.seconds)
        return elapsed > 0 ? consumedFraction / elapsed : 0
    }

    /// Days until the budget is gone at the current consumption pace; nil when consumption ≤ 0.
    public func daysToExhaustion(consumedFraction: Double, history: Window) -> Double? {
        let elapsedDays = min(history.days, period.days)
        guard elapsedDays > 0, consumedFraction > 0 else { return nil }
        let perDay = consumedFraction / elapsedDays
        return max(0, 1 - consumedFraction) / perDay
    }
}

/// What is known about one SLO at one moment: the shape `slo status`, the explorer, MCP and the API share.
public struct SLOStatus: Sendable, Hashable {
    public var service: String
    public var slo: String
    public var objective: Decimal
    public var window: Window
    /// Error ratio over the whole period; nil = no data.
    public var periodErrorRatio: Double?
    /// Error ratio per alert window (5m, 1h, 6h, 3d …); missing key = no data for that window.
    public var windowErrorRatios: [Window: Double]
    public var failure: String?

    public init(service: String, slo: String, objective: Decimal, window: Window,
                periodErrorRatio: Double?, windowErrorRatios: [Window: Double] = [:], failure: String? = nil) {
        self.service = service; self.slo = slo; self.objective = objective; self.window = window
        self.periodErrorRatio = periodErrorRatio; self.windowErrorRatios = windowErrorRatios; self.failure = failure
    }

    public var budget: ErrorBudget { ErrorBudget(objective: objective, period: window) }
    public var sliPercent: Double? { periodErrorRatio.map { (1 - $0) * 100 } }
    public var consumedFraction: Double? { periodErrorRatio.flatMap { $0.isFinite ? budget.consumedFraction(errorRatio: $0) : nil } }
    public var remainingFraction: Double? { consumedFraction.map { 1 - $0 } }
    public func burnRate(_ window: Window) -> Double? {
        windowErrorRatios[window].flatMap { $0.isFinite ? budget.burnRate(errorRatio: $0) : nil }
    }
    public var status: BudgetStatus {
        if failure != nil { return .error }
        guard let consumed = consumedFraction else { return .noData }
        return BudgetStatus(consumedFraction: consumed)
    }
    /// The fastest burn across the known windows.
    public var fastestBurn: Double? { windowErrorRatios.keys.compactMap { burnRate($0) }.max() }
}
