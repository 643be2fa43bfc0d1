import Foundation

/// The OpenSRM v1 dialect: `apiVersion: srm/v1`, `metadata`, `spec`.
extension ServiceAssembler {
    static let srmRootKeys = ["apiVersion", "kind", "metadata", "spec"]
    static let srmMetadataKeys = ["name", "team", "tier", "description", "labels", "annotations", "owner"]
    static let srmSpecKeys = ["type", "slos", "contract", "dependencies", "ownership", "observability", "deployment",
                              "alerting", "environments", "drift", "instrumentation", "identity", "deployment_gate",
                              "language", "framework", "description", "support_model", "labels", "annotations"]

    func readOpenSRM(_ root: SpecNode) -> ServiceSpec? {
        reader.checkKeys(root.entries ?? [], known: ServiceAssembler.srmRootKeys, "")
        guard let metadata = root["metadata"] else {
            reader.missing("metadata", at: root.location); return nil
        }
        guard let metaEntries = reader.mapping(metadata, "metadata") else { return nil }
        reader.checkKeys(metaEntries, known: ServiceAssembler.srmMetadataKeys, "metadata")
        let spec = root["spec"]
        if spec == nil { reader.missing("spec", at: root.location) }
        if let spec { reader.checkKeys(reader.mapping(spec, "spec") ?? [], known: ServiceAssembler.srmSpecKeys, "spec") }
        let header = readHeader(name: metadata.entry("name"), team: metadata.entry("team"), tier: metadata.entry("tier"),
                                type: spec?.entry("type"), prefix: "metadata", parent: metadata, typeRequired: true,
                                typePrefix: "spec", parentKey: root.entry("metadata")?.keyLocation,
                                typeParentKey: root.entry("spec")?.keyLocation ?? root.location)
        let slos = readSLOs(spec?["slos"], field: "spec.slos", header: header)
        let deps = readDependencies(spec?["dependencies"], field: "spec.dependencies", serviceName: header.name ?? "")
        guard var service = makeService(header, dialect: .openSRM) else { return nil }
        service.slos = slos
        service.dependencies = deps
        if let d = metadata["description"] { service.description = reader.string(d, "metadata.description") }
        if let l = metadata["labels"] { service.labels = reader.stringMap(l, "metadata.labels") }
        if let a = metadata["annotations"] { service.annotations = reader.stringMap(a, "metadata.annotations") }
        if let o = metadata["owner"] { service.ownership.owner = reader.string(o, "metadata.owner") }
        if let spec { readCommon(spec, prefix: "spec", into: &service) }
        if let contract = spec?["contract"], let entries = reader.mapping(contract, "spec.contract") {
            reader.checkKeys(entries, known: ["availability", "latency", "judgment"], "spec.contract")
            if let a = contract["availability"], var v = reader.decimal(a, "spec.contract.availability") {
                if v > 0 && v < 1 {
                    reader.warning("W212", a.location, "spec.contract.availability",
                                   "\(DecimalText.format(v)) read as a ratio and converted to \(DecimalText.format(v * 100))%")
                    v *= 100
                }
                service.contractAvailability = v
                for slo in service.slos where slo.type == .availability && slo.objective < v {
                    reader.warning("W230", slo.location, "spec.slos".dot(slo.name),
                                   "objective \(DecimalText.format(slo.objective)) is below the contract's availability \(DecimalText.format(v))")
                }
            }
        }
        if service.deploymentGate.source != .explicit,
           let policy = spec?["deployment"]?["gates"]?["error_budget"] {
            readSRMGate(policy, into: &service.deploymentGate)
        }
        finish(&service, slosField: "spec.slos")
        return service
    }

    /// `deployment.gates.error_budget: {enabled, policy: {thresholds: {warning, critical}, on_exhausted}}` (ratios).
    private func readSRMGate(_ node: SpecNode, into gate: inout DeploymentGatePolicy) {
        let field = "spec.deployment.gates.error_budget"
        guard let entries = reader.mapping(node, field) else { return }
        reader.checkKeys(entries, known: ["enabled", "policy"], field)
        if let e = node["enabled"], reader.bool(e, field.dot("enabled")) == false { return }
        guard let policy = node["policy"], let p = reader.mapping(policy, field.dot("policy")) else { return }
        reader.checkKeys(p, known: ["thresholds", "on_exhausted"], field.dot("policy"))
        // Same reader as explicit gates; `critical` means blocking here.
        PolicyReaders(reader: reader).gate(policy, field.dot("policy"), into: &gate)
        gate.source = .srmPolicy
    }
}
