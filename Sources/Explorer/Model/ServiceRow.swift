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
    /// Worst drift and finding count; nil while no drift evaluation covers the service.
    public var drift: DriftBadge?

    public init(spec: ServiceSpec, statuses: [SLOStatus], dependencyCount: Int, onCall: OnCallInfo?, drift: DriftBadge? = nil) {
        var cache = AllowedRatioCache()
        self.init(spec: spec, figures: statuses.map { SLOFigures($0, cache: &cache) }, dependencyCount: dependencyCount,
                  onCall: onCall, drift: drift)
    }

    init(spec: ServiceSpec, figures: [SLOFigures], dependencyCount: Int, onCall: OnCallInfo?, drift: DriftBadge? = nil) {
        name = SafeText.clean(spec.name)
        team = SafeText.clean(spec.team)
        tier = spec.tier
        type = spec.type
        status = .noData
        self.dependencyCount = dependencyCount
        owner = nil
        update(spec: spec, figures: figures, onCall: onCall, drift: drift)
    }

    /// Refreshes the values that change with telemetry and on-call; the rest is fixed per spec.
    mutating func update(spec: ServiceSpec, figures: [SLOFigures], onCall: OnCallInfo?, drift: DriftBadge?) {
        self.drift = drift
        status = spec.slos.isEmpty ? .noData : BudgetStatus.worst(figures.map(\.status))
        budgetRemaining = figures.compactMap(\.remaining).min()
        fastestBurn = figures.compactMap(\.fastestBurn).max()
        if let person = onCall?.person {
            owner = SafeText.clean(person)
        } else {
            owner = (spec.ownership.owner ?? spec.ownership.team).map(SafeText.clean)
        }
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
