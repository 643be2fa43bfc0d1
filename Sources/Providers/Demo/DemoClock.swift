import Foundation

/// Maps the time a caller passes (usually the wall clock) to simulation time by a fixed offset.
///
/// The demo world's story is pinned to `DemoWorld.present` (the step change 9 days ago, the burn in the last
/// hour). A session that starts at any real date should open on that story and then watch it unfold in real
/// time: the explorer creates `DemoClock(simulating: world.present, at: launchDate)` once and the demo sources
/// translate every `now` through it, returning timestamps back on the caller's clock. Tests use `.identity`
/// and pass simulation times directly. The model itself never reads `Date()`.
public struct DemoClock: Sendable, Hashable {
    /// Simulation time minus caller time, whole seconds (so hourly grids line up on both clocks).
    public var offset: TimeInterval

    public init(offset: TimeInterval) { self.offset = offset.rounded() }

    /// A clock on which caller time `wallStart` is simulation time `simStart`.
    public init(simulating simStart: Date, at wallStart: Date) {
        self.init(offset: simStart.timeIntervalSince(wallStart))
    }

    /// Caller time is simulation time.
    public static let identity = DemoClock(offset: 0)

    public func simulationTime(at wall: Date) -> Date { wall.addingTimeInterval(offset) }
    public func wallTime(forSimulation simulation: Date) -> Date { simulation.addingTimeInterval(-offset) }
}
