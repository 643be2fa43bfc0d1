import Foundation
import Testing
import NthLayerCore
@testable import Providers

@Suite("Demo sources: telemetry, on-call, dashboards, faults")
struct DemoSourcesTests {
    let world = DemoFixture.world
    var present: Date { world.present }

    @Test func telemetrySourceIdentity() throws {
        let source = DemoTelemetrySource(world: world)
        #expect(source.id == "demo-prometheus")
        #expect(source.refreshInterval == 5)
        let snapshot = try source.fetch(services: DemoFixture.catalog, at: present)
        #expect(snapshot.statuses.count == DemoFixture.catalog.reduce(0) { $0 + $1.slos.count })
        #expect(source.fetchCount == 1)
    }

    @Test func onCallFollowsTheTeamRota() throws {
        let source = DemoOnCallSource(world: world, faults: .none)
        #expect(source.id == "demo-pagerduty")
        #expect(source.refreshInterval == 30)
        let now = try source.fetchOnCall(services: DemoFixture.catalog, at: present)
        #expect(Set(now.keys) == Set(DemoFixture.catalog.map(\.name)))
        // Same team, same person; the rota is the team's.
        #expect(now["payment-api"]?.person == now["fraud-scorer"]?.person)
        let payments = try #require(source.rota.rotas["payments"])
        #expect((4...5).contains(payments.count))
        #expect(payments.contains(try #require(now["payment-api"]?.person)))
        // Shifts end on a Monday 09:00 UTC within a week; the next shift is the next person.
        let until = try #require(now["payment-api"]?.until)
        #expect(until > present && until.timeIntervalSince(present) <= 7 * 86_400)
        #expect(Int(until.timeIntervalSince(DemoRota.firstHandover)) % (7 * 86_400) == 0)
        let next = try source.fetchOnCall(services: DemoFixture.catalog, at: until)
        let index = try #require(payments.firstIndex(of: now["payment-api"]!.person))
        #expect(next["payment-api"]?.person == payments[(index + 1) % payments.count])
        // Teams do not share people (the pool is large enough for this catalog).
        let everyone = source.rota.rotas.values.flatMap { $0 }
        #expect(Set(everyone).count == everyone.count)
        #expect(now["payment-api"]?.escalationPolicy == "payments-primary")
    }

    @Test func onCallIsDeterministic() throws {
        let a = try DemoOnCallSource(world: world, faults: .none).fetchOnCall(services: DemoFixture.catalog, at: present)
        let b = try DemoOnCallSource(world: DemoWorld(services: DemoFixture.catalog), faults: .none)
            .fetchOnCall(services: DemoFixture.catalog, at: present)
        #expect(a == b)
    }

    /// By default every fourth fetch fails with a simulated 503, and the next one works again.
    @Test func onCallFailsEveryFourthFetch() {
        let source = DemoOnCallSource(world: world)
        var outcomes: [Bool] = []
        for i in 0..<8 {
            do {
                _ = try source.fetchOnCall(services: DemoFixture.catalog, at: present.addingTimeInterval(Double(i) * 30))
                outcomes.append(true)
            } catch let error as ProviderError {
                #expect(error == ProviderError(provider: "demo-pagerduty", message: "HTTP 503 Service Unavailable (simulated)"))
                outcomes.append(false)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(outcomes == [true, true, true, false, true, true, true, false])
        #expect(source.fetchCount == 8)
    }

    @Test func failEveryAppliesToAnySource() {
        let source = DemoTelemetrySource(world: world, faults: DemoFaults(failEvery: 2, failureMessage: "timeout (simulated)"))
        #expect((try? source.fetch(services: DemoFixture.catalog, at: present)) != nil)
        #expect(throws: ProviderError(provider: "demo-prometheus", message: "timeout (simulated)")) {
            try source.fetch(services: DemoFixture.catalog, at: present)
        }
    }

    /// A hung source blocks only its own caller: another source answers at once meanwhile, and the hung fetch
    /// does return after its hang (the explorer shows it stale in between).
    @Test func hangBlocksOnlyTheHungFetch() async throws {
        let hung = DemoTelemetrySource(world: world, faults: DemoFaults(hangSeconds: 1.5))
        let healthy = DemoOnCallSource(world: world, faults: .none)
        let clock = ContinuousClock()
        let start = clock.now
        let services = DemoFixture.catalog
        let at = present
        // A dispatch queue, not a task: a blocking call must not sit on the small cooperative pool.
        async let pending: TelemetrySnapshot = withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try hung.fetch(services: services, at: at) }) }
        }
        try await Task.sleep(for: .milliseconds(100))
        let quick = clock.measure { _ = try? healthy.fetchOnCall(services: services, at: at) }
        #expect(quick < .milliseconds(500))
        #expect(hung.fetchCount == 1)
        let snapshot = try await pending
        #expect(clock.now - start >= .seconds(1.5))
        #expect(!snapshot.statuses.isEmpty)
    }

    @Test func hangEveryMakesOnlySomeFetchesSlow() throws {
        let source = DemoTelemetrySource(world: world, faults: DemoFaults(hangSeconds: 0.4, hangEvery: 2))
        let clock = ContinuousClock()
        let first = try clock.measure { _ = try source.fetch(services: DemoFixture.catalog, at: present) }
        let second = try clock.measure { _ = try source.fetch(services: DemoFixture.catalog, at: present) }
        #expect(first < .milliseconds(350))
        #expect(second >= .milliseconds(400))
    }

    @Test func dashboardsAreTheSlowSource() throws {
        let source = DemoDashboardSource(world: world, faults: DemoFaults(hangSeconds: 0.2, hangEvery: 2))
        #expect(source.id == "demo-grafana")
        #expect(DemoDashboardSource(world: world).faults == DemoFaults(hangSeconds: 4, hangEvery: 2))
        let boards = try source.fetchDashboards(services: DemoFixture.catalog, at: present)
        #expect(Set(boards.keys) == Set(DemoFixture.catalog.map(\.name)))
        let checkout = try #require(boards["checkout-svc"])
        #expect(checkout.state == .drifted && checkout.note != nil)
        #expect(checkout.uid == "nthlayer-checkout-svc")
        for board in boards.values where board.state == .missing {
            #expect(board.version == 0 && board.panelCount == 0 && board.updatedAt == nil)
        }
        let again = try DemoDashboardSource(world: world, faults: .none).fetchDashboards(services: DemoFixture.catalog, at: present)
        #expect(again == boards)
    }

    /// Across a realistic estate every dashboard state shows up.
    @Test func dashboardStatesAllAppear() throws {
        let services = DemoFixture.synthetic(60)
        let boards = try DemoDashboardSource(world: DemoWorld(services: services), faults: .none)
            .fetchDashboards(services: services, at: present)
        #expect(Set(boards.values.map(\.state)) == [.current, .drifted, .missing])
    }
}
