import Foundation

/// A reference PagerDuty embeds in other objects: `{id, type, summary}` (plus `html_url`, `self`).
public struct PagerDutyReference: Sendable, Hashable, Decodable {
    public var id: String
    public var type: String?
    public var summary: String?
    public var htmlUrl: String?
    public init(id: String, type: String? = nil, summary: String? = nil) { self.id = id; self.type = type; self.summary = summary }
}

/// One half of a support-hours urgency rule.
public struct PagerDutyUrgencySubRule: Sendable, Hashable, Decodable {
    public var type: String?
    public var urgency: String?
}

/// `incident_urgency_rule`: `constant` with `urgency` (high/low/severity_based), or `use_support_hours` with
/// `during_support_hours` / `outside_support_hours`.
public struct PagerDutyUrgencyRule: Sendable, Hashable, Decodable {
    public var type: String
    public var urgency: String?
    public var duringSupportHours: PagerDutyUrgencySubRule?
    public var outsideSupportHours: PagerDutyUrgencySubRule?
    public init(type: String, urgency: String? = nil) { self.type = type; self.urgency = urgency }
}

/// An escalation policy, as a reference inside a service (`summary` only) or in full (`name`, rules, loops) when
/// listed or included with `include[]=escalation_policies`.
public struct PagerDutyEscalationPolicy: Sendable, Hashable, Decodable {
    public struct Rule: Sendable, Hashable, Decodable {
        public var id: String?
        public var escalationDelayInMinutes: Int?
        public var targets: [PagerDutyReference]
        enum CodingKeys: String, CodingKey { case id, escalationDelayInMinutes, targets }
        public init(from d: Decoder) throws {
            let c = try d.container(keyedBy: CodingKeys.self)
            id = try c.decodeIfPresent(String.self, forKey: .id)
            escalationDelayInMinutes = try c.decodeIfPresent(Int.self, forKey: .escalationDelayInMinutes)
            targets = try c.decodeIfPresent([PagerDutyReference].self, forKey: .targets) ?? []
        }
    }
    public var id: String
    public var type: String?
    public var name: String?
    public var summary: String?
    public var description: String?
    public var numLoops: Int?
    public var escalationRules: [Rule]?
    public var services: [PagerDutyReference]?
    public var teams: [PagerDutyReference]?
    public var htmlUrl: String?

    public init(id: String, name: String? = nil, summary: String? = nil) { self.id = id; self.name = name; self.summary = summary }

    /// `name` when known, else `summary`, else the id.
    public var displayName: String { name ?? summary ?? id }
}

/// A PagerDuty service: what drift compares (drift.md §1.1).
public struct PagerDutyService: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String
    public var description: String?
    /// active, warning, critical, maintenance, disabled.
    public var status: String?
    public var escalationPolicy: PagerDutyEscalationPolicy?
    public var incidentUrgencyRule: PagerDutyUrgencyRule?
    /// Seconds; nil = off.
    public var acknowledgementTimeout: Int?
    /// Seconds; nil = off.
    public var autoResolveTimeout: Int?
    public var teams: [PagerDutyReference]?
    public var htmlUrl: String?

    public init(id: String, name: String, status: String? = nil) { self.id = id; self.name = name; self.status = status }
}

public struct PagerDutySchedule: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String?
    public var summary: String?
    public var timeZone: String?
    public var escalationPolicies: [PagerDutyReference]?
    public var users: [PagerDutyReference]?
    public var htmlUrl: String?
}

/// One `/oncalls` entry: who is on call at which level of which policy, until when (`end` nil = indefinitely).
public struct PagerDutyOnCall: Sendable, Hashable, Decodable {
    public var user: PagerDutyReference?
    public var schedule: PagerDutyReference?
    public var escalationPolicy: PagerDutyReference
    public var escalationLevel: Int?
    public var start: Date?
    public var end: Date?
}

/// `{"error": {"message", "code", "errors": [...]}}`.
struct PagerDutyErrorBody: Decodable {
    struct Inner: Decodable {
        var message: String?
        var code: Int?
        var errors: [String]?
    }
    var error: Inner
}

/// A PagerDuty object type and the keys its list and single answers use.
protocol PagerDutyResource: Decodable {
    /// `services`, `escalation_policies`, … (also the path).
    static var collection: String { get }
    /// `service`, `escalation_policy`, …
    static var single: String { get }
}

extension PagerDutyService: PagerDutyResource {
    static var collection: String { "services" }
    static var single: String { "service" }
}
extension PagerDutyEscalationPolicy: PagerDutyResource {
    static var collection: String { "escalation_policies" }
    static var single: String { "escalation_policy" }
}
extension PagerDutySchedule: PagerDutyResource {
    static var collection: String { "schedules" }
    static var single: String { "schedule" }
}
extension PagerDutyOnCall: PagerDutyResource {
    static var collection: String { "oncalls" }
    static var single: String { "oncall" }
}

struct PagerDutyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The offset/limit page envelope; the items sit under the collection's key (snake_case, as sent).
struct PagerDutyPage<Item: PagerDutyResource>: Decodable {
    var items: [Item]
    var more: Bool
    var total: Int?

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: PagerDutyKey.self)
        items = try c.decode([Item].self, forKey: PagerDutyKey(camel(Item.collection)))
        more = try c.decodeIfPresent(Bool.self, forKey: PagerDutyKey("more")) ?? false
        total = try c.decodeIfPresent(Int.self, forKey: PagerDutyKey("total"))
    }
}

/// A single-object envelope: `{"service": {...}}`.
struct PagerDutyOne<Item: PagerDutyResource>: Decodable {
    var item: Item
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: PagerDutyKey.self)
        item = try c.decode(Item.self, forKey: PagerDutyKey(camel(Item.single)))
    }
}

/// `escalation_policies` → `escalationPolicies`: the decoder converts keys from snake case before matching.
func camel(_ snake: String) -> String {
    let parts = snake.split(separator: "_")
    guard let first = parts.first else { return snake }
    return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
}
