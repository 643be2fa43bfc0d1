import Foundation
import NthLayerCore

/// The demo world as PagerDuty: the on-call person per service from its team's rota. Every fourth fetch fails
/// with a simulated 503 by default, so the explorer's error and stale states are always on show.
public struct DemoOnCallSource: OnCallSource {
    public let id = "demo-pagerduty"
    public let refreshInterval: TimeInterval = 30
    public let rota: DemoRota
    public let clock: DemoClock
    private let injector: DemoFaultInjector

    public init(world: DemoWorld, clock: DemoClock = .identity, faults: DemoFaults = DemoFaults(failEvery: 4)) {
        self.rota = DemoRota(services: world.services, seed: world.seed)
        self.clock = clock
        self.injector = DemoFaultInjector(faults)
    }

    public var faults: DemoFaults { injector.faults }
    public var fetchCount: Int { injector.fetchCount }

    public func fetchOnCall(services: [ServiceSpec], at now: Date) throws -> [String: OnCallInfo] {
        try injector.begin(provider: id)
        let simNow = clock.simulationTime(at: now)
        var result: [String: OnCallInfo] = [:]
        for service in services {
            guard let shift = rota.onCall(team: service.team, at: simNow) else { continue }
            let policy = service.ownership.pagerDuty?.escalationPolicy ?? "\(service.team)-primary"
            result[service.name] = OnCallInfo(service: service.name, person: shift.person, escalationPolicy: policy,
                                              until: clock.wallTime(forSimulation: shift.until))
        }
        return result
    }
}
