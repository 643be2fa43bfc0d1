import Foundation
import NthLayerCore

/// How much history a demo telemetry fetch returns.
public struct DemoTelemetryOptions: Sendable, Hashable {
    /// Span of `budgetHistory`; nil = each SLO's own window (ask for `.days(35)` or more for drift views).
    public var budgetHistorySpan: Window?
    /// Spacing of history points.
    public var historyStep: Window
    /// `errorRatioHistory` covers the SLO window with at most this many points (the step widens beyond it).
    public var maxErrorRatioPoints: Int
    /// All history samples of one fetch together; past it every step widens by a whole factor. Keeps a fetch over
    /// 10,000 services at a few MB instead of ~700 MB of hourly points the explorer could never draw at once.
    public var maxSamplesPerFetch: Int

    public init(budgetHistorySpan: Window? = nil, historyStep: Window = .hours(1), maxErrorRatioPoints: Int = 720,
                maxSamplesPerFetch: Int = 2_000_000) {
        self.budgetHistorySpan = budgetHistorySpan; self.historyStep = historyStep
        self.maxErrorRatioPoints = maxErrorRatioPoints; self.maxSamplesPerFetch = maxSamplesPerFetch
    }
}

extension DemoWorld {
    /// One telemetry snapshot for `services` at caller time `now` (translated through `clock`; timestamps come
    /// back on the caller's clock). Work is O(SLOs × points) with O(1) per point.
    public func snapshot(services: [ServiceSpec], at now: Date, options: DemoTelemetryOptions = DemoTelemetryOptions(),
                         clock: DemoClock = .identity) -> TelemetrySnapshot {
        let simNow = clock.simulationTime(at: now)
        let baseStep = max(60, options.historyStep.seconds)
        // Error-ratio points cover the window with at most `maxErrorRatioPoints`: a multiple of the step.
        func ratioStep(_ slo: SLOSpec, _ step: Int) -> Int {
            let cap = max(1, options.maxErrorRatioPoints)
            let needed = (slo.window.seconds + cap - 1) / cap
            return max(step, (needed + step - 1) / step * step)
        }
        var planned = 0
        for service in services {
            for slo in service.slos {
                planned += (options.budgetHistorySpan ?? slo.window).seconds / baseStep
                planned += slo.window.seconds / ratioStep(slo, baseStep)
            }
        }
        let cap = max(1, options.maxSamplesPerFetch)
        let factor = planned > cap ? (planned + cap - 1) / cap : 1

        var snapshot = TelemetrySnapshot(fetchedAt: now)
        for service in services {
            for slo in service.slos {
                let key = SLOKey(service: service.name, slo: slo.name)
                let model = self.model(for: key, spec: slo)
                // Widen to a step that divides the window when one is near, so window ends fall on the grid.
                var step = baseStep * factor
                if factor > 1, let divides = (factor...(2 * factor)).first(where: { slo.window.seconds % (baseStep * $0) == 0 }) {
                    step = baseStep * divides
                }
                let plan = DemoSeriesPlan(budgetSpan: options.budgetHistorySpan ?? slo.window, budgetStep: Window(seconds: step),
                                          ratioSpan: slo.window, ratioStep: Window(seconds: ratioStep(slo, step)))
                let series = self.series(model, slo: slo, now: simNow, plan: plan, clock: clock)
                snapshot.statuses[key] = status(model, service: service.name, slo: slo, at: simNow)
                snapshot.budgetHistory[key] = series.budget
                snapshot.errorRatioHistory[key] = series.ratio
            }
        }
        return snapshot
    }
}

/// The demo world as a Prometheus: SLO status and history for every SLO, refreshed every 5 s.
public struct DemoTelemetrySource: TelemetrySource {
    public let id = "demo-prometheus"
    public let refreshInterval: TimeInterval = 5
    public let world: DemoWorld
    public let clock: DemoClock
    public let options: DemoTelemetryOptions
    private let injector: DemoFaultInjector

    /// - Parameter clock: pass `DemoClock(simulating: world.present, at: launchDate)` to open on the story.
    public init(world: DemoWorld, clock: DemoClock = .identity, options: DemoTelemetryOptions = DemoTelemetryOptions(),
                faults: DemoFaults = .none) {
        self.world = world; self.clock = clock; self.options = options
        self.injector = DemoFaultInjector(faults)
    }

    public var faults: DemoFaults { injector.faults }
    /// Fetches started so far (for tests of the fault cadence).
    public var fetchCount: Int { injector.fetchCount }

    public func fetch(services: [ServiceSpec], at now: Date) throws -> TelemetrySnapshot {
        try injector.begin(provider: id)
        return world.snapshot(services: services, at: now, options: options, clock: clock)
    }
}
