import Foundation

/// Turns a dialect's document into a `ServiceSpec`, reporting every problem it finds along the way.
struct ServiceAssembler {
    let reader: SpecReader
    let environment: String?

    static let commonKeys = ["name", "team", "tier", "type", "description", "language", "framework", "support_model",
                             "labels", "annotations", "slos", "dependencies", "ownership", "alerting",
                             "deployment_gate", "drift", "observability", "identity", "environments"]

    // MARK: Identity fields shared by all dialects

    struct Header {
        var name: String?
        var nameLocation: SourceLocation
        var team: String?
        var tier: Tier?
        var type: ServiceType?
    }

    func readHeader(name: SpecNode.Entry?, team: SpecNode.Entry?, tier: SpecNode.Entry?, type: SpecNode.Entry?,
                    prefix: String, parent: SpecNode, typeRequired: Bool, typePrefix: String? = nil,
                    parentKey: SourceLocation? = nil, typeParentKey: SourceLocation? = nil) -> Header {
        var header = Header(nameLocation: parent.location)
        // A missing field is reported at its parent's key (`service:`), or at the parent value when it has no key.
        let missingAt = parentKey ?? parent.location
        /// `key:` with nothing after it: reported, not silently ignored.
        func empty(_ entry: SpecNode.Entry, _ field: String) -> Bool {
            guard entry.value.isNull else { return false }
            reader.error("E110", entry.value.location, field, "required field is empty")
            return true
        }
        if let name, !empty(name, prefix.dot("name")) {
            header.nameLocation = name.value.location
            if let text = reader.string(name.value, prefix.dot("name")) {
                if ServiceAssembler.isValidServiceName(text) {
                    header.name = text
                } else {
                    reader.error("E111", name.value.location, prefix.dot("name"),
                                 "\"\(text)\" is not a valid service name: lower-case letters, digits and \"-\", starting with a letter (e.g. \"\(ServiceAssembler.suggestName(text))\")")
                    header.name = text
                }
            }
        } else if name == nil {
            reader.missing(prefix.dot("name"), at: missingAt)
        }
        if let team {
            header.team = reader.string(team.value, prefix.dot("team"))
            // A list or mapping has already been reported (E114); only an empty scalar is an empty team.
            if team.value.scalar != nil, header.team?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                reader.error("E110", team.value.location, prefix.dot("team"), "team must not be empty")
            }
        } else {
            reader.missing(prefix.dot("team"), at: missingAt)
        }
        if let tier, !empty(tier, prefix.dot("tier")) {
            if let text = reader.string(tier.value, prefix.dot("tier")) {
                header.tier = Tier(alias: text)
                if header.tier == nil {
                    let hint = Suggestion.hint(for: text, in: Tier.allCases.map(\.rawValue))
                    reader.error("E112", tier.value.location, prefix.dot("tier"), "unknown tier \"\(text)\"; \(Tier.aliasHint)\(hint)")
                }
            }
        } else if tier == nil {
            reader.missing(prefix.dot("tier"), at: missingAt)
        }
        let typeField = (typePrefix ?? prefix).dot("type")
        if let type, !empty(type, typeField) {
            if let text = reader.string(type.value, typeField) {
                header.type = ServiceType(alias: text)
                if header.type == nil {
                    let hint = Suggestion.hint(for: text, in: ServiceType.allCases.map(\.rawValue))
                    reader.error("E113", type.value.location, typeField, "unknown type \"\(text)\"; \(ServiceType.hint)\(hint)")
                }
            }
        } else if type != nil {
            // empty: reported above
        } else if typeRequired {
            reader.missing(typeField, at: typeParentKey ?? missingAt)
        } else {
            header.type = .api
            reader.warning("W132", parent.location, typeField, "no type given; assuming api")
        }
        return header
    }

    static func isValidServiceName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase, name.count <= 63, !name.hasSuffix("-") else { return false }
        return name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    static func suggestName(_ name: String) -> String {
        let mapped = name.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" }
        var s = String(mapped)
        while s.contains("--") { s = s.replacingOccurrences(of: "--", with: "-") }
        s = s.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return s.isEmpty || !(s.first!.isLetter) ? "service-\(s)" : s
    }

    func makeService(_ header: Header, dialect: SpecDialect) -> ServiceSpec? {
        guard let name = header.name, let team = header.team, let tier = header.tier, let type = header.type else { return nil }
        var s = ServiceSpec(name: name, team: team, tier: tier, type: type, location: header.nameLocation, dialect: dialect)
        s.environment = environment
        return s
    }

    var sloContextTemplate: (Header) -> SLOReader.ServiceContext {
        { h in SLOReader.ServiceContext(name: h.name ?? "", team: h.team ?? "", tier: h.tier, type: h.type,
                                        environment: environment) }
    }

    // MARK: SLO collections

    /// A map (`name: def`) or a list of defs with `name`.
    func readSLOs(_ node: SpecNode?, field: String, header: Header) -> [SLOSpec] {
        guard let node, !node.isNull else { return [] }
        let sloReader = SLOReader(reader: reader, service: sloContextTemplate(header))
        var slos: [SLOSpec] = []
        var seen: [String: Int] = [:]
        func add(_ slo: SLOSpec?, nameLocation: SourceLocation, field: String) {
            guard let slo else { return }
            if let line = seen[slo.name] {
                reader.error("E213", nameLocation, field, "duplicate SLO \"\(slo.name)\" (first defined at line \(line))")
                return
            }
            seen[slo.name] = nameLocation.line
            slos.append(slo)
        }
        if let entries = node.entries {
            for entry in entries {
                add(sloReader.read(name: entry.key, nameLocation: entry.keyLocation, node: entry.value, field: field.dot(entry.key)),
                    nameLocation: entry.keyLocation, field: field.dot(entry.key))
            }
        } else if let items = reader.sequence(node, field) {
            for (i, item) in items.enumerated() {
                let itemField = field.index(i)
                guard let nameNode = item["name"], let name = reader.string(nameNode, itemField.dot("name")) else {
                    reader.missing(itemField.dot("name"), at: item.location)
                    continue
                }
                add(sloReader.read(name: name, nameLocation: nameNode.location, node: item, field: itemField),
                    nameLocation: nameNode.location, field: itemField.dot("name"))
            }
        }
        return slos
    }

    func readDependencies(_ node: SpecNode?, field: String, serviceName: String) -> [DependencySpec] {
        DependencyReader(reader: reader, serviceName: serviceName).readList(node, field: field)
    }

    /// Common post-processing: duplicate dependencies, feasibility-independent SLO checks.
    func finish(_ service: inout ServiceSpec, slosField: String) {
        var seen = Set<String>()
        var unique: [DependencySpec] = []
        for d in service.dependencies {
            let key = "\(d.name)|\(d.type.rawValue)"
            if seen.contains(key) {
                reader.error("E306", d.location, "dependencies", "dependency \"\(d.name)\" is declared twice")
                continue
            }
            seen.insert(key); unique.append(d)
        }
        service.dependencies = unique
        // Not when errors already explain the emptiness (an SLO that failed to parse was still declared).
        if service.slos.isEmpty && !reader.hasErrors {
            reader.warning("W220", service.location, slosField, "no SLOs declared; nothing to generate or gate on")
        }
        for slo in service.slos where slo.type != .throughput {
            let b = slo.budgetRatio
            for tier in BurnTier.allCases where !service.alerting.disabledTiers.contains(tier) {
                let f = tier.factor(period: slo.window)
                if f * b > 1 {
                    reader.warning("W240", slo.location, slosField.dot(slo.name),
                                   "\(service.name)/slo \"\(slo.name)\": \(tier.rawValue) burn threshold \(tier.factorText(period: slo.window)) × \(DecimalText.format(b)) exceeds 1; clamped to an error ratio of 1")
                }
            }
        }
    }

    // MARK: Flat

    func readFlat(_ root: SpecNode) -> ServiceSpec? {
        let entries = root.entries ?? []
        reader.checkKeys(entries, known: ServiceAssembler.commonKeys, "")
        let header = readHeader(name: root.entry("name"), team: root.entry("team"), tier: root.entry("tier"),
                                type: root.entry("type"), prefix: "", parent: root, typeRequired: false)
        let slos = readSLOs(root["slos"], field: "slos", header: header)
        let deps = readDependencies(root["dependencies"], field: "dependencies", serviceName: header.name ?? "")
        guard var service = makeService(header, dialect: .flat) else { return nil }
        service.slos = slos
        service.dependencies = deps
        readCommon(root, prefix: "", into: &service)
        finish(&service, slosField: "slos")
        return service
    }

    /// Fields every dialect spells the same way (at `prefix`).
    func readCommon(_ node: SpecNode, prefix: String, into s: inout ServiceSpec) {
        let policies = PolicyReaders(reader: reader)
        for key in ["description", "language", "framework"] {
            guard let v = node[key] else { continue }
            let text = reader.string(v, prefix.dot(key))
            switch key {
            case "description": s.description = text
            case "language": s.language = text
            default: s.framework = text
            }
        }
        if let v = node["support_model"], let text = reader.string(v, prefix.dot("support_model")) {
            if ["self", "shared", "sre", "business_hours"].contains(text) { s.supportModel = text } else {
                reader.error("E114", v.location, prefix.dot("support_model"),
                             "unknown support model \"\(text)\"; expected self, shared, sre, business_hours")
            }
        }
        if let v = node["labels"] { s.labels.merge(reader.stringMap(v, prefix.dot("labels"))) { $1 } }
        if let v = node["annotations"] { s.annotations.merge(reader.stringMap(v, prefix.dot("annotations"))) { $1 } }
        if let v = node["ownership"] { policies.ownership(v, prefix.dot("ownership"), into: &s.ownership) }
        if let v = node["alerting"] { policies.alerting(v, prefix.dot("alerting"), into: &s.alerting) }
        if let v = node["deployment_gate"] { policies.gate(v, prefix.dot("deployment_gate"), into: &s.deploymentGate) }
        if let v = node["drift"] { policies.drift(v, prefix.dot("drift"), into: &s.drift) }
        if let v = node["observability"] { policies.observability(v, prefix.dot("observability"), into: &s.observability) }
        if let v = node["identity"], let entries = reader.mapping(v, prefix.dot("identity")) {
            for e in entries { s.identity[e.key] = reader.stringList(e.value, prefix.dot("identity").dot(e.key)) }
        }
        if let v = node["environments"], let entries = reader.mapping(v, prefix.dot("environments")) {
            for e in entries where EnvironmentName.normalize(e.key) == nil {
                reader.error("E501", e.keyLocation, prefix.dot("environments").dot(e.key), EnvironmentName.invalidMessage(e.key))
            }
        }
    }
}
