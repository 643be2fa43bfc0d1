import Dispatch
import Foundation
import NthLayerCore

/// Runs source fetches off the UI thread: one serial Dispatch queue per source, so a hanging
/// source blocks only itself. Results are handed back as immutable `Event`s tagged with the
/// generation that asked; the reducer decides what to keep. Skip-if-busy and backoff are the
/// reducer's (see `Reducer.dueFetches`), so this class holds no scheduling state at all.
public final class BackgroundSources: Sendable {
    public struct Entry: Sendable {
        public let id: String
        public let kind: SourceKind
        public let interval: TimeInterval
        let fetch: @Sendable ([ServiceSpec], Date, Int) -> Event
    }

    public let entries: [Entry]
    private let queues: [String: DispatchQueue]
    private let clock: @Sendable () -> Date

    public init(telemetry: [any TelemetrySource], onCall: [any OnCallSource], drift: [any DriftSource] = [],
                refreshOverride: TimeInterval? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        var entries: [Entry] = []
        // `--refresh` sets the pace of telemetry. Drift and on-call are whole evaluations against several
        // providers; the override may slow them down but never runs them faster than their own interval.
        func slow(_ own: TimeInterval) -> TimeInterval { max(own, refreshOverride ?? 0) }
        for source in telemetry {
            entries.append(Entry(id: source.id, kind: .telemetry, interval: refreshOverride ?? source.refreshInterval) { services, now, gen in
                let outcome = Result { try source.fetch(services: services, at: now) }.mapError(ProviderFailure.init)
                // The per-service figures are worked out here, on the source's queue, not on the UI thread.
                let digest = (try? outcome.get()).map { TelemetryDigest(services: services, snapshot: $0) }
                return .telemetry(SourceResult(sourceID: source.id, generation: gen, attemptedAt: now, finishedAt: clock(),
                                               outcome: outcome), digest: digest)
            })
        }
        for source in onCall {
            entries.append(Entry(id: source.id, kind: .onCall, interval: slow(source.refreshInterval)) { services, now, gen in
                let outcome = Result { try source.fetchOnCall(services: services, at: now) }.mapError(ProviderFailure.init)
                return .onCall(SourceResult(sourceID: source.id, generation: gen, attemptedAt: now, finishedAt: clock(), outcome: outcome))
            })
        }
        for source in drift {
            entries.append(Entry(id: source.id, kind: .drift, interval: slow(source.refreshInterval)) { services, now, gen in
                // Grouped and ordered here, on the source's queue, not on the UI thread.
                let outcome = Result { DriftSnapshot(report: try source.fetchDrift(services: services, at: now)) }
                    .mapError(ProviderFailure.init)
                return .drift(SourceResult(sourceID: source.id, generation: gen, attemptedAt: now, finishedAt: clock(), outcome: outcome))
            })
        }
        self.entries = entries
        self.clock = clock
        queues = Dictionary(entries.map { ($0.id, DispatchQueue(label: "nthlayer.source.\($0.id)", qos: .utility)) },
                            uniquingKeysWith: { a, _ in a })
    }

    /// The source list for `ExplorerState.init`.
    public var descriptors: [(id: String, kind: SourceKind, interval: TimeInterval)] {
        entries.map { (id: $0.id, kind: $0.kind, interval: $0.interval) }
    }

    /// Starts one fetch on the source's own queue; `deliver` is called on that queue with the result.
    public func fetch(_ id: String, generation: Int, services: [ServiceSpec], deliver: @escaping @Sendable (Event) -> Void) {
        guard let entry = entries.first(where: { $0.id == id }), let queue = queues[id] else { return }
        let now = clock()
        queue.async { deliver(entry.fetch(services, now, generation)) }
    }

    /// Fetches every source once, synchronously (screenshots and benchmarks: no terminal, no waiting UI).
    public func fetchAllNow(services: [ServiceSpec], generation: Int) -> [Event] {
        entries.map { $0.fetch(services, clock(), generation) }
    }
}
