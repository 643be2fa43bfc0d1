import Foundation
import Testing

/// `nthlayer drift` end to end against a real Prometheus loaded with generated rules that the test then edits the
/// way people edit production, and with backfilled budget history of known shape.
@Suite(.serialized) struct DriftLiveTests {
    static let checkout = """
    apiVersion: srm/v1
    kind: ServiceReliabilityManifest
    metadata: {name: checkout-svc, team: orders, tier: critical}
    spec:
      type: api
      slos:
        availability:
          target: 99.95
          indicator:
            error_query: sum(rate(http_requests_total{service="checkout-svc",status=~"5.."}[5m]))
            total_query: sum(rate(http_requests_total{service="checkout-svc"}[5m]))
      dependencies:
        - {name: cart-db, type: database, database_type: postgresql, critical: true}
    """
    static let worker = """
    name: order-worker
    team: fulfilment
    tier: standard
    type: worker
    slos:
      job-success:
        objective: 99.5
        good_query: sum(rate(jobs_processed_total{service="order-worker",outcome="success"}[5m]))
        total_query: sum(rate(jobs_processed_total{service="order-worker"}[5m]))
    """

    struct Setup {
        let dir: URL
        let specs: [String]
        let rules: URL
    }

    /// Specs on disk and their generated rule files.
    static func setUp() throws -> Setup {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-drift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let a = dir.appendingPathComponent("checkout-svc.yaml"), b = dir.appendingPathComponent("order-worker.yaml")
        try checkout.write(to: a, atomically: true, encoding: .utf8)
        try worker.write(to: b, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("generated")
        let r = try Integration.runClean(Integration.binaryPath, ["generate", a.path, b.path, "--out", out.path, "--only", "recording,alerts"])
        #expect(r.status == 0, "\(r.stderr)")
        return Setup(dir: dir, specs: [a.path, b.path], rules: out)
    }

    static func ruleFiles(_ s: Setup) -> [String] {
        ["checkout-svc", "order-worker"].flatMap { ["\(s.rules.path)/\($0)/recording-rules.yaml", "\(s.rules.path)/\($0)/alerts.yaml"] }
    }

    static func drift(_ s: Setup, _ prom: RealPrometheus, _ extra: [String]) throws -> (Int32, [[String: Any]], [String: Any]) {
        let r = try Integration.runClean(Integration.binaryPath, ["drift"] + s.specs + ["--prometheus", prom.url, "--format", "json"] + extra)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)\n\(r.stderr)")
        return (r.status, root["findings"] as? [[String: Any]] ?? [], root["summary"] as? [String: Any] ?? [:])
    }

    /// Splits an alerts.yaml into rule blocks (the generator writes one `      - alert:` line per rule).
    static func editRules(_ path: String, _ edit: (inout [String]) -> Void) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var blocks: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("      - ") || line.hasPrefix("  - name:") { blocks.append(current); current = "" }
            current += line + "\n"
        }
        blocks.append(current)
        edit(&blocks)
        try blocks.joined().write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test(.enabled(if: Integration.hasPrometheus), .timeLimit(.minutes(3)))
    func unmodifiedRulesHaveNoDriftAndEditsAreFoundExactly() throws {
        let s = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let prom = try RealPrometheus(openMetrics: nil, ruleFiles: Self.ruleFiles(s))
        defer { prom.stop() }

        // Prometheus re-prints every expression; none of that is drift.
        let (clean, none, summary) = try Self.drift(s, prom, ["--kind", "config"])
        #expect(none.isEmpty, "\(none)")
        #expect(clean == 0)
        let providers = try #require(summary["providers"] as? [String: String])
        #expect(providers["grafana"] == "skipped (not configured)")
        #expect(providers["pagerduty"] == "skipped (not configured)")

        // Edits in production: threshold, deleted alert, hand-added alert, `for`, a label.
        let alerts = "\(s.rules.path)/checkout-svc/alerts.yaml"
        try Self.editRules(alerts) { blocks in
            for i in blocks.indices {
                if blocks[i].contains("burn_tier: \"fast\"") {
                    blocks[i] = blocks[i].replacingOccurrences(of: "> 14.4 * 0.0005", with: "> 0.0144")
                } else if blocks[i].contains("burn_tier: \"medium\"") {
                    blocks[i] = ""
                } else if blocks[i].contains("burn_tier: \"slow\"") {
                    blocks[i] = blocks[i].replacingOccurrences(of: "        labels:\n", with: "        for: 5m\n        labels:\n")
                } else if blocks[i].contains("burn_tier: \"slowest\"") {
                    blocks[i] = blocks[i].replacingOccurrences(of: "severity: \"ticket\"", with: "severity: \"page\"")
                    blocks[i] += "      - alert: CheckoutSvcHandAdded\n        expr: \"up{job=\\\"checkout-svc\\\"} == 0\"\n"
                }
            }
        }
        try prom.reload { String(decoding: $0, as: UTF8.self).contains("CheckoutSvcHandAdded") }
        let (status, findings, _) = try Self.drift(s, prom, ["--kind", "config"])
        let got = Set(findings.map { "\($0["kind"]!) \($0["change"]!) \($0["resource"]!) \($0["field"]!)" })
        let group = "nthlayer:checkout-svc:availability:alerts/CheckoutSvcAvailabilityBudgetBurn"
        let expected: Set<String> = [
            "rule changed \(group){burn_tier=fast} expr",
            "slo_threshold changed \(group){burn_tier=fast} objective",
            "rule missing \(group){burn_tier=medium} rule",
            "rule changed \(group){burn_tier=slow} for",
            "rule changed \(group){burn_tier=slowest} labels.severity",
            "rule unexpected nthlayer:checkout-svc:availability:alerts/CheckoutSvcHandAdded rule",
        ]
        #expect(got == expected)
        #expect(findings.allSatisfy { $0["service"] as? String == "checkout-svc" }, "untouched order-worker has findings")
        let threshold = try #require(findings.first { $0["kind"] as? String == "slo_threshold" })
        #expect(threshold["deployed"] as? Double == 99.9)
        #expect(threshold["severity"] as? String == "critical")
        #expect(status == 2)
        // Only critical blocks with --fail-on critical; here it is critical, so still 2.
        let (again, _, _) = try Self.drift(s, prom, ["--kind", "config", "--fail-on", "critical"])
        #expect(again == 2)
    }

    /// Hourly `slo:error_budget_remaining:ratio` history of known shape, ending 3 h ago.
    static func budgetHistory(end: Int) -> String {
        var om = "# TYPE slo:error_budget_remaining:ratio gauge\n"
        let points = 720
        for i in 0..<points {
            let t = end - (points - 1 - i) * 3600
            // checkout-svc: a straight decline 0.80 → 0.50 over 30 days (−0.07/week).
            let decline = 0.80 - 0.30 * Double(i) / Double(points - 1)
            om += "slo:error_budget_remaining:ratio{service=\"checkout-svc\",slo=\"availability\"} \(decline) \(t)\n"
            // order-worker: steady at 0.9.
            om += "slo:error_budget_remaining:ratio{service=\"order-worker\",slo=\"job-success\"} 0.9 \(t)\n"
        }
        return om + "# EOF\n"
    }

    @Test(.enabled(if: Integration.hasPrometheus), .timeLimit(.minutes(3)))
    func trendFromBackfilledBudgetHistory() throws {
        let s = try Self.setUp()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let end = (Int(Date().timeIntervalSince1970) / 3600) * 3600 - 3 * 3600
        let prom = try RealPrometheus(openMetrics: Self.budgetHistory(end: end), ruleFiles: [])
        defer { prom.stop() }
        let at = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(end)))
        let (status, findings, _) = try Self.drift(s, prom, ["--kind", "trend", "--at", at])
        #expect(findings.count == 2, "\(findings)")
        let checkout = try #require(findings.first { $0["service"] as? String == "checkout-svc" })
        #expect(checkout["kind"] as? String == "trend")
        #expect(checkout["pattern"] as? String == "gradual_decline")
        #expect(checkout["severity"] as? String == "critical")
        let slope = try #require(checkout["slope_per_week"] as? Double)
        #expect(abs(slope - -0.07) < 0.0005)
        let days = try #require(checkout["days_until_exhaustion"] as? Double)
        #expect(abs(days - 50) < 0.6)
        let worker = try #require(findings.first { $0["service"] as? String == "order-worker" })
        #expect(worker["pattern"] as? String == "stable")
        #expect(worker["severity"] as? String == "none")
        #expect(status == 2)
    }
}
