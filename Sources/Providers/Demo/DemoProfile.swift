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
    /// 9¾ days before present (a Monday, 10:00 UTC): a 20–60 min outage eats ~13 % of the budget in one go and
    /// the error ratio stays higher afterwards.
    case stepChange = "step_change"
    /// Incidents every 4–16 days, each eating 6–32 % of the budget over several hours.
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

    /// The trend pattern of drift.md §2.4 that this profile shows over a 30-day window of hourly budget samples
    /// ending at present, for a 30-day SLO with tier defaults (threshold 0.05). Checked by the demo tests.
    /// `seasonal` needs `detect_seasonal`; without it the cycle is too small to be anything but `stable`.
    public func expectedTrendPattern(detectSeasonal: Bool) -> String {
        switch self {
        case .stable: return "stable"
        case .gradualDecline, .exhausted: return "gradual_decline"
        case .stepChange: return "step_change_down"
        case .volatile: return "volatile"
        case .seasonal: return detectSeasonal ? "seasonal" : "stable"
        case .recovering: return "gradual_improvement"
        case .fastBurn: return "step_change_up"
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

    static func hashed(_ key: SLOKey, seed: UInt64) -> DemoProfile {
        let total = DemoProfile.allCases.reduce(0) { $0 + $1.weight }
        var pick = Int(DemoHash.of(key.description, seed: seed, salt: "profile") % UInt64(total))
        for profile in DemoProfile.allCases {
            if pick < profile.weight { return profile }
            pick -= profile.weight
        }
        return .stable
    }

    /// Overrides first, then the hash; then, for catalogs of 8+ SLOs, every missing profile takes over one hashed
    /// SLO of the most common profile (lowest hash first), so the result depends only on the catalog and seed.
    static func assign(_ services: [ServiceSpec], seed: UInt64) -> [SLOKey: DemoProfile] {
        var result: [SLOKey: DemoProfile] = [:]
        var free: [(key: SLOKey, hash: UInt64)] = []
        for service in services {
            let fixed = overrides[service.name] ?? []
            for (index, slo) in service.slos.enumerated() {
                let key = SLOKey(service: service.name, slo: slo.name)
                if index < fixed.count {
                    result[key] = fixed[index]
                } else {
                    result[key] = hashed(key, seed: seed)
                    free.append((key, DemoHash.of(key.description, seed: seed, salt: "coverage")))
                }
            }
        }
        guard result.count >= DemoProfile.allCases.count else { return result }
        free.sort { ($0.hash, $0.key) < ($1.hash, $1.key) }
        for missing in DemoProfile.allCases where !result.values.contains(missing) {
            var counts: [DemoProfile: Int] = [:]
            for p in result.values { counts[p, default: 0] += 1 }
            guard let donor = DemoProfile.allCases.filter({ counts[$0, default: 0] > 1 })
                .max(by: { counts[$0, default: 0] < counts[$1, default: 0] }),
                  let victim = free.firstIndex(where: { result[$0.key] == donor })
            else { continue }
            result[free[victim].key] = missing
            free.remove(at: victim)
        }
        return result
    }
}
