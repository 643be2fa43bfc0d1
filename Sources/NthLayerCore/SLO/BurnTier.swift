import Foundation

/// The four multi-window burn tiers (Google SRE workbook, table 5-8).
public enum BurnTier: String, Sendable, Hashable, CaseIterable, Codable {
    case fast, medium, slow, slowest

    public var longWindow: Window {
        switch self {
        case .fast: return .hours(1)
        case .medium: return .hours(6)
        case .slow: return .days(1)
        case .slowest: return .days(3)
        }
    }

    public var shortWindow: Window {
        switch self {
        case .fast: return .minutes(5)
        case .medium: return .minutes(30)
        case .slow: return .hours(2)
        case .slowest: return .hours(6)
        }
    }

    /// Percent of the period's budget consumed within the long window when the alert fires.
    public var budgetConsumedPercent: Decimal {
        switch self {
        case .fast: return 2
        case .medium: return 5
        case .slow, .slowest: return 10
        }
    }

    /// Burn-rate factor for a period: consumed% / 100 × period hours / long-window hours.
    /// 30d: 14.4, 6, 3, 1. Exact decimal arithmetic.
    public func factor(period: Window) -> Decimal {
        budgetConsumedPercent / 100 * Decimal(period.seconds) / Decimal(longWindow.seconds)
    }

    /// The factor as printed in rules: exact when it terminates, else 6 significant digits (28d slowest → 0.933333).
    public func factorText(period: Window) -> String {
        let f = factor(period: period)
        let exact = DecimalText.format(f)
        if exact.count > 10 { return DecimalText.format(f, significantDigits: 6) }
        return exact
    }
}
