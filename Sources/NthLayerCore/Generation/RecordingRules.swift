import Foundation

/// Recording rules per SLO: the error ratio at every alert window, the SLI, and the budget remaining.
public enum RecordingRules {
    /// Alert windows every SLO records (Sloth-compatible names).
    public static let windows: [Window] = [.minutes(5), .minutes(30), .hours(1), .hours(2), .hours(6), .days(1), .days(3)]

    public static func labels(_ service: ServiceSpec, _ slo: SLOSpec) -> [String: String] {
        ["service": service.name, "slo": slo.name, "objective": DecimalText.format(slo.objective),
         "team": service.team, "tier": service.tier.rawValue]
    }

    /// Two groups per SLO: `…:sli` at 30 s with the short windows, `…:budget` at 5 m with the period (a 30d range
    /// every 30 s is costly) and the budget remaining that trend drift reads.
    public static func groups(for service: ServiceSpec) throws -> [RuleGroup] {
        var groups: [RuleGroup] = []
        for slo in service.slos {
            let sli = SLIExpressions(service: service, slo: slo)
            let labels = labels(service, slo)
            var rules: [Rule] = []
            if let compliance = try sli.throughputCompliance() {
                rules.append(Rule(kind: .record("slo:throughput:compliance"), expr: compliance, labels: labels))
            }
            for window in windows where window != slo.window {
                rules.append(Rule(kind: .record("slo:sli_error:ratio_rate\(window)"), expr: try sli.errorRatio(at: window), labels: labels))
            }
            rules.append(Rule(kind: .record("slo:sli:ratio"),
                              expr: "1 - slo:sli_error:ratio_rate5m{\(sli.sloMatchers)}", labels: labels))
            groups.append(RuleGroup(name: "nthlayer:\(service.name):\(slo.name):sli", interval: "30s", rules: rules))
            let budget = DecimalText.format(slo.budgetRatio)
            groups.append(RuleGroup(name: "nthlayer:\(service.name):\(slo.name):budget", interval: "5m", rules: [
                Rule(kind: .record("slo:sli_error:ratio_rate\(slo.window)"), expr: try sli.errorRatio(at: slo.window), labels: labels),
                Rule(kind: .record("slo:error_budget_remaining:ratio"),
                     expr: "1 - slo:sli_error:ratio_rate\(slo.window){\(sli.sloMatchers)} / \(budget)", labels: labels),
            ]))
        }
        return groups
    }
}
