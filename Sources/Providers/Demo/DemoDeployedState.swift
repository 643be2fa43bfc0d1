import Foundation
import NthLayerCore

/// What the demo world has "live" in Prometheus, Grafana and PagerDuty: everything exactly as `generate` would
/// deploy it, except a fixed set of hand edits on named services — one for every kind of configuration drift
/// (drift.md §1), so `nthlayer drift --demo`, the explorer's drift pane and `nthlayer demo export` all have
/// something real to find. Services a case names but the catalog lacks are simply not edited.
///
/// Pure and deterministic: a function of the world's services and seed, never of the clock. Rules, dashboards
/// and PagerDuty services are built per service on demand, so a 10,000-service world costs only what it asks for.
public struct DemoDeployedState: Sendable {
    public let world: DemoWorld

    public init(world: DemoWorld) { self.world = world }

    /// One injected edit, for docs, README and tests.
    public struct Case: Sendable, Hashable {
        public enum Provider: String, Sendable, Hashable { case prometheus, grafana, pagerduty }
        public var provider: Provider
        public var service: String
        public var summary: String
    }

    /// Every injected edit, in a fixed order (those whose service or SLO the catalog lacks are skipped).
    public var cases: [Case] {
        var out: [Case] = []
        for edit in Self.ruleEdits where applicable(edit.service, slo: edit.slo) {
            out.append(Case(provider: .prometheus, service: edit.service, summary: edit.summary))
        }
        for edit in Self.dashboardEdits where applicable(edit.service, slo: edit.slo) {
            out.append(Case(provider: .grafana, service: edit.service, summary: edit.summary))
        }
        for edit in Self.pagerDutyEdits where applicable(edit.service, slo: nil) {
            out.append(Case(provider: .pagerduty, service: edit.service, summary: edit.summary))
        }
        return out
    }

    func service(named name: String) -> ServiceSpec? { world.services.first { $0.name == name } }

    private func applicable(_ service: String, slo: String?) -> Bool {
        guard let s = self.service(named: service) else { return false }
        return slo.map { s.slo(named: $0) != nil } ?? true
    }

    // MARK: Prometheus rules

    struct RuleEdit: Sendable {
        var service: String
        var slo: String
        var summary: String
        /// Edits the service's groups (recording groups first, then alert groups), as a person would in production.
        var apply: @Sendable (ServiceSpec, SLOSpec, inout [RuleGroup]) -> Void
    }

    static func groupIndex(_ groups: [RuleGroup], _ name: String) -> Int? { groups.firstIndex { $0.name == name } }

    static func burnRuleIndex(_ group: RuleGroup, _ tier: BurnTier) -> Int? {
        group.rules.firstIndex { r in
            if case .alert = r.kind { return r.labels.contains { $0.0 == "burn_tier" && $0.1 == tier.rawValue } }
            return false
        }
    }

    static let ruleEdits: [RuleEdit] = [
        // drift.md's own example: the fast-burn page loosened to 99.9 and given a `for`.
        RuleEdit(service: "checkout-svc", slo: "availability",
                 summary: "availability fast-burn threshold loosened to 14.4 × 0.001 (implied objective 99.9, declared 99.95) and `for` set") { _, slo, groups in
            guard let g = groupIndex(groups, "nthlayer:checkout-svc:availability:alerts"),
                  let r = burnRuleIndex(groups[g], .fast) else { return }
            let factor = BurnTier.fast.factorText(period: slo.window)
            let b = DecimalText.format(slo.budgetRatio)
            let loosened = DecimalText.format(BurnTier.fast.factor(period: slo.window) * slo.budgetRatio * 2)
            var rule = groups[g].rules[r]
            rule.expr = rule.expr.replacingOccurrences(of: "> \(factor) * \(b)", with: "> \(loosened)")
            rule.forDuration = rule.forDuration == "5m" ? "10m" : "5m"
            groups[g].rules[r] = rule
        },
        RuleEdit(service: "payment-api", slo: "availability",
                 summary: "availability medium-burn page alert deleted") { _, _, groups in
            guard let g = groupIndex(groups, "nthlayer:payment-api:availability:alerts"),
                  let r = burnRuleIndex(groups[g], .medium) else { return }
            groups[g].rules.remove(at: r)
        },
        RuleEdit(service: "ledger-writer", slo: "availability",
                 summary: "hand-written alert LedgerWriterAppendUnavailable added to the managed availability alert group") { _, _, groups in
            guard let g = groupIndex(groups, "nthlayer:ledger-writer:availability:alerts") else { return }
            groups[g].rules.append(Rule(
                kind: .alert("LedgerWriterAppendUnavailable"),
                expr: "sum(rate(grpc_server_handled_total{grpc_service=\"payments.ledger.v1.LedgerService\",grpc_method=\"Append\",grpc_code=\"Unavailable\"}[5m])) > 1",
                forDuration: "2m", labels: ["severity": "page", "service": "ledger-writer", "team": "payments"],
                annotations: [("summary", "Ledger appends failing with Unavailable")]))
        },
        RuleEdit(service: "inventory-svc", slo: "availability",
                 summary: "availability slow-burn alert relabelled severity ticket → page") { _, _, groups in
            guard let g = groupIndex(groups, "nthlayer:inventory-svc:availability:alerts"),
                  let r = burnRuleIndex(groups[g], .slow) else { return }
            groups[g].rules[r].labels = groups[g].rules[r].labels.map { $0.0 == "severity" ? ($0.0, "page") : $0 }
        },
        RuleEdit(service: "order-worker", slo: "job-success",
                 summary: "job-success 5m error-ratio recording rule edited (retries counted as success) and its group interval set to 1m") { _, _, groups in
            guard let g = groupIndex(groups, "nthlayer:order-worker:job-success:sli"),
                  let r = groups[g].rules.firstIndex(where: { $0.name == "slo:sli_error:ratio_rate5m" }) else { return }
            groups[g].rules[r].expr = groups[g].rules[r].expr
                .replacingOccurrences(of: "outcome=\"success\"", with: "outcome=~\"success|retried\"")
            groups[g].interval = "1m"
        },
        RuleEdit(service: "docs-search", slo: "latency",
                 summary: "latency alert group never deployed (every burn alert missing)") { _, _, groups in
            groups.removeAll { $0.name == "nthlayer:docs-search:latency:alerts" }
        },
    ]

    /// The service's deployed rule groups as files would hold them: recording groups, then alert groups
    /// (burn-rate and technology), with this service's edits applied. Empty for a service the world lacks.
    public func ruleFiles(for name: String) -> (recording: [RuleGroup], alerts: [RuleGroup]) {
        guard let service = service(named: name) else { return ([], []) }
        let recording = (try? RecordingRules.groups(for: service)) ?? []
        let alerts = ((try? BurnRateAlerts.groups(for: service)) ?? []) + ((try? TechnologyAlerts.groups(for: service)) ?? [])
        var groups = recording + alerts
        let recordingNames = Set(recording.map(\.name))
        for edit in Self.ruleEdits where edit.service == name {
            guard let slo = service.slo(named: edit.slo) else { continue }
            edit.apply(service, slo, &groups)
        }
        return (groups.filter { recordingNames.contains($0.name) }, groups.filter { !recordingNames.contains($0.name) })
    }

    /// The service's groups as Prometheus `/api/v1/rules` would report them.
    public func deployedRuleGroups(for name: String) -> [DeployedRuleGroup] {
        let files = ruleFiles(for: name)
        return (files.recording + files.alerts).map(Self.deployed)
    }

    /// Every service's deployed groups.
    public var deployedRuleGroups: [DeployedRuleGroup] { world.services.flatMap { deployedRuleGroups(for: $0.name) } }

    /// A generator group in the shape `DeployedRules` decodes from Prometheus.
    static func deployed(_ g: RuleGroup) -> DeployedRuleGroup {
        DeployedRuleGroup(name: g.name, intervalSeconds: g.interval.flatMap { Window(duration: $0) }.map { Double($0.seconds) },
                          rules: g.rules.map { r in
            let labels = Dictionary(r.labels, uniquingKeysWith: { a, _ in a })
            switch r.kind {
            case .record(let n):
                return DeployedRule(kind: .recording, name: n, expr: r.expr, labels: labels)
            case .alert(let n):
                return DeployedRule(kind: .alerting, name: n, expr: r.expr,
                                    forSeconds: r.forDuration.flatMap { Window(duration: $0) }.map { Double($0.seconds) } ?? 0,
                                    labels: labels, annotations: Dictionary(r.annotations, uniquingKeysWith: { a, _ in a }))
            }
        })
    }

    // MARK: Grafana

    struct DashboardEdit: Sendable {
        var service: String
        /// An SLO the edit needs (nil = none).
        var slo: String?
        var summary: String
        /// nil = the dashboard is not in Grafana.
        var apply: (@Sendable (ServiceSpec, inout JSONValue) -> Void)?
    }

    static let dashboardEdits: [DashboardEdit] = [
        // The two `DemoDashboardSource` shows as missing.
        DashboardEdit(service: "payment-api", slo: nil, summary: "dashboard not in Grafana", apply: nil),
        DashboardEdit(service: "docs-index-builder", slo: nil, summary: "dashboard not in Grafana", apply: nil),
        // `DemoDashboardSource` shows checkout-svc drifted.
        DashboardEdit(service: "checkout-svc", slo: "latency",
                      summary: "panel \"latency: SLI\" removed, \"availability: burn rate\" query A edited, budget thresholds changed") { _, model in
            model = JSONEdit.panels(model) { panels in
                panels.removeAll { ($0["title"]?.stringValue ?? "").hasPrefix("latency: SLI (objective") }
                for i in panels.indices {
                    let title = panels[i]["title"]?.stringValue
                    if title == "availability: burn rate" {
                        panels[i] = JSONEdit.set(panels[i], ["targets", 0, "expr"]) { expr in
                            .string((expr.stringValue ?? "").replacingOccurrences(of: " / 0.0005", with: " / 0.001"))
                        }
                    } else if title == "availability: budget remaining" {
                        panels[i] = JSONEdit.set(panels[i], ["fieldConfig", "defaults", "thresholds", "steps", 3, "value"]) { _ in .number("0.25") }
                    }
                }
            }
        },
        DashboardEdit(service: "inventory-svc", slo: "availability",
                      summary: "\"availability: budget remaining\" unit changed to percent; a hand-made panel added") { _, model in
            model = JSONEdit.panels(model) { panels in
                for i in panels.indices where panels[i]["title"]?.stringValue == "availability: budget remaining" {
                    panels[i] = JSONEdit.set(panels[i], ["fieldConfig", "defaults", "unit"]) { _ in .string("percent") }
                }
                let maxID = panels.compactMap { $0["id"]?.numberText.flatMap { Int($0) } }.max() ?? 0
                // At the end of the "Service health" row, where someone would add it by hand.
                let health = panels.firstIndex { $0["type"]?.stringValue == "row" && $0["title"]?.stringValue == "Service health" }
                let end = health.flatMap { h in panels[(h + 1)...].firstIndex { $0["type"]?.stringValue == "row" } } ?? panels.endIndex
                panels.insert(.object([
                    ("id", .int(maxID + 1)), ("type", .string("timeseries")), ("title", .string("Reservations by warehouse")),
                    ("gridPos", .object([("h", .int(8)), ("w", .int(12)), ("x", .int(0)), ("y", .int(200))])),
                    ("datasource", .object([("type", .string("prometheus")), ("uid", .string("${datasource}"))])),
                    ("targets", .array([.object([("refId", .string("A")),
                                                 ("expr", .string("sum by (warehouse) (rate(inventory_reservations_total{service=\"inventory-svc\"}[5m]))")),
                                                 ("legendFormat", .string("{{warehouse}}"))])])),
                    ("fieldConfig", .object([("defaults", .object([("unit", .string("reqps"))])), ("overrides", .array([]))])),
                ]), at: end)
            }
        },
    ]

    /// The dashboard model Grafana holds for a service (`dashboard` of `GET /api/dashboards/uid/<uid>`), or nil
    /// when it is not deployed. Grafana's own fields (`id`, `version`) are filled in.
    public func dashboard(for name: String) -> JSONValue? {
        guard let service = service(named: name), var model = try? DashboardGenerator.dashboard(for: service) else { return nil }
        let edits = Self.dashboardEdits.filter { $0.service == name && $0.slo.map { service.slo(named: $0) != nil } ?? true }
        if edits.contains(where: { $0.apply == nil }) { return nil }
        for edit in edits { edit.apply?(service, &model) }
        let h = DemoHash.of(name, seed: world.seed, salt: "dashboard")
        model = JSONEdit.set(model, ["id"]) { _ in .int(100 + Int(h % 900)) }
        return JSONEdit.adding(model, [("version", .int(1 + Int((h >> 20) % 24)))])
    }

    /// The whole `GET /api/dashboards/uid/<uid>` body (`{dashboard, meta}`), or nil when not deployed.
    public func dashboardResponse(for name: String) -> JSONValue? {
        guard let model = dashboard(for: name), let service = service(named: name) else { return nil }
        let uid = DashboardGenerator.uid(for: name)
        let slug = Self.slug(model["title"]?.stringValue ?? uid)
        let h = DemoHash.of(name, seed: world.seed, salt: "dashboard")
        let saved = world.epoch.addingTimeInterval(Double((h >> 8) % UInt64(DemoWorld.historyDays * 24)) * 3600)
        let created = world.epoch.addingTimeInterval(-86_400 * Double(30 + (h >> 40) % 60))
        let folder = service.observability.grafanaFolder ?? service.team
        let version = model["version"] ?? .int(1)
        return .object([
            ("dashboard", model),
            ("meta", .object([
                ("type", .string("db")), ("canSave", .bool(true)), ("canEdit", .bool(true)), ("canAdmin", .bool(false)),
                ("canStar", .bool(true)), ("canDelete", .bool(true)), ("slug", .string(slug)),
                ("url", .string("/d/\(uid)/\(slug)")), ("expires", .string("0001-01-01T00:00:00Z")),
                ("created", .string(DemoDeployedState.iso8601(created))), ("updated", .string(DemoDeployedState.iso8601(saved))),
                ("updatedBy", .string("nthlayer")), ("createdBy", .string("nthlayer")), ("version", version),
                ("hasAcl", .bool(false)), ("isFolder", .bool(false)), ("folderId", .int(10 + Int(DemoHash.fnv1a(folder) % 90))),
                ("folderUid", .string(Self.slug(folder))), ("folderTitle", .string(folder)),
                ("folderUrl", .string("/dashboards/f/\(Self.slug(folder))/\(Self.slug(folder))")), ("provisioned", .bool(false)),
                ("provisionedExternalId", .string("")),
            ])),
        ])
    }

    /// `2026-01-01T00:00:00Z`.
    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    static func slug(_ text: String) -> String {
        var out = ""
        var dash = false
        for ch in text.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch); dash = false }
            else if !dash && !out.isEmpty { out.append("-"); dash = true }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    // MARK: PagerDuty

    struct PagerDutyEdit: Sendable {
        var service: String
        var summary: String
        /// nil = no such PagerDuty service.
        var apply: (@Sendable (inout DeployedPagerDutyService) -> Void)?
    }

    static let pagerDutyEdits: [PagerDutyEdit] = [
        PagerDutyEdit(service: "mobile-bff", summary: "PagerDuty service PMBFF02 missing", apply: nil),
        PagerDutyEdit(service: "feature-flags", summary: "PagerDuty service disabled") { $0.status = "disabled" },
        PagerDutyEdit(service: "ledger-writer", summary: "escalation policy payments-secondary instead of payments-primary") {
            $0.escalationPolicyName = "payments-secondary"; $0.escalationPolicyID = "PEPAY02"
        },
        PagerDutyEdit(service: "catalog-api", summary: "urgency low on a critical-tier service") { $0.urgency = "low" },
        PagerDutyEdit(service: "identity-svc", summary: "acknowledgement timeout reset to 900 s (spec: 600 s)") { $0.acknowledgementTimeout = 900 },
    ]

    /// The PagerDuty service drift would find for a service (by `ownership.pagerduty.service_id`, else by name),
    /// or nil when PagerDuty has none.
    public func pagerDutyService(for name: String) -> DeployedPagerDutyService? {
        guard let service = service(named: name) else { return nil }
        let edits = Self.pagerDutyEdits.filter { $0.service == name }
        if edits.contains(where: { $0.apply == nil }) { return nil }
        let pd = service.ownership.pagerDuty
        let expect = PagerDutyExpectation.forService(service)
        let policyName = pd?.escalationPolicy ?? "\(service.team)-primary"
        var deployed = DeployedPagerDutyService(
            id: pd?.serviceID ?? Self.pagerDutyID(name, seed: world.seed, salt: "pd-service"), name: name, status: "active",
            escalationPolicyID: pd?.escalationPolicyID ?? Self.pagerDutyID(policyName, seed: world.seed, salt: "pd-policy"),
            escalationPolicyName: policyName, urgency: expect.urgency,
            acknowledgementTimeout: expect.acknowledgementTimeout, autoResolveTimeout: expect.autoResolveTimeout)
        for edit in edits { edit.apply?(&deployed) }
        return deployed
    }

    /// A PagerDuty-style id: `P` and six characters from the hash of a name.
    static func pagerDutyID(_ name: String, seed: UInt64, salt: String) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        var h = DemoHash.of(name, seed: seed, salt: salt)
        var out = "P"
        for _ in 0..<6 { out.append(alphabet[Int(h % UInt64(alphabet.count))]); h /= UInt64(alphabet.count) }
        return out
    }

    /// Every deployed PagerDuty service as `GET /services` answers (`{services, limit, offset, more, total}`),
    /// sorted by name like `sort_by=name`.
    public func pagerDutyServicesResponse(services names: [String]? = nil) -> JSONValue {
        let wanted = names.map(Set.init)
        let deployed = world.services.filter { wanted?.contains($0.name) ?? true }
            .compactMap { s in pagerDutyService(for: s.name).map { (s, $0) } }
            .sorted { $0.1.name < $1.1.name }
        return .object([
            ("services", .array(deployed.map { s, d in Self.pagerDutyJSON(s, d, epoch: world.epoch, seed: world.seed) })),
            ("limit", .int(100)), ("offset", .int(0)), ("total", .null), ("more", .bool(false)),
        ])
    }

    static func pagerDutyJSON(_ s: ServiceSpec, _ d: DeployedPagerDutyService, epoch: Date, seed: UInt64) -> JSONValue {
        let base = "https://example.pagerduty.com"
        let api = "https://api.pagerduty.com"
        let team = pagerDutyID(s.team, seed: seed, salt: "pd-team")
        let created = epoch.addingTimeInterval(-86_400 * Double(200 + DemoHash.of(s.name, seed: seed, salt: "pd-created") % 400))
        return .object([
            ("id", .string(d.id)), ("type", .string("service")), ("summary", .string(d.name)),
            ("self", .string("\(api)/services/\(d.id)")), ("html_url", .string("\(base)/service-directory/\(d.id)")),
            ("name", .string(d.name)), ("description", .optionalString(s.description)),
            ("auto_resolve_timeout", d.autoResolveTimeout.map { .int($0) } ?? .null),
            ("acknowledgement_timeout", d.acknowledgementTimeout.map { .int($0) } ?? .null),
            ("created_at", .string(DemoDeployedState.iso8601(created))), ("status", .string(d.status)),
            ("alert_creation", .string("create_alerts_and_incidents")),
            ("escalation_policy", .object([
                ("id", .optionalString(d.escalationPolicyID)), ("type", .string("escalation_policy_reference")),
                ("summary", .optionalString(d.escalationPolicyName)),
                ("self", .string("\(api)/escalation_policies/\(d.escalationPolicyID ?? "")")),
                ("html_url", .string("\(base)/escalation_policies/\(d.escalationPolicyID ?? "")")),
            ])),
            ("teams", .array([.object([
                ("id", .string(team)), ("type", .string("team_reference")), ("summary", .string(s.team)),
                ("self", .string("\(api)/teams/\(team)")), ("html_url", .string("\(base)/teams/\(team)")),
            ])])),
            ("incident_urgency_rule", .object([("type", .string("constant")), ("urgency", .optionalString(d.urgency))])),
        ])
    }

    // MARK: Drift

    /// Configuration drift of one service against this deployed state (rules, SLO thresholds, dashboard, PagerDuty).
    public func configFindings(for service: ServiceSpec) -> [DriftFinding] {
        var findings: [DriftFinding] = []
        findings += (try? RuleDrift.findings(service: service, deployed: deployedRuleGroups(for: service.name))) ?? []
        findings += (try? DashboardDrift.findings(service: service, deployed: dashboard(for: service.name))) ?? []
        findings += PagerDutyDrift.findings(service: service, deployed: pagerDutyService(for: service.name))
        return findings
    }

    /// Trend drift of one service on the world's hourly budget history ending at `at`.
    public func trendFindings(for service: ServiceSpec, at: Date, window: Window? = nil, onlySLO: String? = nil)
        -> (findings: [DriftFinding], errors: [String], disabledMessage: String?) {
        let settings = TrendDrift.settings(service: service, window: window)
        guard settings.enabled else { return ([], [], settings.disabledMessage(service: service.name)) }
        var series: [String: [Sample]] = [:]
        for slo in service.slos where onlySLO == nil || onlySLO == slo.name {
            // `window` + 1 h: the points a `query_range` from `at − window` to `at` at 1 h steps returns (both ends).
            series[slo.name] = world.budgetHistory(for: SLOKey(service: service.name, slo: slo.name),
                                                   span: Window(seconds: settings.window.seconds + 3600), at: at)
        }
        return TrendDrift.findings(service: service, series: series, window: window, onlySLO: onlySLO)
    }

    /// The whole drift report `nthlayer drift --demo` prints and the explorer's drift pane shows: configuration
    /// drift against this deployed state and trend drift on the world's budget history at `at`.
    public func driftReport(at: Date, config: Bool = true, trend: Bool = true, trendWindow: Window? = nil,
                            onlySLO: String? = nil, services: [ServiceSpec]? = nil) -> DriftReport {
        let services = services ?? world.services
        var report = DriftReport(servicesEvaluated: services.map(\.name))
        if config {
            for s in services { report.findings += configFindings(for: s) }
            report.providers += [("prometheus (rules)", .used(note: "demo")), ("grafana", .used(note: "demo")), ("pagerduty", .used(note: "demo"))]
        }
        if trend {
            for s in services {
                let result = trendFindings(for: s, at: at, window: trendWindow, onlySLO: onlySLO)
                report.findings += result.findings
                report.errors += result.errors
                if let note = result.disabledMessage { report.notes.append(note) }
            }
            report.providers.append(("prometheus (trend)", .used(note: "demo")))
        }
        return report
    }

    /// `DemoDeployedState(world:).driftReport(at:)`: both kinds over the whole world.
    public static func driftReport(world: DemoWorld, at: Date) -> DriftReport {
        DemoDeployedState(world: world).driftReport(at: at)
    }
}

/// Small edits of `JSONValue` trees (objects keep their key order).
enum JSONEdit {

    /// Replaces the value at `path` (keys and array indexes) with `transform(old)`; missing paths are left alone.
    static func set(_ value: JSONValue, _ path: [Any], _ transform: (JSONValue) -> JSONValue) -> JSONValue {
        guard let first = path.first else { return transform(value) }
        let rest = Array(path.dropFirst())
        switch (value, first) {
        case (.object(let pairs), let key as String):
            guard pairs.contains(where: { $0.0 == key }) else { return value }
            return .object(pairs.map { $0.0 == key ? ($0.0, set($0.1, rest, transform)) : $0 })
        case (.array(let items), let index as Int):
            guard items.indices.contains(index) else { return value }
            var copy = items
            copy[index] = set(items[index], rest, transform)
            return .array(copy)
        default:
            return value
        }
    }

    /// An object with `pairs` appended (keys it already has are replaced in place).
    static func adding(_ value: JSONValue, _ extra: [(String, JSONValue)]) -> JSONValue {
        guard case .object(var pairs) = value else { return value }
        for (k, v) in extra {
            if let i = pairs.firstIndex(where: { $0.0 == k }) { pairs[i].1 = v } else { pairs.append((k, v)) }
        }
        return .object(pairs)
    }

    /// Edits the dashboard's top-level `panels` array.
    static func panels(_ model: JSONValue, _ edit: (inout [JSONValue]) -> Void) -> JSONValue {
        var panels = model["panels"]?.arrayValue ?? []
        edit(&panels)
        return set(model, ["panels"]) { _ in .array(panels) }
    }
}
