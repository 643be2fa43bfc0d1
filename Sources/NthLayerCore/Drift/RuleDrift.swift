import Foundation

/// Configuration drift of rules: what `generate` would write vs what is deployed, for one service.
public enum RuleDrift {
    /// A rule's identity within its group: records by name; burn alerts by (name, burn_tier); technology alerts by
    /// (name, dependency).
    static func identity(_ rule: DeployedRule) -> String {
        var id = rule.name
        if rule.kind == .alerting {
            if let tier = rule.labels["burn_tier"] { id += "{burn_tier=\(tier)}" }
            if let dep = rule.labels["dependency"] { id += "{dependency=\(dep)}" }
        }
        return id
    }

    public static func canonical(_ expr: String) -> String {
        (try? PromQL.parse(expr).canonical()) ?? expr.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func formatSeconds(_ s: Double) -> String {
        s == 0 ? "(none)" : Window(seconds: Int(s)).description
    }

    public static func findings(service: ServiceSpec, deployed: [DeployedRuleGroup]) throws -> [DriftFinding] {
        let declared = try DeployedRules.declared(for: service)
        let prefix = "nthlayer:\(service.name):"
        let managed = deployed.filter { $0.name.hasPrefix(prefix) }
        let important = service.tier == .critical || service.tier == .high
        var findings: [DriftFinding] = []
        let location = service.location
        /// Recording rules some alert of the service reads.
        let neededRecords = Set(declared.flatMap(\.rules).filter { $0.kind == .alerting }
            .flatMap { (try? PromQL.parse($0.expr).metricNames) ?? [] })

        func severityForMissing(_ rule: DeployedRule) -> DriftSeverity {
            if rule.kind == .alerting {
                return rule.labels["severity"] == "page" && rule.labels["burn_tier"] != nil ? (important ? .critical : .warn) : .warn
            }
            return neededRecords.contains(rule.name) ? (important ? .critical : .warn) : .warn
        }

        for group in declared {
            guard let live = managed.first(where: { $0.name == group.name }) else {
                for rule in group.rules {
                    findings.append(DriftFinding(kind: .rule, change: .missing, service: service.name,
                        resource: "\(group.name)/\(identity(rule))", field: "rule", declared: .string(rule.expr), deployed: .null,
                        severity: severityForMissing(rule), message: "\(rule.kind == .alerting ? "alert" : "recording rule") \(rule.name) is not deployed (group \(group.name) missing)",
                        location: location))
                }
                continue
            }
            if let want = group.intervalSeconds, let have = live.intervalSeconds, want != have {
                findings.append(DriftFinding(kind: .rule, change: .changed, service: service.name, resource: group.name,
                    field: "interval", declared: .string(formatSeconds(want)), deployed: .string(formatSeconds(have)),
                    severity: .info, message: "group interval differs: declared \(formatSeconds(want)), deployed \(formatSeconds(have))",
                    location: location))
            }
            var liveByID: [String: DeployedRule] = [:]
            for r in live.rules where liveByID[identity(r)] == nil { liveByID[identity(r)] = r }
            let declaredIDs = Set(group.rules.map(identity))
            for rule in group.rules {
                let id = identity(rule)
                let resource = "\(group.name)/\(id)"
                guard let have = liveByID[id] else {
                    findings.append(DriftFinding(kind: .rule, change: .missing, service: service.name, resource: resource,
                        field: "rule", declared: .string(rule.expr), severity: severityForMissing(rule),
                        message: "\(rule.kind == .alerting ? "alert" : "recording rule") \(id) is declared but not deployed",
                        location: location))
                    continue
                }
                if canonical(rule.expr) != canonical(have.expr) {
                    findings.append(DriftFinding(kind: .rule, change: .changed, service: service.name, resource: resource,
                        field: "expr", declared: .string(rule.expr), deployed: .string(have.expr), severity: .warn,
                        message: "expr differs", location: location))
                }
                if rule.forSeconds != have.forSeconds {
                    findings.append(DriftFinding(kind: .rule, change: .changed, service: service.name, resource: resource,
                        field: "for", declared: .string(formatSeconds(rule.forSeconds)), deployed: .string(formatSeconds(have.forSeconds)),
                        severity: .warn,
                        message: "for differs: declared \(formatSeconds(rule.forSeconds)), deployed \(formatSeconds(have.forSeconds))",
                        location: location))
                }
                for key in Set(rule.labels.keys).union(have.labels.keys).sorted() where rule.labels[key] != have.labels[key] {
                    findings.append(DriftFinding(kind: .rule, change: .changed, service: service.name, resource: resource,
                        field: "labels.\(key)", declared: .optionalString(rule.labels[key]), deployed: .optionalString(have.labels[key]),
                        severity: .warn,
                        message: "label \(key) differs: declared \(rule.labels[key] ?? "(none)"), deployed \(have.labels[key] ?? "(none)")",
                        location: location))
                }
                if rule.kind == .alerting {
                    for key in Set(rule.annotations.keys).union(have.annotations.keys).sorted()
                    where rule.annotations[key] != have.annotations[key] {
                        findings.append(DriftFinding(kind: .rule, change: .changed, service: service.name, resource: resource,
                            field: "annotations.\(key)", declared: .optionalString(rule.annotations[key]),
                            deployed: .optionalString(have.annotations[key]), severity: .info,
                            message: "annotation \(key) differs", location: location))
                    }
                }
            }
            for have in live.rules where !declaredIDs.contains(identity(have)) {
                findings.append(DriftFinding(kind: .rule, change: .unexpected, service: service.name,
                    resource: "\(group.name)/\(identity(have))", field: "rule", deployed: .string(have.expr), severity: .warn,
                    message: "\(have.kind == .alerting ? "alert" : "recording rule") \(have.name) is deployed in a managed group but not declared",
                    location: location))
            }
        }
        let declaredNames = Set(declared.map(\.name))
        for live in managed where !declaredNames.contains(live.name) {
            for rule in live.rules {
                findings.append(DriftFinding(kind: .rule, change: .unexpected, service: service.name,
                    resource: "\(live.name)/\(identity(rule))", field: "rule", deployed: .string(rule.expr), severity: .warn,
                    message: "group \(live.name) is managed by NthLayer but not declared", location: location))
            }
        }
        return findings + SLOThresholdDrift.findings(service: service, deployed: managed)
    }
}
