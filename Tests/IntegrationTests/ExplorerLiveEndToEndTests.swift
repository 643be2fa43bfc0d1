import Foundation
import Testing

/// Live mode in tmux against a real Prometheus: the explorer shows `prometheus ● ok`; when Prometheus dies the
/// header says so (failed / STALE / DOWN) while keys keep answering; when it comes back on the same port the
/// source recovers by itself. Every wait polls the app's idle-file counter with a bound; nothing sleeps blind.
@Suite(.serialized, .enabled(if: ExplorerTmux.available && Integration.which("prometheus") != nil,
                             "needs tmux and prometheus"))
struct ExplorerLiveEndToEndTests {
    static func specsDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-live-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let src = Integration.packageRoot.appendingPathComponent("examples/services/checkout-svc.yaml")
        try FileManager.default.copyItem(at: src, to: dir.appendingPathComponent("checkout-svc.yaml"))
        return dir.path
    }

    static func header(_ screen: String) -> String { String(screen.split(separator: "\n").first ?? "") }

    static func prometheusDown(_ screen: String) -> Bool {
        let h = header(screen)
        return h.contains("prometheus ✗ failed") || h.contains("prometheus ◐ STALE") || h.contains("prometheus ○ DOWN")
    }

    /// A "Prometheus" that answers every query with a 5xx and an HTML page (the fake API server has no POST
    /// handler, so its queries get 501 whatever the scenario): the header names the failure without the URL, and
    /// the UI keeps answering keys.
    @Test(.enabled(if: FakeAPIServer.available, "needs python3"))
    func brokenPrometheusShowsFailedWithTheReason() throws {
        let scenario = "5xxalways"
        let server = try FakeAPIServer()
        defer { server.stop() }
        let specs = try Self.specsDir()
        defer { try? FileManager.default.removeItem(atPath: specs) }
        let noConfig = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-noconfig").path
        let t = try ExplorerTmux(arguments: ["explore", "--specs", specs, "--prometheus", server.url(scenario).absoluteString,
                                             "--refresh", "1"],
                                 environment: ["XDG_CONFIG_HOME": noConfig], cols: 200, rows: 40)
        defer { t.close() }
        let failed = t.waitFor("prometheus failed (\(scenario))", timeout: 45) {
            Self.header($0).contains("prometheus ✗ failed") || Self.header($0).contains("prometheus ○ DOWN")
        }
        let header = Self.header(failed)
        #expect(header.range(of: "Prometheus answered 5[0-9][0-9]", options: .regularExpression) != nil, "header: \(header)")
        #expect(!header.contains("http://"), "the header drops the URL to make room for the reason: \(header)")
        try t.keys("?")
        t.waitFor("the help overlay with a broken provider") { $0.contains("Help — Esc or ? closes") }
        try t.keys("q")
        #expect(t.waitForExit().contains("__EXITED__ 0"))
    }

    @Test func prometheusOutageShowsAndRecovers() throws {
        let prom = try RealPrometheus(openMetrics: nil, ruleFiles: [])
        defer { prom.stop() }
        let specs = try Self.specsDir()
        defer { try? FileManager.default.removeItem(atPath: specs) }
        let noConfig = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-noconfig").path
        let t = try ExplorerTmux(arguments: ["explore", "--specs", specs, "--prometheus", prom.url, "--refresh", "1"],
                                 environment: ["XDG_CONFIG_HOME": noConfig], cols: 200, rows: 40)
        defer { t.close() }

        let up = t.waitFor("prometheus ● ok", timeout: 30) { Self.header($0).contains("prometheus ● ok") }
        #expect(up.contains("checkout-svc"))
        #expect(Self.header(up).contains("drift"), "live drift runs as its own source:\n\(Self.header(up))")

        // Prometheus goes away: the header says so, with the reason once the fetch has failed.
        prom.pause()
        let down = t.waitFor("prometheus failed/STALE/DOWN", timeout: 45) { Self.prometheusDown($0) }
        #expect(Self.prometheusDown(down), "header: \(Self.header(down))")

        // Keys still answer while it is down: the help overlay opens and closes, the drift pane opens.
        try t.keys("?")
        t.waitFor("the help overlay while Prometheus is down") { $0.contains("Help — Esc or ? closes") }
        try t.keys("Escape")
        t.waitFor("help closed") { !$0.contains("Help — Esc") }
        try t.keys(":")
        try t.text("drift checkout-svc")
        try t.keys("Enter")
        t.waitFor("the drift pane while Prometheus is down") { $0.contains("config ") && $0.contains("showing") }
        let failed = t.waitFor("the failure reason", timeout: 45) {
            Self.header($0).contains("prometheus ✗ failed") || Self.header($0).contains("prometheus ○ DOWN")
        }
        #expect(Self.header(failed).contains("cannot reach") || Self.header(failed).contains("DOWN"),
                "header: \(Self.header(failed))")

        // Back on the same port: it recovers on its own (backoff is at most 60 s).
        try prom.restart()
        let back = t.waitFor("prometheus ● ok again", timeout: 90) { Self.header($0).contains("prometheus ● ok") }
        #expect(!Self.prometheusDown(back))

        try t.keys("q")
        let after = t.waitForExit()
        #expect(after.contains("__EXITED__ 0"))
    }
}
