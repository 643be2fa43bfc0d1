import Foundation
import NthLayerCore
@testable import Explorer

/// A fixed world for reducer and render tests: 31 synthetic services, telemetry fetched once at a
/// fixed instant, so goldens never move when the demo world's story changes.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_767_268_800) // 2026-01-01T12:00:00Z
    static let world = SyntheticWorld(count: 31)

    static func sources() -> [(id: String, kind: SourceKind, interval: TimeInterval)] {
        [("metrics", .telemetry, 5), ("pager", .onCall, 30)]
    }

    /// A state with both sources answered at `now`.
    static func loaded(size: TermSize = TermSize(cols: 120, rows: 40), revision: Int = 0) -> ExplorerState {
        var s = ExplorerState(services: world.services, worldLabel: "fixture", sources: sources(), now: now, size: size,
                              themeNames: ThemeCatalog.builtin.names)
        _ = Reducer.reduce(&s, .tick(now))
        deliverTelemetry(&s, revision: revision)
        let onCall = Dictionary(uniqueKeysWithValues: world.services.prefix(5).map {
            ($0.name, OnCallInfo(service: $0.name, person: "Pager \($0.team)"))
        })
        _ = Reducer.reduce(&s, .onCall(SourceResult(sourceID: "pager", generation: s.generation, attemptedAt: now,
                                                    finishedAt: now, outcome: .success(onCall))))
        return s
    }

    static func deliverTelemetry(_ s: inout ExplorerState, revision: Int, at time: Date? = nil) {
        let t = time ?? s.now
        _ = Reducer.reduce(&s, .telemetry(SourceResult(sourceID: "metrics", generation: s.generation, attemptedAt: t,
                                                       finishedAt: t, outcome: .success(world.snapshot(at: now, revision: revision)))))
    }

    static func reduce(_ s: inout ExplorerState, _ keys: Key...) {
        for k in keys { _ = Reducer.reduce(&s, .key(k)) }
    }

    static func type(_ s: inout ExplorerState, _ text: String) {
        for c in text { _ = Reducer.reduce(&s, .key(.char(c))) }
    }
}
