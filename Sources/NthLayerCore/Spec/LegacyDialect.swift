import Foundation

/// The legacy dialect: `service:` plus a list of typed `resources:`.
extension ServiceAssembler {
    static let legacyRootKeys = ["service", "resources", "drift", "environments"]
    static let legacyServiceKeys = ["name", "team", "tier", "type", "description", "language", "framework",
                                    "support_model", "template", "metadata", "labels", "annotations", "slack_channel",
                                    "email", "runbook_url", "pagerduty", "identity", "drift", "environments",
                                    "ownership", "observability", "alerting", "deployment_gate"]
    static let resourceKinds = ["SLO", "Dependencies", "PagerDuty", "Observability", "DeploymentGate", "Alerts", "PolicyRules"]

    func readLegacy(_ root: SpecNode) -> ServiceSpec? {
        reader.checkKeys(root.entries ?? [], known: ServiceAssembler.legacyRootKeys, "")
        guard let serviceNode = root["service"], let entries = reader.mapping(serviceNode, "service") else { return nil }
        reader.checkKeys(entries, known: ServiceAssembler.legacyServiceKeys, "service")
        let header = readHeader(name: serviceNode.entry("name"), team: serviceNode.entry("team"),
                                tier: serviceNode.entry("tier"), type: serviceNode.entry("type"),
                                prefix: "service", parent: serviceNode, typeRequired: true,
                                parentKey: root.entry("service")?.keyLocation)
        var service = makeService(header, dialect: .legacy)
        let policies = PolicyReaders(reader: reader)

        // Resources: the file's own, then a template's for (kind, name) pairs the file does not define.
        var resources: [(index: Int, kind: String, name: String, spec: SpecNode, node: SpecNode)] = []
        var seen: [String: Int] = [:]
        if let items = reader.sequence(root["resources"], "resources") {
            for (i, item) in items.enumerated() {
                let field = "resources".index(i)
                guard let itemEntries = reader.mapping(item, field) else { continue }
                reader.checkKeys(itemEntries, known: ["kind", "name", "spec"], field)
                guard let kindNode = item["kind"], let kind = reader.string(kindNode, field.dot("kind")) else {
                    reader.error("E122", item.location, field.dot("kind"), "resource needs kind, name and spec"); continue
                }
                guard ServiceAssembler.resourceKinds.contains(kind) else {
                    reader.error("E121", kindNode.location, field.dot("kind"),
                                 "unknown resource kind \"\(kind)\"\(Suggestion.hint(for: kind, in: ServiceAssembler.resourceKinds))")
                    continue
                }
                guard let nameNode = item["name"], let name = reader.string(nameNode, field.dot("name")) else {
                    reader.error("E122", item.location, field.dot("name"), "resource needs kind, name and spec"); continue
                }
                guard let spec = item["spec"] else {
                    reader.error("E122", item.location, field.dot("spec"), "resource needs kind, name and spec"); continue
                }
                let key = "\(kind)/\(name)"
                if let line = seen[key] {
                    reader.error("E120", nameNode.location, field.dot("name"),
                                 "duplicate resource \(key) (first defined at line \(line))")
                    continue
                }
                seen[key] = nameNode.location.line
                resources.append((i, kind, name, spec, nameNode))
            }
        }
        if let templateNode = serviceNode["template"], let template = reader.string(templateNode, "service.template") {
            if let builtIn = LegacyTemplates.resources(named: template, file: reader.file, location: templateNode.location) {
                for r in builtIn where seen["\(r.kind)/\(r.name)"] == nil {
                    resources.append((-1, r.kind, r.name, r.spec, r.spec))
                }
            } else {
                reader.error("E123", templateNode.location, "service.template",
                             "unknown template \"\(template)\"; built-in templates are \(LegacyTemplates.names.joined(separator: ", "))\(Suggestion.hint(for: template, in: LegacyTemplates.names))")
            }
        }

        var slos: [SLOSpec] = []
        var dependencies: [DependencySpec] = []
        var downstream: [String] = []
        let sloReader = SLOReader(reader: reader, service: sloContextTemplate(header))
        let depReader = DependencyReader(reader: reader, serviceName: header.name ?? "")
        var ownership = Ownership(), alerting = AlertingPolicy(), gate = DeploymentGatePolicy(), observability = Observability()
        for r in resources {
            let field = r.index >= 0 ? "resources".index(r.index).dot("spec") : "service.template"
            switch r.kind {
            case "SLO":
                if let slo = sloReader.read(name: r.name, nameLocation: r.node.location, node: r.spec, field: field) { slos.append(slo) }
            case "Dependencies":
                guard let groups = reader.mapping(r.spec, field) else { continue }
                let groupTypes: [String: String] = ["services": "service", "upstream": "service", "databases": "database",
                                                    "caches": "cache", "queues": "queue", "external_apis": "external"]
                reader.checkKeys(groups, known: Array(groupTypes.keys) + ["downstream"], field)
                for group in groups {
                    if group.key == "downstream" {
                        for (i, item) in (reader.sequence(group.value, field.dot("downstream")) ?? []).enumerated() {
                            if let name = item.scalar ?? item["name"]?.scalar { downstream.append(name) } else {
                                reader.error("E301", item.location, field.dot("downstream").index(i).dot("name"), "dependency name is required")
                            }
                        }
                    } else if let type = groupTypes[group.key] {
                        dependencies += depReader.readList(group.value, field: field.dot(group.key), defaultType: type)
                    }
                }
            case "PagerDuty":
                ownership.pagerDuty = policies.pagerDuty(r.spec, field, existing: ownership.pagerDuty)
            case "Observability":
                policies.observability(r.spec, field, into: &observability)
            case "DeploymentGate":
                policies.gate(r.spec, field, into: &gate)
            case "Alerts":
                policies.alerting(r.spec, field, into: &alerting)
            default:
                break // PolicyRules: read by `validate --policies`.
            }
        }
        guard service != nil else { return nil }
        service!.slos = slos
        service!.dependencies = dependencies
        service!.declaredDownstream = downstream
        service!.ownership = ownership
        service!.alerting = alerting
        service!.deploymentGate = gate
        service!.observability = observability
        readCommon(serviceNode, prefix: "service", into: &service!)
        // Legacy contact fields map into ownership.
        if let v = serviceNode["slack_channel"] { service!.ownership.slack = reader.string(v, "service.slack_channel") }
        if let v = serviceNode["email"] { service!.ownership.email = reader.string(v, "service.email") }
        if let v = serviceNode["runbook_url"] { service!.ownership.runbook = reader.string(v, "service.runbook_url") }
        if let v = serviceNode["pagerduty"] {
            service!.ownership.pagerDuty = policies.pagerDuty(v, "service.pagerduty", existing: service!.ownership.pagerDuty)
        }
        if let meta = serviceNode["metadata"], let entries = reader.mapping(meta, "service.metadata") {
            reader.checkKeys(entries, known: ["labels", "annotations"], "service.metadata")
            if let l = meta["labels"] { service!.labels.merge(reader.stringMap(l, "service.metadata.labels")) { $1 } }
            if let a = meta["annotations"] { service!.annotations.merge(reader.stringMap(a, "service.metadata.annotations")) { $1 } }
        }
        if let drift = root["drift"] { policies.drift(drift, "drift", into: &service!.drift) }
        if let v = root["environments"], let entries = reader.mapping(v, "environments") {
            for e in entries where EnvironmentName.normalize(e.key) == nil {
                reader.error("E501", e.keyLocation, "environments".dot(e.key), EnvironmentName.invalidMessage(e.key))
            }
        }
        finish(&service!, slosField: "resources")
        return service
    }
}

/// Built-in legacy templates: resources a spec gets by `template: critical-api` unless it defines them itself.
enum LegacyTemplates {
    static let names = ["critical-api", "standard-api", "low-api", "background-job", "pipeline"]

    static func resources(named name: String, file: String, location: SourceLocation) -> [(kind: String, name: String, spec: SpecNode)]? {
        let yaml: String
        switch name {
        case "critical-api": yaml = api(objective: "99.95", latency: 200)
        case "standard-api": yaml = api(objective: "99.9", latency: 500)
        case "low-api": yaml = api(objective: "99.5", latency: 1000)
        case "background-job", "pipeline":
            yaml = """
            - kind: SLO
              name: job-success
              spec:
                objective: 99.5
                indicator:
                  good_query: sum(rate(jobs_processed_total{service="${service}",outcome="success"}[${window}]))
                  total_query: sum(rate(jobs_processed_total{service="${service}"}[${window}]))
            """
        default: return nil
        }
        guard case .documents(let docs) = SpecYAML.read(yaml, file: file), let items = docs.first?.items else { return [] }
        return items.compactMap { item in
            guard let kind = item["kind"]?.scalar, let n = item["name"]?.scalar, let spec = item["spec"] else { return nil }
            return (kind, n, relocate(spec, to: location))
        }
    }

    private static func api(objective: String, latency: Int) -> String {
        """
        - kind: SLO
          name: availability
          spec: {objective: \(objective)}
        - kind: SLO
          name: latency
          spec: {objective: 99, threshold_ms: \(latency)}
        """
    }

    /// Template values are reported at the `template:` line of the user's file.
    private static func relocate(_ node: SpecNode, to location: SourceLocation) -> SpecNode {
        var n = node
        n.location = location
        switch node.kind {
        case .mapping(let entries):
            n.kind = .mapping(entries.map { SpecNode.Entry(key: $0.key, keyLocation: location, value: relocate($0.value, to: location)) })
        case .sequence(let items): n.kind = .sequence(items.map { relocate($0, to: location) })
        case .scalar: break
        }
        return n
    }
}
