import Foundation

/// A PagerDuty service as deployed, reduced to what drift compares.
public struct DeployedPagerDutyService: Sendable, Hashable {
    public var id: String
    public var name: String
    /// `active`, `warning`, `critical`, `maintenance`, `disabled`.
    public var status: String
    public var escalationPolicyID: String?
    public var escalationPolicyName: String?
    /// `high` / `low` for a constant rule, else the rule type (`use_support_hours`, `severity_based`).
    public var urgency: String?
    public var acknowledgementTimeout: Int?
    public var autoResolveTimeout: Int?

    public init(id: String, name: String, status: String, escalationPolicyID: String? = nil,
                escalationPolicyName: String? = nil, urgency: String? = nil, acknowledgementTimeout: Int? = nil,
                autoResolveTimeout: Int? = nil) {
        self.id = id; self.name = name; self.status = status; self.escalationPolicyID = escalationPolicyID
        self.escalationPolicyName = escalationPolicyName; self.urgency = urgency
        self.acknowledgementTimeout = acknowledgementTimeout; self.autoResolveTimeout = autoResolveTimeout
    }
}

/// What a tier expects of its PagerDuty service; `ownership.pagerduty` overrides field by field.
public struct PagerDutyExpectation: Sendable, Hashable {
    public var urgency: String
    public var acknowledgementTimeout: Int?
    public var autoResolveTimeout: Int?

    public static func forService(_ service: ServiceSpec) -> PagerDutyExpectation {
        var e: PagerDutyExpectation
        switch service.tier {
        case .critical: e = .init(urgency: "high", acknowledgementTimeout: 900, autoResolveTimeout: 14400)
        case .high: e = .init(urgency: "high", acknowledgementTimeout: 1800, autoResolveTimeout: 14400)
        case .standard: e = .init(urgency: "low", acknowledgementTimeout: 1800, autoResolveTimeout: 14400)
        case .low: e = .init(urgency: "low", acknowledgementTimeout: nil, autoResolveTimeout: 86400)
        }
        if let pd = service.ownership.pagerDuty {
            if let u = pd.urgency { e.urgency = u }
            if let a = pd.acknowledgementTimeout { e.acknowledgementTimeout = a }
            if let r = pd.autoResolveTimeout { e.autoResolveTimeout = r }
        }
        return e
    }
}

public enum PagerDutyDrift {
    /// - Parameter deployed: the service found by id or exact name, or nil when PagerDuty has none.
    public static func findings(service: ServiceSpec, deployed: DeployedPagerDutyService?) -> [DriftFinding] {
        let important = service.tier == .critical || service.tier == .high
        let pd = service.ownership.pagerDuty
        let resource = pd?.serviceID ?? service.name
        let location = service.location
        guard let deployed else {
            return [DriftFinding(kind: .pagerduty, change: .missing, service: service.name, resource: resource,
                                 field: "service", declared: .string(resource), severity: important ? .critical : .warn,
                                 message: "no PagerDuty service \(resource) for \(service.name)", location: location)]
        }
        var findings: [DriftFinding] = []
        if deployed.status == "disabled" {
            findings.append(DriftFinding(kind: .pagerduty, change: .changed, service: service.name, resource: deployed.id,
                field: "status", declared: .string("active"), deployed: .string(deployed.status),
                severity: important ? .critical : .warn, message: "PagerDuty service \(deployed.name) is disabled", location: location))
        }
        if let want = pd?.escalationPolicyID, want != deployed.escalationPolicyID {
            findings.append(DriftFinding(kind: .pagerduty, change: .changed, service: service.name, resource: deployed.id,
                field: "escalation_policy", declared: .string(want), deployed: .optionalString(deployed.escalationPolicyID),
                severity: .warn, message: "escalation policy differs: declared \(want), deployed \(deployed.escalationPolicyID ?? "(none)")",
                location: location))
        } else if pd?.escalationPolicyID == nil, let want = pd?.escalationPolicy,
                  want.lowercased() != (deployed.escalationPolicyName ?? "").lowercased(),
                  want != deployed.escalationPolicyID {
            findings.append(DriftFinding(kind: .pagerduty, change: .changed, service: service.name, resource: deployed.id,
                field: "escalation_policy", declared: .string(want), deployed: .optionalString(deployed.escalationPolicyName),
                severity: .warn, message: "escalation policy differs: declared \(want), deployed \(deployed.escalationPolicyName ?? "(none)")",
                location: location))
        }
        let expect = PagerDutyExpectation.forService(service)
        if deployed.urgency != expect.urgency {
            findings.append(DriftFinding(kind: .pagerduty, change: .changed, service: service.name, resource: deployed.id,
                field: "urgency", declared: .string(expect.urgency), deployed: .optionalString(deployed.urgency),
                severity: service.tier == .critical ? .warn : .info,
                message: "urgency differs: \(service.tier.rawValue) tier expects \(expect.urgency), deployed \(deployed.urgency ?? "(none)")",
                location: location))
        }
        func timeout(_ field: String, _ want: Int?, _ have: Int?) {
            guard want != have else { return }
            findings.append(DriftFinding(kind: .pagerduty, change: .changed, service: service.name, resource: deployed.id,
                field: field, declared: want.map { .int($0) } ?? .null, deployed: have.map { .int($0) } ?? .null, severity: .info,
                message: "\(field) differs: expected \(want.map { "\($0) s" } ?? "none"), deployed \(have.map { "\($0) s" } ?? "none")",
                location: location))
        }
        timeout("acknowledgement_timeout", expect.acknowledgementTimeout, deployed.acknowledgementTimeout)
        timeout("auto_resolve_timeout", expect.autoResolveTimeout, deployed.autoResolveTimeout)
        return findings
    }
}
