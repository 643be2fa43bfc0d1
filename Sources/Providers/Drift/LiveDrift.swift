import Foundation
import NthLayerCore

/// Which drift kinds to evaluate.
public enum DriftKinds: String, Sendable, CaseIterable { case config, trend, all }

/// The clients drift can use; nil = not configured.
public struct DriftProviders: Sendable {
    public var prometheus: PrometheusClient?
    public var grafana: GrafanaClient?
    public var pagerDuty: PagerDutyClient?

    public init(prometheus: PrometheusClient? = nil, grafana: GrafanaClient? = nil, pagerDuty: PagerDutyClient? = nil) {
        self.prometheus = prometheus; self.grafana = grafana; self.pagerDuty = pagerDuty
    }

    public init(config: NthLayerConfig) throws {
        prometheus = try config.prometheusConfig().map { PrometheusClient(config: $0) }
        grafana = try config.grafanaConfig().map { GrafanaClient(config: $0) }
        pagerDuty = try config.pagerDutyConfig().map { PagerDutyClient(config: $0) }
    }
}

/// One drift evaluation over a set of services.
public struct DriftRun: Sendable {
    public let services: [ServiceSpec]
    public let providers: DriftProviders
    public let now: Date
    public let kinds: DriftKinds
    public let trendWindow: Window?
    public let onlySLO: String?

    public init(services: [ServiceSpec], providers: DriftProviders, now: Date, kinds: DriftKinds = .all,
                trendWindow: Window? = nil, onlySLO: String? = nil) {
        self.services = services; self.providers = providers; self.now = now; self.kinds = kinds
        self.trendWindow = trendWindow; self.onlySLO = onlySLO
    }

    public func run() -> DriftReport {
        var report = DriftReport(servicesEvaluated: services.map(\.name))
        let wantConfig = kinds != .trend, wantTrend = kinds != .config
        if wantConfig { configDrift(into: &report) }
        if wantTrend { trendDrift(into: &report) }
        return report
    }

    private func configDrift(into report: inout DriftReport) {
        // Rules and SLO thresholds: one /api/v1/rules call for every service.
        if let prometheus = providers.prometheus {
            // With a tenant, rules live in the Mimir/Cortex ruler; otherwise in Prometheus's own rule files.
            let useRuler = prometheus.config.tenant != nil
            let label = useRuler ? "mimir ruler (rules)" : "prometheus (rules)"
            do {
                let deployed = useRuler ? try prometheus.rulerRules() : try prometheus.deployedRules()
                for service in services {
                    do { report.findings += try RuleDrift.findings(service: service, deployed: deployed) }
                    catch { report.errors.append("\(service.name): \(error)") }
                }
                report.providers.append((label, .used()))
            } catch {
                report.providers.append((label, .failed("\(error)")))
                report.errors.append("\(error)")
            }
        } else {
            report.providers.append(("prometheus (rules)", .skipped))
        }
        if let grafana = providers.grafana {
            var failed: String?
            for service in services where failed == nil {
                do {
                    let dashboard = try grafana.dashboard(uid: DashboardGenerator.uid(for: service.name))
                    report.findings += try DashboardDrift.findings(service: service, deployed: dashboard?.model)
                } catch {
                    failed = "\(error)"
                }
            }
            report.providers.append(("grafana", failed.map { .failed($0) } ?? .used()))
            if let failed { report.errors.append(failed) }
        } else {
            report.providers.append(("grafana", .skipped))
        }
        if let pagerDuty = providers.pagerDuty {
            var failed: String?
            for service in services where failed == nil {
                do {
                    let found: PagerDutyService?
                    if let id = service.ownership.pagerDuty?.serviceID {
                        found = try pagerDuty.service(id: id)
                    } else {
                        found = try pagerDuty.service(named: service.name)
                    }
                    report.findings += PagerDutyDrift.findings(service: service, deployed: found.map(Self.deployed))
                } catch {
                    failed = "\(error)"
                }
            }
            report.providers.append(("pagerduty", failed.map { .failed($0) } ?? .used()))
            if let failed { report.errors.append(failed) }
        } else {
            report.providers.append(("pagerduty", .skipped))
        }
    }

    static func deployed(_ s: PagerDutyService) -> DeployedPagerDutyService {
        let rule = s.incidentUrgencyRule
        let urgency = rule.map { $0.type == "constant" ? ($0.urgency ?? "high") : $0.type }
        return DeployedPagerDutyService(id: s.id, name: s.name, status: s.status ?? "active",
                                        escalationPolicyID: s.escalationPolicy?.id,
                                        escalationPolicyName: s.escalationPolicy?.displayName, urgency: urgency,
                                        acknowledgementTimeout: s.acknowledgementTimeout,
                                        autoResolveTimeout: s.autoResolveTimeout)
    }

    private func trendDrift(into report: inout DriftReport) {
        guard let prometheus = providers.prometheus else {
            report.providers.append(("prometheus (trend)", .skipped))
            return
        }
        var anyEvaluated = false
        var failure: String?
        for service in services {
            let settings = TrendDrift.settings(service: service, window: trendWindow)
            guard settings.enabled else {
                report.notes.append(settings.disabledMessage(service: service.name))
                continue
            }
            var series: [String: [Sample]] = [:]
            for slo in service.slos where onlySLO == nil || onlySLO == slo.name {
                do {
                    series[slo.name] = try budgetSeries(prometheus, service, slo, window: settings.window)
                } catch {
                    failure = "\(error)"
                }
            }
            let result = TrendDrift.findings(service: service, series: series, window: trendWindow, onlySLO: onlySLO)
            if !result.findings.isEmpty { anyEvaluated = true }
            report.findings += result.findings
            report.errors += result.errors
            if let message = result.disabledMessage { report.notes.append(message) }
        }
        if let failure, !anyEvaluated {
            report.providers.append(("prometheus (trend)", .failed(failure)))
        } else {
            report.providers.append(("prometheus (trend)", .used()))
        }
    }

    /// Hourly budget remaining over the window: our recording rule when it has history, else the spec's own SLI
    /// evaluated over the SLO period at each hour (right on day one, before the rule has history).
    private func budgetSeries(_ prometheus: PrometheusClient, _ service: ServiceSpec, _ slo: SLOSpec,
                              window: Window) throws -> [Sample] {
        let start = now.addingTimeInterval(-Double(window.seconds))
        let matchers = SLIExpressions(service: service, slo: slo).sloMatchers
        let recorded = try prometheus.queryRange("min by (service, slo) (slo:error_budget_remaining:ratio{\(matchers)})",
                                                 start: start, end: now, step: 3600)
        if let first = recorded.first, first.values.count >= 2 {
            return first.values.map { Sample(time: Date(timeIntervalSince1970: $0.time), value: $0.value) }
        }
        guard slo.type != .throughput else { return [] }
        let ratio = try SLIExpressions(service: service, slo: slo).errorRatio(at: slo.window)
        let budget = DecimalText.format(slo.budgetRatio)
        let computed = try prometheus.queryRange("1 - (\(ratio)) / \(budget)", start: start, end: now, step: 3600)
        return computed.first?.values.map { Sample(time: Date(timeIntervalSince1970: $0.time), value: $0.value) } ?? []
    }
}

/// Live drift as a background source for the explorer: the same run `nthlayer drift` makes.
public struct LiveDriftSource: DriftSource {
    public let id = "drift"
    public let refreshInterval: TimeInterval
    let providers: DriftProviders

    public init(providers: DriftProviders, refreshInterval: TimeInterval = 300) {
        self.providers = providers; self.refreshInterval = refreshInterval
    }

    public func fetchDrift(services: [ServiceSpec], at now: Date) throws -> DriftReport {
        let report = DriftRun(services: services, providers: providers, now: now).run()
        if !report.evaluatedAnything {
            throw ProviderError(provider: id, message: report.errors.first ?? "no provider could be used")
        }
        return report
    }
}
