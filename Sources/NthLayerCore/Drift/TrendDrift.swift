import Foundation

/// Trend drift for one service: every selected SLO's budget history analysed into one finding (drift.md §2).
public enum TrendDrift {
    /// One finding per evaluated SLO (severity none included). `series` maps SLO name → hourly budget-remaining
    /// samples (fractions). SLOs: `onlySLO` (`--slo`), else `drift.slos`, else all of the service's, in spec order.
    /// An SLO without at least 2 finite points is an error, not a finding. When trend drift is disabled for the
    /// service, nothing is evaluated and `disabledMessage` says why.
    public static func findings(service: ServiceSpec, series: [String: [Sample]], window override: Window? = nil,
                                onlySLO: String? = nil)
        -> (findings: [DriftFinding], errors: [String], disabledMessage: String?) {
        let settings = settings(service: service, window: override)
        guard settings.enabled else { return ([], [], settings.disabledMessage(service: service.name)) }

        var errors: [String] = []
        let names: [String]
        if let onlySLO {
            names = [onlySLO]
        } else if let chosen = service.drift.slos {
            names = chosen
        } else {
            names = service.slos.map(\.name)
        }

        var findings: [DriftFinding] = []
        for name in names {
            guard let slo = service.slo(named: name) else {
                errors.append("\(service.name)/\(name): no such SLO in the spec")
                continue
            }
            let samples = series[name] ?? []
            guard let analysis = TrendAnalysis.analyze(samples, settings: settings) else {
                let finite = samples.filter { $0.value.isFinite }.count
                errors.append("\(service.name)/\(name): \(finite) usable data point\(finite == 1 ? "" : "s") "
                              + "in \(settings.window); need at least 2")
                continue
            }
            findings.append(finding(service: service.name, slo: name, analysis: analysis, location: slo.location))
        }
        return (findings, errors, nil)
    }

    /// The service's resolved settings, with the `--window` flag (if any) winning over `drift.window` and the tier.
    /// `settings.window` is the span to fetch with `query_range`.
    public static func settings(service: ServiceSpec, window override: Window? = nil) -> TrendSettings {
        var settings = TrendSettings.resolve(tier: service.tier, policy: service.drift)
        if let override { settings.window = override }
        return settings
    }

    /// The trend finding for one analysed SLO: `kind`/`change` trend, `resource` = the SLO name, the flat trend
    /// fields in `trend`, the full per-SLO analysis under `trend.detail`.
    public static func finding(service: String, slo: String, analysis: TrendAnalysis,
                               location: SourceLocation? = nil) -> DriftFinding {
        let summary = TrendSummary(slo: slo, pattern: analysis.pattern.rawValue, slopePerWeek: analysis.slopePerWeek,
                                   currentBudget: analysis.currentBudget,
                                   daysUntilExhaustion: analysis.reportedDaysUntilExhaustion,
                                   rSquared: analysis.rSquared, detail: analysis.detailJSON(slo: slo))
        return DriftFinding(kind: .trend, change: .trend, service: service, resource: slo, field: "budget_trend",
                            severity: analysis.severity, message: analysis.summary, location: location,
                            trend: summary)
    }

    /// The per-service analysis object of drift.md §2.5 (`--kind trend --verbose`, HTTP API, MCP).
    /// `exit_code`: the worst severity's, or 3 when no SLO could be evaluated but some failed.
    public static func report(service: ServiceSpec, findings: [DriftFinding], errors: [String], window: Window,
                              analyzedAt: Date) -> JSONValue {
        let severity = findings.map(\.severity).max() ?? .none
        let exit: Int = findings.isEmpty && !errors.isEmpty ? 3 : Int(severity.exitCode)
        return .object([
            ("service", .string(service.name)),
            ("tier", .string(service.tier.rawValue)),
            ("kind", .string("trend")),
            ("window", .string(window.description)),
            ("analyzed_at", .string(TrendText.iso8601(analyzedAt))),
            ("severity", .string(severity.rawValue)),
            ("exit_code", .int(exit)),
            ("errors", .array(errors.map { .string($0) })),
            ("slos", .array(findings.compactMap { $0.trend?.detail })),
        ])
    }
}
