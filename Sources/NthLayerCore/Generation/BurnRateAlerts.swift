import Foundation

/// Multi-window multi-burn-rate alerts: one rule per burn tier, the four sharing one alert name.
public enum BurnRateAlerts {
    /// `checkout-svc` + `availability` → `CheckoutSvcAvailabilityBudgetBurn`.
    public static func alertName(service: String, slo: String) -> String {
        pascal(service) + pascal(slo) + "BudgetBurn"
    }

    static func pascal(_ s: String) -> String {
        s.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    public static func dashboardURL(_ service: ServiceSpec) -> String? {
        guard let base = service.observability.grafanaURL else { return nil }
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return "\(trimmed)/d/\(DashboardGenerator.uid(for: service.name))"
    }

    public static func groups(for service: ServiceSpec) throws -> [RuleGroup] {
        try service.slos.map { slo in
            let sli = SLIExpressions(service: service, slo: slo)
            let b = slo.budgetRatio
            let bText = DecimalText.format(b)
            var rules: [Rule] = []
            for tier in BurnTier.allCases where !service.alerting.disabledTiers.contains(tier) {
                let factor = tier.factor(period: slo.window)
                let factorText = tier.factorText(period: slo.window)
                let clamped = factor * b > 1
                let comparison = clamped ? ">= 1" : "> \(factorText) * \(bText)"
                var lines = [
                    "slo:sli_error:ratio_rate\(tier.longWindow){\(sli.sloMatchers)} \(comparison)",
                    "and slo:sli_error:ratio_rate\(tier.shortWindow){\(sli.sloMatchers)} \(comparison)",
                ]
                if let minRPS = service.alerting.minRPS, let total = try sli.totalRate(at: tier.longWindow) {
                    lines.append("and on() (\(total)) > \(DecimalText.format(minRPS))")
                }
                let severity = service.tier.severity(for: tier)
                var labels = service.alerting.labels
                labels.merge(["burn_tier": tier.rawValue, "long": tier.longWindow.description,
                              "short": tier.shortWindow.description, "severity": severity.rawValue,
                              "service": service.name, "slo": slo.name, "team": service.team,
                              "tier": service.tier.rawValue]) { $1 }
                let consumed = DecimalText.format(tier.budgetConsumedPercent)
                var annotations: [(String, String)] = [
                    ("summary", "\(service.name) \(slo.name) is burning error budget at more than \(factorText)x"),
                    ("description", "\(consumed)% of the \(slo.window) budget would be gone within \(tier.longWindow) at this rate (error ratio {{ $value | humanizePercentage }})."),
                ]
                if let runbook = service.alerting.runbookURL ?? service.ownership.runbook { annotations.append(("runbook_url", runbook)) }
                if let dashboard = dashboardURL(service) { annotations.append(("dashboard", dashboard)) }
                for (k, v) in service.alerting.annotations.sorted(by: { $0.key < $1.key })
                where !annotations.contains(where: { $0.0 == k }) { annotations.append((k, v)) }
                let forDuration = severity == .page ? service.alerting.forPage : service.alerting.forTicket
                rules.append(Rule(kind: .alert(alertName(service: service.name, slo: slo.name)),
                                  expr: lines.joined(separator: "\n"), forDuration: forDuration?.description,
                                  labels: labels, annotations: annotations))
            }
            return RuleGroup(name: "nthlayer:\(service.name):\(slo.name):alerts", rules: rules)
        }
    }
}
