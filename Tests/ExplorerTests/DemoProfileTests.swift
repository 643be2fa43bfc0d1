import Foundation
import Testing
import NthLayerCore
@testable import Providers

@Suite("Demo world: profiles and their signatures")
struct DemoProfileTests {
    let world = DemoFixture.world
    var present: Date { world.present }
    let day: TimeInterval = 86_400

    func status(_ key: SLOKey, at time: Date? = nil) throws -> SLOStatus {
        try #require(world.status(for: key, at: time ?? present))
    }

    @Test func overridesGiveTheFamousServicesTheirStories() {
        #expect(world.profile(for: DemoFixture.key("payment-api", "availability")) == .stepChange)
        #expect(world.profile(for: DemoFixture.key("payment-api", "authorise-latency")) == .seasonal)
        #expect(world.profile(for: DemoFixture.key("checkout-svc", "availability")) == .gradualDecline)
        #expect(world.profile(for: DemoFixture.key("checkout-svc", "latency")) == .fastBurn)
    }

    @Test func assignmentIsAPureFunctionOfCatalogAndSeed() {
        #expect(DemoWorld(services: DemoFixture.catalog).profiles == world.profiles)
        #expect(DemoWorld(services: DemoFixture.catalog.reversed()).profiles == world.profiles)
    }

    @Test func everyProfileAppearsInLargeAndSmallCatalogs() {
        let big = DemoWorld(services: DemoFixture.synthetic(300))
        #expect(Set(big.profiles.values) == Set(DemoProfile.allCases))
        // Eight plain SLOs: coverage forces one of each.
        let eight = DemoWorld(services: (0..<8).map {
            DemoFixture.service("tiny-\($0)", team: "t", tier: .standard, slos: [("availability", "99.9")])
        })
        #expect(Set(eight.profiles.values) == Set(DemoProfile.allCases))
    }

    /// No SLO gets a story its objective and window cannot show (a loose objective cannot step in an hour).
    @Test func profilesFitTheirSLOs() {
        let loose = DemoFixture.service("loose", team: "t", tier: .low, slos: [("a", "95"), ("b", "90"), ("c", "97")])
        let weekly = DemoFixture.service("weekly", team: "t", tier: .low, slos: [("a", "99.9"), ("b", "99.5")], window: .days(28))
        let services = DemoFixture.catalog + DemoFixture.synthetic(200) + [loose, weekly]
        let world = DemoWorld(services: services)
        for service in services {
            for slo in service.slos {
                let profile = world.profile(for: SLOKey(service: service.name, slo: slo.name))!
                #expect(profile.fits(allowed: slo.budgetRatio.doubleValue, window: slo.window), "\(service.name)/\(slo.name) \(profile)")
            }
        }
        #expect(!DemoProfile.stepChange.fits(allowed: 0.05, window: .days(30)))
        #expect(!DemoProfile.seasonal.fits(allowed: 0.001, window: .days(28)))
        #expect(DemoProfile.seasonal.fits(allowed: 0.001, window: .days(30)))
    }

    @Test func stableStaysHealthy() throws {
        for key in DemoFixture.keys(.stable) {
            let s = try status(key)
            #expect(s.status == .healthy, "\(key)")
            #expect(try #require(s.remainingFraction) > 0.6)
            #expect(try #require(s.fastestBurn) < 1)
        }
    }

    @Test func exhaustedIsBelowZero() throws {
        let keys = DemoFixture.keys(.exhausted)
        #expect(!keys.isEmpty)
        for key in keys {
            let s = try status(key)
            #expect(try #require(s.remainingFraction) < 0, "\(key)")
            #expect(s.status == .exhausted)
        }
    }

    /// The error ratio jumps 9½ days ago and the budget drops more than the 5 % step threshold in one hour.
    @Test func stepChangeJumps() throws {
        for key in DemoFixture.keys(.stepChange) {
            let step = present.addingTimeInterval(-10 * day + 10 * 3600)
            let before = try #require(world.errorRatio(for: key, from: step.addingTimeInterval(-2 * day), to: step))
            let after = try #require(world.errorRatio(for: key, from: step.addingTimeInterval(day), to: step.addingTimeInterval(3 * day)))
            #expect(after > 3 * before, "\(key): \(before) → \(after)")
            let history = world.budgetHistory(for: key, at: present)
            let drops = zip(history, history.dropFirst()).map { $0.value - $1.value }
            #expect(try #require(drops.max()) > 0.05)
        }
    }

    @Test func fastBurnPagesNow() throws {
        for key in DemoFixture.keys(.fastBurn) {
            let s = try status(key)
            #expect(try #require(s.burnRate(.hours(1))) > 14.4, "\(key)")
            #expect(try #require(s.burnRate(.minutes(5))) > 14.4)
            // Two hours earlier nothing was burning.
            #expect(try #require(try status(key, at: present.addingTimeInterval(-2 * 3600)).burnRate(.hours(1))) < 1)
        }
    }

    @Test func recoveringIsFineNowButWasNot() throws {
        for key in DemoFixture.keys(.recovering) {
            let now = try status(key)
            for w in [Window.hours(1), .days(1), .days(3)] { #expect(try #require(now.burnRate(w)) < 1, "\(key) \(w)") }
            let then = try status(key, at: present.addingTimeInterval(-35 * day))
            #expect(try #require(then.burnRate(.days(3))) > 1)
            #expect(try #require(then.remainingFraction) < (try #require(now.remainingFraction)))
        }
    }

    @Test func gradualDeclineSlidesHalfToOnePercentAWeek() throws {
        for key in DemoFixture.keys(.gradualDecline) {
            let a = DemoTrend.analyse(world.budgetHistory(for: key, at: present))
            #expect(a.slopePerWeek < -0.004 && a.slopePerWeek > -0.011, "\(key): \(a.slopePerWeek)")
            #expect(a.rSquared > 0.9)
        }
    }

    /// Every profile shows its drift.md trend pattern on 30 days of hourly budget — what trend drift reads with
    /// tier defaults — whatever the SLO's own window.
    @Test(arguments: DemoProfile.allCases)
    func trendPatternShows(_ profile: DemoProfile) throws {
        let keys = DemoFixture.keys(profile)
        #expect(!keys.isEmpty)
        for key in keys {
            let a = DemoTrend.analyse(world.budgetHistory(for: key, span: .days(30), at: present), detectSeasonal: true)
            #expect(a.pattern == profile.expectedTrendPattern, "\(key): \(a)")
        }
    }

    /// The same holds for synthetic estates (other seeds' phases and variations), not just the fixture.
    @Test func trendPatternsHoldAcrossASyntheticEstate() {
        let services = DemoFixture.synthetic(120)
        let world = DemoWorld(services: services, seed: 2026)
        var misses: [String] = []
        for (key, profile) in world.profiles {
            let a = DemoTrend.analyse(world.budgetHistory(for: key, span: .days(30), at: world.present), detectSeasonal: true)
            if a.pattern != profile.expectedTrendPattern { misses.append("\(key) \(profile): \(a)") }
        }
        #expect(misses.isEmpty, "\(misses.joined(separator: "\n"))")
    }
}
