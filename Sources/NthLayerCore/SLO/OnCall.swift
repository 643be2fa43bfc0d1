import Foundation

/// Who is on call for a service right now (PagerDuty, or the demo world).
public struct OnCallInfo: Sendable, Hashable {
    public var service: String
    public var person: String
    public var escalationPolicy: String?
    public var until: Date?
    public init(service: String, person: String, escalationPolicy: String? = nil, until: Date? = nil) {
        self.service = service; self.person = person; self.escalationPolicy = escalationPolicy; self.until = until
    }
}

/// Where on-call information comes from. Blocking calls, made from background queues only.
public protocol OnCallSource: Sendable {
    var id: String { get }
    var refreshInterval: TimeInterval { get }
    /// On-call per service name; services without an entry have nobody known.
    func fetchOnCall(services: [ServiceSpec], at now: Date) throws -> [String: OnCallInfo]
}
