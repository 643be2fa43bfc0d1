import Foundation
import Testing
import NthLayerCore
import Providers

/// `nthlayer demo export` end to end: its OpenMetrics history backfilled into a real Prometheus that loads its
/// deployed rules; `slo status` and both kinds of `drift` then read them as they would a production Prometheus.
@Suite(.serialized) struct DemoExportTests {
    /// Every service with an injected rule case, plus the drift.md stories (checkout-svc declining, payment-api
    /// stepping down). Six of 34 services keep the backfill (promtool's 2-hour blocks) to ~10 s.
    static let services = ["checkout-svc", "payment-api", "ledger-writer", "inventory-svc", "order-worker", "docs-search"]
    static let world = DemoWorld.embedded()
    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// `$NTHLAYER_BINARY`, else the `nthlayer` built beside these tests (any `--scratch-path`), else `.build/debug`.
    static var binary: String? {
        if let env = ProcessInfo.processInfo.environment["NTHLAYER_BINARY"], !env.isEmpty { return env }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nthlayer").path
        return [beside, Integration.binaryPath].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var ready: Bool {
        Integration.which("prometheus") != nil && Integration.which("promtool") != nil && binary != nil
    }

    // MARK: Reading history.om independently

    struct Series { let metric: String; let labels: [String: String]; var points: [(Double, Double)] }

    /// `metric{a="x",…} value timestamp` lines grouped by series (the exporter writes no escapes in these labels).
    static func parse(_ text: String) -> [Series] {
        var index: [Substring: Int] = [:]
        var out: [Series] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let close = line.lastIndex(of: "}") else { continue }
            let key = line[...close]
            let rest = line[line.index(after: close)...].split(separator: " ")
            guard rest.count == 2, let v = Double(rest[0]), let t = Double(rest[1]) else { continue }
            if let i = index[key] { out[i].points.append((t, v)); continue }
            let open = line.firstIndex(of: "{")!
            var labels: [String: String] = [:]
            for pair in line[line.index(after: open)..<close].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                labels[String(kv[0])] = String(kv[1].dropFirst().dropLast())
            }
            index[key] = out.count
            out.append(Series(metric: String(line[..<open]), labels: labels, points: [(t, v)]))
        }
        return out
    }

    static func matches(_ s: PromQLVectorSelector, _ series: Series) -> Bool {
        guard series.metric == s.name else { return false }
        return s.matchers.allSatisfy { m in
            let v = series.labels[m.name] ?? ""
            let re = try! NSRegularExpression(pattern: "^(?:\(m.value))$")
            let hit = re.firstMatch(in: v, range: NSRange(location: 0, length: (v as NSString).length)) != nil
            switch m.op {
            case .equal: return v == m.value
            case .notEqual: return v != m.value
            case .regexMatch: return hit
            case .regexNotMatch: return !hit
            }
        }
    }

    /// Σ increase over [at − window, at] of the selected series (first and last sample inside, as rate() sees them).
    static func increase(_ s: PromQLVectorSelector, _ all: [Series], at: Date, window: Window) -> Double {
        let end = at.timeIntervalSince1970, start = end - Double(window.seconds)
        var total = 0.0
        for series in all where matches(s, series) {
            let inside = series.points.filter { $0.0 >= start && $0.0 <= end }
            if let first = inside.first, let last = inside.last { total += last.1 - first.1 }
        }
        return total
    }

    /// The SLO's error ratio over its window, from the exported counters and the spec's own queries.
    static func errorRatio(_ service: ServiceSpec, _ slo: SLOSpec, _ all: [Series], at: Date) throws -> Double {
        let expr = try PromQL.parse(try SLIExpressions(service: service, slo: slo).errorRatio(at: slo.window))
        let selectors = expr.vectorSelectors
        try #require(selectors.count == 2, "\(expr)")
        let ratio = increase(selectors[0], all, at: at, window: slo.window) / increase(selectors[1], all, at: at, window: slo.window)
        switch slo.indicator {
        case .errorTotal, .typeDefault: return ratio
        default: return 1 - ratio
        }
    }

    /// Runs the CLI and parses its JSON output.
    static func runJSON(_ arguments: [String]) throws -> (status: Int32, root: [String: Any]) {
        let r = try Integration.runClean(binary!, arguments)
        let object = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        let root = try #require(object as? [String: Any], "\(arguments.joined(separator: " ")): \(r.stdout)\(r.stderr)")
        return (r.status, root)
    }

    static func line(_ f: [String: Any]) -> String {
        let fields: [String] = ["kind", "change", "service", "resource", "field", "severity"].map { f[$0] as? String ?? "?" }
        return fields.joined(separator: " ")
    }

    static func line(_ f: DriftFinding) -> String {
        [f.kind.rawValue, f.change.rawValue, f.service, f.resource, f.field, f.severity.rawValue].joined(separator: " ")
    }

    // MARK: The test

    @Test(.enabled(if: ready), .timeLimit(.minutes(3)))
    func exportBackfillThenStatusAndDriftReadIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-demo-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var clock = Date()
        var timings: [String] = []
        func lap(_ what: String) { timings.append(String(format: "%@ %.1f s", what, Date().timeIntervalSince(clock))); clock = Date() }

        let exportArguments: [String] = ["demo", "export", "--out", dir.path, "--services", Self.services.joined(separator: ",")]
        let export = try Integration.runClean(Self.binary!, exportArguments)
        try #require(export.status == 0, "\(export.stderr)")
        lap("export")
        let history = try String(contentsOf: dir.appendingPathComponent("history.om"), encoding: .utf8)
        #expect(history.hasSuffix("# EOF\n"))
        let ruleFiles = Self.services.flatMap { s in ["recording-rules.yaml", "alerts.yaml"].map { dir.appendingPathComponent("rules/\(s)/\($0)").path } }
        let check = try Integration.run(Integration.which("promtool")!, ["check", "rules"] + ruleFiles)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        let prom = try RealPrometheus(openMetrics: history, ruleFiles: ruleFiles)
        defer { prom.stop() }
        lap("backfill + start")
        let specs = Self.services.map { Integration.packageRoot.appendingPathComponent("examples/services/\($0).yaml").path }
        let present = Self.world.present
        let all = Self.parse(history)

        // (i) Budgets: at the present (the recorded gauge answers) and half an hour earlier (no gauge sample within
        // the lookback, so Prometheus evaluates the spec's own queries over the counters) — both equal the ratio
        // computed here from the exported counters.
        let checked = [("checkout-svc", "availability"), ("checkout-svc", "latency"), ("payment-api", "availability"),
                       ("ledger-writer", "append-latency"), ("order-worker", "job-success"), ("inventory-svc", "availability"),
                       ("docs-search", "availability")]
        for at in [present, present.addingTimeInterval(-1800)] {
            let arguments: [String] = ["slo", "status"] + specs + ["--prometheus", prom.url, "--at", Self.iso(at), "--format", "json"]
            let root = try Self.runJSON(arguments).root
            var consumed: [String: Double] = [:]
            for s in root["services"] as? [[String: Any]] ?? [] {
                for slo in s["slos"] as? [[String: Any]] ?? [] {
                    consumed["\(s["service"]!)/\(slo["name"]!)"] = slo["budget_consumed_percent"] as? Double
                }
            }
            for (serviceName, sloName) in checked {
                let service = try #require(Self.world.services.first { $0.name == serviceName })
                let slo = try #require(service.slo(named: sloName))
                let independent = try Self.errorRatio(service, slo, all, at: at) / slo.budgetRatio.doubleValue * 100
                let live = try #require(consumed["\(serviceName)/\(sloName)"], "\(serviceName)/\(sloName) at \(at)")
                #expect(abs(live - independent) <= 0.01 * abs(independent), "\(serviceName)/\(sloName) at \(at): Prometheus \(live)% vs counters \(independent)%")
            }
        }
        lap("slo status")

        // (ii) Config drift over /api/v1/rules: exactly the in-memory deployed state's rule and threshold findings,
        // which are the injected cases (and the known slowest-tier rounding artefact, on both sides alike).
        let state = DemoDeployedState(world: Self.world)
        let configArguments: [String] = ["drift"] + specs + ["--kind", "config", "--prometheus", prom.url, "--format", "json"]
        let drift = try Self.runJSON(configArguments)
        let findings = drift.root["findings"] as? [[String: Any]] ?? []
        let got = Set(findings.map { Self.line($0) })
        let exported = Self.world.services.filter { Self.services.contains($0.name) }
        let inMemory = exported.flatMap { state.configFindings(for: $0) }.filter { $0.kind == .rule || $0.kind == .sloThreshold }
        let expected = Set(inMemory.map { Self.line($0) })
        #expect(got == expected, "live only: \(got.subtracting(expected).sorted())\nexpected only: \(expected.subtracting(got).sorted())")
        let fast = "nthlayer:checkout-svc:availability:alerts/CheckoutSvcAvailabilityBudgetBurn{burn_tier=fast}"
        for injected in ["rule changed checkout-svc \(fast) expr warn", "rule changed checkout-svc \(fast) for warn",
                         "slo_threshold changed checkout-svc \(fast) objective critical",
                         "rule missing payment-api nthlayer:payment-api:availability:alerts/PaymentApiAvailabilityBudgetBurn{burn_tier=medium} rule critical",
                         "rule unexpected ledger-writer nthlayer:ledger-writer:availability:alerts/LedgerWriterAppendUnavailable rule warn",
                         "rule changed inventory-svc nthlayer:inventory-svc:availability:alerts/InventorySvcAvailabilityBudgetBurn{burn_tier=slow} labels.severity warn",
                         "rule changed order-worker nthlayer:order-worker:job-success:sli/slo:sli_error:ratio_rate5m expr warn",
                         "rule changed order-worker nthlayer:order-worker:job-success:sli interval info",
                         "slo_threshold missing docs-search docs-search/latency objective warn"] {
            #expect(got.contains(injected), "\(injected)")
        }
        let threshold = try #require(findings.first { $0["kind"] as? String == "slo_threshold" && $0["resource"] as? String == fast })
        #expect(threshold["deployed"] as? Double == 99.9)
        #expect(drift.status == 2)
        lap("drift config")

        // (iii) Trend drift on the backfilled budget gauge: the world's stories, and the same analysis as --demo.
        let trendArguments: [String] = ["drift"] + specs + ["--kind", "trend", "--prometheus", prom.url, "--at", Self.iso(present), "--format", "json"]
        let trend = try Self.runJSON(trendArguments)
        let trendRoot = trend.root
        var live: [String: (String, String)] = [:]
        for f in trendRoot["findings"] as? [[String: Any]] ?? [] {
            let key = "\(f["service"] as? String ?? "")/\(f["slo"] as? String ?? "")"
            live[key] = (f["pattern"] as? String ?? "", f["severity"] as? String ?? "")
        }
        #expect(live["checkout-svc/availability"]?.0 == "gradual_decline")
        #expect(live["payment-api/availability"]?.0 == "step_change_down")
        let demo = state.driftReport(at: present, config: false, services: Self.world.services.filter { Self.services.contains($0.name) })
        #expect(live.count == demo.findings.count)
        for f in demo.findings {
            let key = "\(f.service)/\(f.resource)"
            let profile = try #require(Self.world.profile(for: SLOKey(service: f.service, slo: f.resource)))
            if profile == .gradualDecline || profile == .stepChange {
                #expect(live[key]?.0 == profile.expectedTrendPattern, "\(key) (\(profile))")
            }
            #expect(live[key]?.0 == f.trend?.pattern && live[key]?.1 == f.severity.rawValue, "\(key): live \(String(describing: live[key])) vs demo \(f.trend?.pattern ?? "") \(f.severity)")
        }
        #expect(trend.status == 2)
        lap("drift trend")
        print("DemoExportTests timings: " + timings.joined(separator: ", "))
    }
}
