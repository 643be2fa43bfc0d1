import Foundation
import Testing
@testable import NthLayerCore

/// Trend drift (drift.md §2): realistic hourly budget-remaining series with known slope, steps and seasonality.
@Suite struct TrendDriftTests {
    // MARK: Fixtures

    /// 2026-10-30T06:00:00Z, the `data_start` of the checkout-svc example (a Friday).
    static let start = Date(timeIntervalSince1970: 1_793_340_000)
    static let hour: TimeInterval = 3600

    /// `count` hourly samples from `start`, value of hour i from `value(i)`.
    static func hourly(_ count: Int, from start: Date = start, _ value: (Int) -> Double) -> [Sample] {
        (0..<count).map { Sample(time: start.addingTimeInterval(Double($0) * hour), value: value($0)) }
    }

    /// Linear series ending at `end` with the given slope per day (hourly points).
    static func linear(_ count: Int, end: Double, slope: Double) -> [Sample] {
        hourly(count) { end - slope / 24 * Double(count - 1 - $0) }
    }

    /// Deterministic noise in [-1, 1] (an LCG; no global random state).
    static func noise(_ count: Int, seed: UInt64 = 42) -> [Double] {
        var x = seed
        return (0..<count).map { _ in
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(x >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    static func service(_ name: String, tier: Tier, slos: [String] = ["availability"],
                        drift: DriftPolicy = DriftPolicy()) -> ServiceSpec {
        var s = ServiceSpec(name: name, team: "payments", tier: tier, type: .api,
                            location: SourceLocation(file: "\(name).yaml", line: 1, column: 1))
        s.slos = slos.enumerated().map { i, n in
            SLOSpec(name: n, type: .availability, objective: 99.9, window: .days(30), indicator: .typeDefault,
                    location: SourceLocation(file: "\(name).yaml", line: 6 + i, column: 3))
        }
        s.drift = drift
        return s
    }

    static func settings(_ tier: Tier, _ edit: (inout DriftPolicy) -> Void = { _ in }) -> TrendSettings {
        var p = DriftPolicy()
        edit(&p)
        return TrendSettings.resolve(tier: tier, policy: p)
    }

    static func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tol
    }

    // MARK: Worked examples of §2.4

    @Test func checkoutSvcGradualDeclineIsCritical() throws {
        // 720 hourly points from 0.80 to 0.50 at exactly −0.01/day.
        let samples = Self.linear(720, end: 0.5, slope: -0.01)
        #expect(Self.close(samples[0].value, 0.8, 0.001))
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical)))
        #expect(Self.close(a.slopePerDay, -0.01))
        #expect(Self.close(a.slopePerWeek, -0.07))
        #expect(Self.close(a.rSquared, 1))
        #expect(Self.close(a.daysUntilExhaustion, 50, 1e-6))
        #expect(a.reportedDaysUntilExhaustion == 50)
        #expect(a.beyondHorizon == false)
        #expect(a.pattern == .gradualDecline)
        #expect(a.severity == .critical)
        #expect(a.severity.exitCode == 2)
        #expect(a.dataPoints == 720)
        #expect(a.currentBudget == 0.5)
        #expect(Self.close(a.budget30d, 0.2))
        #expect(a.budget60d == 0)
        #expect(a.budget90d == 0)
        #expect(a.summary == "Budget falling 7.00%/week (R² 1.00); exhausted in about 50 days.")
        #expect(a.recommendation == "Find the change behind the decline and act before 2027-01-18; run nthlayer drift --kind config.")
    }

    @Test func checkoutSvcNaiveEndpointsGiveTheSameVerdict() throws {
        // 0.80 → 0.50 over 719 hours: −0.010014/day, 49.9 days.
        let samples = Self.hourly(720) { 0.8 - 0.3 * Double($0) / 719 }
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical)))
        #expect(Self.close(a.slopePerDay, -0.3 / 719 * 24))
        #expect(a.reportedDaysUntilExhaustion == 49.9)
        #expect(a.budgetAtWindowStart == 0.8)
        #expect(a.pattern == .gradualDecline)
        #expect(a.severity == .critical)
        #expect(a.summary == "Budget falling 7.01%/week (R² 1.00); exhausted in about 50 days.")
    }

    @Test func orderWorkerOwnThresholdsWarnAndExhaustionBeyondAYear() throws {
        let svc = Self.service("order-worker", tier: .standard, drift: {
            var p = DriftPolicy(); p.warnSlopePerWeek = Decimal(string: "-0.004"); p.criticalSlopePerWeek = Decimal(string: "-0.01")
            return p
        }())
        let samples = Self.linear(720, end: 0.72, slope: -0.006 / 7)
        let result = TrendDrift.findings(service: svc, series: ["availability": samples])
        #expect(result.errors.isEmpty)
        #expect(result.disabledMessage == nil)
        let f = try #require(result.findings.first)
        #expect(f.severity == .warn)
        #expect(f.severity.exitCode == 1)
        let t = try #require(f.trend)
        #expect(Self.close(t.slopePerWeek, -0.006))
        #expect(t.currentBudget == 0.72)
        #expect(t.daysUntilExhaustion == nil, "840 days > 365 → null")
        #expect(t.pattern == "gradual_decline")
        #expect(f.message == "Budget falling 0.60%/week (R² 1.00); not exhausted within 365 days.")

        let a = try #require(TrendAnalysis.analyze(samples, settings: TrendSettings.resolve(tier: .standard, policy: svc.drift)))
        #expect(a.beyondHorizon, "840 days is beyond the 60-day horizon")
        #expect(Self.close(a.budget30d, 0.72 - 0.006 / 7 * 30))
        #expect(a.budget90d == nil, "standard horizon is 60 days")

        // The same series under a looser own warn threshold is only info.
        let loose = Self.settings(.standard) { $0.warnSlopePerWeek = Decimal(string: "-0.007"); $0.criticalSlopePerWeek = -0.02 }
        #expect(TrendAnalysis.analyze(samples, settings: loose)?.severity == .info)
    }

    @Test func paymentApiStepChangeDownIsCritical() throws {
        // Flat at 0.91, then one hour later 0.83 and flat again.
        let samples = Self.hourly(720) { $0 < 700 ? 0.91 : 0.83 }
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical)))
        #expect(a.pattern == .stepChangeDown)
        #expect(a.severity == .critical)
        let step = try #require(a.stepChange)
        #expect(step.at == Self.start.addingTimeInterval(700 * Self.hour))
        #expect(step.from == 0.91 && step.to == 0.83)
        #expect(a.summary.hasPrefix("Budget dropped 8.00% in one step at 2026-11-28T10:00:00Z (91.00% → 83.00%); overall falling "))
        #expect(a.recommendation == "Check deploys and configuration changes around 2026-11-28T10:00:00Z; run nthlayer drift --kind config.")

        // Step detection off: the same data is judged on its slope alone.
        let off = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical) { $0.detectStepChange = false }))
        #expect(off.pattern != .stepChangeDown && off.pattern != .stepChangeUp)
        #expect(off.stepChange == nil)
    }

    @Test func docsSearchLowTierIsDisabledUnlessOptedIn() throws {
        let samples = Self.linear(336, end: 0.5, slope: -0.01)
        let svc = Self.service("docs-search", tier: .low)
        let off = TrendDrift.findings(service: svc, series: ["availability": samples])
        #expect(off.findings.isEmpty && off.errors.isEmpty)
        #expect(off.disabledMessage == "trend drift disabled for docs-search (tier low; set drift.enabled: true)")
        #expect(TrendSettings.resolve(tier: .low, policy: DriftPolicy()).enabled == false)

        var optIn = DriftPolicy(); optIn.enabled = true; optIn.enabledSetExplicitly = true
        let on = TrendDrift.findings(service: Self.service("docs-search", tier: .low, drift: optIn),
                                     series: ["availability": samples])
        #expect(on.disabledMessage == nil)
        #expect(on.findings.count == 1)

        // Any tier can opt out.
        var optOut = DriftPolicy(); optOut.enabled = false; optOut.enabledSetExplicitly = true
        let critical = TrendDrift.findings(service: Self.service("checkout-svc", tier: .critical, drift: optOut),
                                           series: ["availability": samples])
        #expect(critical.findings.isEmpty)
        #expect(critical.disabledMessage == "trend drift disabled for checkout-svc (tier critical; set drift.enabled: true)")
    }

    @Test func parserRecordsWhetherEnabledWasWritten() throws {
        let base = "name: docs-search\nteam: devex\ntier: low\ntype: web\nslos: {availability: 99.0}\n"
        let plain = try #require(SpecParser.parse(text: base, path: "docs-search.yaml").service)
        #expect(plain.drift.enabledSetExplicitly == false)
        #expect(TrendSettings.resolve(tier: plain.tier, policy: plain.drift).enabled == false)
        let opted = try #require(SpecParser.parse(text: base + "drift: {enabled: true}\n", path: "docs-search.yaml").service)
        #expect(opted.drift.enabledSetExplicitly && opted.drift.enabled)
        #expect(TrendSettings.resolve(tier: opted.tier, policy: opted.drift).enabled)
    }

    // MARK: Patterns

    /// Weekly shape by UTC weekday (Sunday first): weekends dip.
    static let weekly: [Double] = [-1, 0.4, 0.5, 0.3, 0.4, 0.2, -0.8]

    static func seasonalSeries(days: Int, trendPerDay: Double = 0) -> [Sample] {
        let n = days * 24
        let jitter = noise(n)
        return hourly(n) { i in
            let time = start.addingTimeInterval(Double(i) * hour)
            return 0.6 + 0.01 * weekly[TrendAnalysis.utcWeekday(time)] + 0.0005 * jitter[i] - trendPerDay * Double(i) / 24
        }
    }

    @Test func seasonalOnlyWhenEnabledAndEnoughData() throws {
        let samples = Self.seasonalSeries(days: 28)
        let on = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical) { $0.detectSeasonal = true }))
        #expect(on.pattern == .seasonal)
        #expect(on.summary.hasPrefix("Budget follows a weekly pattern; overall "))
        let off = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical)))
        #expect(off.pattern != .seasonal, "detect_seasonal is off by default")
    }

    @Test func seasonalSurvivesALinearTrendBecauseResidualsAreUsed() throws {
        let samples = Self.seasonalSeries(days: 28, trendPerDay: 0.004)
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical) { $0.detectSeasonal = true }))
        #expect(a.pattern == .seasonal)
        #expect(a.slopePerWeek < -0.02)
        #expect(a.severity == .critical, "slope −2.8%/week is past the critical −0.5%/week")
    }

    @Test func seasonalNeedsFourteenDaysAndEveryWeekday() throws {
        let seasonalOn = Self.settings(.critical) { $0.detectSeasonal = true }
        // W406-like: a 10-day window never yields seasonal, whatever the data.
        let short = Self.seasonalSeries(days: 10)
        #expect(TrendAnalysis.analyze(short, settings: seasonalOn)?.pattern != .seasonal)
        // 28 days of data, but a 10-day window trims them below 14 days.
        let trimmed = Self.settings(.critical) { $0.detectSeasonal = true; $0.window = .days(10) }
        let long = Self.seasonalSeries(days: 28)
        let t = try #require(TrendAnalysis.analyze(long, settings: trimmed))
        #expect(t.dataPoints == 241)
        #expect(t.pattern != .seasonal)
        // Exactly 14 days of span with enough points is enough.
        let fourteen = Self.seasonalSeries(days: 15)
        #expect(TrendAnalysis.analyze(fourteen, settings: seasonalOn)?.pattern == .seasonal)
        // Mondays mostly missing (fewer than 24 points each) → not seasonal.
        let noMondays = long.filter { TrendAnalysis.utcWeekday($0.time) != 1 || Int($0.time.timeIntervalSince1970) % 86_400 < 5 * 3600 }
        #expect(noMondays.count >= 336)
        #expect(TrendAnalysis.analyze(noMondays, settings: seasonalOn)?.pattern != .seasonal)
        // Too few points (every 4th hour: 168 points over 28 days).
        let sparse = long.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
        #expect(TrendAnalysis.analyze(sparse, settings: seasonalOn)?.pattern != .seasonal)
    }

    @Test func dailyCycleIsNotWeeklySeasonality() throws {
        let samples = Self.hourly(28 * 24) { 0.7 + 0.01 * sin(2 * Double.pi * Double($0 % 24) / 24) }
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical) { $0.detectSeasonal = true }))
        #expect(a.pattern == .stable)
        #expect(a.severity <= .info)
    }

    @Test func volatile() throws {
        // Wanders ±0.2 with a 5-day period: no hourly jump reaches the step threshold, no linear fit holds.
        let samples = Self.hourly(720) { 0.5 + 0.2 * sin(2 * Double.pi * Double($0) / 120) }
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.standard)))
        #expect(a.rSquared < 0.3)
        #expect(a.variance > 0.01)
        #expect(a.pattern == .volatile)
        #expect(a.summary.hasPrefix("Budget volatile (variance 0.0200); overall "))
        #expect(a.recommendation.contains("alert windows"))
    }

    @Test func stableConstantSeries() throws {
        let samples = Self.hourly(720) { _ in 0.95 }
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical)))
        #expect(a.slopePerDay == 0 && a.slopePerWeek == 0)
        #expect(a.rSquared == 1, "constant series → r² 1")
        #expect(a.variance == 0)
        #expect(a.pattern == .stable)
        #expect(a.severity == .none)
        #expect(a.daysUntilExhaustion == nil && a.beyondHorizon == false)
        #expect(a.budget30d == 0.95 && a.budget60d == 0.95 && a.budget90d == 0.95)
        #expect(a.summary == "Budget stable at 95.00% (0.00%/week, R² 1.00).")
        #expect(a.recommendation == "No action needed.")
    }

    @Test func stableButSlightlyFallingIsInfo() throws {
        let samples = Self.linear(720, end: 0.9, slope: -0.0005 / 7)
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical)))
        #expect(a.pattern == .stable)
        #expect(a.severity == .info)
        #expect(a.summary == "Budget stable at 90.00% (-0.05%/week, R² 1.00); not exhausted within 365 days.")
    }

    @Test func gradualImprovementClampsProjectionsAtOne() throws {
        let samples = Self.linear(720, end: 0.9, slope: 0.01)
        let a = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.critical)))
        #expect(a.pattern == .gradualImprovement)
        #expect(a.severity == .none)
        #expect(a.daysUntilExhaustion == nil && !a.beyondHorizon)
        #expect(a.budget30d == 1 && a.budget60d == 1 && a.budget90d == 1)
        #expect(a.summary == "Budget rising 7.00%/week (R² 1.00).")
    }

    @Test func stepChangeUpAndGapsAndThreshold() throws {
        let up = Self.hourly(200) { $0 < 150 ? 0.70 : 0.80 }
        let a = try #require(TrendAnalysis.analyze(up, settings: Self.settings(.critical)))
        #expect(a.pattern == .stepChangeUp)
        #expect(a.severity == .none)
        #expect(a.summary.hasPrefix("Budget rose 10.00% in one step at "))

        // A drop across a gap of 1.5 days or more is not a step change.
        var gapped = Self.hourly(100) { _ in 0.91 }
        gapped += Self.hourly(100, from: gapped.last!.time.addingTimeInterval(129_600)) { _ in 0.83 }
        #expect(TrendAnalysis.analyze(gapped, settings: Self.settings(.critical))?.pattern != .stepChangeDown)
        // Just under 1.5 days it is.
        var near = Self.hourly(100) { _ in 0.91 }
        near += Self.hourly(100, from: near.last!.time.addingTimeInterval(129_599)) { _ in 0.83 }
        #expect(TrendAnalysis.analyze(near, settings: Self.settings(.critical))?.pattern == .stepChangeDown)

        // The low tier's 10% threshold ignores an 8-point drop; the first hit ends the walk.
        let drop = Self.hourly(300) { $0 < 150 ? 0.91 : ($0 < 250 ? 0.83 : 0.95) }
        let low = Self.settings(.low) { $0.enabled = true; $0.enabledSetExplicitly = true }
        #expect(TrendAnalysis.analyze(drop, settings: low)?.pattern == .stepChangeUp)
        #expect(TrendAnalysis.analyze(drop, settings: Self.settings(.critical))?.pattern == .stepChangeDown)
    }

    // MARK: Input hygiene

    @Test func nonFiniteValuesAreDropped() throws {
        let clean = Self.linear(720, end: 0.5, slope: -0.01)
        var dirty = clean
        dirty.insert(Sample(time: Self.start.addingTimeInterval(10.5 * Self.hour), value: .nan), at: 11)
        dirty.insert(Sample(time: Self.start.addingTimeInterval(20.5 * Self.hour), value: .infinity), at: 22)
        dirty.append(Sample(time: Self.start.addingTimeInterval(800 * Self.hour), value: -.infinity))
        let a = try #require(TrendAnalysis.analyze(dirty, settings: Self.settings(.critical)))
        let b = try #require(TrendAnalysis.analyze(clean, settings: Self.settings(.critical)))
        #expect(a == b)
        #expect(a.dataPoints == 720)
    }

    @Test func unsortedInputIsOrderedByTime() throws {
        let clean = Self.linear(720, end: 0.5, slope: -0.01)
        let shuffled = clean.enumerated().sorted { ($0.offset * 7919) % 720 < ($1.offset * 7919) % 720 }.map(\.element)
        #expect(TrendAnalysis.analyze(shuffled, settings: Self.settings(.critical)) ==
                TrendAnalysis.analyze(clean, settings: Self.settings(.critical)))
    }

    @Test func fewerThanTwoPointsIsAnError() throws {
        let one = [Sample(time: Self.start, value: 0.5)]
        #expect(TrendAnalysis.analyze([], settings: Self.settings(.critical)) == nil)
        #expect(TrendAnalysis.analyze(one, settings: Self.settings(.critical)) == nil)
        #expect(TrendAnalysis.analyze(one + [Sample(time: Self.start.addingTimeInterval(3600), value: .nan)],
                                      settings: Self.settings(.critical)) == nil)
        let two = one + [Sample(time: Self.start.addingTimeInterval(3600), value: 0.49)]
        #expect(TrendAnalysis.analyze(two, settings: Self.settings(.critical))?.dataPoints == 2)

        let svc = Self.service("checkout-svc", tier: .critical, slos: ["availability", "latency", "errors"])
        let result = TrendDrift.findings(service: svc, series: [
            "availability": Self.linear(720, end: 0.5, slope: -0.01),
            "latency": one,
        ])
        #expect(result.findings.map(\.resource) == ["availability"])
        #expect(result.errors == [
            "checkout-svc/latency: 1 usable data point in 30d; need at least 2",
            "checkout-svc/errors: 0 usable data points in 30d; need at least 2",
        ])
        // Nothing evaluated → exit 3 in the per-service report.
        let none = TrendDrift.findings(service: svc, series: [:])
        #expect(none.findings.isEmpty && none.errors.count == 3)
        let report = TrendDrift.report(service: svc, findings: none.findings, errors: none.errors, window: .days(30),
                                       analyzedAt: Self.start)
        #expect(report.rendered(pretty: false).contains(#""exit_code":3"#))
    }

    // MARK: Projections and exhaustion

    @Test func projectionsRespectTheHorizon() throws {
        let samples = Self.linear(720, end: 0.9, slope: -0.001)
        let standard = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.standard)))
        #expect(Self.close(standard.budget30d, 0.87) && Self.close(standard.budget60d, 0.84))
        #expect(standard.budget90d == nil)
        let low = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.low)))
        #expect(low.budget30d != nil && low.budget60d == nil && low.budget90d == nil)
        let custom = try #require(TrendAnalysis.analyze(samples, settings: Self.settings(.standard) { $0.projectionHorizon = .days(90) }))
        #expect(Self.close(custom.budget90d, 0.81))
    }

    @Test func exhaustionBeyondHorizonAndExhaustionLadders() throws {
        // 100 days to exhaustion, horizon 90 → reported, flagged beyond the horizon.
        let far = try #require(TrendAnalysis.analyze(Self.linear(720, end: 0.5, slope: -0.005), settings: Self.settings(.critical)))
        #expect(Self.close(far.daysUntilExhaustion, 100, 1e-6))
        #expect(far.beyondHorizon)

        // Slope thresholds pushed out of the way so the exhaustion rungs decide.
        let lax = Self.settings(.critical) { $0.warnSlopePerWeek = -0.5; $0.criticalSlopePerWeek = -0.9 }
        let d20 = try #require(TrendAnalysis.analyze(Self.linear(720, end: 0.2, slope: -0.01), settings: lax))
        #expect(Self.close(d20.daysUntilExhaustion, 20, 1e-6) && d20.severity == .warn)
        let d10 = try #require(TrendAnalysis.analyze(Self.linear(720, end: 0.1, slope: -0.01), settings: lax))
        #expect(Self.close(d10.daysUntilExhaustion, 10, 1e-6) && d10.severity == .critical)
        let d40 = try #require(TrendAnalysis.analyze(Self.linear(720, end: 0.4, slope: -0.01), settings: lax))
        #expect(d40.severity == .info)

        // Compared unrounded: 14.04 days reports as 14.0 but is not ≤ 14.
        let edge = try #require(TrendAnalysis.analyze(Self.linear(720, end: 0.1404, slope: -0.01), settings: lax))
        #expect(edge.reportedDaysUntilExhaustion == 14.0)
        #expect(edge.severity == .warn)

        // Budget already spent → 0 days, critical.
        let spent = try #require(TrendAnalysis.analyze(Self.linear(720, end: -0.05, slope: -0.01), settings: lax))
        #expect(spent.daysUntilExhaustion == 0)
        #expect(spent.severity == .critical)
        #expect(spent.budget30d == 0)
        #expect(spent.summary.hasSuffix("; budget exhausted."))
    }

    // MARK: Settings

    @Test func tierDefaultsMatchTheTable() {
        let c = TrendSettings.resolve(tier: .critical, policy: DriftPolicy())
        #expect(c == TrendSettings(tier: .critical, enabled: true, window: .days(30), warnSlopePerWeek: -0.002,
                                   criticalSlopePerWeek: -0.005, horizonDays: 90, exhaustionWarnDays: 30,
                                   exhaustionCriticalDays: 14, stepChangeThreshold: 0.05))
        let h = TrendSettings.resolve(tier: .high, policy: DriftPolicy())
        #expect(h.warnSlopePerWeek == -0.003 && h.criticalSlopePerWeek == -0.0075 && h.horizonDays == 90
                && h.exhaustionWarnDays == 21 && h.exhaustionCriticalDays == 10 && h.enabled)
        let s = TrendSettings.resolve(tier: .standard, policy: DriftPolicy())
        #expect(s.warnSlopePerWeek == -0.005 && s.criticalSlopePerWeek == -0.01 && s.horizonDays == 60
                && s.exhaustionWarnDays == 14 && s.exhaustionCriticalDays == 7 && s.stepChangeThreshold == 0.05)
        let l = TrendSettings.resolve(tier: .low, policy: DriftPolicy())
        #expect(l == TrendSettings(tier: .low, enabled: false, window: .days(14), warnSlopePerWeek: -0.01,
                                   criticalSlopePerWeek: -0.02, horizonDays: 30, exhaustionWarnDays: 7,
                                   exhaustionCriticalDays: 3, stepChangeThreshold: 0.10))
        for tier in Tier.allCases {
            let t = TrendSettings.resolve(tier: tier, policy: DriftPolicy())
            #expect(t.detectStepChange && !t.detectSeasonal)
        }
    }

    @Test func driftBlockOverridesEachField() {
        var p = DriftPolicy()
        p.window = .days(7)
        p.warnSlopePerWeek = Decimal(string: "-0.003")
        p.criticalSlopePerWeek = Decimal(string: "-0.008")
        p.projectionHorizon = .days(45)
        p.exhaustionWarn = .days(20)
        p.exhaustionCritical = .days(5)
        p.stepChangeThreshold = Decimal(string: "0.08")
        p.detectStepChange = false
        p.detectSeasonal = true
        let s = TrendSettings.resolve(tier: .critical, policy: p)
        #expect(s == TrendSettings(tier: .critical, enabled: true, window: .days(7), warnSlopePerWeek: -0.003,
                                   criticalSlopePerWeek: -0.008, horizonDays: 45, exhaustionWarnDays: 20,
                                   exhaustionCriticalDays: 5, stepChangeThreshold: 0.08, detectStepChange: false,
                                   detectSeasonal: true))
        // Each field alone leaves the others at the tier default.
        let d = TrendSettings.resolve(tier: .standard, policy: DriftPolicy())
        var only = DriftPolicy(); only.exhaustionWarn = .days(21)
        var expected = d; expected.exhaustionWarnDays = 21
        #expect(TrendSettings.resolve(tier: .standard, policy: only) == expected)
    }

    @Test func windowTrimsHistoryAndTheCLIOverrideWins() throws {
        let samples = Self.linear(720, end: 0.5, slope: -0.01)
        var p = DriftPolicy(); p.window = .days(7)
        let svc = Self.service("checkout-svc", tier: .critical, drift: p)
        let byPolicy = try #require(TrendDrift.findings(service: svc, series: ["availability": samples]).findings.first)
        #expect(byPolicy.trend?.detail.rendered(pretty: false).contains(#""data_points":169"#) == true)
        let byFlag = try #require(TrendDrift.findings(service: svc, series: ["availability": samples],
                                                      window: .days(2)).findings.first)
        #expect(byFlag.trend?.detail.rendered(pretty: false).contains(#""data_points":49"#) == true)
    }

    @Test func sloSelection() {
        let samples = Self.linear(720, end: 0.5, slope: -0.01)
        let series = ["availability": samples, "latency": samples, "errors": samples]
        var p = DriftPolicy(); p.slos = ["latency", "ghost"]
        let svc = Self.service("checkout-svc", tier: .critical, slos: ["availability", "latency", "errors"], drift: p)
        let chosen = TrendDrift.findings(service: svc, series: series)
        #expect(chosen.findings.map(\.resource) == ["latency"])
        #expect(chosen.errors == ["checkout-svc/ghost: no such SLO in the spec"])
        let one = TrendDrift.findings(service: svc, series: series, onlySLO: "errors")
        #expect(one.findings.map(\.resource) == ["errors"] && one.errors.isEmpty)
        let all = TrendDrift.findings(service: Self.service("checkout-svc", tier: .critical,
                                                            slos: ["availability", "latency", "errors"]), series: series)
        #expect(all.findings.map(\.resource) == ["availability", "latency", "errors"])
    }

    // MARK: Findings and JSON

    @Test func findingCarriesTheFlatTrendFields() throws {
        let svc = Self.service("checkout-svc", tier: .critical)
        let result = TrendDrift.findings(service: svc, series: ["availability": Self.linear(720, end: 0.5, slope: -0.01)])
        let f = try #require(result.findings.first)
        #expect(f.kind == .trend && f.change == .trend)
        #expect(f.service == "checkout-svc" && f.resource == "availability")
        #expect(f.severity == .critical)
        #expect(f.message == "Budget falling 7.00%/week (R² 1.00); exhausted in about 50 days.")
        #expect(f.location == SourceLocation(file: "checkout-svc.yaml", line: 6, column: 3))
        let t = try #require(f.trend)
        #expect(t.slo == "availability" && t.pattern == "gradual_decline")
        #expect(t.daysUntilExhaustion == 50.0)
        #expect(Self.close(t.rSquared, 1))
        #expect(f.id.count == 8)

        // Severity none findings are reported too.
        let flat = TrendDrift.findings(service: svc, series: ["availability": Self.hourly(720) { _ in 0.95 }])
        #expect(flat.findings.map(\.severity) == [.none])
    }

    @Test func detailJSONHasTheExactShape() throws {
        let a = try #require(TrendAnalysis.analyze(Self.linear(720, end: 0.5, slope: -0.01), settings: Self.settings(.critical)))
        let expected = """
            {
              "slo": "availability",
              "severity": "critical",
              "pattern": "gradual_decline",
              "data_start": "2026-10-30T06:00:00Z",
              "data_end": "2026-11-29T05:00:00Z",
              "metrics": {
                "slope_per_day": -0.01,
                "slope_per_week": -0.07,
                "slope_per_week_pct": -7,
                "current_budget": 0.5,
                "current_budget_pct": 50,
                "budget_at_window_start": 0.799583,
                "r_squared": 1,
                "variance": 0.0075,
                "data_points": 720
              },
              "projection": {
                "days_until_exhaustion": 50,
                "beyond_horizon": false,
                "budget_30d": 0.2,
                "budget_60d": 0,
                "budget_90d": 0,
                "confidence": 1
              },
              "thresholds": {
                "warn": -0.002,
                "critical": -0.005,
                "exhaustion_warn_days": 30,
                "exhaustion_critical_days": 14
              },
              "summary": "Budget falling 7.00%/week (R² 1.00); exhausted in about 50 days.",
              "recommendation": "Find the change behind the decline and act before 2027-01-18; run nthlayer drift --kind config."
            }
            """
        #expect(a.detailJSON(slo: "availability").rendered() == expected)

        // Nulls where values are absent (standard horizon 60: no 90-day projection; rising: no exhaustion).
        let up = try #require(TrendAnalysis.analyze(Self.linear(720, end: 0.6, slope: 0.001), settings: Self.settings(.standard)))
        let compact = up.detailJSON(slo: "latency").rendered(pretty: false)
        #expect(compact.contains(#""days_until_exhaustion":null,"beyond_horizon":false"#))
        #expect(compact.contains(#""budget_90d":null"#))
    }

    @Test func serviceReportObject() throws {
        let svc = Self.service("checkout-svc", tier: .critical)
        let result = TrendDrift.findings(service: svc, series: ["availability": Self.linear(720, end: 0.5, slope: -0.01)])
        let report = TrendDrift.report(service: svc, findings: result.findings, errors: result.errors, window: .days(30),
                                       analyzedAt: Self.start.addingTimeInterval(720 * Self.hour))
        let text = report.rendered(pretty: false)
        #expect(text.hasPrefix(#"{"service":"checkout-svc","tier":"critical","kind":"trend","window":"30d","analyzed_at":"2026-11-29T06:00:00Z","severity":"critical","exit_code":2,"errors":[],"slos":[{"slo":"availability","severity":"critical","pattern":"gradual_decline""#))
    }

    @Test func isoDatesAndWeekdays() {
        #expect(TrendText.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(TrendText.iso8601(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(TrendText.iso8601(Self.start) == "2026-10-30T06:00:00Z")
        #expect(TrendAnalysis.utcWeekday(Self.start) == 5, "2026-10-30 is a Friday")
        #expect(TrendAnalysis.utcWeekday(Date(timeIntervalSince1970: 0)) == 4)
        #expect(TrendAnalysis.utcWeekday(Date(timeIntervalSince1970: -1)) == 3)
        #expect(TrendText.fixed(-0.0001, 2) == "0.00")
    }
}
