import Foundation

/// Where something was written: a file and a 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file; self.line = line; self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// The three spec dialects NthLayer reads into one model.
public enum SpecDialect: String, Sendable, Hashable, Codable {
    case legacy, flat, openSRM = "srm/v1"
}

/// One service, as declared. Every dialect parses into this model; every command reads it.
public struct ServiceSpec: Sendable, Hashable {
    public var name: String
    public var team: String
    public var tier: Tier
    public var type: ServiceType
    public var description: String?
    public var language: String?
    public var framework: String?
    public var supportModel: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var slos: [SLOSpec]
    public var dependencies: [DependencySpec]
    /// Reverse edges declared by this service (legacy `downstream`): services that call it.
    public var declaredDownstream: [String]
    public var ownership: Ownership
    public var alerting: AlertingPolicy
    public var deploymentGate: DeploymentGatePolicy
    public var drift: DriftPolicy
    public var observability: Observability
    public var identity: [String: [String]]
    public var contractAvailability: Decimal?
    public var dialect: SpecDialect
    public var environment: String?
    /// The spec file, relative as given by the caller, and the location of the service name.
    public var location: SourceLocation

    public init(name: String, team: String, tier: Tier, type: ServiceType, location: SourceLocation,
                dialect: SpecDialect = .flat) {
        self.name = name; self.team = team; self.tier = tier; self.type = type
        self.supportModel = "self"
        self.labels = [:]; self.annotations = [:]
        self.slos = []; self.dependencies = []; self.declaredDownstream = []
        self.ownership = Ownership(); self.alerting = AlertingPolicy()
        self.deploymentGate = DeploymentGatePolicy(); self.drift = DriftPolicy()
        self.observability = Observability(); self.identity = [:]
        self.dialect = dialect; self.location = location
    }

    public func slo(named name: String) -> SLOSpec? { slos.first { $0.name == name } }
}

/// What an SLO measures.
public enum SLOType: String, Sendable, Hashable, Codable, CaseIterable {
    case availability, errorRate = "error_rate", latency, throughput, judgment
}

/// How the SLI is measured. The user's own queries are always used; type defaults only when none is given.
public enum Indicator: Sendable, Hashable {
    /// `(error) / (total)`
    case errorTotal(error: String, total: String)
    /// `1 - (good) / (total)`
    case goodTotal(good: String, total: String)
    /// `1 - (query)`, where query is a good ratio in 0...1
    case goodRatio(query: String)
    /// Latency from a histogram: share of requests slower than the threshold.
    case latency(histogram: String, selector: String, thresholdMs: Decimal)
    /// Throughput: `query` is a rate that must stay at or above `minimum`.
    case throughput(query: String, minimum: Decimal)
    /// No query given: the type default on `http_requests_total`.
    case typeDefault
}

public struct SLOSpec: Sendable, Hashable {
    public var name: String
    public var type: SLOType
    /// Percent, 0 < objective < 100.
    public var objective: Decimal
    public var window: Window
    public var indicator: Indicator
    /// Latency only: the percentile text as written (`p99`), informational.
    public var percentile: Decimal?
    /// Where the SLO is declared (its key or list item).
    public var location: SourceLocation
    /// Location of each query field, for mapping PromQL errors back.
    public var queryLocations: [String: SourceLocation]

    public init(name: String, type: SLOType, objective: Decimal, window: Window, indicator: Indicator,
                location: SourceLocation) {
        self.name = name; self.type = type; self.objective = objective; self.window = window
        self.indicator = indicator; self.location = location; self.queryLocations = [:]
    }

    /// Error budget as a ratio: (100 − objective) / 100, exact.
    public var budgetRatio: Decimal { (100 - objective) / 100 }
    /// Error budget in minutes of full outage over the window.
    public var budgetMinutes: Decimal { Decimal(window.minutes) * budgetRatio }
}

public enum DependencyType: String, Sendable, Hashable, Codable {
    case service, datastore, queue, external, infra
}

public enum Criticality: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low
    /// Critical or high: counts for feasibility and blast radius.
    public var isCritical: Bool { self == .critical || self == .high }
    private var rank: Int { Criticality.allCases.firstIndex(of: self)! }
    public static func < (a: Criticality, b: Criticality) -> Bool { a.rank < b.rank }
}

public struct DependencySpec: Sendable, Hashable {
    public var name: String
    public var type: DependencyType
    public var technology: Technology?
    public var criticality: Criticality
    /// Declared availability of the dependency in percent (`slo.availability`, else `sla`).
    public var availability: Decimal?
    public var latencyP99Ms: Decimal?
    /// Label matchers scoping technology panels and alerts, e.g. `{job="payments-db"}`.
    public var selector: String
    public var protocolName: String?
    public var location: SourceLocation

    public init(name: String, type: DependencyType, technology: Technology?, criticality: Criticality,
                selector: String? = nil, location: SourceLocation) {
        self.name = name; self.type = type; self.technology = technology; self.criticality = criticality
        self.selector = selector ?? "{job=\"\(name)\"}"
        self.location = location
    }
}

public struct PagerDutyRef: Sendable, Hashable {
    public var serviceID: String?
    public var escalationPolicy: String?
    public var escalationPolicyID: String?
    public var urgency: String?
    public var acknowledgementTimeout: Int?
    public var autoResolveTimeout: Int?
    public init() {}
}

public struct Ownership: Sendable, Hashable {
    public var team: String?
    public var owner: String?
    public var slack: String?
    public var email: String?
    public var escalation: String?
    public var runbook: String?
    public var documentation: String?
    public var pagerDuty: PagerDutyRef?
    public init() {}
}

public struct AlertingPolicy: Sendable, Hashable {
    public var minRPS: Decimal?
    public var forPage: Window?
    public var forTicket: Window?
    public var runbookURL: String?
    public var labels: [String: String] = [:]
    public var annotations: [String: String] = [:]
    public var disabledTiers: Set<BurnTier> = []
    public init() {}
}

public struct GateCondition: Sendable, Hashable {
    public var name: String
    public var when: String
    public var warning: Decimal?
    public var blocking: Decimal?
    public init(name: String, when: String, warning: Decimal? = nil, blocking: Decimal? = nil) {
        self.name = name; self.when = when; self.warning = warning; self.blocking = blocking
    }
}

public enum ExhaustedAction: String, Sendable, Hashable, Codable, CaseIterable {
    case freezeDeploys = "freeze_deploys", requireApproval = "require_approval", notify
}

/// Deployment gate settings. `source` tells which layer they came from.
public struct DeploymentGatePolicy: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, Codable {
        case explicit, srmPolicy = "srm_policy", tierDefault = "tier_default"
    }
    public var source: Source = .tierDefault
    /// Percent of budget remaining below which a deploy warns.
    public var warning: Decimal?
    /// Percent of budget remaining below which a deploy is blocked; nil = never blocks.
    public var blocking: Decimal?
    public var conditions: [GateCondition] = []
    public var exceptionTeams: [String] = []
    public var onExhausted: [ExhaustedAction] = []
    public var timezone: String = "UTC"
    public var sloComplianceThreshold: Decimal?
    public init() {}
}

/// The per-service `drift:` block; unset fields fall back to tier defaults in the drift engine.
public struct DriftPolicy: Sendable, Hashable {
    public var enabled: Bool = true
    /// True when `drift.enabled` was written (the low tier is opt-in: only an explicit `true` enables it).
    public var enabledSetExplicitly: Bool = false
    public var window: Window?
    /// Weekly slope thresholds as fractions of budget per week (−0.003 for "-0.3%/week").
    public var warnSlopePerWeek: Decimal?
    public var criticalSlopePerWeek: Decimal?
    public var projectionHorizon: Window?
    public var exhaustionWarn: Window?
    public var exhaustionCritical: Window?
    public var detectStepChange: Bool = true
    public var detectSeasonal: Bool = false
    /// Fraction of budget (0.08 for "8%").
    public var stepChangeThreshold: Decimal?
    public var slos: [String]?
    public init() {}
}

public struct Observability: Sendable, Hashable {
    public var prometheusJob: String?
    public var metricsPrefix: String?
    public var grafanaURL: String?
    public var grafanaFolder: String?
    public var statusLabel: String = "status"
    public var extraLabels: [String: String] = [:]
    public init() {}
}
