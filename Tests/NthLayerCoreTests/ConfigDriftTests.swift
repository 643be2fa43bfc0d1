import Foundation
import Testing
@testable import NthLayerCore

/// Configuration drift against in-memory "deployed" state built from the generator's own output, then mutated.
/// (The same cases run against a real Prometheus in IntegrationTests/DriftLiveTests.)
struct ConfigDriftTests {
    static let specText = """
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
      observability: {grafana_url: https://grafana.example.com}
      alerting: {for_duration: {page: 2m}}
    """

    static func service() throws -> ServiceSpec {
        let result = SpecParser.parse(text: specText, path: "checkout-svc.yaml")
        return try #require(result.service, "\(result.diagnostics)")
    }

    static func deployed(_ service: ServiceSpec) throws -> [DeployedRuleGroup] {
        try DeployedRules.declared(for: service)
    }

    static func mutate(_ groups: inout [DeployedRuleGroup], group: String, rule: (DeployedRule) -> Bool,
                       _ change: (inout DeployedRule) -> Void) {
        for g in groups.indices where groups[g].name == group {
            for r in groups[g].rules.indices where rule(groups[g].rules[r]) { change(&groups[g].rules[r]) }
        }
    }

    static let alerts = "nthlayer:checkout-svc:availability:alerts"
    static func fast(_ r: DeployedRule) -> Bool { r.labels["burn_tier"] == "fast" }

    @Test func identicalRulesGiveNoFindings() throws {
        let s = try Self.service()
        #expect(try RuleDrift.findings(service: s, deployed: Self.deployed(s)).isEmpty)
    }

    @Test func prometheusReprintingIsNotDrift() throws {
        let s = try Self.service()
        var groups = try Self.deployed(s)
        // Prometheus prints matchers in its own order, drops our line breaks and parenthesises differently.
        for g in groups.indices {
            for r in groups[g].rules.indices {
                let parsed = try PromQL.parse(groups[g].rules[r].expr)
                groups[g].rules[r].expr = parsed.formatted().replacingOccurrences(of: "\n", with: " ")
            }
        }
        Self.mutate(&groups, group: Self.alerts, rule: Self.fast) {
            $0.expr = $0.expr.replacingOccurrences(of: "service=\"checkout-svc\",slo=\"availability\"", with: "slo=\"availability\", service=\"checkout-svc\"")
        }
        #expect(try RuleDrift.findings(service: s, deployed: groups).isEmpty)
    }

    @Test func editedThresholdIsExprAndObjectiveDrift() throws {
        let s = try Self.service()
        var groups = try Self.deployed(s)
        Self.mutate(&groups, group: Self.alerts, rule: Self.fast) {
            $0.expr = $0.expr.replacingOccurrences(of: "14.4 * 0.0005", with: "0.0144")
        }
        let findings = try RuleDrift.findings(service: s, deployed: groups)
        let expr = try #require(findings.first { $0.kind == .rule && $0.field == "expr" })
        #expect(expr.resource == "\(Self.alerts)/CheckoutSvcAvailabilityBudgetBurn{burn_tier=fast}")
        #expect(expr.severity == .warn)
        let threshold = try #require(findings.first { $0.kind == .sloThreshold })
        #expect(threshold.severity == .critical)
        #expect(threshold.deployed == .number("99.9"))
        #expect(threshold.message.hasPrefix("implied objective 99.9 ≠ declared 99.95"))
        #expect(findings.count == 2)
    }

    @Test func deletedPageAlertIsCriticalMissing() throws {
        let s = try Self.service()
        var groups = try Self.deployed(s)
        for g in groups.indices where groups[g].name == Self.alerts { groups[g].rules.removeAll(where: Self.fast) }
        let findings = try RuleDrift.findings(service: s, deployed: groups)
        #expect(findings.count == 1)
        #expect(findings[0].change == .missing && findings[0].severity == .critical)
        #expect(findings[0].resource.hasSuffix("{burn_tier=fast}"))
    }

    @Test func unmanagedRuleInManagedGroupIsUnexpected() throws {
        let s = try Self.service()
        var groups = try Self.deployed(s)
        for g in groups.indices where groups[g].name == Self.alerts {
            groups[g].rules.append(DeployedRule(kind: .alerting, name: "HandAddedAlert", expr: "up == 0"))
        }
        let findings = try RuleDrift.findings(service: s, deployed: groups)
        #expect(findings.map(\.change) == [.unexpected])
        #expect(findings[0].resource == "\(Self.alerts)/HandAddedAlert")
    }

    @Test func forAndLabelChanges() throws {
        let s = try Self.service()
        var groups = try Self.deployed(s)
        Self.mutate(&groups, group: Self.alerts, rule: Self.fast) { $0.forSeconds = 300; $0.labels["severity"] = "ticket" }
        let findings = try RuleDrift.findings(service: s, deployed: groups)
        #expect(Set(findings.map(\.field)) == ["for", "labels.severity"])
        let f = try #require(findings.first { $0.field == "for" })
        #expect(f.declared == .string("2m") && f.deployed == .string("5m"))
        #expect(f.message == "for differs: declared 2m, deployed 5m")
    }

    @Test func missingGroupAndUntouchedServiceElsewhere() throws {
        let s = try Self.service()
        var groups = try Self.deployed(s)
        groups.removeAll { $0.name == "nthlayer:checkout-svc:postgresql" }
        // A group of another service is not ours to judge.
        groups.append(DeployedRuleGroup(name: "nthlayer:cart-svc:availability:alerts", rules: [DeployedRule(kind: .alerting, name: "X", expr: "up == 0")]))
        let findings = try RuleDrift.findings(service: s, deployed: groups)
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.change == .missing && $0.resource.hasPrefix("nthlayer:checkout-svc:postgresql/") })
    }

    @Test func sloWithoutDeployedAlertIsThresholdDrift() throws {
        let s = try Self.service()
        let findings = SLOThresholdDrift.findings(service: s, deployed: [])
        #expect(findings.count == 1)
        #expect(findings[0].kind == .sloThreshold && findings[0].change == .missing)
    }

    @Test func dashboardDrift() throws {
        let s = try Self.service()
        let model = try DashboardGenerator.dashboard(for: s)
        // Round-trip through JSON text like Grafana would serve it.
        let deployed = try JSONValue.parse(Data(model.rendered().utf8))
        #expect(try DashboardDrift.findings(service: s, deployed: deployed).isEmpty)
        #expect(try DashboardDrift.findings(service: s, deployed: nil).map(\.change) == [.missing])

        var text = model.rendered()
        text = text.replacingOccurrences(of: "\"unit\": \"reqps\"", with: "\"unit\": \"ops\"")
        text = text.replacingOccurrences(of: "sum by (le) (rate(http_request_duration_seconds_bucket{service=\\\"checkout-svc\\\"}[5m]))",
                                          with: "sum by (le) (rate(http_request_duration_seconds_bucket{service=\\\"checkout-svc\\\"}[10m]))")
        let changed = try DashboardDrift.findings(service: s, deployed: JSONValue.parse(Data(text.utf8)))
        #expect(changed.contains { $0.field == "unit" && $0.severity == .info })
        #expect(changed.contains { $0.field.hasPrefix("targets.") && $0.severity == .warn })
    }

    @Test func pagerDutyDrift() throws {
        var s = try Self.service()
        var pd = PagerDutyRef(); pd.serviceID = "PCHK001"; pd.escalationPolicyID = "PEPORD1"
        s.ownership.pagerDuty = pd
        let good = DeployedPagerDutyService(id: "PCHK001", name: "checkout-svc", status: "active", escalationPolicyID: "PEPORD1",
                                            urgency: "high", acknowledgementTimeout: 900, autoResolveTimeout: 14400)
        #expect(PagerDutyDrift.findings(service: s, deployed: good).isEmpty)
        #expect(PagerDutyDrift.findings(service: s, deployed: nil).map(\.severity) == [.critical])
        var bad = good
        bad.status = "disabled"; bad.escalationPolicyID = "POTHER"; bad.urgency = "low"; bad.acknowledgementTimeout = 3600
        let findings = PagerDutyDrift.findings(service: s, deployed: bad)
        #expect(findings.map(\.field) == ["status", "escalation_policy", "urgency", "acknowledgement_timeout"])
        #expect(findings.map(\.severity) == [.critical, .warn, .warn, .info])
    }

    @Test func reportShapesAndExitCodes() throws {
        let s = try Self.service()
        var groups = try Self.deployed(s)
        Self.mutate(&groups, group: Self.alerts, rule: Self.fast) { $0.forSeconds = 300 }
        let report = DriftReport(findings: try RuleDrift.findings(service: s, deployed: groups), servicesEvaluated: [s.name],
                                 providers: [("prometheus", .used()), ("grafana", .skipped)])
        #expect(report.exitCode() == 1)
        #expect(report.exitCode(failOn: .critical) == 0)
        let json = report.json()
        let finding = try #require(json["findings"]?.arrayValue?.first)
        for key in ["id", "kind", "change", "service", "resource", "field", "declared", "deployed", "severity", "message"] {
            #expect(finding[key] != nil, "missing \(key)")
        }
        #expect(json["summary"]?["providers"]?["grafana"] == .string("skipped (not configured)"))
        let text = report.text()
        #expect(text.contains("@@ for @@\n-2m\n+5m"))
        #expect(report.markdown().contains("| warn | checkout-svc | rule |"))
        let sarif = report.sarif(version: "test")
        #expect(sarif["runs"]?.arrayValue?.first?["results"]?.arrayValue?.first?["level"] == .string("warning"))
        #expect(DriftReport().exitCode() == 0)
        #expect(report.evaluatedAnything)
        #expect(!DriftReport(servicesEvaluated: ["a"], providers: [("grafana", .skipped), ("pagerduty", .failed("401"))]).evaluatedAnything)
        #expect(ProviderUse.failed("401").description == "failed: 401")
    }

    @Test func unifiedDiffOrdersRemovalsFirst() {
        #expect(UnifiedDiff.lines(["a", "b", "c"], ["a", "x", "c"]) == [" a", "-b", "+x", " c"])
        #expect(UnifiedDiff.lines([], ["x"]) == ["+x"])
    }

    @Test func mimirRulerYAMLRoundTripsWithoutDrift() throws {
        let s = try Self.service()
        // What a ruler lists: namespace → groups, the same rule-file YAML NthLayer writes, one level down.
        let groups = try RecordingRules.groups(for: s) + BurnRateAlerts.groups(for: s) + TechnologyAlerts.groups(for: s)
        let file = RuleFile(header: "x", groups: groups).rendered()
        let body = file.split(separator: "\n").dropFirst(2).joined(separator: "\n")
        let ruler = "checkout-svc:\n" + body + "\n"
        let deployed = try DeployedRules.fromRulerYAML(ruler)
        #expect(deployed.map(\.name) == groups.map(\.name))
        #expect(try RuleDrift.findings(service: s, deployed: deployed).isEmpty)
        let edited = try DeployedRules.fromRulerYAML(ruler.replacingOccurrences(of: "> 14.4 * 0.0005", with: "> 0.0144"))
        #expect(try RuleDrift.findings(service: s, deployed: edited).contains { $0.kind == .sloThreshold })
        #expect(try DeployedRules.fromRulerYAML("").isEmpty)
        #expect(throws: DeployedRules.DecodeError.self) { try DeployedRules.fromRulerYAML("- just\n- a list\n") }
    }
}
