import Foundation

/// Someone edited a burn threshold in production: the objective implied by each deployed burn alert vs the spec.
public enum SLOThresholdDrift {
    /// The threshold T of `ratio_rate<long>{…} > T` (T may be written `F * B`), if the expression has that shape.
    static func threshold(in expr: PromQLExpr, longWindow: String) -> Double? {
        switch expr {
        case .paren(let e): return threshold(in: e, longWindow: longWindow)
        case .binary(let b):
            if b.op == .gtr || b.op == .gte, case .vectorSelector(let s) = unparen(b.lhs),
               s.name == "slo:sli_error:ratio_rate\(longWindow)", let t = constant(b.rhs) {
                return t
            }
            return threshold(in: b.lhs, longWindow: longWindow) ?? threshold(in: b.rhs, longWindow: longWindow)
        default: return nil
        }
    }

    static func unparen(_ e: PromQLExpr) -> PromQLExpr {
        if case .paren(let inner) = e { return unparen(inner) }
        return e
    }

    /// Evaluates number-only arithmetic.
    static func constant(_ e: PromQLExpr) -> Double? {
        switch e {
        case .number(let n): return n
        case .paren(let inner): return constant(inner)
        case .unary(let op, let inner): return constant(inner).map { op == .minus ? -$0 : $0 }
        case .binary(let b):
            guard let l = constant(b.lhs), let r = constant(b.rhs) else { return nil }
            switch b.op {
            case .mul: return l * r
            case .div: return l / r
            case .add: return l + r
            case .sub: return l - r
            default: return nil
            }
        default: return nil
        }
    }

    public static func findings(service: ServiceSpec, deployed: [DeployedRuleGroup]) -> [DriftFinding] {
        var findings: [DriftFinding] = []
        let important = service.tier == .critical || service.tier == .high
        for slo in service.slos {
            let group = "nthlayer:\(service.name):\(slo.name):alerts"
            let rules = deployed.filter { $0.name == group }.flatMap(\.rules)
                .filter { $0.kind == .alerting && $0.labels["burn_tier"] != nil }
            if rules.isEmpty {
                findings.append(DriftFinding(kind: .sloThreshold, change: .missing, service: service.name,
                    resource: "\(service.name)/\(slo.name)", field: "objective", declared: .decimal(slo.objective),
                    severity: important ? .critical : .warn,
                    message: "SLO \(slo.name) has no deployed burn-rate alert", location: slo.location))
                continue
            }
            for rule in rules {
                guard let tierName = rule.labels["burn_tier"], let tier = BurnTier(rawValue: tierName),
                      let parsed = try? PromQL.parse(rule.expr),
                      let t = threshold(in: parsed, longWindow: tier.longWindow.description) else { continue }
                // The factor as the generator prints it (28d slowest: 0.933333), so our own rules imply exactly the
                // declared objective and any other threshold is someone's edit.
                let f = Double(tier.factorText(period: slo.window)) ?? tier.factor(period: slo.window).doubleValue
                let impliedRatio = t / f
                let declaredRatio = slo.budgetRatio.doubleValue
                if t >= 1 && f * declaredRatio > 1 { continue } // clamped on purpose
                guard abs(impliedRatio - declaredRatio) > 1e-9 * max(1, declaredRatio) else { continue }
                let implied = (1 - impliedRatio) * 100
                let impliedText = DecimalText.format(implied, maxFractionDigits: 6)
                findings.append(DriftFinding(kind: .sloThreshold, change: .changed, service: service.name,
                    resource: "\(group)/\(rule.name){burn_tier=\(tierName)}", field: "objective",
                    declared: .decimal(slo.objective), deployed: .double(implied),
                    severity: important ? .critical : .warn,
                    message: "implied objective \(impliedText) ≠ declared \(DecimalText.format(slo.objective)) (threshold \(DecimalText.format(t, maxFractionDigits: 9)) for \(tierName) burn)",
                    location: slo.location))
            }
        }
        return findings
    }
}
