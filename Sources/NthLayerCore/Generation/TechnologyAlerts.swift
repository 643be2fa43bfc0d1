import Foundation

/// Alert groups for the technologies a service depends on, scoped to each dependency's selector.
public enum TechnologyAlerts {
    /// Which alert classes a service tier keeps: critical/high all, standard C+W, low C only.
    static func keeps(_ cls: AlertClass, tier: Tier) -> Bool {
        switch tier {
        case .critical, .high: return true
        case .standard: return cls != .info
        case .low: return cls == .critical
        }
    }

    static func severity(_ cls: AlertClass, tier: Tier) -> AlertSeverity {
        cls == .critical && (tier == .critical || tier == .high) ? .page : .ticket
    }

    public static func groups(for service: ServiceSpec) throws -> [RuleGroup] {
        var order: [Technology] = []
        var byTechnology: [Technology: [DependencySpec]] = [:]
        for dep in service.dependencies {
            guard let tech = dep.technology else { continue }
            if byTechnology[tech] == nil { order.append(tech) }
            byTechnology[tech, default: []].append(dep)
        }
        var groups: [RuleGroup] = []
        for tech in order {
            let template = TechnologyCatalog.template(for: tech)
            var rules: [Rule] = []
            for dep in byTechnology[tech] ?? [] {
                let matchers = (try? PromQL.parseSelector(dep.selector)) ?? []
                for alert in template.alerts where keeps(alert.alertClass, tier: service.tier) {
                    let expr = try PromQL.parse(alert.expr).addingMatchers(matchers).formatted()
                    let labels = ["service": service.name, "team": service.team, "tier": service.tier.rawValue,
                                  "technology": tech.rawValue, "dependency": dep.name,
                                  "severity": severity(alert.alertClass, tier: service.tier).rawValue]
                    let forDuration = alert.forDuration.flatMap { Window(duration: $0) }.flatMap { $0.seconds > 0 ? $0.description : nil }
                    rules.append(Rule(kind: .alert(alert.name), expr: expr, forDuration: forDuration, labels: labels,
                                      annotations: [("summary", alert.summary), ("description", alert.description)]))
                }
            }
            if !rules.isEmpty { groups.append(RuleGroup(name: "nthlayer:\(service.name):\(tech.rawValue)", rules: rules)) }
        }
        return groups
    }
}
