import NthLayerCore

/// The story one demo SLO tells. Every profile appears at least once in a catalog of eight or more SLOs, so the
/// explorer, the deploy gate and the drift engine all have something real to show.
///
/// "Present" below is `DemoWorld.present`; times are relative to it. Budgets are over the SLO's own window.
public enum DemoProfile: String, Sendable, Hashable, CaseIterable, Codable {
    /// Errors well within budget (10–30 % of B), flat budget.
    case stable
    /// Error ratio rises linearly since the epoch: budget remaining slides 0.5–1 % of budget per week.
    case gradualDecline = "gradual_decline"
    /// 9 days 14 hours before present (Monday 10:00 UTC with the default epoch): a 20–60 min outage eats 13 % of
    /// the budget at once and the error ratio stays ~1 × B higher afterwards.
    case stepChange = "step_change"
    /// Big incidents every ~20 days (each 24–30 % of the budget over 14–16 hours) and small ones between: remaining
    /// swings up and down as they enter and leave the window.
    case volatile
    /// Error ratio follows a weekly cycle (peak Thursday evening).
    case seasonal
    /// Error ratio ~2.3 × B for the last 16 days: remaining < 0.
    case exhausted
    /// Was bad a month or two ago, tapering off until three weeks ago; fine now, budget climbing back.
    case recovering
    /// Burning at ~20 × B since 50 minutes before present (and for 130 minutes after): the 1h/5m page fires.
    /// An incident 31 days earlier aged out of the window a day ago, so the budget stepped up before this.
    case fastBurn = "fast_burn"

    /// The trend pattern of drift.md §2.4 this profile shows over 30 days of hourly budget samples ending at
    /// present, for a 30-day SLO with tier-default thresholds and `detect_seasonal` on. Checked by the demo tests.
    /// Without seasonal detection a `seasonal` SLO reads `stable` or, at ~0.1 %/week, a gentle `gradual_*`;
    /// short windows (7d) are noisier and may read `gradual_*` where a 30-day SLO reads `stable`.
    public var expectedTrendPattern: String {
        switch self {
        case .stable: return "stable"
        case .gradualDecline, .exhausted: return "gradual_decline"
        case .stepChange: return "step_change_down"
        case .volatile: return "volatile"
        case .seasonal: return "seasonal"
        case .recovering: return "gradual_improvement"
        case .fastBurn: return "step_change_up"
        }
    }

    /// Whether an SLO with allowed error ratio `allowed` (B) and this window can tell the story at all.
    /// A budget step needs one hour of outage to eat > 10 % of the budget (B × window ≤ 480 minutes); a page at
    /// 14.4 × B needs B ≤ 5 %; a weekly cycle cancels out of a window of whole weeks; a recovery from three weeks
    /// ago is invisible in a window much shorter than a month.
    public func fits(allowed: Double, window: Window) -> Bool {
        switch self {
        case .stepChange: return allowed * window.minutesValue <= 480
        case .fastBurn: return allowed * window.minutesValue <= 480 && allowed <= 0.05
        case .seasonal: return window.seconds % (7 * 86_400) != 0
        case .recovering: return window >= .days(28)
        case .stable, .gradualDecline, .volatile, .exhausted: return true
        }
    }

    /// Share of hashed assignments: a demo should look like a real estate — mostly fine, some trouble.
    var weight: Int {
        switch self {
        case .stable: return 50
        case .gradualDecline: return 12
        case .seasonal, .volatile, .recovering: return 8
        case .stepChange: return 6
        case .exhausted, .fastBurn: return 4
        }
    }
}

/// Which SLO tells which story.
enum DemoProfileAssignment {
    /// Services whose stories the docs and screenshots rely on, by SLO declaration order. payment-api is the
    /// step-change example of drift.md, checkout-svc the gradual-decline one; both are critical, so their
    /// second SLOs carry the seasonal cycle (payment-api sets `detect_seasonal`) and the page.
    static let overrides: [String: [DemoProfile]] = [
        "payment-api": [.stepChange, .seasonal],
        "checkout-svc": [.gradualDecline, .fastBurn],
        "order-worker": [.gradualDecline],
        "fraud-scorer": [.volatile],
        "ledger-writer": [.stable],
        "subscription-billing": [.exhausted],
        "mobile-bff": [.recovering],
    ]

    /// A weighted pick by the hash of `service/slo`, among the profiles the SLO can show (all when `slo` is nil).
    static func hashed(_ key: SLOKey, slo: SLOSpec?, seed: UInt64) -> DemoProfile {
        // Decimal division is slow; a 10,000-service catalog asks this 30,000 times.
        let allowed = slo?.budgetRatio.doubleValue
        let candidates = DemoProfile.allCases.filter { p in slo.map { p.fits(allowed: allowed!, window: $0.window) } ?? true }
        let total = candidates.reduce(0) { $0 + $1.weight }
        var pick = Int(DemoHash.of(key.description, seed: seed, salt: "profile") % UInt64(total))
        for profile in candidates {
            if pick < profile.weight { return profile }
            pick -= profile.weight
        }
        return .stable
    }

    static func fits(_ profile: DemoProfile, _ slo: SLOSpec) -> Bool {
        profile.fits(allowed: slo.budgetRatio.doubleValue, window: slo.window)
    }

    /// Overrides first (when the SLO can show them), then the hash; then, for catalogs of 8+ SLOs, every missing
    /// profile takes over one hashed SLO of the most common profile that can show it (lowest hash first), so the
    /// result depends only on the catalog and seed.
    static func assign(_ services: [ServiceSpec], seed: UInt64) -> [SLOKey: DemoProfile] {
        var result: [SLOKey: DemoProfile] = [:]
        var free: [(key: SLOKey, slo: SLOSpec, hash: UInt64)] = []
        for service in services {
            let fixed = overrides[service.name] ?? []
            for (index, slo) in service.slos.enumerated() {
                let key = SLOKey(service: service.name, slo: slo.name)
                guard result[key] == nil else { continue }
                if index < fixed.count, fits(fixed[index], slo) {
                    result[key] = fixed[index]
                } else {
                    result[key] = hashed(key, slo: slo, seed: seed)
                    free.append((key, slo, DemoHash.of(key.description, seed: seed, salt: "coverage")))
                }
            }
        }
        guard result.count >= DemoProfile.allCases.count else { return result }
        free.sort { ($0.hash, $0.key) < ($1.hash, $1.key) }
        for missing in DemoProfile.allCases where !result.values.contains(missing) {
            var counts: [DemoProfile: Int] = [:]
            for p in result.values { counts[p, default: 0] += 1 }
            // Donors: profiles held by more than one SLO, most common first (ties in declaration order).
            let donors = DemoProfile.allCases.filter { counts[$0, default: 0] > 1 }
                .enumerated().sorted { (-counts[$0.element, default: 0], $0.offset) < (-counts[$1.element, default: 0], $1.offset) }
                .map(\.element)
            for donor in donors {
                if let victim = free.firstIndex(where: { result[$0.key] == donor && fits(missing, $0.slo) }) {
                    result[free[victim].key] = missing
                    free.remove(at: victim)
                    break
                }
            }
        }
        return result
    }
}
