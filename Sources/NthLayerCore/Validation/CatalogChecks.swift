import Foundation

/// Checks that need the whole catalog, not one file: SLO feasibility against critical dependencies.
public enum CatalogChecks {
    /// The availability ceiling a service can reach given its critical (and high) dependencies:
    /// the product of their availabilities. Declared values first, then the dependency's own spec, then 99.9 (assumed).
    public static func availabilityCeiling(of service: ServiceSpec, catalog: [String: ServiceSpec])
        -> (ceiling: Decimal, assumed: [String])? {
        var ceiling = Decimal(1)
        var assumed: [String] = []
        var any = false
        for dep in service.dependencies where dep.criticality.isCritical {
            any = true
            let availability: Decimal
            if let declared = dep.availability {
                availability = declared
            } else if let other = catalog[dep.name],
                      let slo = other.slos.first(where: { $0.type == .availability }) {
                availability = slo.objective
            } else {
                availability = Decimal(string: "99.9")!
                assumed.append(dep.name)
            }
            ceiling *= availability / 100
        }
        return any ? (ceiling * 100, assumed) : nil
    }

    public static func diagnostics(for services: [ServiceSpec]) -> [Diagnostic] {
        let catalog = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var result: [Diagnostic] = []
        for service in services {
            guard let (ceiling, assumed) = availabilityCeiling(of: service, catalog: catalog) else { continue }
            for slo in service.slos where slo.type == .availability && slo.objective > ceiling {
                let note = assumed.isEmpty ? "" : " (assuming 99.9 for \(assumed.joined(separator: ", ")))"
                result.append(Diagnostic(.warning, "W231", at: slo.location, field: "slos.\(slo.name)",
                    "objective \(DecimalText.format(slo.objective)) is above the \(DecimalText.format(ceiling, significantDigits: 6)) its critical dependencies allow together\(note)"))
            }
        }
        return result
    }
}
