import Foundation

/// Configuration drift of a Grafana dashboard: the generated model vs the deployed one, by uid.
public enum DashboardDrift {
    struct Panel {
        var key: String
        var type: String
        var unit: String?
        var steps: [String]
        var datasource: String?
        var targets: [String: String]
    }

    /// Panels keyed by "row / title" (duplicates get `#2`, `#3`…). Rows themselves are not panels.
    static func panels(of dashboard: JSONValue) -> [Panel] {
        var result: [Panel] = []
        var seen: [String: Int] = [:]
        var row = ""
        func add(_ p: JSONValue) {
            let title = p["title"]?.stringValue ?? "(untitled)"
            var key = row.isEmpty ? title : "\(row) / \(title)"
            seen[key, default: 0] += 1
            if seen[key]! > 1 { key += " #\(seen[key]!)" }
            let defaults = p["fieldConfig"]?["defaults"]
            let steps = defaults?["thresholds"]?["steps"]?.arrayValue?.map { s -> String in
                "\(s["color"]?.stringValue ?? "?")@\(s["value"].map { $0 == .null ? "base" : ($0.numberText ?? $0.rendered(pretty: false)) } ?? "base")"
            } ?? []
            var targets: [String: String] = [:]
            for t in p["targets"]?.arrayValue ?? [] {
                let ref = t["refId"]?.stringValue ?? "?"
                if let expr = t["expr"]?.stringValue { targets[ref] = RuleDrift.canonical(expr) }
            }
            let ds = p["datasource"]?["uid"]?.stringValue ?? p["datasource"]?.stringValue
            result.append(Panel(key: key, type: p["type"]?.stringValue ?? "", unit: defaults?["unit"]?.stringValue,
                                steps: steps, datasource: ds, targets: targets))
        }
        for p in dashboard["panels"]?.arrayValue ?? [] {
            if p["type"]?.stringValue == "row" {
                row = p["title"]?.stringValue ?? ""
                for inner in p["panels"]?.arrayValue ?? [] { add(inner) }
            } else {
                add(p)
            }
        }
        return result
    }

    /// - Parameter deployed: the dashboard model from Grafana, or nil when Grafana has no dashboard with that uid.
    public static func findings(service: ServiceSpec, deployed: JSONValue?) throws -> [DriftFinding] {
        let uid = DashboardGenerator.uid(for: service.name)
        let location = service.location
        guard let deployed else {
            return [DriftFinding(kind: .dashboard, change: .missing, service: service.name, resource: uid,
                                 field: "dashboard", declared: .string(uid), severity: .warn,
                                 message: "dashboard \(uid) is not in Grafana", location: location)]
        }
        let declared = panels(of: try DashboardGenerator.dashboard(for: service))
        let live = panels(of: deployed)
        var findings: [DriftFinding] = []
        let liveByKey = Dictionary(live.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let declaredKeys = Set(declared.map(\.key))
        for want in declared {
            let resource = "\(uid)/\(want.key)"
            guard let have = liveByKey[want.key] else {
                findings.append(DriftFinding(kind: .dashboard, change: .missing, service: service.name, resource: resource,
                    field: "panel", declared: .string(want.key), severity: .warn,
                    message: "panel \"\(want.key)\" is missing from the deployed dashboard", location: location))
                continue
            }
            if want.type != have.type {
                findings.append(DriftFinding(kind: .dashboard, change: .changed, service: service.name, resource: resource,
                    field: "type", declared: .string(want.type), deployed: .string(have.type), severity: .info,
                    message: "panel type differs", location: location))
            }
            for ref in Set(want.targets.keys).union(have.targets.keys).sorted() where want.targets[ref] != have.targets[ref] {
                findings.append(DriftFinding(kind: .dashboard, change: .changed, service: service.name, resource: resource,
                    field: "targets.\(ref).expr", declared: .optionalString(want.targets[ref]), deployed: .optionalString(have.targets[ref]),
                    severity: .warn, message: "query \(ref) differs", location: location))
            }
            if want.unit != have.unit {
                findings.append(DriftFinding(kind: .dashboard, change: .changed, service: service.name, resource: resource,
                    field: "unit", declared: .optionalString(want.unit), deployed: .optionalString(have.unit), severity: .info,
                    message: "unit differs: declared \(want.unit ?? "(none)"), deployed \(have.unit ?? "(none)")", location: location))
            }
            if want.steps != have.steps {
                findings.append(DriftFinding(kind: .dashboard, change: .changed, service: service.name, resource: resource,
                    field: "thresholds", declared: .string(want.steps.joined(separator: ", ")),
                    deployed: .string(have.steps.joined(separator: ", ")), severity: .info,
                    message: "threshold steps differ", location: location))
            }
            if want.datasource != have.datasource {
                findings.append(DriftFinding(kind: .dashboard, change: .changed, service: service.name, resource: resource,
                    field: "datasource", declared: .optionalString(want.datasource), deployed: .optionalString(have.datasource),
                    severity: .info, message: "datasource differs", location: location))
            }
        }
        for have in live where !declaredKeys.contains(have.key) {
            findings.append(DriftFinding(kind: .dashboard, change: .unexpected, service: service.name,
                resource: "\(uid)/\(have.key)", field: "panel", deployed: .string(have.key), severity: .warn,
                message: "panel \"\(have.key)\" is on the deployed dashboard but not declared", location: location))
        }
        return findings
    }
}
