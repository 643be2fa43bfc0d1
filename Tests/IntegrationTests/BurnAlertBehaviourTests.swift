import Foundation
import Testing

/// The generated burn-rate alerts, driven by synthetic counters through `promtool test rules` (2.42): the right tier
/// fires for the right burn, with exactly the labels and annotations the generator writes, and nothing fires when the
/// budget is merely being spent slowly.
@Suite struct BurnAlertBehaviourTests {
    static let spec = """
        name: checkout-api
        team: orders
        tier: critical
        type: api
        slos:
          availability:
            objective: 99.9
            window: 30d
            good_query: sum(rate(http_requests_total{service="checkout-api",code!~"5.."}[5m]))
            total_query: sum(rate(http_requests_total{service="checkout-api"}[5m]))
        ownership:
          runbook: https://runbooks.example.com/checkout-api
        observability:
          grafana_url: https://grafana.example.com
        alerting:
          min_rps: 1
        """

    static let alertName = "CheckoutApiAvailabilityBudgetBurn"

    /// Counter series: `requestsPerMinute` requests every minute, `errorsPerMinute` of them 5xx, per phase.
    struct Phase { let minutes: Int; let errorsPerMinute: Int }

    /// `input_series` for one test group, one sample every `step` minutes (promtool's `start+increment x count`
    /// notation, phases joined so the counters never reset).
    static func series(_ phases: [Phase], step: Int, requestsPerMinute: Int = 10_000) -> String {
        var good: [String] = [], bad: [String] = []
        var goodTotal = 0, badTotal = 0
        for (i, phase) in phases.enumerated() {
            let goodStep = (requestsPerMinute - phase.errorsPerMinute) * step
            let badStep = phase.errorsPerMinute * step
            let samples = phase.minutes / step
            // The first phase starts at 0 with its first sample; later ones continue one step after the last value.
            let count = i == 0 ? samples : samples - 1
            let goodStart = i == 0 ? 0 : goodTotal + goodStep
            let badStart = i == 0 ? 0 : badTotal + badStep
            good.append("\(goodStart)+\(goodStep)x\(count)")
            bad.append("\(badStart)+\(badStep)x\(count)")
            goodTotal = goodStart + goodStep * count
            badTotal = badStart + badStep * count
        }
        return """
              - series: 'http_requests_total{service="checkout-api",code="200"}'
                values: '\(good.joined(separator: " "))'
              - series: 'http_requests_total{service="checkout-api",code="503"}'
                values: '\(bad.joined(separator: " "))'

        """
    }

    struct Firing {
        let tier: String, long: String, short: String, severity: String
        let factor: String, consumed: String, value: String
    }

    /// One expected alert: exactly the labels the generator writes for the tier, plus `objective`, which the alert
    /// inherits from the recorded series; and the annotations with `$value` rendered by promtool.
    static func expected(_ f: Firing) -> String {
        let labels = [("burn_tier", f.tier), ("long", f.long), ("short", f.short), ("severity", f.severity),
                      ("service", "checkout-api"), ("slo", "availability"), ("team", "orders"), ("tier", "critical"),
                      ("objective", "99.9")]
        let annotations = [
            ("summary", "checkout-api availability is burning error budget at more than \(f.factor)x"),
            ("description", "\(f.consumed)% of the 30d budget would be gone within \(f.long) at this rate (error ratio \(f.value))."),
            ("runbook_url", "https://runbooks.example.com/checkout-api"),
            ("dashboard", "https://grafana.example.com/d/nthlayer-checkout-api"),
        ]
        var out = "          - exp_labels:\n"
        for (k, v) in labels { out += "              \(k): \(Integration.yamlQuote(v))\n" }
        out += "            exp_annotations:\n"
        for (k, v) in annotations { out += "              \(k): \(Integration.yamlQuote(v))\n" }
        return out
    }

    static func fires(at time: String, _ firing: Firing) -> String {
        "      - eval_time: \(time)\n        alertname: \(alertName)\n        exp_alerts:\n" + expected(firing)
    }

    static func silent(at times: [String]) -> String {
        times.map { "      - {eval_time: \($0), alertname: \(alertName), exp_alerts: []}\n" }.joined()
    }

    static func group(_ comment: String, step: Int, _ series: String, _ tests: String) -> String {
        "  # \(comment)\n  - interval: \(step)m\n    input_series:\n" + series + "    alert_rule_test:\n" + tests
    }

    /// Rules are evaluated every 5 minutes (a multiple of every eval_time below); 1-minute evaluation of 30d
    /// ranges over three days of samples makes promtool five times slower for the same verdicts.
    static let header = "rule_files:\n  - recording-rules.yaml\n  - alerts.yaml\nevaluation_interval: 5m\ntests:\n"

    static let fastBurn = group(
        "14.5x budget for the last hour after 20 clean hours: only the fast tier (1h & 5m, 14.4x) pages; "
            + "30 minutes into the burst the 1h window is only half spent, so nothing yet.",
        step: 1, series([Phase(minutes: 1200, errorsPerMinute: 0), Phase(minutes: 70, errorsPerMinute: 145)], step: 1),
        silent(at: ["1200m", "1230m"])
            + fires(at: "1265m", Firing(tier: "fast", long: "1h", short: "5m", severity: "page",
                                        factor: "14.4", consumed: "2", value: "1.45%")))

    static let justUnderFast = group(
        "14.3x: just under the fast threshold, nothing pages.",
        step: 1, series([Phase(minutes: 1200, errorsPerMinute: 0), Phase(minutes: 70, errorsPerMinute: 143)], step: 1),
        silent(at: ["1265m"]))

    static let slowestBurn = group(
        "1.2x budget for three days: only the slowest tier (3d & 6h, 1x) raises a ticket.",
        step: 2, series([Phase(minutes: 4330, errorsPerMinute: 12)], step: 2),
        fires(at: "3d", Firing(tier: "slowest", long: "3d", short: "6h", severity: "ticket",
                               factor: "1", consumed: "10", value: "0.12%")))

    static let halfBudget = group(
        "0.5x budget: the budget would last 60 days; no tier ever fires.",
        step: 2, series([Phase(minutes: 4330, errorsPerMinute: 5)], step: 2),
        silent(at: ["10m", "1h", "6h", "1d", "2d", "3d"]))

    static var testFile: String { header + fastBurn + justUnderFast + slowestBurn + halfBudget }

    /// Generates the spec's rules into a scratch folder; returns the service's output folder.
    static func generateRules(_ dir: ScratchDir) throws -> URL {
        try dir.write("checkout-api.yaml", spec)
        let generate = try Integration.nthlayer("generate", "checkout-api.yaml", "--out", "out", "--only", "recording,alerts",
                                                in: dir.url)
        try #require(generate.status == 0, "\(generate)")
        return dir.url.appendingPathComponent("out/checkout-api")
    }

    @Test func burnTiersFireAsDesigned() throws {
        guard let promtool = Integration.promtool() else { return }
        let dir = try ScratchDir("burn")
        let out = try Self.generateRules(dir)

        // The generated files as promtool sees them.
        let check = try Integration.run(promtool, ["check", "rules", "recording-rules.yaml", "alerts.yaml"], in: out)
        try #require(check.status == 0, "\(check)")

        // Four rules share the alert name, one per burn tier; the test tells them apart by burn_tier.
        let alerts = try dir.read("out/checkout-api/alerts.yaml")
        #expect(alerts.components(separatedBy: "- alert: \(Self.alertName)\n").count - 1 == 4)

        try dir.write("out/checkout-api/burn-tests.yaml", Self.testFile)
        let r = try Integration.run(promtool, ["test", "rules", "burn-tests.yaml"], in: out)
        #expect(r.status == 0, "\(r)\n--- test file\n\(Self.testFile)")
        #expect(r.stdout.contains("SUCCESS"), "\(r)")
    }

    /// A wrong expectation fails: proof that promtool really compares tiers, labels and annotations.
    @Test(arguments: [
        ("burn_tier: \"fast\"", "burn_tier: \"medium\""),          // another tier
        ("severity: \"page\"", "severity: \"ticket\""),             // another severity
        ("objective: \"99.9\"", "objective: \"99.95\""),            // a label value
        ("error ratio 1.45%", "error ratio 1.44%"),                  // the rendered annotation
    ])
    func wrongExpectationIsCaught(_ right: String, _ wrong: String) throws {
        guard let promtool = Integration.promtool() else { return }
        let dir = try ScratchDir("burn-negative")
        let out = try Self.generateRules(dir)
        let file = Self.header + Self.fastBurn
        let broken = file.replacingOccurrences(of: right, with: wrong)
        try #require(broken != file, "\(right) not in the test file")
        try dir.write("out/checkout-api/ok.yaml", file)
        try dir.write("out/checkout-api/broken.yaml", broken)
        let ok = try Integration.run(promtool, ["test", "rules", "ok.yaml"], in: out)
        #expect(ok.status == 0, "\(ok)")
        let r = try Integration.run(promtool, ["test", "rules", "broken.yaml"], in: out)
        #expect(r.status != 0, "\(r)")
        #expect((r.stdout + r.stderr).contains("FAILED"), "\(r)")
    }
}
