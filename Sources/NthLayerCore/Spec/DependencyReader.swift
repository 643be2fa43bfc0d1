import Foundation

/// Reads dependencies: strings (flat), objects (all dialects) and legacy `Dependencies` groups.
struct DependencyReader {
    static let keys = ["name", "type", "technology", "database_type", "criticality", "critical", "slo", "sla",
                       "selector", "protocol", "description", "kind"]
    let reader: SpecReader
    let serviceName: String

    func readList(_ node: SpecNode?, field: String, defaultType: String? = nil) -> [DependencySpec] {
        guard let items = reader.sequence(node, field) else { return [] }
        return items.enumerated().compactMap { readItem($1, field: field.index($0), defaultType: defaultType) }
    }

    func readItem(_ node: SpecNode, field: String, defaultType: String?) -> DependencySpec? {
        // A bare string: a technology name becomes a datastore/queue, anything else a service.
        if let text = node.scalar, !node.isNull {
            let technology = Technology(alias: text) ?? defaultType.flatMap { Technology(alias: $0) }
            let type = Technology(alias: text)?.impliedDependencyType ?? dependencyType(defaultType) ?? .service
            return finish(name: text, nameLocation: node.location, itemLocation: node.location, field: field,
                          type: type, technology: technology, criticality: .medium, entries: [])
        }
        guard let entries = reader.mapping(node, field) else { return nil }
        reader.checkKeys(entries, known: DependencyReader.keys, field)
        func value(_ key: String) -> SpecNode? { entries.first { $0.key == key }?.value }
        guard let nameNode = value("name"), let name = reader.string(nameNode, field.dot("name")) else {
            reader.error("E301", node.location, field.dot("name"), "dependency name is required")
            return nil
        }
        // Type: a known dependency type, or (legacy groups) a technology name.
        var technology: Technology?
        var type = dependencyType(defaultType) ?? .service
        if let typeNode = value("type"), let text = reader.string(typeNode, field.dot("type")) {
            if let t = dependencyType(text) {
                type = t
            } else if let tech = Technology(alias: text) {
                technology = tech
                if defaultType == nil { type = tech.impliedDependencyType }
            } else {
                let names = ["service", "api", "database", "cache", "queue", "external", "infra"]
                reader.error("E304", typeNode.location, field.dot("type"),
                             "unknown dependency type \"\(text)\"; expected \(names.joined(separator: ", "))\(Suggestion.hint(for: text, in: names))")
            }
        }
        for key in ["technology", "database_type"] {
            if let techNode = value(key), let text = reader.string(techNode, field.dot(key)) {
                if let tech = Technology(alias: text) {
                    technology = tech
                } else {
                    let names = Technology.allCases.map(\.rawValue)
                    reader.error("E305", techNode.location, field.dot(key),
                                 "unknown technology \"\(text)\"\(Suggestion.hint(for: text, in: names))")
                }
            }
        }
        if technology == nil, defaultType == "cache" {
            technology = name.contains("memcache") ? .memcached : .redis
        }
        if technology == nil, let tech = defaultType.flatMap({ Technology(alias: $0) }) { technology = tech }
        if technology == nil, let first = name.split(separator: "-").first, let tech = Technology(alias: String(first)) {
            technology = tech
        }
        var criticality = Criticality.medium
        if let c = value("criticality"), let text = reader.string(c, field.dot("criticality")) {
            if let parsed = Criticality(rawValue: text.lowercased()) {
                criticality = parsed
            } else {
                reader.error("E302", c.location, field.dot("criticality"),
                             "unknown criticality \"\(text)\"; expected critical, high, medium, low")
            }
        }
        if let c = value("critical"), reader.bool(c, field.dot("critical")) == true { criticality = .critical }
        var dependency = finish(name: name, nameLocation: nameNode.location, itemLocation: node.location, field: field,
                                type: type, technology: technology, criticality: criticality, entries: entries)
        if let slo = value("slo"), let sloEntries = reader.mapping(slo, field.dot("slo")) {
            reader.checkKeys(sloEntries, known: ["availability", "latency_p99", "latency"], field.dot("slo"))
            if let a = sloEntries.first(where: { $0.key == "availability" }) {
                dependency?.availability = availability(a.value, field.dot("slo.availability"))
            }
            if let l = sloEntries.first(where: { $0.key == "latency_p99" }), let text = reader.string(l.value, field.dot("slo.latency_p99")) {
                dependency?.latencyP99Ms = DecimalText.parse(text.hasSuffix("ms") ? String(text.dropLast(2)) : text)
            }
        }
        if dependency?.availability == nil, let sla = value("sla") {
            dependency?.availability = availability(sla, field.dot("sla"))
        }
        if let p = value("protocol") { dependency?.protocolName = reader.string(p, field.dot("protocol")) }
        return dependency
    }

    private func availability(_ node: SpecNode, _ field: String) -> Decimal? {
        guard let x = reader.decimal(node, field) else { return nil }
        if x > 0 && x < 1 {
            reader.warning("W212", node.location, field,
                           "\(DecimalText.format(x)) read as a ratio and converted to \(DecimalText.format(x * 100))%")
            return x * 100
        }
        if x <= 0 || x > 100 {
            reader.error("E201", node.location, field, "availability must be greater than 0 and at most 100 (percent)")
            return nil
        }
        return x
    }

    private func finish(name: String, nameLocation: SourceLocation, itemLocation: SourceLocation, field: String,
                        type: DependencyType, technology: Technology?, criticality: Criticality,
                        entries: [SpecNode.Entry]) -> DependencySpec? {
        if name == serviceName {
            reader.error("E303", itemLocation, field.dot("name"), "a service cannot depend on itself")
            return nil
        }
        var selector: String?
        if let s = entries.first(where: { $0.key == "selector" }), let text = reader.string(s.value, field.dot("selector")) {
            selector = QueryChecker(reader: reader).check(text, node: s.value, field: field.dot("selector"),
                                                           values: ["service": serviceName], isSelector: true)
        }
        let defaultSelector = "{job=\"\(PromQLText.escape(name))\"}"
        var dependency = DependencySpec(name: name, type: type, technology: technology, criticality: criticality,
                                        selector: selector ?? defaultSelector, location: itemLocation)
        if technology == nil, type == .service { dependency.technology = nil }
        return dependency
    }

    private func dependencyType(_ text: String?) -> DependencyType? {
        switch text?.lowercased() {
        case "service", "api": return .service
        case "database", "cache", "datastore": return .datastore
        case "queue": return .queue
        case "external": return .external
        case "infra": return .infra
        default: return nil
        }
    }
}
