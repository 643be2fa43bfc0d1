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

    typealias Kind = DriftKinds
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
        if !report.evaluatedAnything {
            if format == .text { printError("nothing could be evaluated: configure Prometheus (--prometheus URL or NTHLAYER_PROMETHEUS_URL)") }
            throw ExitCode(3)
        }
        let code = report.exitCode(failOn: failOn == .critical ? .critical : .warn)
        if code != 0 { throw ExitCode(code) }
    }
}

extension DriftKinds: ExpressibleByArgument {}
