import Foundation

/// The Grafana dashboard model for one service: error budget, SLIs, service health and a row per technology.
public enum DashboardGenerator {
    /// `nthlayer-<service>`; names too long for Grafana's 40-character uid get a hash suffix.
    public static func uid(for service: String) -> String {
        let plain = "nthlayer-\(service)"
        if plain.count <= 40 { return plain }
        return String(plain.prefix(31)) + "-" + String(SHA256.hex(service).prefix(8))
    }

    public static func dashboard(for service: ServiceSpec) throws -> JSONValue {
        var layout = PanelLayout()
        layout.row("Error budget")
        for slo in service.slos {
            let m = SLIExpressions(service: service, slo: slo).sloMatchers
            let b = DecimalText.format(slo.budgetRatio)
            layout.panel(w: 4, h: 5, type: "stat", title: "\(slo.name): budget remaining", unit: "percentunit",
                         targets: [("slo:error_budget_remaining:ratio{\(m)}", "remaining")],
                         steps: [("red", nil), ("orange", 0), ("yellow", 0.2), ("green", 0.5)])
            layout.panel(w: 4, h: 5, type: "stat", title: "\(slo.name): SLI over \(slo.window)", unit: "percentunit",
                         targets: [("1 - slo:sli_error:ratio_rate\(slo.window){\(m)}", "SLI")],
                         steps: [("red", nil), ("green", (slo.objective / 100).doubleValue)], decimals: 3)
            let windows: [Window] = [.minutes(5), .hours(1), .hours(6), .days(3)]
            let factors = BurnTier.allCases.map { $0.factor(period: slo.window).doubleValue }
            layout.panel(w: 16, h: 5, type: "timeseries", title: "\(slo.name): burn rate", unit: "x",
                         targets: windows.map { ("slo:sli_error:ratio_rate\($0){\(m)} / \(b)", $0.description) },
                         steps: [("green", nil)] + factors.sorted().map { ("red", $0) }, thresholdLines: true)
        }
        layout.row("SLIs")
        for slo in service.slos {
            let m = SLIExpressions(service: service, slo: slo).sloMatchers
            layout.panel(w: 12, h: 8, type: "timeseries", title: "\(slo.name): SLI (objective \(DecimalText.format(slo.objective))%)",
                         unit: "percentunit", targets: [("slo:sli:ratio{\(m)}", "SLI")],
                         steps: [("red", nil), ("green", (slo.objective / 100).doubleValue)], thresholdLines: true)
        }
        layout.row("Service health")
        for panel in ServiceHealthPanels.panels(for: service) {
            layout.panel(w: 8, h: 7, type: "timeseries", title: panel.title, unit: panel.unit,
                         targets: panel.queries.map { ($0.expr, $0.legend) }, steps: nil)
        }
        for dep in service.dependencies {
            guard let tech = dep.technology, tech != .memcached || true else { continue }
            let template = TechnologyCatalog.template(for: tech)
            let matchers = (try? PromQL.parseSelector(dep.selector)) ?? []
            layout.row("\(tech.displayName): \(dep.name)")
            for panel in template.panels {
                let targets = try panel.queries.map { q in
                    (try PromQL.parse(q.expr).addingMatchers(matchers).formatted(), q.legend)
                }
                layout.panel(w: 8, h: 7, type: panel.kind == .stat ? "stat" : "timeseries", title: panel.title,
                             unit: panel.unit, targets: targets,
                             steps: panel.thresholds.map { [("green", nil)] + $0.map { ("red", $0) } })
            }
        }
        var tags: [JSONValue] = [.string("nthlayer"), .string("team:\(service.team)"), .string("tier:\(service.tier.rawValue)"),
                                 .string("type:\(service.type.rawValue)")]
        tags = tags.map { $0 }
        return .object([
            ("uid", .string(uid(for: service.name))),
            ("id", .null),
            ("title", .string("\(service.name) · reliability")),
            ("description", .optionalString(service.description)),
            ("tags", .array(tags)),
            ("timezone", .string("browser")),
            ("editable", .bool(true)),
            ("schemaVersion", .int(39)),
            ("refresh", .string("1m")),
            ("time", .object([("from", .string("now-24h")), ("to", .string("now"))])),
            ("templating", .object([("list", .array([.object([
                ("name", .string("datasource")), ("label", .string("Data source")), ("type", .string("datasource")),
                ("query", .string("prometheus")), ("hide", .int(0)),
            ])]))])),
            ("panels", .array(layout.panels)),
        ])
    }
}

/// Places panels on Grafana's 24-column grid, left to right, wrapping, with ids in placement order.
struct PanelLayout {
    var panels: [JSONValue] = []
    private var nextID = 1
    private var x = 0
    private var y = 0
    private var rowHeight = 0

    mutating func row(_ title: String) {
        newLine()
        panels.append(.object([
            ("id", .int(nextID)), ("type", .string("row")), ("title", .string(title)), ("collapsed", .bool(false)),
            ("panels", .array([])), ("gridPos", gridPos(x: 0, y: y, w: 24, h: 1)),
        ]))
        nextID += 1
        y += 1
    }

    private mutating func newLine() {
        if x > 0 || rowHeight > 0 { y += rowHeight; x = 0; rowHeight = 0 }
    }

    private func gridPos(x: Int, y: Int, w: Int, h: Int) -> JSONValue {
        .object([("h", .int(h)), ("w", .int(w)), ("x", .int(x)), ("y", .int(y))])
    }

    mutating func panel(w: Int, h: Int, type: String, title: String, unit: String, targets: [(String, String)],
                        steps: [(String, Double?)]?, decimals: Int? = nil, thresholdLines: Bool = false) {
        if x + w > 24 { y += rowHeight; x = 0; rowHeight = 0 }
        let datasource = JSONValue.object([("type", .string("prometheus")), ("uid", .string("${datasource}"))])
        let refIDs = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let targetValues: [JSONValue] = targets.enumerated().map { i, t in
            .object([("refId", .string(String(refIDs[i % refIDs.count]))), ("datasource", datasource),
                     ("expr", .string(t.0)), ("legendFormat", .string(t.1))])
        }
        var defaults: [(String, JSONValue)] = [("unit", .string(unit))]
        if let decimals { defaults.append(("decimals", .int(decimals))) }
        if let steps {
            defaults.append(("thresholds", .object([
                ("mode", .string("absolute")),
                ("steps", .array(steps.map { .object([("color", .string($0.0)), ("value", $0.1.map { .double($0) } ?? .null)]) })),
            ])))
        }
        if thresholdLines {
            defaults.append(("custom", .object([("thresholdsStyle", .object([("mode", .string("line"))]))])))
        }
        panels.append(.object([
            ("id", .int(nextID)), ("type", .string(type)), ("title", .string(title)),
            ("gridPos", gridPos(x: x, y: y, w: w, h: h)), ("datasource", datasource),
            ("targets", .array(targetValues)),
            ("fieldConfig", .object([("defaults", .object(defaults)), ("overrides", .array([]))])),
        ]))
        nextID += 1
        x += w
        rowHeight = max(rowHeight, h)
    }
}
