import Foundation

/// Service tier: how much reliability the business needs from a service.
public enum Tier: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case critical, high, standard, low

    /// Accepts canonical names and the aliases of the reference (any case, string or integer).
    public init?(alias raw: String) {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "critical", "1", "tier-1", "t1": self = .critical
        case "high": self = .high
        case "standard", "2", "tier-2", "t2": self = .standard
        case "low", "3", "tier-3", "t3": self = .low
        default: return nil
        }
    }

    public static let aliasHint = "expected critical, high, standard, low (aliases 1–3, tier-1..3, t1..t3)"

    /// Default availability objective in percent.
    public var defaultAvailability: Decimal {
        switch self {
        case .critical: return Decimal(string: "99.95")!
        case .high, .standard: return Decimal(string: "99.9")!
        case .low: return Decimal(string: "99.5")!
        }
    }

    /// Default p99 latency threshold in milliseconds.
    public var defaultLatencyMs: Int {
        switch self {
        case .critical: return 200
        case .high: return 300
        case .standard: return 500
        case .low: return 1000
        }
    }

    /// Deploy gate: warn when less than this percent of budget remains.
    public var defaultGateWarning: Decimal { self == .low ? 30 : 20 }
    /// Deploy gate: block when less than this percent remains; nil = advisory tier.
    public var defaultGateBlocking: Decimal? {
        switch self {
        case .critical, .high: return 10
        case .standard, .low: return nil
        }
    }

    /// Severity used for a burn tier's alert.
    public func severity(for burn: BurnTier) -> AlertSeverity {
        switch (self, burn) {
        case (.critical, .fast), (.critical, .medium), (.high, .fast), (.high, .medium), (.standard, .fast):
            return .page
        default:
            return .ticket
        }
    }

    private var rank: Int { Tier.allCases.firstIndex(of: self)! }
    public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }
}

public enum AlertSeverity: String, Sendable, Hashable, Codable {
    case page, ticket
}

/// The kind of workload a service is.
public enum ServiceType: String, Sendable, Hashable, CaseIterable, Codable {
    case api, worker, stream, aiGate = "ai-gate", batch, database, web

    public init?(alias raw: String) {
        switch raw.lowercased() {
        case "background-job": self = .worker
        case "pipeline": self = .batch
        default:
            guard let value = ServiceType(rawValue: raw.lowercased()) else { return nil }
            self = value
        }
    }

    public static let hint = "expected api, worker, stream, ai-gate, batch, database, web"
}
