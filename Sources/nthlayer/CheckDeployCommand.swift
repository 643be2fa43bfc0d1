import ArgumentParser
import Foundation
import NthLayerCore
import Providers

struct CheckDeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-deploy",
        abstract: "Decide whether a service may deploy now, from its remaining error budget.",
        discussion: """
            Judges the SLO with the least budget left against the gate's thresholds (explicit gate → srm policy → \
            tier default; matching conditions override). Standard and low tiers without a gate are advisory.
            Exit codes: 0 APPROVED, 1 WARNING, 2 BLOCKED, 3 cannot judge (Prometheus unreachable, no SLO has data, \
            unreadable or invalid spec, unknown service).
            """)

    @Argument(help: "Spec files or folders.")
    var paths: [String]

    @Option(help: "The service to check (optional when the paths hold one service).")
    var service: String?

    @Option(help: "Environment whose overlays to apply.")
    var env: String = "prod"

    @Flag(name: .customLong("include-drift"), help: "Also judge the budget's trend: critical drift blocks, warn warns.")
    var includeDrift = false

    @OptionGroup var config: ConfigOptions

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Option(help: .hidden)
    var at: String?

    func run() throws {
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
        let now = try evaluationTime(at)
        let loaded = SpecFiles.load(paths: paths, environment: env)
        for d in loaded.diagnostics where d.isError { printError(d.description) }
        if !loaded.unreadable.isEmpty { throw ExitCode(3) }
        if loaded.errorCount > 0 {
            printError("error: \(loaded.errorCount) error(s) in the specs; cannot judge the deploy. Run `nthlayer validate`.")
            throw ExitCode(3)
        }
        let target: ServiceSpec
        if let name = service {
            guard let found = loaded.services.first(where: { $0.name == name }) else {
                let names = loaded.services.map(\.name)
                printError("error: no service \"\(name)\" in \(paths.joined(separator: ", "))\(Suggestion.hint(for: name, in: names))")
                throw ExitCode(3)
            }
            target = found
        } else {
            guard loaded.services.count == 1 else {
                printError("error: \(loaded.services.count) services found; choose one with --service NAME")
                throw ExitCode(3)
            }
            target = loaded.services[0]
        }

        // Who depends on the target, among the services loaded.
        var downstream = Set<String>(target.declaredDownstream), critical = Set<String>()
        for other in loaded.services where other.name != target.name {
            for dep in other.dependencies where dep.name == target.name {
                downstream.insert(other.name)
                if dep.criticality.isCritical { critical.insert(other.name) }
            }
        }

        var slos: [DeploymentGate.SLOInput] = []
        let needsTelemetry = !target.slos.isEmpty && !target.deploymentGate.exceptionTeams.contains(target.team)
        if needsTelemetry {
            let source = PrometheusTelemetrySource(client: PrometheusClient(config: try prometheusConfig(options: config, environment: env)),
                                                   includeHistory: false)
            let report: PrometheusTelemetrySource.Report
            do {
                report = try source.fetchReport(services: [target], at: now)
            } catch {
                printError("error: \(error)")
                throw ExitCode(3)
            }
            for (key, failure) in report.failures.sorted(by: { $0.key < $1.key }) {
                printError("error: \(key): \(failure.message)")
            }
            if report.failures.values.contains(where: \.isAvailabilityFailure) { throw ExitCode(3) }
            slos = target.slos.map { slo in
                report.snapshot.statuses[SLOKey(service: target.name, slo: slo.name)].map(DeploymentGate.SLOInput.init)
                    ?? DeploymentGate.SLOInput(name: slo.name, remainingPercent: nil, status: .noData)
            }
        }
        var input = DeploymentGate.Input(service: target, environment: env, slos: slos, now: now,
                                         downstreamCount: downstream.count, highCriticalityDownstream: critical.count)
        if includeDrift && needsTelemetry {
            let resolved = try config.resolve(environment: env)
            let providers = try DriftProviders(config: resolved)
            let report = DriftRun(services: [target], providers: providers, now: now, kinds: .trend,
                                  trendWindow: nil, onlySLO: nil).run()
            let trend = report.findings.filter { $0.kind == .trend }
            if let worst = trend.max(by: { $0.severity < $1.severity }) {
                input.drift = worst.severity
                input.driftMessage = "\(worst.trend?.slo ?? worst.resource): \(worst.message)"
            } else {
                for e in report.errors { printError("warning: drift: \(e)") }
            }
        }
        let result = DeploymentGate.evaluate(input)
        if format == .json {
            print(DeploymentGate.json(result).rendered())
        } else {
            print(Self.text(result))
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }

    static func text(_ r: DeploymentGate.Result) -> String {
        let pct = { (v: Double?) in v.map { DeploymentGate.format($0) + "%" } ?? "—" }
        var lines = ["\(r.decision.rawValue): \(r.service) (\(r.environment))"]
        var policy = "policy: \(r.policySource.rawValue) · warn below \(pct(r.warningThreshold)) · "
        policy += r.blockingThreshold.map { "block below \(DeploymentGate.format($0))%" } ?? "never blocks"
        if r.advisory { policy += " (advisory tier)" }
        lines.append(policy)
        if !r.slos.isEmpty {
            let rows = [["SLO", "BUDGET LEFT", "STATUS"]] + r.slos.map { [$0.name, pct($0.remainingPercent), $0.status.rawValue] }
            lines.append(TextTable.render(rows).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        if !r.conditionsMatched.isEmpty { lines.append("conditions matched: \(r.conditionsMatched.joined(separator: ", "))") }
        lines += r.messages.map { "· \($0)" }
        return lines.joined(separator: "\n")
    }
}
