import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import NthLayerCore
@testable import Providers

/// `nthlayer slo status` and `check-deploy` against a real Prometheus 2.42 backfilled with 35 days of counters
/// (`promtool tsdb create-blocks-from openmetrics`), compared with error ratios computed here from the same samples.
@Suite(.serialized) struct PrometheusLiveTests {
    static let prometheus = "/usr/bin/prometheus"
    static let promtool = "/usr/bin/promtool"
    static let step = 300                       // 5-minute resolution
    static let samples = 35 * 288               // 35 days

    // MARK: The shared harness (Support/RealPrometheus.swift, IntegrationSupport.swift)

    static var binary: String? {
        FileManager.default.isExecutableFile(atPath: Integration.binaryPath) ? Integration.binaryPath : nil
    }

    static var ready: Bool { Integration.hasPrometheus }

    struct Run { let status: Int32; let stdout: String; let stderr: String }

    /// Runs the CLI with no NthLayer settings of the developer's leaking in.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let r = try Integration.runClean(executable, arguments, environment: environment)
        return Run(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    static func freePort() -> Int { Integration.freePort() }

    // MARK: The world

    /// Error ratio per 5-minute step for a service; `tail` overrides the last N steps.
    struct Shape { let service: String; let base: Double; let tailSteps: Int; let tailRatio: Double }

    static let shapes = [
        Shape(service: "alpha", base: 0.00057, tailSteps: 72, tailRatio: 0.01),    // ~35% left, burning 10× for 6h
        Shape(service: "beta", base: 0.00092, tailSteps: 0, tailRatio: 0),         // ~8% left
        Shape(service: "gamma", base: 0.00095, tailSteps: 0, tailRatio: 0),        // ~5% left, standard tier
    ]

    /// Cumulative counters (total, errors) at each step, in float.
    static func counters(_ shape: Shape) -> (total: [Double], errors: [Double]) {
        var total: [Double] = [], errors: [Double] = []
        var t = 0.0, e = 0.0
        for i in 0..<samples {
            let requests = Double(1000 + (i * 37) % 200)
            let ratio = i >= samples - shape.tailSteps ? shape.tailRatio : shape.base
            t += requests; e += requests * ratio
            total.append(t); errors.append(e)
        }
        return (total, errors)
    }

    /// Error ratio over the last `steps` steps ending at the last sample: Δerrors / Δtotal.
    static func expectedRatio(_ shape: Shape, window: Window) -> Double {
        let (total, errors) = counters(shape)
        let last = samples - 1, first = last - window.seconds / step
        return (errors[last] - errors[first]) / (total[last] - total[first])
    }

    static func openMetrics(end: Int) -> String {
        var out = "# HELP http_requests Requests served.\n# TYPE http_requests counter\n"
        let start = end - (samples - 1) * step
        for shape in shapes {
            let (total, errors) = counters(shape)
            for (status, values) in [("200", zip(total, errors).map { $0 - $1 }), ("500", errors)] {
                for i in 0..<samples {
                    out += "http_requests_total{service=\"\(shape.service)\",status=\"\(status)\"} \(String(format: "%.6f", values[i])) \(start + i * step)\n"
                }
            }
        }
        return out + "# EOF\n"
    }

    static let specs: [String: String] = [
        "alpha.yaml": """
            name: alpha
            team: orders
            tier: critical
            type: api
            slos:
              - name: availability
                objective: 99.9
                window: 30d
                error_query: sum(rate(http_requests_total{service="alpha",status=~"5.."}[5m]))
                total_query: sum(rate(http_requests_total{service="alpha"}[5m]))
            """,
        "beta.yaml": """
            name: beta
            team: payments
            tier: critical
            type: api
            slos:
              - name: availability
                objective: 99.9
                window: 30d
                error_query: sum(rate(http_requests_total{service="beta",status=~"5.."}[5m]))
                total_query: sum(rate(http_requests_total{service="beta"}[5m]))
            """,
        "gamma.yaml": """
            name: gamma
            team: search
            tier: standard
            type: api
            slos:
              - name: availability
                objective: 99.9
                window: 30d
            """,
    ]

    /// The specs on disk plus a real Prometheus over their backfilled history.
    final class LivePrometheus {
        let dir: URL
        let end: Int
        let server: RealPrometheus

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-live-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
            for (name, text) in PrometheusLiveTests.specs {
                try text.write(to: dir.appendingPathComponent("specs/\(name)"), atomically: true, encoding: .utf8)
            }
            // Last sample 3 h ago on a 5-minute boundary: older than the head block, queryable at once.
            end = (Int(Date().timeIntervalSince1970) / 300) * 300 - 3 * 3600
            server = try RealPrometheus(openMetrics: PrometheusLiveTests.openMetrics(end: end), ruleFiles: [])
        }

        var url: String { server.url }
        var at: String { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(end))) }

        func stop() {
            server.stop()
            try? FileManager.default.removeItem(at: dir)
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func approx(_ a: Double?, _ b: Double, relative: Double = 0.01) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= relative * max(abs(b), 1e-9)
    }

    @Test(.enabled(if: ready), .timeLimit(.minutes(5)))
    func budgetsAndGatesMatchIndependentMaths() throws {
        let live = try LivePrometheus()
        defer { live.stop() }
        let nthlayer = try #require(Self.binary)
        let specs = live.dir.appendingPathComponent("specs").path

        // slo status, JSON
        let status = try Self.run(nthlayer, ["slo", "status", specs, "--prometheus", live.url, "--format", "json", "--at", live.at])
        #expect(status.status == 2, "critical SLOs exit 2; stderr: \(status.stderr)")
        let doc = try Self.json(status.stdout)
        let services = try #require(doc["services"] as? [[String: Any]])
        #expect(services.map { $0["service"] as? String } == ["alpha", "beta", "gamma"])
        for (service, shape) in zip(services, Self.shapes) {
            let slo = try #require((service["slos"] as? [[String: Any]])?.first)
            let b = 0.001
            let ratio = Self.expectedRatio(shape, window: .days(30))
            let consumed = ratio / b * 100
            #expect(slo["objective"] as? Double == 99.9)
            #expect(slo["window"] as? String == "30d")
            #expect(slo["budget_total_minutes"] as? Double == 43.2)
            #expect(Self.approx(slo["budget_consumed_percent"] as? Double, consumed), "\(shape.service): consumed \(slo["budget_consumed_percent"] ?? "nil") vs \(consumed)")
            #expect(Self.approx(slo["budget_remaining_percent"] as? Double, 100 - consumed, relative: 0.05),
                    "\(shape.service): remaining \(slo["budget_remaining_percent"] ?? "nil") vs \(100 - consumed)")
            #expect(Self.approx(slo["sli"] as? Double, (1 - ratio) * 100, relative: 0.0001))
            let expectedStatus = BudgetStatus(consumedFraction: consumed / 100).rawValue
            #expect(slo["status"] as? String == expectedStatus, "\(shape.service)")
            let burn = try #require(slo["burn_rates"] as? [String: Any])
            for (name, window) in [("1h", Window.hours(1)), ("6h", .hours(6)), ("3d", .days(3))] {
                let expected = Self.expectedRatio(shape, window: window) / b
                #expect(Self.approx(burn[name] as? Double, expected), "\(shape.service) \(name): \(burn[name] ?? "nil") vs \(expected)")
            }
            #expect(burn["5m"] is Double)
        }
        // alpha: 10× burn over the last 6 hours, its budget ~35% left.
        let alpha = try #require((services[0]["slos"] as? [[String: Any]])?.first)
        #expect(Self.approx((alpha["burn_rates"] as? [String: Any])?["6h"] as? Double, 10))

        // slo status, text: the same numbers, one row per SLO.
        let text = try Self.run(nthlayer, ["slo", "status", specs, "--prometheus", live.url, "--at", live.at])
        #expect(text.status == 2)
        #expect(text.stdout.contains("beta") && text.stdout.contains("critical"))

        // check-deploy: APPROVED / BLOCKED / WARNING (advisory standard tier).
        for (service, exit, decision) in [("alpha", Int32(0), "APPROVED"), ("beta", 2, "BLOCKED"), ("gamma", 1, "WARNING")] {
            let gate = try Self.run(nthlayer, ["check-deploy", specs, "--service", service, "--prometheus", live.url,
                                               "--format", "json", "--at", live.at])
            #expect(gate.status == exit, "\(service): \(gate.stdout) \(gate.stderr)")
            let g = try Self.json(gate.stdout)
            #expect(g["decision"] as? String == decision)
            #expect(g["exit_code"] as? Int == Int(exit))
            #expect(g["worst_slo"] as? String == "availability")
            #expect(g["environment"] as? String == "prod")
            #expect(g["policy_source"] as? String == "tier_default")
            let shape = Self.shapes.first { $0.service == service }!
            let remaining = 100 - Self.expectedRatio(shape, window: .days(30)) / 0.001 * 100
            #expect(Self.approx(g["budget_remaining_pct"] as? Double, remaining, relative: 0.05))
        }
        // The URL can come from the environment instead of the flag.
        let viaEnv = try Self.run(nthlayer, ["check-deploy", specs, "--service", "alpha", "--at", live.at],
                                  environment: ["NTHLAYER_PROMETHEUS_URL": live.url])
        #expect(viaEnv.status == 0, "\(viaEnv.stderr)")
        #expect(viaEnv.stdout.hasPrefix("APPROVED: alpha (prod)"))
    }

    @Test(.enabled(if: binary != nil))
    func unreachablePrometheusExits3WithAClearMessage() throws {
        let nthlayer = try #require(Self.binary)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-down-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.specs["alpha.yaml"]!.write(to: dir.appendingPathComponent("alpha.yaml"), atomically: true, encoding: .utf8)
        let port = Self.freePort()   // nothing listens here
        let url = "http://127.0.0.1:\(port)"
        let status = try Self.run(nthlayer, ["slo", "status", dir.path, "--prometheus", url, "--format", "json"])
        #expect(status.status == 3)
        #expect(status.stdout.isEmpty)
        #expect(status.stderr.contains("cannot reach Prometheus at \(url): connection refused"), "\(status.stderr)")
        let gate = try Self.run(nthlayer, ["check-deploy", dir.path, "--service", "alpha", "--prometheus", url])
        #expect(gate.status == 3)
        #expect(gate.stderr.contains("cannot reach Prometheus at \(url)"))
        let missing = try Self.run(nthlayer, ["slo", "status", dir.path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("NTHLAYER_PROMETHEUS_URL"))
    }
}
