import Foundation

/// The deployment gate of `check-deploy` (slo-and-generation.md §2.1). Pure: telemetry comes in as numbers.
public enum DeploymentGate {
    public enum Decision: String, Sendable, Hashable, Codable, Comparable {
        case approved = "APPROVED", warning = "WARNING", blocked = "BLOCKED"
        /// No SLO has data: the gate cannot judge (exit 3).
        case unknown = "UNKNOWN"

        public var exitCode: Int32 {
            switch self {
            case .approved: return 0
            case .warning: return 1
            case .blocked: return 2
            case .unknown: return 3
            }
        }
        private var rank: Int {
            switch self { case .approved: return 0; case .warning: return 1; case .blocked: return 2; case .unknown: return 3 }
        }
        public static func < (a: Decision, b: Decision) -> Bool { a.rank < b.rank }
    }

    /// One SLO as the gate sees it.
    public struct SLOInput: Sendable, Hashable {
        public var name: String
        /// Percent of budget remaining (may be negative); nil = no data.
        public var remainingPercent: Double?
        public var status: BudgetStatus
        public init(name: String, remainingPercent: Double?, status: BudgetStatus) {
            self.name = name; self.remainingPercent = remainingPercent; self.status = status
        }
        public init(_ s: SLOStatus) {
            self.init(name: s.slo, remainingPercent: s.remainingFraction.map { $0 * 100 }, status: s.status)
        }
    }

    public struct Input: Sendable {
        public var service: ServiceSpec
        public var environment: String
        public var slos: [SLOInput]
        public var now: Date
        /// Services that depend on this one, and how many of those edges are critical/high.
        public var downstreamCount: Int
        public var highCriticalityDownstream: Int
        /// Worst trend-drift severity when `--include-drift` asked for it; nil = not requested.
        public var drift: DriftSeverity? = nil
        public var driftMessage: String? = nil
        public init(service: ServiceSpec, environment: String, slos: [SLOInput], now: Date,
                    downstreamCount: Int = 0, highCriticalityDownstream: Int = 0) {
            self.service = service; self.environment = environment; self.slos = slos; self.now = now
            self.downstreamCount = downstreamCount; self.highCriticalityDownstream = highCriticalityDownstream
        }
    }

    public struct Check: Sendable, Hashable {
        public enum Status: String, Sendable, Hashable { case pass, warn, fail, notEvaluated = "not_evaluated" }
        public var check: String
        public var status: Status
        public var message: String
    }

    public struct Result: Sendable, Hashable {
        public var service: String
        public var environment: String
        public var decision: Decision
        public var policySource: DeploymentGatePolicy.Source
        /// Percent of budget remaining; blocking nil = never blocks.
        public var warningThreshold: Double?
        public var blockingThreshold: Double?
        public var worstSLO: String?
        public var budgetRemainingPercent: Double?
        public var slos: [SLOInput]
        public var conditionsMatched: [String]
        public var checks: [Check]
        /// Human lines explaining the decision, in order.
        public var messages: [String]
        public var advisory: Bool
        public var exitCode: Int32 { decision.exitCode }
    }

    /// True when standard/low services have no gate of their own: they warn, never block.
    public static func isAdvisory(_ service: ServiceSpec) -> Bool {
        service.deploymentGate.source == .tierDefault && (service.tier == .standard || service.tier == .low)
    }

    /// Base thresholds: explicit gate → srm policy → tier default. A gate that sets no thresholds uses the tier's.
    public static func baseThresholds(_ service: ServiceSpec) -> (warning: Double?, blocking: Double?) {
        let gate = service.deploymentGate
        if gate.source != .tierDefault, gate.warning != nil || gate.blocking != nil {
            return (gate.warning?.doubleValue ?? service.tier.defaultGateWarning.doubleValue, gate.blocking?.doubleValue)
        }
        return (service.tier.defaultGateWarning.doubleValue, service.tier.defaultGateBlocking?.doubleValue)
    }

    public static func evaluate(_ input: Input) -> Result {
        let service = input.service
        let gate = service.deploymentGate
        let advisory = isAdvisory(service)
        var (warning, blocking) = baseThresholds(service)
        var result = Result(service: service.name, environment: input.environment, decision: .approved,
                            policySource: gate.source, warningThreshold: warning, blockingThreshold: blocking,
                            worstSLO: nil, budgetRemainingPercent: nil, slos: input.slos, conditionsMatched: [],
                            checks: [], messages: [], advisory: advisory)
        let driftCheck: Check = {
            guard let d = input.drift else {
                return Check(check: "drift", status: .notEvaluated, message: "not requested (--include-drift)")
            }
            let status: Check.Status = d == .critical ? .fail : d == .warn ? .warn : .pass
            return Check(check: "drift", status: status, message: input.driftMessage ?? "trend drift \(d.rawValue)")
        }()
        let notEvaluated = [
            driftCheck,
            Check(check: "slo_compliance", status: .notEvaluated, message: "needs PagerDuty"),
            Check(check: "recent_incidents", status: .notEvaluated, message: "needs PagerDuty"),
        ]

        // 1. No SLOs.
        if service.slos.isEmpty && input.slos.isEmpty {
            result.messages.append("\(service.name) declares no SLOs; nothing to gate on")
            result.checks = [Check(check: "error_budget", status: .pass, message: "no SLOs declared")] + notEvaluated
            return result
        }
        // 2. Team exception.
        if gate.exceptionTeams.contains(service.team) {
            result.messages.append("team \(service.team) has an exception (allow: always)")
            result.checks = [Check(check: "error_budget", status: .pass, message: "exception for team \(service.team)")] + notEvaluated
            return result
        }
        // 3. Worst SLO by remaining percent (first in spec order on ties).
        let known = input.slos.filter { $0.remainingPercent.map { $0.isFinite } ?? false }
        for slo in input.slos where !known.contains(slo) {
            result.messages.append("\(slo.name): no data")
        }
        guard let worst = known.min(by: { $0.remainingPercent! < $1.remainingPercent! }) else {
            result.decision = .unknown
            result.messages.append("no SLO of \(service.name) has data; cannot judge the error budget")
            result.checks = [Check(check: "error_budget", status: .notEvaluated, message: "no SLO has data")] + notEvaluated
            return result
        }
        let remaining = worst.remainingPercent!
        result.worstSLO = worst.name
        result.budgetRemainingPercent = remaining

        // 4. Conditions override; with several matching, the highest warning and blocking win.
        let consumed = 100 - remaining
        var values: [String: ConditionValue] = [
            "budget_remaining": .number(remaining), "budget_consumed": .number(consumed),
            "burn_rate": .number(consumed / 100), "tier": .string(service.tier.rawValue),
            "env": .string(input.environment), "service": .string(service.name), "team": .string(service.team),
            "downstream_count": .number(Double(input.downstreamCount)),
            "high_criticality_downstream": .number(Double(input.highCriticalityDownstream)),
        ]
        values["environment"] = values["env"]
        let context = ConditionContext(now: input.now, timeZone: TimeZone(identifier: gate.timezone) ?? TimeZone(identifier: "UTC")!,
                                       values: values)
        var matchedWarning: Double? = nil, matchedBlocking: Double? = nil
        for condition in gate.conditions {
            guard let expr = try? ConditionExpression.parse(condition.when), expr.isTrue(in: context) else { continue }
            result.conditionsMatched.append(condition.name)
            if let w = condition.warning?.doubleValue { matchedWarning = max(matchedWarning ?? w, w) }
            if let b = condition.blocking?.doubleValue { matchedBlocking = max(matchedBlocking ?? b, b) }
        }
        if let w = matchedWarning { warning = w }
        if let b = matchedBlocking { blocking = b }
        if let w = warning, let b = blocking, w < b { warning = b }
        result.warningThreshold = warning
        result.blockingThreshold = blocking

        // 5. Thresholds, then on_exhausted.
        var decision = Decision.approved
        let shown = format(remaining)
        var budgetMessage = "\(worst.name) has \(shown)% of its error budget left"
        if let b = blocking, remaining < b {
            decision = .blocked
            budgetMessage += " (below blocking \(format(b))%)"
        } else if let w = warning, remaining < w {
            decision = .warning
            budgetMessage += " (below warning \(format(w))%)"
        } else {
            budgetMessage += warning.map { " (warning below \(format($0))%)" } ?? ""
        }
        result.messages.append(budgetMessage)
        if remaining <= 0 {
            for action in gate.onExhausted {
                switch action {
                case .freezeDeploys:
                    decision = max(decision, .blocked)
                    result.messages.append("budget exhausted: deploys frozen (on_exhausted: freeze_deploys)")
                case .requireApproval:
                    decision = max(decision, .warning)
                    result.messages.append("budget exhausted: approval required (on_exhausted: require_approval)")
                case .notify:
                    result.messages.append("budget exhausted: notify the owning team (on_exhausted: notify)")
                }
            }
        }
        // 7 (applied before the advisory cap). Trend drift: critical blocks, warn warns.
        if let d = input.drift {
            if d == .critical {
                decision = max(decision, .blocked)
                result.messages.append("trend drift is critical: \(input.driftMessage ?? "budget sliding")")
            } else if d == .warn {
                decision = max(decision, .warning)
                result.messages.append("trend drift warns: \(input.driftMessage ?? "budget sliding")")
            }
        }
        // 6. Advisory tiers never block.
        if advisory && decision == .blocked {
            decision = .warning
            result.messages.append("\(service.tier.rawValue) tier without a gate is advisory: capped at WARNING")
        }
        result.decision = decision
        let checkStatus: Check.Status = decision == .blocked ? .fail : decision == .warning ? .warn : .pass
        result.checks = [Check(check: "error_budget", status: checkStatus, message: budgetMessage)] + notEvaluated
        return result
    }

    /// Up to two decimals, no trailing zeros: `35`, `15.5`, `8.25`.
    public static func format(_ v: Double) -> String {
        DecimalText.format(v, maxFractionDigits: 2)
    }

    /// The JSON of `check-deploy --format json`.
    public static func json(_ r: Result) -> JSONValue {
        .object([
            ("service", .string(r.service)), ("environment", .string(r.environment)),
            ("decision", .string(r.decision.rawValue)), ("exit_code", .int(Int(r.exitCode))),
            ("policy_source", .string(r.policySource.rawValue)),
            ("thresholds", .object([("warning", .double(r.warningThreshold)), ("blocking", .double(r.blockingThreshold))])),
            ("worst_slo", .optionalString(r.worstSLO)),
            ("budget_remaining_pct", .double(r.budgetRemainingPercent, digits: 4)),
            ("slos", .array(r.slos.map { s in
                .object([("name", .string(s.name)), ("remaining_pct", .double(s.remainingPercent, digits: 4)),
                         ("status", .string(s.status.rawValue))])
            })),
            ("conditions_matched", .array(r.conditionsMatched.map { .string($0) })),
            ("checks", .array(r.checks.map { c in
                .object([("check", .string(c.check)), ("status", .string(c.status.rawValue)), ("message", .string(c.message))])
            })),
        ])
    }
}
