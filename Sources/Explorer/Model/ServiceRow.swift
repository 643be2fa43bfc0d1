import Foundation
import NthLayerCore

/// One line of the services table, derived from a spec plus the latest telemetry and on-call
/// snapshots. Values are `nil` when unknown (shown as `—`, never guessed).
public struct ServiceRow: Sendable, Hashable {
    public var name: String
    public var team: String
    public var tier: Tier
    public var type: ServiceType
    /// Worst status over the service's SLOs; `noData` when no SLO has data.
    public var status: BudgetStatus
    /// Lowest budget remaining over the SLOs (fraction, may be negative when exhausted).
    public var budgetRemaining: Double?
    /// Fastest current burn over every SLO and alert window.
    public var fastestBurn: Double?
    public var dependencyCount: Int
    /// On-call person if an on-call source knows one, else the spec's declared owner.
    public var owner: String?

    public init(spec: ServiceSpec, statuses: [SLOStatus], dependencyCount: Int, onCall: OnCallInfo?) {
        name = SafeText.clean(spec.name)
        team = SafeText.clean(spec.team)
        tier = spec.tier
        type = spec.type
        status = spec.slos.isEmpty ? .noData : BudgetStatus.worst(statuses.map(\.status))
        budgetRemaining = statuses.compactMap(\.remainingFraction).min()
        fastestBurn = statuses.compactMap(\.fastestBurn).max()
        self.dependencyCount = dependencyCount
        owner = (onCall?.person ?? spec.ownership.owner ?? spec.ownership.team).map(SafeText.clean)
    }
}

/// Which way a value moved since the previous refresh.
public enum Trend: Sendable, Hashable {
    case up, down
    static func between(_ old: Double?, _ new: Double?, tolerance: Double) -> Trend? {
        guard let old, let new, abs(new - old) > tolerance else { return nil }
        return new > old ? .up : .down
    }
    public var glyph: String { self == .up ? "↑" : "↓" }
}

/// Movements since the previous applied telemetry snapshot, per service.
public struct RowChange: Sendable, Hashable {
    public var budget: Trend?
    public var burn: Trend?
    public var isEmpty: Bool { budget == nil && burn == nil }
}
