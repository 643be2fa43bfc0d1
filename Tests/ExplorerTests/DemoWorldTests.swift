import Foundation
import Testing
import NthLayerCore
@testable import Providers

@Suite("Demo world: determinism, counters, histories")
struct DemoWorldTests {
    let world = DemoFixture.world
    var present: Date { world.present }

    @Test func epochAndPresentAreFixed() {
        #expect(DemoWorld.defaultEpoch == ISO8601DateFormatter().date(from: "2025-10-03T00:00:00Z"))
        #expect(world.present == ISO8601DateFormatter().date(from: "2026-01-01T00:00:00Z"))
    }

    @Test func sameSeedAndTimeGiveTheSameSnapshot() {
        let other = DemoWorld(services: DemoFixture.catalog, seed: 42)
        let at = present.addingTimeInterval(-12_345)
        let a = world.snapshot(services: DemoFixture.catalog, at: at)
        let b = other.snapshot(services: DemoFixture.catalog, at: at)
        #expect(a.statuses == b.statuses)
        #expect(a.budgetHistory == b.budgetHistory)
        #expect(a.errorRatioHistory == b.errorRatioHistory)
        #expect(a.fetchedAt == at)
    }

    @Test func anotherSeedGivesAnotherWorld() {
        let other = DemoWorld(services: DemoFixture.catalog, seed: 7)
        let key = DemoFixture.key("web-storefront", "availability")
        #expect(world.counters(for: key, at: present) != other.counters(for: key, at: present))
    }

    @Test func countersStartAtZeroAndNeverDecrease() throws {
        for key in world.profiles.keys {
            #expect(world.counters(for: key, at: world.epoch) == DemoCounters(requests: 0, bad: 0))
            #expect(world.counters(for: key, at: world.epoch.addingTimeInterval(-3600)) == DemoCounters(requests: 0, bad: 0))
            var last = DemoCounters(requests: 0, bad: 0)
            for minute in stride(from: 0.0, through: Double(DemoWorld.historyDays + 2) * 1440, by: 97) {
                let c = try #require(world.counters(for: key, at: world.epoch.addingTimeInterval(minute * 60)))
                #expect(c.requests >= last.requests && c.bad >= last.bad - 1e-6, "\(key) at minute \(minute)")
                #expect(c.bad <= c.requests)
                last = c
            }
        }
    }

    /// The period ratio is Δbad/Δrequests of the counters; summing hourly increments must give the same number,
    /// and every alert window must agree with the counters, or a Prometheus fed by `demo export` would disagree.
    @Test func ratiosAreConsistentWithTheCounters() throws {
        let now = present.addingTimeInterval(-1234)
        for service in DemoFixture.catalog {
            for slo in service.slos {
                let key = SLOKey(service: service.name, slo: slo.name)
                let status = world.status(service: service.name, slo: slo, at: now)
                let period = try #require(status.periodErrorRatio)
                var requests = 0.0, bad = 0.0
                let hours = slo.window.seconds / 3600
                for h in 0..<hours {
                    let a = try #require(world.counters(for: key, at: now.addingTimeInterval(Double(-(h + 1) * 3600))))
                    let b = try #require(world.counters(for: key, at: now.addingTimeInterval(Double(-h * 3600))))
                    requests += b.requests - a.requests
                    bad += b.bad - a.bad
                }
                #expect(abs(bad / requests - period) <= 1e-9 * max(period, 1e-6), "\(key)")
                for (window, ratio) in status.windowErrorRatios {
                    let hi = try #require(world.counters(for: key, at: now))
                    let lo = try #require(world.counters(for: key, at: now.addingTimeInterval(-Double(window.seconds))))
                    #expect(abs((hi.bad - lo.bad) / (hi.requests - lo.requests) - ratio) <= 1e-9 * max(ratio, 1e-6))
                }
                #expect(Set(status.windowErrorRatios.keys) == Set(DemoWorld.alertWindows))
            }
        }
    }

    @Test func budgetHistoryEndsAtTheCurrentBudget() throws {
        for key in world.profiles.keys {
            let status = try #require(world.status(for: key, at: present))
            let history = world.budgetHistory(for: key, at: present)
            let slo = try #require(DemoFixture.catalog.first { $0.name == key.service }?.slo(named: key.slo))
            #expect(history.count == slo.window.seconds / 3600)
            #expect(history.last?.time == present)
            #expect(abs(history.last!.value - status.remainingFraction!) < 1e-12)
            #expect(zip(history, history.dropFirst()).allSatisfy { $1.time.timeIntervalSince($0.time) == 3600 })
        }
    }

    @Test func thirtyFiveDaysOfBudgetHistoryAreAvailable() {
        let key = DemoFixture.key("checkout-svc", "availability")
        let history = world.budgetHistory(for: key, span: .days(35), at: present)
        #expect(history.count == 35 * 24)
        // 60 days back is still a full window after the epoch; before the epoch there is nothing.
        #expect(world.budgetHistory(for: key, span: .days(60), at: present).count == 60 * 24)
        #expect(world.budgetHistory(for: key, span: .days(120), at: present).count == 90 * 24)
    }

    @Test func nothingBeforeTheEpoch() {
        let slo = DemoFixture.catalog[0].slos[0]
        let status = world.status(service: "payment-api", slo: slo, at: world.epoch.addingTimeInterval(-60))
        #expect(status.periodErrorRatio == nil)
        #expect(status.windowErrorRatios.isEmpty)
        #expect(status.status == .noData)
    }

    @Test func snapshotCoversEverySLOWithBoundedHistory() {
        let snapshot = world.snapshot(services: DemoFixture.catalog, at: present)
        let keys = Set(DemoFixture.catalog.flatMap { s in s.slos.map { SLOKey(service: s.name, slo: $0.name) } })
        #expect(Set(snapshot.statuses.keys) == keys)
        #expect(Set(snapshot.budgetHistory.keys) == keys)
        #expect(Set(snapshot.errorRatioHistory.keys) == keys)
        #expect(snapshot.errorRatioHistory.values.allSatisfy { $0.count <= 720 && !$0.isEmpty })
        let ninety = DemoFixture.service("long-window", team: "x", tier: .low, slos: [("availability", "99.5")], window: .days(90))
        let long = world.snapshot(services: [ninety], at: present)
        #expect(long.errorRatioHistory.values.first?.count == 720)
    }

    @Test func servicesOutsideTheCatalogStillGetTelemetry() {
        let stranger = DemoFixture.service("stranger", team: "nobody", tier: .standard, slos: [("availability", "99.9")])
        let snapshot = world.snapshot(services: [stranger], at: present)
        #expect(snapshot.statuses[DemoFixture.key("stranger", "availability")]?.periodErrorRatio != nil)
    }

    /// An overlay may change the objective; the traffic (error ratios) stays, only the budget maths moves.
    @Test func objectiveFromTheCallerTrafficFromTheWorld() throws {
        var service = DemoFixture.catalog[0]
        service.slos[0].objective = Decimal(string: "99.9")!
        let a = try #require(world.status(for: DemoFixture.key("payment-api", "availability"), at: present))
        let b = world.status(service: service.name, slo: service.slos[0], at: present)
        #expect(a.periodErrorRatio == b.periodErrorRatio)
        #expect(b.objective == Decimal(string: "99.9")!)
    }

    /// Through a clock the story is at its present whatever the wall date, and times come back on the wall clock.
    @Test func clockPinsTheStoryAndReturnsWallTimes() throws {
        let wall = ISO8601DateFormatter().date(from: "2027-03-14T15:09:26Z")!
        let clock = DemoClock(simulating: present, at: wall)
        let viaClock = world.snapshot(services: DemoFixture.catalog, at: wall, clock: clock)
        let direct = world.snapshot(services: DemoFixture.catalog, at: present)
        #expect(viaClock.statuses == direct.statuses)
        #expect(viaClock.fetchedAt == wall)
        let key = DemoFixture.key("checkout-svc", "latency")
        #expect(viaClock.budgetHistory[key]?.last?.time == wall)
        #expect(viaClock.budgetHistory[key]?.map(\.value) == direct.budgetHistory[key]?.map(\.value))
        #expect(clock.simulationTime(at: wall.addingTimeInterval(60)) == present.addingTimeInterval(60))
    }

    @Test func largeCatalogsWidenTheHistoryStep() {
        let services = DemoFixture.synthetic(400)
        let world = DemoWorld(services: services)
        let options = DemoTelemetryOptions(maxSamplesPerFetch: 100_000)
        let snapshot = world.snapshot(services: services, at: world.present, options: options)
        let total = snapshot.budgetHistory.values.reduce(0) { $0 + $1.count } + snapshot.errorRatioHistory.values.reduce(0) { $0 + $1.count }
        #expect(total <= 100_000)
        #expect(snapshot.statuses.count == 1200)
    }

    @Test func fetchIsFast() {
        let clock = ContinuousClock()
        var snapshot: TelemetrySnapshot?
        let elapsed = clock.measure { snapshot = world.snapshot(services: DemoFixture.catalog, at: present) }
        #expect(snapshot?.statuses.count == DemoFixture.catalog.reduce(0) { $0 + $1.slos.count })
        // 50 ms is the release target for 30 services; debug builds and a shared machine get headroom.
        #expect(elapsed < .milliseconds(500), "\(elapsed)")
    }
}
