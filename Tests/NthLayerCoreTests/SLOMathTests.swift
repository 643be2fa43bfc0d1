import Foundation
import Testing
@testable import NthLayerCore

/// The error-budget arithmetic of slo-and-generation.md §1–§2 and the burn factors of §4, checked as exact decimals.
@Suite struct SLOMathTests {
    static func dec(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    static func slo(_ objective: String, _ window: Window) -> SLOSpec {
        SLOSpec(name: "availability", type: .availability, objective: dec(objective), window: window,
                indicator: .typeDefault, location: SourceLocation(file: "a.yaml", line: 1, column: 1))
    }

    // MARK: Budget minutes (§1)

    struct BudgetCase: Sendable, CustomStringConvertible {
        let objective: String
        let window: String
        let minutes: String
        let ratio: String
        var description: String { "\(objective) over \(window) → \(minutes) min" }
    }

    static let budgetCases: [BudgetCase] = [
        .init(objective: "99.99", window: "30d", minutes: "4.32", ratio: "0.0001"),
        .init(objective: "99.95", window: "30d", minutes: "21.6", ratio: "0.0005"),
        .init(objective: "99.9", window: "30d", minutes: "43.2", ratio: "0.001"),
        .init(objective: "99.5", window: "30d", minutes: "216", ratio: "0.005"),
        .init(objective: "99.0", window: "30d", minutes: "432", ratio: "0.01"),
        .init(objective: "99.9", window: "28d", minutes: "40.32", ratio: "0.001"),
        .init(objective: "99.9", window: "7d", minutes: "10.08", ratio: "0.001"),
        .init(objective: "99.9", window: "4w", minutes: "40.32", ratio: "0.001"),
        .init(objective: "99.9", window: "720h", minutes: "43.2", ratio: "0.001"),
    ]

    @Test(arguments: budgetCases)
    func budgetMinutesAreExactDecimals(_ c: BudgetCase) throws {
        let window = try #require(Window(period: c.window))
        let slo = Self.slo(c.objective, window)
        #expect(DecimalText.format(slo.budgetMinutes) == c.minutes)
        #expect(DecimalText.format(slo.budgetRatio) == c.ratio)
        // The exact value, not merely its printed form.
        #expect(slo.budgetMinutes == Self.dec(c.minutes))
    }

    @Test func windowsConvertToMinutesAndPeriodHours() throws {
        #expect(try #require(Window(period: "30d")).minutes == 43_200)
        #expect(try #require(Window(period: "4w")).minutes == 40_320)
        #expect(try #require(Window(period: "12h")).minutes == 720)
        #expect(try #require(Window(period: "30d")).hours == 720)
        #expect(Window(period: "90m") == nil, "an SLO window in minutes is rejected")
        #expect(Window(period: "30 days") == nil)
        #expect(Window(period: "0d") == nil)
        #expect(Window(period: "-3d") == nil)
        #expect(Window.days(30).description == "30d")
        #expect(Window.hours(6).description == "6h")
        #expect(Window.minutes(30).description == "30m")
    }

    // MARK: The worked example (§2)

    @Test func workedExample() throws {
        let budget = ErrorBudget(objective: Self.dec("99.9"), period: .days(30))
        let errorRatio = 7_800.0 / 12_000_000.0
        #expect(DecimalText.format(errorRatio, maxFractionDigits: 8) == "0.00065")

        let consumed = budget.consumedFraction(errorRatio: errorRatio)
        #expect(DecimalText.format(consumed * 100, maxFractionDigits: 6) == "65")
        #expect(DecimalText.format(budget.remainingFraction(errorRatio: errorRatio) * 100, maxFractionDigits: 6) == "35")
        #expect(DecimalText.format(budget.consumedMinutes(errorRatio: errorRatio), maxFractionDigits: 6) == "28.08")
        #expect(DecimalText.format(budget.totalMinutes, maxFractionDigits: 6) == "43.2")
        #expect(BudgetStatus(consumedFraction: consumed) == .warning)

        let history = Window.days(12)
        let periodBurn = budget.periodBurnRate(consumedFraction: consumed, history: history)
        #expect(DecimalText.format(periodBurn, maxFractionDigits: 6) == "1.625")
        let days = try #require(budget.daysToExhaustion(consumedFraction: consumed, history: history))
        #expect(DecimalText.format(days, maxFractionDigits: 2) == "6.46")
        // consumption 5.417 %/day
        #expect(DecimalText.format(consumed / history.days * 100, maxFractionDigits: 3) == "5.417")

        // The same numbers through the status model the explorer and `slo status` share.
        let status = SLOStatus(service: "checkout-svc", slo: "availability", objective: Self.dec("99.9"),
                               window: .days(30), periodErrorRatio: errorRatio)
        #expect(status.status == .warning)
        #expect(DecimalText.format(try #require(status.remainingFraction) * 100, maxFractionDigits: 6) == "35")
        #expect(DecimalText.format(try #require(status.sliPercent), maxFractionDigits: 6) == "99.935")
    }

    @Test func periodBurnEqualsConsumedOnceAFullPeriodExists() {
        let budget = ErrorBudget(objective: Self.dec("99.9"), period: .days(30))
        #expect(budget.periodBurnRate(consumedFraction: 0.65, history: .days(30)) == 0.65)
        #expect(budget.periodBurnRate(consumedFraction: 0.65, history: .days(90)) == 0.65)
    }

    @Test func exhaustionAtBurnRateIsPeriodOverRate() throws {
        // P / r: 14.4× → 2.08 d, 6× → 5 d, 3× → 10 d, 1× → 30 d (30-day period), from a fresh budget.
        let budget = ErrorBudget(objective: Self.dec("99.9"), period: .days(30))
        for (rate, expected) in [(14.4, "2.08"), (6.0, "5"), (3.0, "10"), (1.0, "30")] {
            // One day of history at burn `rate` consumes rate/30 of the budget.
            let consumed = rate / 30
            let days = try #require(budget.daysToExhaustion(consumedFraction: consumed, history: .days(1)))
            // remaining/perDay + the day already elapsed = P / r
            #expect(DecimalText.format(days + 1, maxFractionDigits: 2) == expected, "burn \(rate)")
        }
    }

    @Test func noExhaustionWithoutConsumption() {
        let budget = ErrorBudget(objective: Self.dec("99.9"), period: .days(30))
        #expect(budget.daysToExhaustion(consumedFraction: 0, history: .days(10)) == nil)
        #expect(budget.daysToExhaustion(consumedFraction: -0.1, history: .days(10)) == nil)
        #expect(budget.daysToExhaustion(consumedFraction: 0.5, history: Window(seconds: 0)) == nil)
    }

    @Test func remainingMayGoBelowZero() {
        let budget = ErrorBudget(objective: Self.dec("99.9"), period: .days(30))
        let remaining = budget.remainingFraction(errorRatio: 0.0025)
        #expect(DecimalText.format(remaining, maxFractionDigits: 6) == "-1.5")
        #expect(BudgetStatus(consumedFraction: 1 - remaining) == .exhausted)
        #expect(budget.daysToExhaustion(consumedFraction: 2.5, history: .days(10)) == 0)
    }

    @Test func burnRateIsErrorRatioOverBudget() {
        let budget = ErrorBudget(objective: Self.dec("99.95"), period: .days(30))
        #expect(DecimalText.format(budget.burnRate(errorRatio: 0.0072), maxFractionDigits: 6) == "14.4")
        #expect(DecimalText.format(budget.burnRate(errorRatio: 0.0005), maxFractionDigits: 6) == "1")
    }

    // MARK: Status ladder (§2)

    @Test(arguments: [
        (0.0, BudgetStatus.healthy), (0.4999, .healthy), (0.5, .warning), (0.7999, .warning),
        (0.8, .critical), (0.9999, .critical), (1.0, .exhausted), (1.5, .exhausted), (-0.2, .healthy),
    ])
    func statusLadder(_ consumed: Double, _ expected: BudgetStatus) {
        #expect(BudgetStatus(consumedFraction: consumed) == expected)
    }

    @Test func noDataAndErrorStatuses() {
        let base = SLOStatus(service: "s", slo: "a", objective: Self.dec("99.9"), window: .days(30), periodErrorRatio: nil)
        #expect(base.status == .noData)
        var nan = base
        nan.periodErrorRatio = .nan
        #expect(nan.status == .noData, "NaN (no traffic) is no_data, not healthy")
        var failed = base
        failed.periodErrorRatio = 0.0001
        failed.failure = "connection refused"
        #expect(failed.status == .error)
    }

    @Test func worstStatusOrdering() {
        #expect(BudgetStatus.worst([.healthy, .noData, .warning]) == .warning)
        #expect(BudgetStatus.worst([.healthy, .noData]) == .noData)
        #expect(BudgetStatus.worst([.critical, .exhausted, .warning]) == .exhausted)
        #expect(BudgetStatus.worst([.critical, .warning]) == .critical)
        #expect(BudgetStatus.worst([BudgetStatus]()) == .noData)
    }

    // MARK: Burn factors (§4)

    struct FactorCase: Sendable, CustomStringConvertible {
        let period: Window
        let texts: [String]   // fast, medium, slow, slowest
        var description: String { "\(period)" }
    }

    static let factorCases: [FactorCase] = [
        .init(period: .days(30), texts: ["14.4", "6", "3", "1"]),
        .init(period: .days(28), texts: ["13.44", "5.6", "2.8", "0.933333"]),
        .init(period: .days(7), texts: ["3.36", "1.4", "0.7", "0.233333"]),
        .init(period: .days(90), texts: ["43.2", "18", "9", "3"]),
    ]

    @Test(arguments: factorCases)
    func burnFactors(_ c: FactorCase) {
        #expect(BurnTier.allCases.map { $0.factorText(period: c.period) } == c.texts)
        // Consistency: for any period the 30-day factor scales by P_h / 720.
        for tier in BurnTier.allCases {
            let scaled = tier.factor(period: .days(30)) * Decimal(c.period.seconds) / Decimal(Window.days(30).seconds)
            #expect(DecimalText.format(tier.factor(period: c.period)) == DecimalText.format(scaled))
        }
    }

    @Test func burnTierWindows() {
        #expect(BurnTier.allCases.map { "\($0.longWindow)&\($0.shortWindow)" } == ["1h&5m", "6h&30m", "1d&2h", "3d&6h"])
        #expect(BurnTier.allCases.map { DecimalText.format($0.budgetConsumedPercent) } == ["2", "5", "10", "10"])
    }

    @Test func alertThresholdsAsPrinted() {
        // 99.9: 0.0144 / 0.006 / 0.003 / 0.001; 99.95: 0.0072 / 0.003 / 0.0015 / 0.0005.
        for (objective, expected) in [("99.9", ["0.0144", "0.006", "0.003", "0.001"]),
                                      ("99.95", ["0.0072", "0.003", "0.0015", "0.0005"])] {
            let b = Self.slo(objective, .days(30)).budgetRatio
            #expect(BurnTier.allCases.map { DecimalText.format($0.factor(period: .days(30)) * b) } == expected)
        }
    }

    @Test func severityByTier() {
        let severities = { (tier: Tier) in BurnTier.allCases.map { tier.severity(for: $0).rawValue } }
        #expect(severities(.critical) == ["page", "page", "ticket", "ticket"])
        #expect(severities(.high) == ["page", "page", "ticket", "ticket"])
        #expect(severities(.standard) == ["page", "ticket", "ticket", "ticket"])
        #expect(severities(.low) == ["ticket", "ticket", "ticket", "ticket"])
    }

    // MARK: DecimalText never prints float noise

    @Test func decimalTextShortestForms() {
        #expect(DecimalText.format(Self.dec("99.9")) == "99.9")
        #expect(DecimalText.format(Self.dec("99.90")) == "99.9")
        #expect(DecimalText.format(Self.dec("99.0")) == "99")
        #expect(DecimalText.format(Self.dec("0.0005")) == "0.0005")
        #expect(DecimalText.format(Self.dec("-0.3")) == "-0.3")
        #expect(DecimalText.format(Self.dec("0")) == "0")
        #expect(DecimalText.format(Self.dec("-0.0")) == "0")
        #expect(DecimalText.format(Self.dec("1000")) == "1000")
        #expect(DecimalText.format(Self.dec("1e-3")) == "0.001")
        #expect(DecimalText.format(Self.dec("250") / 1000) == "0.25")
        #expect(DecimalText.format(Self.dec("1000") / 1000) == "1")
        #expect(DecimalText.format(Self.dec("14.4") * Self.dec("0.0005")) == "0.0072")
    }

    @Test func doublesFromMeasurementAreRoundedNotNoisy() {
        #expect(DecimalText.format(0.1 + 0.2) == "0.3")
        #expect(DecimalText.format(1 - 0.999) == "0.001")
        #expect(DecimalText.format(0.9990000000000001) == "0.999")
        #expect(DecimalText.format(0.0009999999999999432) == "0.001")
        #expect(DecimalText.format(14.399999999999999, maxFractionDigits: 4) == "14.4")
        #expect(DecimalText.format(Double.nan) == "NaN")
        #expect(DecimalText.format(Double.infinity) == "+Inf")
        #expect(DecimalText.format(-Double.infinity) == "-Inf")
        #expect(DecimalText.format(-0.0) == "0")
    }

    @Test func significantDigitsForNonTerminatingFactors() {
        #expect(DecimalText.format(Self.dec("28") / 30, significantDigits: 6) == "0.933333")
        #expect(DecimalText.format(Self.dec("2") / 3, significantDigits: 6) == "0.666667")
        #expect(DecimalText.format(Self.dec("200") / 3, significantDigits: 6) == "66.6667")
        #expect(DecimalText.format(Self.dec("14.4"), significantDigits: 6) == "14.4")
    }

    @Test func everyObjectiveBetween90And99_999PrintsCleanly() throws {
        // 90.000 … 99.999 in steps of 0.001, through every derived number rules and dashboards print.
        let noise = try Regex("0000000|9999999")
        for step in stride(from: 90_000, through: 99_999, by: 7) {
            let objective = Decimal(step) / 1000
            let text = DecimalText.format(objective)
            #expect(DecimalText.parse(text) == objective)
            let slo = SLOSpec(name: "a", type: .availability, objective: objective, window: .days(30),
                              indicator: .typeDefault, location: SourceLocation(file: "a.yaml", line: 1, column: 1))
            var printed = [text, DecimalText.format(slo.budgetRatio), DecimalText.format(slo.budgetMinutes),
                           DecimalText.format(objective / 100)]
            for tier in BurnTier.allCases {
                printed.append(DecimalText.format(tier.factor(period: .days(28)) * slo.budgetRatio))
                printed.append(tier.factorText(period: .days(28)))
            }
            for p in printed {
                #expect(p.firstMatch(of: noise) == nil, "\(text): \(p)")
                #expect(!p.contains("e") && !p.contains("E"), "\(text): \(p)")
            }
        }
    }

    @Test func decimalTextParsesOnlyPlainNumbers() {
        #expect(DecimalText.parse("99.95") == Self.dec("99.95"))
        #expect(DecimalText.parse(" 99.9 ") == Self.dec("99.9"))
        #expect(DecimalText.parse("-0.3") == Self.dec("-0.3"))
        #expect(DecimalText.parse("1e-3") == Self.dec("0.001"))
        for bad in ["", "abc", "99,9", "NaN", "inf", "0x10", "99.9%", "½", "٩٩"] {
            #expect(DecimalText.parse(bad) == nil, "\(bad)")
        }
    }

    /// A typo such as `objective: 99..9` must not be read as 99: Foundation's `Decimal(string:)` accepts the longest
    /// valid prefix, and `DecimalText.parse` only filters the alphabet.
    @Test func decimalTextRejectsMalformedNumbers() {
        for bad in ["1..2", "99..9", "99.9.5", "9-9", "99.9e", "--1", ".", "e5", "+"] {
            #expect(DecimalText.parse(bad) == nil, "\(bad)")
        }
        #expect(DecimalText.parse(".5") == Self.dec("0.5"))
        #expect(DecimalText.parse("5.") == Self.dec("5"))
    }
}
