import Foundation

/// How bad a drift finding is. Exit codes follow: none/info 0, warn 1, critical 2.
public enum DriftSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case none, info, warn, critical

    private var rank: Int { DriftSeverity.allCases.firstIndex(of: self)! }
    public static func < (a: DriftSeverity, b: DriftSeverity) -> Bool { a.rank < b.rank }

    public var exitCode: Int32 {
        switch self {
        case .none, .info: return 0
        case .warn: return 1
        case .critical: return 2
        }
    }
}

/// One finding of either drift kind: config (declared vs deployed) or trend (the budget sliding).
public struct DriftFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case rule, dashboard, pagerduty
        case sloThreshold = "slo_threshold"
        case trend
    }

    public enum Change: String, Sendable, Hashable, Codable {
        case missing, unexpected, changed, trend
    }

    public var kind: Kind
    public var change: Change
    public var service: String
    /// Identifies the item uniquely and contains its name: `<group>/<alert>{burn_tier=fast}`, a panel title, an SLO.
    public var resource: String
    public var field: String
    /// Declared and deployed values, kept as JSON so numbers stay numbers.
    public var declared: JSONValue
    public var deployed: JSONValue
    public var severity: DriftSeverity
    public var message: String
    /// Where the declaration lives, for SARIF and the explorer.
    public var location: SourceLocation?
    /// Trend findings carry their analysis.
    public var trend: TrendSummary?

    public init(kind: Kind, change: Change, service: String, resource: String, field: String,
                declared: JSONValue = .null, deployed: JSONValue = .null, severity: DriftSeverity, message: String,
                location: SourceLocation? = nil, trend: TrendSummary? = nil) {
        self.kind = kind; self.change = change; self.service = service; self.resource = resource; self.field = field
        self.declared = declared; self.deployed = deployed; self.severity = severity; self.message = message
        self.location = location; self.trend = trend
    }

    /// Short stable hash of (kind, service, resource, field).
    public var id: String {
        String(SHA256.hex("\(kind.rawValue)\u{1f}\(service)\u{1f}\(resource)\u{1f}\(field)").prefix(8))
    }
}

/// The flat trend fields every trend finding carries (fractions of the budget, not percent).
public struct TrendSummary: Sendable, Hashable {
    public var slo: String
    public var pattern: String
    public var slopePerWeek: Double
    public var currentBudget: Double
    public var daysUntilExhaustion: Double?
    public var rSquared: Double
    /// Extra analysis (projection, thresholds, window) for `detail` in JSON.
    public var detail: JSONValue

    public init(slo: String, pattern: String, slopePerWeek: Double, currentBudget: Double,
                daysUntilExhaustion: Double?, rSquared: Double, detail: JSONValue = .null) {
        self.slo = slo; self.pattern = pattern; self.slopePerWeek = slopePerWeek; self.currentBudget = currentBudget
        self.daysUntilExhaustion = daysUntilExhaustion; self.rSquared = rSquared; self.detail = detail
    }
}
