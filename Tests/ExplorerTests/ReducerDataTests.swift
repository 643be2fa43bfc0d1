import Foundation
import NthLayerCore
import Testing
@testable import Explorer

/// Background data through the reducer: skip-if-busy, backoff, generations, freeze, staleness,
/// change marks.
@Suite struct ReducerDataTests {
    func fresh() -> ExplorerState {
        ExplorerState(services: Fixture.world.services, worldLabel: "fixture", sources: Fixture.sources(),
                      now: Fixture.now, size: TermSize(cols: 120, rows: 40))
    }

    func result(_ s: ExplorerState, at t: Date, fail: Bool = false, generation: Int? = nil, revision: Int = 0) -> Event {
        .telemetry(SourceResult(sourceID: "metrics", generation: generation ?? s.generation, attemptedAt: t, finishedAt: t,
                                outcome: fail ? .failure(ProviderFailure(message: "HTTP 503")) : .success(Fixture.world.snapshot(at: t, revision: revision))))
    }

    @Test func firstTickFetchesEverySourceOnce() {
        var s = fresh()
        let effects = Reducer.reduce(&s, .tick(Fixture.now))
        #expect(effects == [.fetch(sourceID: "metrics", generation: 1), .fetch(sourceID: "pager", generation: 1)])
        #expect(s.sources.allSatisfy { $0.inFlight })
    }

    @Test func skipIfBusy() {
        var s = fresh()
        _ = Reducer.reduce(&s, .tick(Fixture.now))
        // Later ticks and `r` while in flight start nothing.
        #expect(Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(60))).isEmpty)
        #expect(Reducer.reduce(&s, .key(.char("r"))).isEmpty)
        #expect(s.flash?.text.contains("already refreshing") == true)
    }

    @Test func refreshNowFetchesIdleSourcesAtOnce() {
        var s = fresh()
        _ = Reducer.reduce(&s, .tick(Fixture.now))
        _ = Reducer.reduce(&s, result(s, at: Fixture.now))
        let effects = Reducer.reduce(&s, .key(.char("r")))
        #expect(effects == [.fetch(sourceID: "metrics", generation: 1)])
    }

    @Test func successSchedulesTheNextFetchAfterTheInterval() {
        var s = fresh()
        _ = Reducer.reduce(&s, .tick(Fixture.now))
        _ = Reducer.reduce(&s, result(s, at: Fixture.now))
        #expect(Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(4))).isEmpty)
        #expect(Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(5))) == [.fetch(sourceID: "metrics", generation: 1)])
    }

    @Test func failuresBackOffAndGoDown() {
        var s = fresh()
        var t = Fixture.now
        _ = Reducer.reduce(&s, .tick(t))
        var delays: [TimeInterval] = []
        for _ in 0..<6 {
            _ = Reducer.reduce(&s, result(s, at: t, fail: true))
            let metrics = s.sources[0]
            delays.append(metrics.nextDue.timeIntervalSince(t))
            t = metrics.nextDue
            _ = Reducer.reduce(&s, .tick(t))
        }
        #expect(delays == [5, 10, 20, 40, 60, 60])
        _ = Reducer.reduce(&s, result(s, at: t, fail: true))
        if case .down = s.sources[0].health(now: t, startedAt: s.startedAt) {} else { Issue.record("expected down") }
        // Success resets the backoff.
        _ = Reducer.reduce(&s, .tick(s.sources[0].nextDue))
        _ = Reducer.reduce(&s, result(s, at: s.sources[0].nextDue))
        #expect(s.sources[0].consecutiveFailures == 0 && s.sources[0].lastError == nil)
    }

    @Test func failureKeepsTheLastGoodData() {
        var s = fresh()
        _ = Reducer.reduce(&s, .tick(Fixture.now))
        _ = Reducer.reduce(&s, result(s, at: Fixture.now))
        let before = s.rows
        _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(5)))
        _ = Reducer.reduce(&s, result(s, at: Fixture.now.addingTimeInterval(5), fail: true))
        #expect(s.rows == before)
        if case let .failed(reason, _) = s.sources[0].health(now: s.now, startedAt: s.startedAt) {
            #expect(reason == "HTTP 503")
        } else { Issue.record("expected failed") }
    }

    @Test func olderGenerationIsDropped() {
        var s = fresh()
        _ = Reducer.reduce(&s, .tick(Fixture.now))
        let effects = Reducer.reduce(&s, .replaceServices(Array(Fixture.world.services.prefix(3)), label: "other"))
        #expect(s.generation == 2)
        // The new world is fetched at once, tagged with the new generation.
        #expect(effects == [.fetch(sourceID: "metrics", generation: 2), .fetch(sourceID: "pager", generation: 2)])
        // The old world's answer arrives late: dropped, and the new fetch is still in flight.
        _ = Reducer.reduce(&s, result(s, at: Fixture.now, generation: 1))
        #expect(s.telemetry == nil)
        #expect(s.sources[0].inFlight)
        _ = Reducer.reduce(&s, result(s, at: Fixture.now, generation: 2))
        #expect(s.telemetry != nil)
        #expect(s.rows.count == 3)
    }

    @Test func freezeKeepsFetchingButHoldsSnapshots() {
        var s = fresh()
        _ = Reducer.reduce(&s, .tick(Fixture.now))
        _ = Reducer.reduce(&s, result(s, at: Fixture.now))
        Fixture.reduce(&s, .char("F"))
        #expect(s.frozen)
        let before = s.rows
        let t = Fixture.now.addingTimeInterval(5)
        #expect(Reducer.reduce(&s, .tick(t)) == [.fetch(sourceID: "metrics", generation: 1)])
        _ = Reducer.reduce(&s, result(s, at: t, revision: 3))
        #expect(s.rows == before)
        #expect(s.pendingCount == 1)
        #expect(Renderer.render(s).line(0).contains("FROZEN (1 pending)"))
        Fixture.reduce(&s, .char("F"))
        #expect(!s.frozen && s.pendingCount == 0)
        #expect(s.rows != before)
    }

    @Test func freshBecomesStaleAtTheThreshold() {
        var s = fresh()
        _ = Reducer.reduce(&s, .tick(Fixture.now))
        _ = Reducer.reduce(&s, result(s, at: Fixture.now))
        let staleAfter = s.sources[0].staleAfter
        _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(staleAfter)))
        #expect(!s.telemetryIsStale)
        _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(staleAfter + 1)))
        #expect(s.telemetryIsStale)
        let grid = Renderer.render(s)
        #expect(grid.line(0).contains("STALE"))
        #expect(grid[2, 4].style.dim)
    }

    @Test func neverAnsweredSourceTurnsStale() {
        var s = fresh()
        _ = Reducer.reduce(&s, .tick(Fixture.now))
        _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(20)))
        #expect(s.sources[0].health(now: s.now, startedAt: s.startedAt) == .stale(age: nil))
        #expect(Renderer.render(s).line(0).contains("STALE (no data yet)"))
    }

    @Test func changedValuesAreMarked() {
        var s = Fixture.loaded()
        #expect(s.changes.isEmpty)
        _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(5)))
        Fixture.deliverTelemetry(&s, revision: 4, at: Fixture.now.addingTimeInterval(5))
        #expect(!s.changes.isEmpty)
        let name = s.changes.first { $0.value.burn != nil }!.key
        let at = s.visible.firstIndex { s.rows[$0].name == name }!
        let line = Renderer.render(s).line(3 + at)
        #expect(line.contains("↑") || line.contains("↓"))
    }

    @Test func flashExpires() {
        var s = fresh()
        _ = Reducer.reduce(&s, .notify(.info, "hello"))
        #expect(s.flash?.text == "hello")
        _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(6)))
        #expect(s.flash == nil)
    }

    @Test func providerTextIsCleaned() {
        let f = ProviderFailure(message: "bad\u{1B}[31mred\u{1B}]0;title\u{07}\nline")
        #expect(f.message == "badred?line")
    }
}

@Suite struct SourceHealthTextTests {
    @Test func statesReadAsTheStatusLineShowsThem() {
        #expect(Renderer.describe(.ok(age: 12)).0 == "● ok 12s")
        #expect(Renderer.describe(.refreshing(age: 3)).0 == "⟳ refreshing 3s")
        #expect(Renderer.describe(.stale(age: 95)).0 == "◐ STALE for 1m35s")
        #expect(Renderer.describe(.failed(reason: "pd: HTTP 503", age: 4), sourceID: "pd").0 == "✗ failed: HTTP 503 (4s)")
        #expect(Renderer.describe(.down(reason: "timeout", retryIn: 20)).0 == "○ DOWN: timeout retry 20s")
        #expect(Renderer.describe(.stale(age: nil)).1 == .statusStale)
    }
}

@Suite struct TelemetryDigestTests {
    /// Figures worked out on a source's queue give the same rows as computing them on the UI thread.
    @Test func digestMatchesInlineComputation() {
        var inline = Fixture.loaded()
        var digested = Fixture.loaded()
        let t = Fixture.now.addingTimeInterval(5)
        let snapshot = Fixture.world.snapshot(at: Fixture.now, revision: 7)
        let result = SourceResult(sourceID: "metrics", generation: 1, attemptedAt: t, finishedAt: t, outcome: .success(snapshot))
        _ = Reducer.reduce(&inline, .tick(t))
        _ = Reducer.reduce(&digested, .tick(t))
        _ = Reducer.reduce(&inline, .telemetry(result))
        _ = Reducer.reduce(&digested, .telemetry(result, digest: TelemetryDigest(services: Fixture.world.services, snapshot: snapshot)))
        #expect(inline.rows == digested.rows)
        #expect(inline.visible == digested.visible)
        #expect(inline.changes == digested.changes)
    }

    @Test func digestForAnotherWorldIsIgnored() {
        var s = Fixture.loaded()
        let t = Fixture.now.addingTimeInterval(5)
        let snapshot = Fixture.world.snapshot(at: Fixture.now, revision: 7)
        let wrong = TelemetryDigest(services: Array(Fixture.world.services.prefix(2)), snapshot: snapshot)
        _ = Reducer.reduce(&s, .tick(t))
        _ = Reducer.reduce(&s, .telemetry(SourceResult(sourceID: "metrics", generation: 1, attemptedAt: t, finishedAt: t,
                                                       outcome: .success(snapshot)), digest: wrong))
        #expect(s.rows.count == 31)
        #expect(s.rows.allSatisfy { $0.budgetRemaining != nil })
    }
}
