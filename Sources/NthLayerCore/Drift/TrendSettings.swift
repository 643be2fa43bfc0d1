import Foundation

/// Trend-drift settings after the tier defaults (drift.md §2.2) and the spec's `drift:` block (§2.3) are merged.
/// Slopes are fractions of the budget per week (−0.005 ≡ "-0.5%/week"); day counts are days.
public struct TrendSettings: Sendable, Hashable {
    public var tier: Tier
    public var enabled: Bool
    /// How much history is analysed (the `query_range` span).
    public var window: Window
    public var warnSlopePerWeek: Double
    public var criticalSlopePerWeek: Double
    /// Projections and exhaustion beyond this many days are reported as beyond the horizon.
    public var horizonDays: Double
    public var exhaustionWarnDays: Double
    public var exhaustionCriticalDays: Double
    /// A jump between consecutive samples larger than this fraction of the budget is a step change.
    public var stepChangeThreshold: Double
    public var detectStepChange: Bool
    public var detectSeasonal: Bool

    public init(tier: Tier, enabled: Bool, window: Window, warnSlopePerWeek: Double, criticalSlopePerWeek: Double,
                horizonDays: Double, exhaustionWarnDays: Double, exhaustionCriticalDays: Double,
                stepChangeThreshold: Double, detectStepChange: Bool = true, detectSeasonal: Bool = false) {
        self.tier = tier; self.enabled = enabled; self.window = window
        self.warnSlopePerWeek = warnSlopePerWeek; self.criticalSlopePerWeek = criticalSlopePerWeek
        self.horizonDays = horizonDays; self.exhaustionWarnDays = exhaustionWarnDays
        self.exhaustionCriticalDays = exhaustionCriticalDays; self.stepChangeThreshold = stepChangeThreshold
        self.detectStepChange = detectStepChange; self.detectSeasonal = detectSeasonal
    }

    /// The tier defaults of drift.md §2.2 (the high row is a CHOICE of the reference).
    public static func defaults(for tier: Tier) -> TrendSettings {
        switch tier {
        case .critical:
            return TrendSettings(tier: tier, enabled: true, window: .days(30), warnSlopePerWeek: -0.002,
                                 criticalSlopePerWeek: -0.005, horizonDays: 90, exhaustionWarnDays: 30,
                                 exhaustionCriticalDays: 14, stepChangeThreshold: 0.05)
        case .high:
            return TrendSettings(tier: tier, enabled: true, window: .days(30), warnSlopePerWeek: -0.003,
                                 criticalSlopePerWeek: -0.0075, horizonDays: 90, exhaustionWarnDays: 21,
                                 exhaustionCriticalDays: 10, stepChangeThreshold: 0.05)
        case .standard:
            return TrendSettings(tier: tier, enabled: true, window: .days(30), warnSlopePerWeek: -0.005,
                                 criticalSlopePerWeek: -0.01, horizonDays: 60, exhaustionWarnDays: 14,
                                 exhaustionCriticalDays: 7, stepChangeThreshold: 0.05)
        case .low:
            return TrendSettings(tier: tier, enabled: false, window: .days(14), warnSlopePerWeek: -0.01,
                                 criticalSlopePerWeek: -0.02, horizonDays: 30, exhaustionWarnDays: 7,
                                 exhaustionCriticalDays: 3, stepChangeThreshold: 0.10)
        }
    }

    /// Tier defaults overridden field by field by the `drift:` block. The low tier stays disabled unless
    /// `drift.enabled: true` was written; any tier is disabled by an explicit `drift.enabled: false`.
    public static func resolve(tier: Tier, policy: DriftPolicy) -> TrendSettings {
        var s = defaults(for: tier)
        // `DriftPolicy.enabled` defaults to true, so for the opt-in low tier only an explicit `true` counts.
        s.enabled = tier == .low ? (policy.enabledSetExplicitly && policy.enabled) : policy.enabled
        if let w = policy.window { s.window = w }
        if let v = policy.warnSlopePerWeek { s.warnSlopePerWeek = Self.double(v) }
        if let v = policy.criticalSlopePerWeek { s.criticalSlopePerWeek = Self.double(v) }
        if let w = policy.projectionHorizon { s.horizonDays = w.days }
        if let w = policy.exhaustionWarn { s.exhaustionWarnDays = w.days }
        if let w = policy.exhaustionCritical { s.exhaustionCriticalDays = w.days }
        if let v = policy.stepChangeThreshold { s.stepChangeThreshold = Self.double(v) }
        s.detectStepChange = policy.detectStepChange
        s.detectSeasonal = policy.detectSeasonal
        return s
    }

    /// The nearest double to a decimal (via its exact text: `NSDecimalNumber.doubleValue` can be off by an ulp,
    /// which matters when a slope sits exactly on a threshold).
    static func double(_ v: Decimal) -> Double { Double(v.description) ?? v.doubleValue }

    /// "trend drift disabled for <service> (tier low; set drift.enabled: true)".
    public func disabledMessage(service: String) -> String {
        "trend drift disabled for \(service) (tier \(tier.rawValue); set drift.enabled: true)"
    }
}
