import Foundation
import NthLayerCore

/// Live on-call owners from PagerDuty for the explorer.
///
/// Each service maps to an escalation policy: `ownership.pagerduty.escalation_policy_id` when the spec names one,
/// else the policy of the PagerDuty service `ownership.pagerduty.service_id`, else of the service whose name equals
/// the spec's name (exact, case-insensitive). The mapping is cached (services rarely move); on-calls are fetched
/// in one `/oncalls?earliest=true` call per 25 policies, and the first escalation level is shown.
public final class PagerDutyOnCallSource: OnCallSource, @unchecked Sendable {
    public let id = "pagerduty"
    public let refreshInterval: TimeInterval
    public let client: PagerDutyClient
    /// How long a service → policy mapping is trusted.
    public let mappingTTL: TimeInterval

    private struct Mapping { var policyID: String?; var policyName: String?; var resolvedAt: Date }
    private let lock = NSLock()
    private var mappings: [String: Mapping] = [:]

    public init(client: PagerDutyClient, refreshInterval: TimeInterval = 60, mappingTTL: TimeInterval = 3600) {
        self.client = client; self.refreshInterval = refreshInterval; self.mappingTTL = mappingTTL
    }

    /// Services PagerDuty could not map on the last fetch, with the reason (for a status line or `--verbose`).
    public private(set) var unmapped: [String: String] {
        get { lock.lock(); defer { lock.unlock() }; return _unmapped }
        set { lock.lock(); _unmapped = newValue; lock.unlock() }
    }
    private var _unmapped: [String: String] = [:]

    public func fetchOnCall(services: [ServiceSpec], at now: Date) throws -> [String: OnCallInfo] {
        var policyOf: [String: (id: String, name: String?)] = [:]
        var misses: [String: String] = [:]
        var firstFailure: PagerDutyError?
        // Many services to find by name: one listing of every PagerDuty service beats one query each.
        let byName = services.filter { needsNameLookup($0, now: now) }
        var index: [String: [PagerDutyService]]?
        if byName.count > 3 {
            do {
                index = Dictionary(grouping: try client.services(), by: { $0.name.lowercased() })
            } catch let e as PagerDutyError {
                throw e.providerError
            }
        }
        for service in services {
            do {
                if let m = try mapping(for: service, now: now, index: index), let pid = m.policyID {
                    policyOf[service.name] = (pid, m.policyName)
                } else {
                    misses[service.name] = "no PagerDuty service named \(service.name)"
                }
            } catch let e as PagerDutyError {
                // Authentication and reachability fail the whole fetch; anything else skips the service.
                switch e.kind {
                case .unauthorized, .forbidden, .unreachable, .rateLimited: throw e.providerError
                default: misses[service.name] = e.message; firstFailure = firstFailure ?? e
                }
            }
        }
        unmapped = misses
        if policyOf.isEmpty {
            if let firstFailure { throw firstFailure.providerError }
            return [:]
        }
        let policyIDs = Array(Set(policyOf.values.map(\.id))).sorted()
        var byPolicy: [String: PagerDutyOnCall] = [:]
        var start = 0
        while start < policyIDs.count {
            let chunk = Array(policyIDs[start..<min(start + 25, policyIDs.count)])
            start += 25
            let entries: [PagerDutyOnCall]
            do {
                entries = try client.onCalls(escalationPolicyIDs: chunk, earliest: true)
            } catch let e as PagerDutyError {
                throw e.providerError
            }
            for entry in entries where entry.user != nil {
                let level = entry.escalationLevel ?? Int.max
                if let current = byPolicy[entry.escalationPolicy.id], (current.escalationLevel ?? Int.max) <= level { continue }
                byPolicy[entry.escalationPolicy.id] = entry
            }
        }
        var result: [String: OnCallInfo] = [:]
        for (service, policy) in policyOf {
            guard let entry = byPolicy[policy.id], let user = entry.user else { continue }
            result[service] = OnCallInfo(service: service, person: user.summary ?? user.id,
                                         escalationPolicy: entry.escalationPolicy.summary ?? policy.name ?? policy.id,
                                         until: entry.end)
        }
        return result
    }

    private func needsNameLookup(_ service: ServiceSpec, now: Date) -> Bool {
        lock.lock()
        let cached = mappings[service.name]
        lock.unlock()
        if let cached, now.timeIntervalSince(cached.resolvedAt) < mappingTTL { return false }
        let ref = service.ownership.pagerDuty
        return (ref?.escalationPolicyID ?? "").isEmpty && (ref?.serviceID ?? "").isEmpty
    }

    private func mapping(for service: ServiceSpec, now: Date, index: [String: [PagerDutyService]]?) throws -> Mapping? {
        lock.lock()
        let cached = mappings[service.name]
        lock.unlock()
        if let cached, now.timeIntervalSince(cached.resolvedAt) < mappingTTL { return cached }
        let ref = service.ownership.pagerDuty
        let m: Mapping
        if let pid = ref?.escalationPolicyID, !pid.isEmpty {
            m = Mapping(policyID: pid, policyName: ref?.escalationPolicy, resolvedAt: now)
        } else {
            let pd: PagerDutyService?
            if let sid = ref?.serviceID, !sid.isEmpty {
                pd = try client.service(id: sid, includeEscalationPolicies: false)
                if pd == nil {
                    throw PagerDutyError(kind: .http(status: 404, code: 5002),
                                         message: "PagerDuty has no service \(sid) (ownership.pagerduty.service_id of \(service.name))")
                }
            } else if let index {
                let matches = index[service.name.lowercased()] ?? []
                if matches.count > 1 {
                    throw PagerDutyError(kind: .badResponse,
                                         message: "PagerDuty has \(matches.count) services named \"\(service.name)\"; set ownership.pagerduty.service_id")
                }
                pd = matches.first
            } else {
                pd = try client.service(named: service.name, includeEscalationPolicies: false)
            }
            // A miss is cached too, so an unmapped service costs one lookup per TTL, not one per refresh.
            m = Mapping(policyID: pd?.escalationPolicy?.id, policyName: pd?.escalationPolicy?.displayName, resolvedAt: now)
        }
        lock.lock(); mappings[service.name] = m; lock.unlock()
        return m
    }
}
