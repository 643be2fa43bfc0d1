import Foundation

// Words and JSON for a trend analysis (drift.md §2.4 step 7, §2.5).

extension TrendAnalysis {
    /// One sentence: direction, %/week to 2 dp, R², the pattern, and when the budget runs out.
    func makeSummary(exceedsYear: Bool) -> String {
        let rate = TrendText.fixed(abs(slopePerWeek) * 100, 2) + "%/week"
        let fit = "R² " + TrendText.fixed(rSquared, 2)
        let direction = slopePerWeek < 0 ? "falling" : (slopePerWeek > 0 ? "rising" : "flat")
        let overall = slopePerWeek == 0 ? "overall flat (\(fit))" : "overall \(direction) \(rate) (\(fit))"
        var text: String
        switch pattern {
        case .gradualDecline, .gradualImprovement:
            text = "Budget \(direction) \(rate) (\(fit))"
        case .stable:
            text = "Budget stable at \(TrendText.fixed(currentBudget * 100, 2))% "
                + "(\(TrendText.fixed(slopePerWeek * 100, 2))%/week, \(fit))"
        case .stepChangeDown, .stepChangeUp:
            let step = stepChange!
            let verb = pattern == .stepChangeDown ? "dropped" : "rose"
            text = "Budget \(verb) \(TrendText.fixed(abs(step.delta) * 100, 2))% in one step at "
                + "\(TrendText.iso8601(step.at)) (\(TrendText.fixed(step.from * 100, 2))% → "
                + "\(TrendText.fixed(step.to * 100, 2))%); \(overall)"
        case .seasonal:
            text = "Budget follows a weekly pattern; \(overall)"
        case .volatile:
            text = "Budget volatile (variance \(TrendText.fixed(variance, 4))); \(overall)"
        }
        if let d = daysUntilExhaustion {
            if d == 0 {
                text += "; budget exhausted."
            } else {
                let days = max(1, Int(d.rounded()))
                text += "; exhausted in about \(days) day\(days == 1 ? "" : "s")."
            }
        } else if exceedsYear {
            text += "; not exhausted within 365 days."
        } else {
            text += "."
        }
        return text
    }

    /// What to do about it. Only names commands that exist (`nthlayer drift --kind config`).
    func makeRecommendation() -> String {
        let config = "run nthlayer drift --kind config"
        var text: String
        switch pattern {
        case .stepChangeDown:
            let at = stepChange.map { TrendText.iso8601($0.at) } ?? TrendText.iso8601(dataEnd)
            text = "Check deploys and configuration changes around \(at); \(config)."
        case .stepChangeUp:
            let at = stepChange.map { TrendText.iso8601($0.at) } ?? TrendText.iso8601(dataEnd)
            text = "Confirm the recovery at \(at) was intended (a fix or a rollback); no action needed otherwise."
        case .volatile:
            text = "Review the alert windows and the main error sources; the budget swings too much for a reliable trend."
        case .seasonal:
            text = "Compare weekdays (traffic peaks, batch jobs, maintenance) and judge the trend over whole weeks."
        case .gradualDecline:
            if daysUntilExhaustion == 0 {
                text = "The budget is spent: put reliability work first; \(config)."
            } else if rSquared > 0.7, let date = exhaustionDate {
                text = "Find the change behind the decline and act before \(TrendText.day(date)); \(config)."
            } else {
                text = "Find the change behind the decline; \(config)."
            }
        case .gradualImprovement:
            text = "No action needed; the budget is recovering."
        case .stable:
            text = "No action needed."
        }
        // A flat, seasonal or volatile budget can still be nearly spent.
        if severity >= .warn, [.stable, .seasonal, .volatile].contains(pattern), let date = exhaustionDate {
            text += daysUntilExhaustion == 0 ? " The budget is spent." : " Projected exhaustion \(TrendText.day(date))."
        }
        return text
    }

    /// The per-SLO object of drift.md §2.5 (numbers are JSON numbers, dates ISO 8601 UTC).
    public func detailJSON(slo: String) -> JSONValue {
        .object([
            ("slo", .string(slo)),
            ("severity", .string(severity.rawValue)),
            ("pattern", .string(pattern.rawValue)),
            ("data_start", .string(TrendText.iso8601(dataStart))),
            ("data_end", .string(TrendText.iso8601(dataEnd))),
            ("metrics", .object([
                ("slope_per_day", .double(slopePerDay, digits: 6)),
                ("slope_per_week", .double(slopePerWeek, digits: 6)),
                ("slope_per_week_pct", .double(slopePerWeek * 100, digits: 4)),
                ("current_budget", .double(currentBudget, digits: 6)),
                ("current_budget_pct", .double(currentBudget * 100, digits: 4)),
                ("budget_at_window_start", .double(budgetAtWindowStart, digits: 6)),
                ("r_squared", .double(rSquared, digits: 4)),
                ("variance", .double(variance, digits: 6)),
                ("data_points", .int(dataPoints)),
            ])),
            ("projection", .object([
                ("days_until_exhaustion", .double(reportedDaysUntilExhaustion, digits: 1)),
                ("beyond_horizon", .bool(beyondHorizon)),
                ("budget_30d", .double(budget30d, digits: 6)),
                ("budget_60d", .double(budget60d, digits: 6)),
                ("budget_90d", .double(budget90d, digits: 6)),
                ("confidence", .double(rSquared, digits: 4)),
            ])),
            ("thresholds", .object([
                ("warn", .double(settings.warnSlopePerWeek, digits: 6)),
                ("critical", .double(settings.criticalSlopePerWeek, digits: 6)),
                ("exhaustion_warn_days", .double(settings.exhaustionWarnDays, digits: 2)),
                ("exhaustion_critical_days", .double(settings.exhaustionCriticalDays, digits: 2)),
            ])),
            ("summary", .string(summary)),
            ("recommendation", .string(recommendation)),
        ])
    }
}

/// Deterministic text helpers (no locale, no formatter state).
enum TrendText {
    /// Fixed-point text with `digits` decimals; never "-0.00".
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "Inf" : "-Inf") }
        let text = String(format: "%.\(digits)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }

    /// `2026-11-29T05:00:00Z` (whole seconds, UTC).
    static func iso8601(_ date: Date) -> String {
        let secs = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(secs) / 86_400).rounded(.down))
        let rem = secs - days * 86_400
        let (y, m, d) = civil(days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    /// `2027-01-18` (UTC).
    static func day(_ date: Date) -> String {
        let (y, m, d) = civil(Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// Days since 1970-01-01 → proleptic Gregorian (year, month, day) (H. Hinnant's algorithm).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
