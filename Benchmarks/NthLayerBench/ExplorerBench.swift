import Dispatch
import Explorer
import Foundation
import NthLayerCore

/// Explorer figures with 10,000 synthetic services: first frame, frame render time,
/// keystroke → painted latency while sources refresh in the background, and bytes written per
/// frame when one value changes (diff painter against a memory surface).
func runExplorerBenchmarks() -> [String] {
    var lines: [String] = []
    let count = 10_000
    let size = TermSize(cols: 160, rows: 50)
    let theme = ThemeCatalog.builtin.theme(named: "default").0
    let now = Date(timeIntervalSince1970: 1_767_268_800)

    @Sendable func ms(_ start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6 }
    func pct(_ xs: [Double], _ p: Double) -> Double { let s = xs.sorted(); return s[min(s.count - 1, Int(Double(s.count) * p))] }
    func f(_ x: Double) -> String { String(format: "%.2f", x) }

    let worldStart = DispatchTime.now()
    let world = SyntheticWorld(count: count)
    let snapshot = world.snapshot(at: now)
    lines.append("explorer  synthetic world: \(count) services, \(snapshot.statuses.count) SLOs built in \(f(ms(worldStart))) ms (not part of the figures below)")

    // First frame: state from specs, render, paint — no data yet (drawn at once, never waits).
    var surface = MemorySurface(theme: theme)
    let t0 = DispatchTime.now()
    var state = ExplorerState(services: world.services, worldLabel: "bench", sources: [("synthetic", .telemetry, 5)],
                              now: now, size: size)
    let firstBytes = surface.paint(Renderer.render(state))
    let firstFrame = ms(t0)
    // First data frame: apply one 10k-service snapshot, render, paint.
    let t1 = DispatchTime.now()
    _ = Reducer.reduce(&state, .tick(now))
    _ = Reducer.reduce(&state, .telemetry(SourceResult(sourceID: "synthetic", generation: state.generation, attemptedAt: now,
                                                       finishedAt: now, outcome: .success(snapshot))))
    surface.paint(Renderer.render(state))
    lines.append("explorer  first frame (\(count) services, no data): \(f(firstFrame)) ms, \(firstBytes) bytes; first data frame: \(f(ms(t1))) ms")

    // Frame render time: render only, then render + diff paint, cursor moving each frame.
    var renderTimes: [Double] = []
    var paintTimes: [Double] = []
    for i in 0..<200 {
        _ = Reducer.reduce(&state, .key(i % 2 == 0 ? .char("j") : .char("k")))
        let a = DispatchTime.now()
        let grid = Renderer.render(state)
        renderTimes.append(ms(a))
        let b = DispatchTime.now()
        surface.paint(grid)
        paintTimes.append(ms(b))
    }
    lines.append("explorer  frame render \(size.cols)×\(size.rows): median \(f(pct(renderTimes, 0.5))) ms, p95 \(f(pct(renderTimes, 0.95))) ms; diff+encode median \(f(pct(paintTimes, 0.5))) ms")

    // Reapplying a snapshot (the work a refresh costs the UI thread): with the per-service digest
    // worked out on the source's queue (the live path), and without it (everything on the UI thread).
    var applyTimes: [Double] = []
    var inlineTimes: [Double] = []
    var digestTimes: [Double] = []
    for r in 1...6 {
        let snap = world.snapshot(at: now, revision: r)
        let result = SourceResult(sourceID: "synthetic", generation: state.generation, attemptedAt: now, finishedAt: now,
                                  outcome: .success(snap))
        if r % 2 == 0 {
            let d = DispatchTime.now()
            let digest = TelemetryDigest(services: world.services, snapshot: snap)
            digestTimes.append(ms(d))
            let a = DispatchTime.now()
            _ = Reducer.reduce(&state, .telemetry(result, digest: digest))
            applyTimes.append(ms(a))
        } else {
            let a = DispatchTime.now()
            _ = Reducer.reduce(&state, .telemetry(result))
            inlineTimes.append(ms(a))
        }
    }
    var sortTimes: [Double] = []
    for key: Key in [.char("N"), .char("B"), .char("U"), .char("S")] {
        let a = DispatchTime.now()
        _ = Reducer.reduce(&state, .key(key))
        sortTimes.append(ms(a))
    }
    var filterTimes: [Double] = []
    _ = Reducer.reduce(&state, .key(.char("/")))
    for c in "pay" {
        let a = DispatchTime.now()
        _ = Reducer.reduce(&state, .key(.char(c)))
        filterTimes.append(ms(a))
    }
    _ = Reducer.reduce(&state, .key(.escape))
    lines.append("explorer  apply a \(count)-service snapshot on the UI thread: median \(f(pct(applyTimes, 0.5))) ms "
                 + "(digest built off-thread in \(f(pct(digestTimes, 0.5))) ms; without it \(f(pct(inlineTimes, 0.5))) ms); "
                 + "re-sort median \(f(pct(sortTimes, 0.5))) ms; filter keystroke median \(f(pct(filterTimes, 0.5))) ms")

    // Keystroke → painted while the source refreshes every 200 ms on its own queue.
    let source = SyntheticTelemetrySource(world: world, refreshInterval: 0.2)
    let sources = BackgroundSources(telemetry: [source], onCall: [])
    let live = HeadlessExplorer(state: ExplorerState(services: world.services, worldLabel: "bench", sources: sources.descriptors,
                                                     now: Date(), size: size), sources: sources, theme: theme)
    let ticker = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "bench.ticker"))
    ticker.schedule(deadline: .now(), repeating: .milliseconds(100))
    ticker.setEventHandler { live.send(.tick(Date())) }
    ticker.resume()
    Thread.sleep(forTimeInterval: 0.5)
    let latencies = LatencyLog()
    let group = DispatchGroup()
    for i in 0..<300 {
        group.enter()
        let sent = DispatchTime.now()
        live.send(.key(i % 3 == 2 ? .char("k") : .char("j"))) { _ in
            latencies.add(ms(sent))
            group.leave()
        }
        Thread.sleep(forTimeInterval: 0.01)
    }
    group.wait()
    ticker.cancel()
    let refreshes = live.inspect { $0.sources[0].lastSuccess != nil }
    let l = latencies.values
    lines.append("explorer  keystroke → painted (\(count) services, refreshing every 200 ms\(refreshes ? "" : ", NO refresh landed")): "
                 + "p50 \(f(pct(l, 0.5))) ms, p95 \(f(pct(l, 0.95))) ms, max \(f(l.max() ?? 0)) ms over \(l.count) keys")

    // Bytes per frame: nothing changed, the clock ticked, the cursor moved, one service's value changed.
    var s = state
    var mem = MemorySurface(theme: theme)
    _ = Reducer.reduce(&s, .key(.char("g")))
    mem.paint(Renderer.render(s))
    let idle = mem.paint(Renderer.render(s))
    _ = Reducer.reduce(&s, .tick(now.addingTimeInterval(1)))
    let clock = mem.paint(Renderer.render(s))
    _ = Reducer.reduce(&s, .key(.char("j")))
    let cursor = mem.paint(Renderer.render(s))
    var one = s.telemetry!
    let visibleName = s.rows[s.visible[5]].name
    let key = SLOKey(service: visibleName, slo: "availability")
    one.statuses[key]!.periodErrorRatio! *= 0.9
    _ = Reducer.reduce(&s, .telemetry(SourceResult(sourceID: "synthetic", generation: s.generation, attemptedAt: now,
                                                   finishedAt: now.addingTimeInterval(1), outcome: .success(one))))
    let oneValue = mem.paint(Renderer.render(s))
    lines.append("explorer  bytes per frame: unchanged \(idle), clock tick \(clock), cursor move \(cursor), one budget value changed \(oneValue) "
                 + "(full frame \(firstBytes))")
    return lines
}

/// Latencies collected from the UI queue's completion callbacks.
private final class LatencyLog: @unchecked Sendable {
    private let lock = NSLock()
    private var xs: [Double] = []
    func add(_ x: Double) { lock.lock(); xs.append(x); lock.unlock() }
    var values: [Double] { lock.lock(); defer { lock.unlock() }; return xs }
}
