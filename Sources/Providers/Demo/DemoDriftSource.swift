import Foundation
import NthLayerCore

/// The demo world's drift as an explorer background source: configuration drift of the services against
/// `DemoDeployedState` (the hand edits of every drift kind) and trend drift over the world's budget history,
/// evaluated at the caller's time translated through `clock` (so it opens on the same story as the demo
/// telemetry). Deterministic apart from the clock; `faults` lets tests make it hang or fail.
public struct DemoDriftSource: DriftSource {
    public let id = "demo-drift"
    public let refreshInterval: TimeInterval
    public let world: DemoWorld
    public let clock: DemoClock
    private let deployed: DemoDeployedState
    private let injector: DemoFaultInjector

    public init(world: DemoWorld, clock: DemoClock = .identity, refreshInterval: TimeInterval = 60, faults: DemoFaults = .none) {
        self.world = world; self.clock = clock; self.refreshInterval = refreshInterval
        self.deployed = DemoDeployedState(world: world)
        self.injector = DemoFaultInjector(faults)
    }

    public func fetchDrift(services: [ServiceSpec], at now: Date) throws -> DriftReport {
        try injector.begin(provider: id)
        return deployed.driftReport(at: clock.simulationTime(at: now), services: services)
    }
}
