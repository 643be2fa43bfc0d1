import Foundation

/// Readers for the service's policy blocks: ownership, alerting, deployment gate, drift, observability.
struct PolicyReaders {
    let reader: SpecReader

    // MARK: Ownership

    static let ownershipKeys = ["team", "owner", "slack", "email", "escalation", "runbook", "documentation",
                                "pagerduty", "oncall"]
    static let pagerDutyKeys = ["service_id", "escalation_policy", "escalation_policy_id", "urgency",
                                "acknowledgement_timeout", "auto_resolve_timeout", "schedule", "timezone"]

    func ownership(_ node: SpecNode?, _ field: String, into ownership: inout Ownership) {
        guard let entries = reader.mapping(node, field) else { return }
        reader.checkKeys(entries, known: PolicyReaders.ownershipKeys, field)
        for entry in entries {
            let f = field.dot(entry.key)
            switch entry.key {
            case "team": ownership.team = reader.string(entry.value, f)
            case "owner": ownership.owner = reader.string(entry.value, f)
            case "slack": ownership.slack = reader.string(entry.value, f)
            case "email": ownership.email = reader.string(entry.value, f)
            case "escalation": ownership.escalation = reader.string(entry.value, f)
            case "runbook": ownership.runbook = reader.string(entry.value, f)
            case "documentation": ownership.documentation = reader.string(entry.value, f)
            case "pagerduty": ownership.pagerDuty = pagerDuty(entry.value, f, existing: ownership.pagerDuty)
            default: break
            }
        }
    }

    func pagerDuty(_ node: SpecNode, _ field: String, existing: PagerDutyRef?) -> PagerDutyRef? {
        guard let entries = reader.mapping(node, field) else { return existing }
        reader.checkKeys(entries, known: PolicyReaders.pagerDutyKeys, field)
        var pd = existing ?? PagerDutyRef()
        for entry in entries {
            let f = field.dot(entry.key)
            switch entry.key {
            case "service_id": pd.serviceID = reader.string(entry.value, f)
            case "escalation_policy": pd.escalationPolicy = reader.string(entry.value, f)
            case "escalation_policy_id": pd.escalationPolicyID = reader.string(entry.value, f)
            case "urgency":
                pd.urgency = reader.string(entry.value, f)
                if let u = pd.urgency, !["high", "low", "dynamic", "severity_based"].contains(u) {
                    reader.error("E150", entry.value.location, f,
                                 "unknown urgency \"\(u)\"; expected high, low, dynamic or severity_based")
                }
            case "acknowledgement_timeout": pd.acknowledgementTimeout = seconds(entry.value, f)
            case "auto_resolve_timeout": pd.autoResolveTimeout = seconds(entry.value, f)
            default: break
            }
        }
        return pd
    }

    /// Seconds, written as a number or a duration (`30m`).
    private func seconds(_ node: SpecNode, _ field: String) -> Int? {
        guard let text = reader.string(node, field) else { return nil }
        if let n = Int(text), n >= 0 { return n }
        if let w = Window(duration: text) { return w.seconds }
        reader.error("E204", node.location, field, "\"\(text)\" is not a duration; use seconds or Nm/Nh")
        return nil
    }

    // MARK: Alerting

    static let alertingKeys = ["min_rps", "for_duration", "runbook_url", "labels", "annotations", "disable_tiers",
                               "channels", "rules"]

    func alerting(_ node: SpecNode?, _ field: String, into alerting: inout AlertingPolicy) {
        guard let entries = reader.mapping(node, field) else { return }
        reader.checkKeys(entries, known: PolicyReaders.alertingKeys, field)
        for entry in entries {
            let f = field.dot(entry.key)
            switch entry.key {
            case "min_rps":
                if let v = reader.decimal(entry.value, f) {
                    if v < 0 { reader.error("E201", entry.value.location, f, "min_rps must be 0 or more") } else { alerting.minRPS = v }
                }
            case "for_duration":
                guard let inner = reader.mapping(entry.value, f) else { continue }
                reader.checkKeys(inner, known: ["page", "ticket"], f)
                for e in inner {
                    let d = reader.duration(e.value, f.dot(e.key))
                    if e.key == "page" { alerting.forPage = d } else if e.key == "ticket" { alerting.forTicket = d }
                }
            case "runbook_url": alerting.runbookURL = reader.string(entry.value, f)
            case "labels": alerting.labels = reader.stringMap(entry.value, f)
            case "annotations": alerting.annotations = reader.stringMap(entry.value, f)
            case "disable_tiers":
                for (i, name) in reader.stringList(entry.value, f).enumerated() {
                    if let tier = BurnTier(rawValue: name) { alerting.disabledTiers.insert(tier) } else {
                        let loc = entry.value.items?[safe: i]?.location ?? entry.value.location
                        reader.error("E241", loc, f.index(i), "unknown burn tier \"\(name)\"; expected fast, medium, slow, slowest")
                    }
                }
            case "channels":
                if let inner = reader.mapping(entry.value, f) {
                    reader.checkKeys(inner, known: ["slack_webhook", "pagerduty_key"], f)
                }
            case "rules":
                _ = reader.sequence(entry.value, f)
            default: break
            }
        }
    }

    // MARK: Deployment gate

    static let gateKeys = ["thresholds", "conditions", "exceptions", "on_exhausted", "timezone", "slo_compliance",
                           "recent_incidents", "rollback", "audit", "enabled"]

    /// Percent of budget remaining; a value below 1 is read as a ratio (srm compatibility).
    private func gatePercent(_ node: SpecNode, _ field: String) -> Decimal? {
        guard let v = reader.decimal(node, field) else { return nil }
        if v < 0 || v > 100 {
            reader.error("E201", node.location, field, "\(DecimalText.format(v)) is not a percentage of budget (0–100)")
            return nil
        }
        return v < 1 ? v * 100 : v
    }

    func gate(_ node: SpecNode?, _ field: String, into gate: inout DeploymentGatePolicy) {
        guard let entries = reader.mapping(node, field) else { return }
        reader.checkKeys(entries, known: PolicyReaders.gateKeys, field)
        gate.source = .explicit
        for entry in entries {
            let f = field.dot(entry.key)
            switch entry.key {
            case "thresholds":
                guard let inner = reader.mapping(entry.value, f) else { continue }
                reader.checkKeys(inner, known: ["warning", "blocking", "critical"], f)
                for e in inner {
                    let v = gatePercent(e.value, f.dot(e.key))
                    if e.key == "warning" { gate.warning = v } else { gate.blocking = v }
                }
                if let w = gate.warning, let b = gate.blocking, w < b {
                    reader.error("E401", entry.value.location, f,
                                 "warning (\(DecimalText.format(w))) must be greater than or equal to blocking (\(DecimalText.format(b)))")
                }
            case "conditions":
                guard let items = reader.sequence(entry.value, f) else { continue }
                for (i, item) in items.enumerated() {
                    let itemField = f.index(i)
                    guard let inner = reader.mapping(item, itemField) else { continue }
                    reader.checkKeys(inner, known: ["name", "when", "warning", "blocking"], itemField)
                    let name = inner.first { $0.key == "name" }.flatMap { reader.string($0.value, itemField.dot("name")) } ?? "condition \(i + 1)"
                    guard let whenEntry = inner.first(where: { $0.key == "when" }),
                          let when = reader.string(whenEntry.value, itemField.dot("when")) else {
                        reader.missing(itemField.dot("when"), at: item.location)
                        continue
                    }
                    do {
                        _ = try ConditionExpression.parse(when)
                    } catch {
                        reader.error("E403", whenEntry.value.location(ofOffset: error.offset), itemField.dot("when"),
                                     "condition \"\(name)\": \(error.message)")
                    }
                    var condition = GateCondition(name: name, when: when)
                    if let w = inner.first(where: { $0.key == "warning" }) { condition.warning = gatePercent(w.value, itemField.dot("warning")) }
                    if let b = inner.first(where: { $0.key == "blocking" }) { condition.blocking = gatePercent(b.value, itemField.dot("blocking")) }
                    gate.conditions.append(condition)
                }
            case "exceptions":
                guard let items = reader.sequence(entry.value, f) else { continue }
                for (i, item) in items.enumerated() {
                    guard let inner = reader.mapping(item, f.index(i)) else { continue }
                    reader.checkKeys(inner, known: ["team", "allow"], f.index(i))
                    let allow = inner.first { $0.key == "allow" }.flatMap { reader.string($0.value, f.index(i).dot("allow")) }
                    if let allow, allow != "always" {
                        reader.error("E407", item.location, f.index(i).dot("allow"), "unknown allow \"\(allow)\"; expected always")
                    }
                    if let team = inner.first(where: { $0.key == "team" }).flatMap({ reader.string($0.value, f.index(i).dot("team")) }) {
                        gate.exceptionTeams.append(team)
                    }
                }
            case "on_exhausted":
                let items = entry.value.items ?? [entry.value]
                for (i, item) in items.enumerated() {
                    guard let text = reader.string(item, f.index(i)) else { continue }
                    if let action = ExhaustedAction(rawValue: text) {
                        gate.onExhausted.append(action)
                    } else {
                        reader.error("E402", item.location, f.index(i),
                                     "unknown action \"\(text)\"; expected freeze_deploys, require_approval, notify")
                    }
                }
            case "timezone":
                if let tz = reader.string(entry.value, f) {
                    if TimeZone(identifier: tz) == nil {
                        reader.error("E406", entry.value.location, f, "unknown time zone \"\(tz)\"; use an IANA name such as Europe/Berlin")
                    } else { gate.timezone = tz }
                }
            case "slo_compliance":
                if let inner = reader.mapping(entry.value, f) {
                    reader.checkKeys(inner, known: ["threshold"], f)
                    gate.sloComplianceThreshold = inner.first { $0.key == "threshold" }.flatMap { reader.decimal($0.value, f.dot("threshold")) }
                }
            case "recent_incidents":
                if let inner = reader.mapping(entry.value, f) {
                    reader.checkKeys(inner, known: ["p1_max", "p2_max", "lookback"], f)
                }
            case "enabled":
                if reader.bool(entry.value, f) == false { gate.source = .tierDefault }
            default: break
            }
        }
    }

    // MARK: Drift

    static let driftKeys = ["enabled", "window", "thresholds", "projection", "patterns", "slos"]

    /// "-0.3%/week" → −0.003 (fraction of budget per week).
    /// Also "-0.3%/wk", and a bare ratio per week (-0.003); a bare number of 0.1 or more is almost certainly a
    /// percentage written without its unit (E404), since 10% of the budget per week is no drift threshold.
    static func weeklyRate(_ text: String) -> Decimal? {
        let t = text.replacingOccurrences(of: " ", with: "")
        for suffix in ["%/week", "%/wk"] where t.hasSuffix(suffix) {
            return DecimalText.parse(String(t.dropLast(suffix.count))).map { $0 / 100 }
        }
        if let v = DecimalText.parse(t), v < 0, v > Decimal(string: "-0.1")! { return v }
        return nil
    }

    func drift(_ node: SpecNode?, _ field: String, into drift: inout DriftPolicy) {
        guard let entries = reader.mapping(node, field) else { return }
        reader.checkKeys(entries, known: PolicyReaders.driftKeys, field)
        var seasonalNode: SpecNode?
        var warnNode: SpecNode?
        for entry in entries {
            let f = field.dot(entry.key)
            switch entry.key {
            case "enabled": if let b = reader.bool(entry.value, f) { drift.enabled = b; drift.enabledSetExplicitly = true }
            case "window":
                if let text = reader.string(entry.value, f) {
                    if let w = Window(period: text) { drift.window = w } else {
                        reader.error("E204", entry.value.location, f, "\"\(text)\" is not a window; use Nd, Nw or Nh (e.g. 30d)")
                    }
                }
            case "thresholds":
                guard let inner = reader.mapping(entry.value, f) else { continue }
                reader.checkKeys(inner, known: ["warn", "critical"], f)
                for e in inner {
                    guard let text = reader.string(e.value, f.dot(e.key)) else { continue }
                    guard let rate = PolicyReaders.weeklyRate(text) else {
                        reader.error("E404", e.value.location, f.dot(e.key), "expected a weekly rate such as \"-0.3%/week\"")
                        continue
                    }
                    if e.key == "warn" { drift.warnSlopePerWeek = rate; warnNode = e.value } else { drift.criticalSlopePerWeek = rate }
                }
                if let w = drift.warnSlopePerWeek, let c = drift.criticalSlopePerWeek, w <= c {
                    reader.error("E405", warnNode?.location ?? entry.value.location, f,
                                 "warn must be above (less negative than) critical")
                }
            case "projection":
                guard let inner = reader.mapping(entry.value, f) else { continue }
                reader.checkKeys(inner, known: ["horizon", "exhaustion_warn", "exhaustion_critical"], f)
                for e in inner {
                    let d = reader.duration(e.value, f.dot(e.key))
                    switch e.key {
                    case "horizon": drift.projectionHorizon = d
                    case "exhaustion_warn": drift.exhaustionWarn = d
                    default: drift.exhaustionCritical = d
                    }
                }
            case "patterns":
                guard let inner = reader.mapping(entry.value, f) else { continue }
                reader.checkKeys(inner, known: ["detect_step_change", "detect_seasonal", "step_change_threshold"], f)
                for e in inner {
                    let pf = f.dot(e.key)
                    switch e.key {
                    case "detect_step_change": drift.detectStepChange = reader.bool(e.value, pf) ?? true
                    case "detect_seasonal":
                        drift.detectSeasonal = reader.bool(e.value, pf) ?? false
                        seasonalNode = e.value
                    default:
                        if let text = reader.string(e.value, pf) {
                            let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
                            if let v = DecimalText.parse(digits), v > 0, v < 100 {
                                drift.stepChangeThreshold = text.hasSuffix("%") || v >= 1 ? v / 100 : v
                            } else {
                                reader.error("E404", e.value.location, pf, "expected a percentage of budget such as \"8%\"")
                            }
                        }
                    }
                }
            case "slos": drift.slos = reader.stringList(entry.value, f)
            default: break
            }
        }
        if drift.detectSeasonal, let window = drift.window, window < .days(14), let node = seasonalNode {
            reader.warning("W406", node.location, field.dot("patterns.detect_seasonal"),
                           "seasonal detection needs ≥ 14 days of data; the window is \(window)")
        }
    }

    // MARK: Observability

    static let observabilityKeys = ["prometheus_job", "metrics_prefix", "grafana_url", "grafana_folder",
                                    "status_label", "labels", "metrics"]

    func observability(_ node: SpecNode?, _ field: String, into o: inout Observability) {
        guard let entries = reader.mapping(node, field) else { return }
        reader.checkKeys(entries, known: PolicyReaders.observabilityKeys, field)
        for entry in entries {
            let f = field.dot(entry.key)
            switch entry.key {
            case "prometheus_job": o.prometheusJob = reader.string(entry.value, f)
            case "metrics_prefix": o.metricsPrefix = reader.string(entry.value, f)
            case "grafana_url": o.grafanaURL = reader.string(entry.value, f)
            case "grafana_folder": o.grafanaFolder = reader.string(entry.value, f)
            case "status_label": o.statusLabel = reader.string(entry.value, f) ?? "status"
            case "labels": o.extraLabels = reader.stringMap(entry.value, f)
            default: break
            }
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
