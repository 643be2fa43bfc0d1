import Foundation
import Testing
@testable import NthLayerCore

/// The deployment gate against slo-and-generation.md §2.1 and spec-format.md §2.6.
@Suite struct DeploymentGateTests {
    static let loc = SourceLocation(file: "t.yaml", line: 1, column: 1)
    /// Monday 2026-03-02 11:00 UTC (peak traffic, business hours).
    static let monday11 = Date(timeIntervalSince1970: 1_772_449_200)

    static func service(_ tier: Tier, team: String = "orders", slos: [String] = ["availability"],
                        gate: ((inout DeploymentGatePolicy) -> Void)? = nil) -> ServiceSpec {
        var s = ServiceSpec(name: "svc", team: team, tier: tier, type: .api, location: loc)
        s.slos = slos.map { SLOSpec(name: $0, type: .availability, objective: 99.9, window: .days(30), indicator: .typeDefault, location: loc) }
        if let gate { s.deploymentGate.source = .explicit; gate(&s.deploymentGate) }
        return s
    }

    static func run(_ s: ServiceSpec, _ remaining: [Double?], now: Date = monday11) -> DeploymentGate.Result {
        let inputs = zip(s.slos, remaining).map { slo, r in
            DeploymentGate.SLOInput(name: slo.name, remainingPercent: r,
                                    status: r.map { BudgetStatus(consumedFraction: 1 - $0 / 100) } ?? .noData)
        }
        return DeploymentGate.evaluate(.init(service: s, environment: "prod", slos: inputs, now: now))
    }

    // MARK: The reference's examples

    @Test(arguments: [(35.0, DeploymentGate.Decision.approved, Int32(0)), (15, .warning, 1), (8, .blocked, 2)])
    func criticalTierDefaults(remaining: Double, decision: DeploymentGate.Decision, exit: Int32) {
        let r = Self.run(Self.service(.critical), [remaining])
        #expect(r.decision == decision)
        #expect(r.exitCode == exit)
        #expect(r.policySource == .tierDefault)
        #expect(r.warningThreshold == 20 && r.blockingThreshold == 10)
        #expect(!r.advisory)
    }

    @Test func lowTierIsAdvisoryAndWarnsBelow30() {
        let r = Self.run(Self.service(.low), [25])
        #expect(r.decision == .warning && r.exitCode == 1)
        #expect(r.advisory && r.warningThreshold == 30 && r.blockingThreshold == nil)
        #expect(Self.run(Self.service(.low), [31]).decision == .approved)
    }

    @Test func standardTierNeverBlocks() {
        #expect(Self.run(Self.service(.standard), [5]).exitCode == 1)
        #expect(Self.run(Self.service(.standard), [-40]).decision == .warning)
    }

    @Test func boundariesAreStrict() {
        // "remaining < blocking": exactly at a threshold is the milder decision; no truncation of fractions.
        #expect(Self.run(Self.service(.critical), [10]).decision == .warning)
        #expect(Self.run(Self.service(.critical), [9.999]).decision == .blocked)
        #expect(Self.run(Self.service(.critical), [20]).decision == .approved)
        #expect(Self.run(Self.service(.critical), [19.99]).decision == .warning)
    }

    // MARK: Worst SLO, no data

    @Test func judgesTheWorstSLO() {
        let r = Self.run(Self.service(.critical, slos: ["availability", "latency", "freshness"]), [80, 8.5, nil])
        #expect(r.worstSLO == "latency")
        #expect(r.budgetRemainingPercent == 8.5)
        #expect(r.decision == .blocked)
        #expect(r.slos.count == 3)
        #expect(r.messages.contains("freshness: no data"))
        let json = DeploymentGate.json(r).rendered()
        #expect(json.contains("\"worst_slo\": \"latency\""))
        #expect(json.contains("\"remaining_pct\": null"))
        #expect(json.contains("\"status\": \"no_data\""))
    }

    @Test func noDataAnywhereCannotJudge() {
        let r = Self.run(Self.service(.critical, slos: ["a", "b"]), [nil, nil])
        #expect(r.decision == .unknown && r.exitCode == 3)
        #expect(r.worstSLO == nil)
    }

    @Test func noSLOsIsApprovedWithANote() {
        let r = Self.run(Self.service(.critical, slos: []), [])
        #expect(r.decision == .approved)
        #expect(r.messages.first?.contains("no SLOs") == true)
    }

    // MARK: Precedence

    @Test func explicitThresholdsWin() {
        let s = Self.service(.critical) { $0.warning = 50; $0.blocking = 25 }
        let r = Self.run(s, [30])
        #expect(r.policySource == .explicit && r.warningThreshold == 50 && r.blockingThreshold == 25)
        #expect(r.decision == .warning)
        #expect(Self.run(s, [24]).decision == .blocked)
    }

    @Test func explicitGateWithoutBlockingNeverBlocks() {
        let s = Self.service(.critical) { $0.warning = 30 }
        #expect(Self.run(s, [1]).decision == .warning)
    }

    @Test func srmPolicyAndGatedStandardTierCanBlock() {
        var s = Self.service(.standard) { $0.warning = 25; $0.blocking = 10 }
        s.deploymentGate.source = .srmPolicy
        let r = Self.run(s, [8])
        #expect(r.policySource == .srmPolicy && !r.advisory)
        #expect(r.decision == .blocked)
        let json = DeploymentGate.json(r).rendered()
        #expect(json.contains("\"policy_source\": \"srm_policy\""))
        #expect(json.contains("\"warning\": 25"))
    }

    // MARK: Exceptions, conditions, on_exhausted

    @Test func teamExceptionApprovesEvenWhenExhausted() {
        let s = Self.service(.critical, team: "sre-platform") { $0.exceptionTeams = ["sre-platform"]; $0.onExhausted = [.freezeDeploys] }
        let r = Self.run(s, [-20])
        #expect(r.decision == .approved && r.exitCode == 0)
        #expect(Self.run(Self.service(.critical, team: "orders") { $0.exceptionTeams = ["sre-platform"] }, [5]).decision == .blocked)
    }

    @Test func matchingConditionsOverrideWithTheHighestWinning() {
        let s = Self.service(.critical) {
            $0.conditions = [
                GateCondition(name: "peak", when: "peak_traffic()", warning: 40, blocking: 20),
                GateCondition(name: "business", when: "business_hours() AND weekday", warning: 60, blocking: 15),
                GateCondition(name: "night", when: "hour >= 22 OR hour < 6", blocking: 50),
            ]
        }
        let r = Self.run(s, [30])    // Monday 11:00: peak + business match, night does not.
        #expect(r.conditionsMatched == ["peak", "business"])
        #expect(r.warningThreshold == 60 && r.blockingThreshold == 20)
        #expect(r.decision == .warning)
        #expect(Self.run(s, [19]).decision == .blocked)
        // Saturday 03:00: only "night" matches; warning keeps the tier default but never below blocking.
        let saturday3 = Date(timeIntervalSince1970: 1_772_852_400)
        let n = Self.run(s, [45], now: saturday3)
        #expect(n.conditionsMatched == ["night"])
        #expect(n.blockingThreshold == 50 && n.warningThreshold == 50)
        #expect(n.decision == .blocked)
    }

    @Test func conditionsSeeBudgetTierAndEnvironment() {
        let s = Self.service(.critical) {
            $0.conditions = [GateCondition(name: "thin", when: "budget_remaining < 40 AND env == 'prod' AND tier == 'critical'", warning: 45)]
        }
        #expect(Self.run(s, [39]).conditionsMatched == ["thin"])
        #expect(Self.run(s, [39]).decision == .warning)
        #expect(Self.run(s, [41]).conditionsMatched.isEmpty)
    }

    @Test func conditionTimezoneIsTheGates() {
        // 11:00 UTC is 20:00 in Tokyo: not peak there.
        let s = Self.service(.critical) {
            $0.timezone = "Asia/Tokyo"
            $0.conditions = [GateCondition(name: "peak", when: "peak_traffic()", blocking: 90)]
        }
        #expect(Self.run(s, [50]).conditionsMatched.isEmpty)
    }

    @Test func onExhaustedActions() {
        let freeze = Self.service(.critical) { $0.warning = 20; $0.onExhausted = [.freezeDeploys] }
        #expect(Self.run(freeze, [0]).decision == .blocked)
        #expect(Self.run(freeze, [0.5]).decision == .warning)
        let approval = Self.service(.critical) { $0.warning = 0; $0.onExhausted = [.requireApproval] }
        #expect(Self.run(approval, [0]).decision == .warning)   // thresholds alone would approve
        #expect(Self.run(approval, [1]).decision == .approved)
        let notify = Self.service(.critical) { $0.warning = 0; $0.onExhausted = [.notify] }
        let r = Self.run(notify, [0])
        #expect(r.decision == .approved)
        #expect(r.messages.contains { $0.contains("notify") })
    }

    @Test func jsonShape() {
        let r = Self.run(Self.service(.critical), [15])
        let json = DeploymentGate.json(r).rendered()
        let keys = ["service", "environment", "decision", "exit_code", "policy_source", "thresholds", "worst_slo",
                    "budget_remaining_pct", "slos", "conditions_matched", "checks"]
        var last = json.startIndex
        for key in keys {
            let range = json.range(of: "\"\(key)\":", range: last..<json.endIndex)
            #expect(range != nil, "missing or out of order: \(key)")
            if let range { last = range.upperBound }
        }
        #expect(json.contains("\"decision\": \"WARNING\""))
        #expect(json.contains("\"exit_code\": 1"))
        #expect(json.contains("\"check\": \"error_budget\""))
        #expect(json.contains("\"status\": \"warn\""))
        #expect(json.contains("\"status\": \"not_evaluated\""))
    }

    // MARK: --include-drift (step 7)

    static func withDrift(_ s: ServiceSpec, remaining: Double, drift: DriftSeverity) -> DeploymentGate.Result {
        var input = DeploymentGate.Input(service: s, environment: "prod",
                                         slos: [DeploymentGate.SLOInput(name: "availability", remainingPercent: remaining, status: .healthy)],
                                         now: monday11)
        input.drift = drift
        input.driftMessage = "availability: Budget falling 7.00%/week"
        return DeploymentGate.evaluate(input)
    }

    @Test func criticalTrendDriftBlocksEvenWithBudgetLeft() {
        let r = Self.withDrift(Self.service(.critical), remaining: 60, drift: .critical)
        #expect(r.decision == .blocked)
        #expect(r.checks.first { $0.check == "drift" }?.status == .fail)
    }

    @Test func warnTrendDriftWarnsAndAdvisoryTiersCapAtWarning() {
        #expect(Self.withDrift(Self.service(.critical), remaining: 60, drift: .warn).decision == .warning)
        #expect(Self.withDrift(Self.service(.standard), remaining: 60, drift: .critical).decision == .warning)
        let calm = Self.withDrift(Self.service(.critical), remaining: 60, drift: .info)
        #expect(calm.decision == .approved)
        #expect(calm.checks.first { $0.check == "drift" }?.status == .pass)
    }
}
