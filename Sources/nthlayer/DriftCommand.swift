import ArgumentParser
import Foundation
import NthLayerCore
import Providers

struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Declared vs deployed (rules, dashboards, PagerDuty, SLO thresholds) and the error budget's trend.",
        discussion: """
            Each kind needs only its own provider: rules and SLO thresholds need Prometheus, dashboards Grafana, \
            PagerDuty its token, trend Prometheus. A kind whose provider is not configured is reported as skipped.
            Exit codes: 0 none/info, 1 warn, 2 critical, 3 nothing could be evaluated. --fail-on critical turns warn into 0.
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable { case config, trend, all }
    enum FailOn: String, ExpressibleByArgument, CaseIterable { case warn, critical }

    @Argument(help: "Spec files or folders (none with --demo).")
    var paths: [String] = []

    @Flag(help: "Run against the built-in demo world and its simulated deployed state; no providers needed.")
    var demo = false

    @Option(help: "config, trend or all.")
    var kind: Kind = .all

    @Option(help: "Environment whose overlays to apply (e.g. prod).")
    var env: String?

    @Option(help: "Trend window (e.g. 30d); default: the drift block, else the tier default.")
    var window: String?

    @Option(help: "Only this SLO (trend).")
    var slo: String?

    @Option(help: "Output format: text, json, markdown or sarif.")
    var format: ReportFormat = .text

    @Option(name: .customLong("fail-on"), help: "warn (default) or critical: with critical, warn findings exit 0.")
    var failOn: FailOn = .warn

    @OptionGroup var config: ConfigOptions

    @Option(help: .hidden)
    var at: String?

    func run() throws {
        var trendWindow: Window?
        if let window {
            guard let w = Window(period: window), w >= .days(2) else {
                printError("error: --window \(window): expected Nd, Nw or Nh of at least 2 days (e.g. 30d)")
                throw ExitCode(3)
            }
            trendWindow = w
        }
        if demo { return try runDemo(trendWindow: trendWindow) }
        guard !paths.isEmpty else {
            printError("error: give spec files or folders, or --demo")
            throw ExitCode(3)
        }
        let now = try evaluationTime(at)
        let loaded = SpecFiles.load(paths: paths, environment: env)
        for d in loaded.diagnostics where d.isError { printError(d.description) }
        if !loaded.unreadable.isEmpty || loaded.errorCount > 0 {
            printError("specs have errors; run `nthlayer validate` for details")
            throw ExitCode(3)
        }
        let resolved = try config.resolve(environment: env)
        let providers: DriftProviders
        do { providers = try DriftProviders(config: resolved) } catch {
            printError("error: \(error)")
            throw ExitCode(3)
        }
        let report = DriftRun(services: loaded.services, providers: providers, now: now,
                              kinds: kind, trendWindow: trendWindow, onlySLO: slo).run()
        try finish(report)
    }

    /// `--demo`: the embedded catalog against `DemoDeployedState`, trend on the world's history at its present.
    private func runDemo(trendWindow: Window?) throws {
        guard paths.isEmpty else {
            printError("error: --demo uses the built-in demo catalog; give no spec paths")
            throw ExitCode(3)
        }
        let world = DemoWorld.embedded(environment: env)
        let now = try at.map { try evaluationTime($0) } ?? world.present
        try finish(DemoDeployedState(world: world).driftReport(at: now, config: kind != .trend, trend: kind != .config,
                                                               trendWindow: trendWindow, onlySLO: slo))
    }

    private func finish(_ report: DriftReport) throws {
        switch format {
        case .json: print(report.json().rendered())
        case .markdown: print(report.markdown())
        case .sarif: print(report.sarif(version: NthLayerVersion.current).rendered())
        case .text: print(report.text())
        }
        for e in report.errors { printError("error: \(e)") }
        if report.servicesEvaluated.isEmpty || report.providers.allSatisfy({ !$0.1.hasPrefix("used") }) {
            if format == .text { printError("nothing could be evaluated: configure Prometheus (--prometheus URL or NTHLAYER_PROMETHEUS_URL)") }
            throw ExitCode(3)
        }
        let code = report.exitCode(failOn: failOn == .critical ? .critical : .warn)
        if code != 0 { throw ExitCode(code) }
    }
}

/// The clients drift can use; nil = not configured.
struct DriftProviders {
    var prometheus: PrometheusClient?
    var grafana: GrafanaClient?
    var pagerDuty: PagerDutyClient?

    init(config: NthLayerConfig) throws {
        prometheus = try config.prometheusConfig().map { PrometheusClient(config: $0) }
        grafana = try config.grafanaConfig().map { GrafanaClient(config: $0) }
        pagerDuty = try config.pagerDutyConfig().map { PagerDutyClient(config: $0) }
    }
}

/// One drift evaluation over a set of services.
struct DriftRun {
    let services: [ServiceSpec]
    let providers: DriftProviders
    let now: Date
    let kinds: DriftCommand.Kind
    let trendWindow: Window?
    let onlySLO: String?

    func run() -> DriftReport {
        var report = DriftReport(servicesEvaluated: services.map(\.name))
        let wantConfig = kinds != .trend, wantTrend = kinds != .config
        if wantConfig { configDrift(into: &report) }
        if wantTrend { trendDrift(into: &report) }
        return report
    }

    private func configDrift(into report: inout DriftReport) {
        // Rules and SLO thresholds: one /api/v1/rules call for every service.
        if let prometheus = providers.prometheus {
            do {
                let deployed = try prometheus.deployedRules()
                for service in services {
                    do { report.findings += try RuleDrift.findings(service: service, deployed: deployed) }
                    catch { report.errors.append("\(service.name): \(error)") }
                }
                report.providers.append(("prometheus (rules)", "used"))
            } catch {
                report.providers.append(("prometheus (rules)", "failed: \(error)"))
                report.errors.append("\(error)")
            }
        } else {
            report.providers.append(("prometheus (rules)", "skipped (not configured)"))
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
            report.providers.append(("grafana", failed.map { "failed: \($0)" } ?? "used"))
            if let failed { report.errors.append(failed) }
        } else {
            report.providers.append(("grafana", "skipped (not configured)"))
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
            report.providers.append(("pagerduty", failed.map { "failed: \($0)" } ?? "used"))
            if let failed { report.errors.append(failed) }
        } else {
            report.providers.append(("pagerduty", "skipped (not configured)"))
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
            report.providers.append(("prometheus (trend)", "skipped (not configured)"))
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
            report.providers.append(("prometheus (trend)", "failed: \(failure)"))
        } else {
            report.providers.append(("prometheus (trend)", "used"))
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
