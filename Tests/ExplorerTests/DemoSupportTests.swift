import Foundation
import Testing
import NthLayerCore
@testable import Providers

/// A catalog built in code, so the demo tests do not depend on the example files (which change on their own).
/// It names the services the profile override table knows plus enough others to cover every profile.
enum DemoFixture {
    static func slo(_ name: String, _ objective: String, window: Window = .days(30), type: SLOType = .availability,
                    file: String) -> SLOSpec {
        SLOSpec(name: name, type: type, objective: Decimal(string: objective)!, window: window, indicator: .typeDefault,
                location: SourceLocation(file: file, line: 1, column: 1))
    }

    static func service(_ name: String, team: String, tier: Tier, type: ServiceType = .api,
                        slos: [(String, String)], window: Window = .days(30)) -> ServiceSpec {
        let file = "services/\(name).yaml"
        var s = ServiceSpec(name: name, team: team, tier: tier, type: type, location: SourceLocation(file: file, line: 1, column: 1))
        s.slos = slos.map { slo($0.0, $0.1, window: window, file: file) }
        return s
    }

    static let catalog: [ServiceSpec] = [
        service("payment-api", team: "payments", tier: .critical, slos: [("availability", "99.95"), ("authorise-latency", "99.0")]),
        service("checkout-svc", team: "orders", tier: .critical, slos: [("availability", "99.95"), ("latency", "99.9")]),
        service("order-worker", team: "orders", tier: .high, type: .worker, slos: [("availability", "99.9")]),
        service("fraud-scorer", team: "payments", tier: .high, slos: [("availability", "99.9")]),
        service("ledger-writer", team: "payments", tier: .critical, slos: [("availability", "99.99")]),
        service("subscription-billing", team: "billing", tier: .standard, slos: [("availability", "99.5")]),
        service("mobile-bff", team: "mobile", tier: .high, slos: [("availability", "99.9"), ("latency", "99.0")]),
        service("web-storefront", team: "storefront", tier: .critical, slos: [("availability", "99.95")]),
        service("search-api", team: "discovery", tier: .standard, slos: [("availability", "99.9"), ("latency", "99.0")]),
        service("docs-search", team: "discovery", tier: .low, slos: [("availability", "99.5")], window: .days(28)),
        service("inventory-svc", team: "storefront", tier: .high, slos: [("availability", "99.9")]),
        service("notification-worker", team: "platform", tier: .standard, type: .worker, slos: [("delivery", "99.0")], window: .days(7)),
    ]

    static let world = DemoWorld(services: catalog)

    /// `count` services of 3 SLOs each, named like a large estate (benchmarks use 10,000).
    static func synthetic(_ count: Int) -> [ServiceSpec] {
        let tiers: [Tier] = [.critical, .high, .standard, .low]
        return (0..<count).map { i in
            service("svc-\(i)", team: "team-\(i % 97)", tier: tiers[i % 4],
                    slos: [("availability", "99.9"), ("latency", "99.0"), ("freshness", "99.5")])
        }
    }

    static func key(_ service: String, _ slo: String) -> SLOKey { SLOKey(service: service, slo: slo) }

    /// All SLO keys with a profile, in a stable order.
    static func keys(_ profile: DemoProfile, in world: DemoWorld = world) -> [SLOKey] {
        world.profiles.filter { $0.value == profile }.map(\.key).sorted()
    }
}

/// drift.md §2.4, pattern and slope only: enough to prove the demo world shows each trend pattern. The real
/// engine lives elsewhere; this copy keeps the demo tests independent of it.
enum DemoTrend {
    struct Analysis {
        var pattern: String
        var slopePerWeek: Double
        var rSquared: Double
        var variance: Double
    }

    static func analyse(_ samples: [Sample], stepThreshold: Double = 0.05, detectSeasonal: Bool = false) -> Analysis {
        let t0 = samples[0].time
        let ts = samples.map { $0.time.timeIntervalSince(t0) }, vs = samples.map(\.value)
        let n = Double(samples.count)
        let tMean = ts.reduce(0, +) / n, vMean = vs.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (t, v) in zip(ts, vs) { sxy += (t - tMean) * (v - vMean); sxx += (t - tMean) * (t - tMean) }
        let b = sxx > 0 ? sxy / sxx : 0, a = vMean - b * tMean
        var ssRes = 0.0, ssTot = 0.0
        for (t, v) in zip(ts, vs) { ssRes += pow(v - (a + b * t), 2); ssTot += pow(v - vMean, 2) }
        let r2 = ssTot > 0 ? 1 - ssRes / ssTot : 1
        let variance = ssTot / n
        let perWeek = b * 604_800
        func result(_ p: String) -> Analysis { Analysis(pattern: p, slopePerWeek: perWeek, rSquared: r2, variance: variance) }

        for i in 1..<samples.count where samples[i].time.timeIntervalSince(samples[i - 1].time) < 129_600 {
            let d = vs[i] - vs[i - 1]
            if d < -stepThreshold { return result("step_change_down") }
            if d > stepThreshold { return result("step_change_up") }
        }
        let span = samples.last!.time.timeIntervalSince(t0)
        if detectSeasonal, span >= 14 * 86_400, samples.count >= 336 {
            var groups = [[Double]](repeating: [], count: 7)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            for (s, t) in zip(samples, ts) {
                groups[calendar.component(.weekday, from: s.time) - 1].append(s.value - (a + b * t))
            }
            if groups.allSatisfy({ $0.count >= 24 }) {
                let means = groups.map { $0.reduce(0, +) / Double($0.count) }
                let grand = means.reduce(0, +) / 7
                let between = means.map { pow($0 - grand, 2) }.reduce(0, +) / 7
                let within = zip(groups, means).map { g, m in g.map { pow($0 - m, 2) }.reduce(0, +) / Double(g.count) }
                    .reduce(0, +) / 7
                if between > 2 * within { return result("seasonal") }
            }
        }
        if r2 < 0.3, variance > 0.01 { return result("volatile") }
        if abs(perWeek) < 0.001 { return result("stable") }
        return result(b < 0 ? "gradual_decline" : "gradual_improvement")
    }
}

@Suite("Demo test support")
struct DemoSupportTests {
    /// drift.md §2.4's checkout-svc example: 720 hourly points 0.80 → 0.50 → −0.07/week, r² 1, gradual_decline.
    @Test func trendHelperMatchesTheReferenceExample() {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let samples = (0..<720).map { i in
            Sample(time: start.addingTimeInterval(Double(i) * 3600), value: 0.80 - 0.30 * Double(i) / 719)
        }
        let a = DemoTrend.analyse(samples)
        #expect(a.pattern == "gradual_decline")
        #expect(abs(a.slopePerWeek - -0.0701) < 0.001)
        #expect(abs(a.rSquared - 1) < 1e-9)
        var stepped = samples
        stepped[400].value -= 0.08
        for i in 401..<720 { stepped[i].value -= 0.08 }
        #expect(DemoTrend.analyse(stepped).pattern == "step_change_down")
    }

    @Test func fixtureCoversEveryProfile() {
        let present = Set(DemoFixture.world.profiles.values)
        #expect(present == Set(DemoProfile.allCases))
    }
}
