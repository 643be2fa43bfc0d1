import ArgumentParser
import Explorer
import Foundation
import NthLayerCore
import Providers
import TerminalUI

/// `nthlayer explore`: the terminal explorer on ./services, a spec directory, or the demo world.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Browse services, SLO burn and dependencies in the terminal (k9s-style keys; ? for help).",
        discussion: """
            Opens on ./services when it holds specs, otherwise on the built-in demo world. With --prometheus (or \
            NTHLAYER_PROMETHEUS_URL, or config.yaml) the panes show live SLO telemetry; Prometheus, Grafana or a \
            PagerDuty token also turn on live drift, and a PagerDuty token shows who is on call.
            """)

    @Flag(help: "Open the built-in demo world even when ./services exists.")
    var demo = false

    @Option(help: "Directory of service specs (default: ./services when present).")
    var specs: String?

    @Option(help: "Environment overlay to apply to the specs.")
    var env: String?

    @Option(help: "Theme: default, light, high-contrast, ansi16, mono, or one in $XDG_CONFIG_HOME/nthlayer/themes.")
    var theme = "default"

    @Option(help: "Refresh telemetry every SECONDS (drift and on-call keep their own, slower pace).")
    var refresh: Double?

    @Flag(help: "No colours (attributes only); NO_COLOR does the same.")
    var noColor = false

    @OptionGroup var config: ConfigOptions

    @Option(help: .hidden) var testIdleFile: String?
    @Option(help: .hidden) var demoHangSource: String?
    @Option(help: .hidden) var demoHangSeconds: Double = 10

    func validate() throws {
        if let refresh, refresh <= 0 { throw ValidationError("--refresh must be a positive number of seconds") }
        if demo && specs != nil { throw ValidationError("--demo and --specs exclude each other") }
        if demo && (config.prometheus != nil || config.grafana != nil || config.pagerdutyTokenFile != nil) {
            throw ValidationError("--demo shows the built-in world: drop --prometheus / --grafana / --pagerduty-token-file")
        }
    }

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ValidationError("explore needs a terminal; try `nthlayer screenshot --view services --out services.txt`")
        }
        if !demo, specs == nil, !ExplorerWorld.hasSpecs("services"), config.prometheus != nil || config.grafana != nil {
            throw ValidationError("--prometheus / --grafana need specs to watch: pass --specs DIR (or run where ./services holds specs)")
        }
        let launch = Date()
        // Live providers come from flags, environment or config.yaml; the demo world never uses them.
        let live = demo ? nil : try config.resolve(environment: env)
        let world = try ExplorerWorld.choose(demo: demo, specs: specs, environment: env, launch: launch,
                                             hang: demoHangSource.map { ($0, demoHangSeconds) }, live: live)
        let sources = BackgroundSources(telemetry: world.telemetry, onCall: world.onCall, drift: world.drift,
                                        refreshOverride: refresh)
        let catalog = ThemeCatalog.load(environment: ProcessInfo.processInfo.environment)
        var state = ExplorerState(services: world.services, worldLabel: world.label, sources: sources.descriptors,
                                  now: launch, size: TermSize(cols: 80, rows: 24),
                                  themeName: theme, themeNames: catalog.names)
        for note in world.notes { _ = Reducer.reduce(&state, .notify(.warn, note)) }
        let options = ExplorerApp.Options(themeName: theme, noColor: noColor, idleFile: testIdleFile,
                                          environment: ProcessInfo.processInfo.environment)
        MainActor.assumeIsolated {
            ExplorerApp(state: state, sources: sources, catalog: catalog, options: options, clock: { Date() }).run()
        }
    }
}

/// What the explorer opens on: services plus the sources that describe them.
struct ExplorerWorld {
    var services: [ServiceSpec]
    var label: String
    var telemetry: [any TelemetrySource]
    var onCall: [any OnCallSource]
    var drift: [any DriftSource] = []
    var notes: [String] = []

    /// `--specs DIR`, else ./services when it holds specs, else the demo world.
    static func choose(demo: Bool, specs: String?, environment: String?, launch: Date,
                       hang: (source: String, seconds: Double)?, live: NthLayerConfig? = nil) throws -> ExplorerWorld {
        if !demo {
            if let specs {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: specs, isDirectory: &isDir), isDir.boolValue else {
                    throw ValidationError("--specs \(specs): no such directory")
                }
                return try fromSpecs(specs, environment: environment, live: live)
            }
            if hasSpecs("services") { return try fromSpecs("services", environment: environment, live: live) }
        }
        return demoWorld(simulating: nil, launch: launch, hang: hang)
    }

    static func hasSpecs(_ dir: String) -> Bool {
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []
        return files.contains { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    }

    /// Real specs, fed by whichever live providers `live` configures: Prometheus for telemetry, any of
    /// Prometheus / Grafana / PagerDuty for drift, PagerDuty for on-call. Without providers SLOs show no data
    /// rather than a guess.
    static func fromSpecs(_ dir: String, environment: String?, live: NthLayerConfig? = nil) throws -> ExplorerWorld {
        let result = SpecFiles.load(paths: [dir], environment: environment)
        var world = ExplorerWorld(services: result.services, label: dir + (environment.map { " (\($0))" } ?? ""),
                                  telemetry: [], onCall: [])
        if let live {
            let providers: DriftProviders
            do { providers = try DriftProviders(config: live) } catch { throw ValidationError("\(error)") }
            if let prometheus = providers.prometheus {
                world.telemetry.append(PrometheusTelemetrySource(client: prometheus))
            }
            if providers.prometheus != nil || providers.grafana != nil || providers.pagerDuty != nil {
                world.drift.append(LiveDriftSource(providers: providers))
            }
            if let pagerDuty = providers.pagerDuty {
                world.onCall.append(PagerDutyOnCallSource(client: pagerDuty))
            }
        }
        if !result.diagnostics.isEmpty {
            world.notes.append("\(result.diagnostics.count) spec diagnostic(s) — run `nthlayer validate \(dir)`")
        }
        return world
    }

    /// The built-in demo world. `simulating` pins the demo clock (screenshots); otherwise the story
    /// starts at the world's present when the explorer launches and unfolds in real time.
    static func demoWorld(simulating fixed: Date?, launch: Date, hang: (source: String, seconds: Double)?) -> ExplorerWorld {
        let world = DemoWorld.embedded()
        let clock = fixed == nil ? DemoClock(simulating: world.present, at: launch) : .identity
        func faults(_ id: String, _ normal: DemoFaults) -> DemoFaults {
            guard let hang, hang.source == id else { return normal }
            return DemoFaults(hangSeconds: hang.seconds)
        }
        let telemetry = DemoTelemetrySource(world: world, clock: clock, faults: faults("demo-prometheus", .none))
        let onCall = DemoOnCallSource(world: world, clock: clock,
                                      faults: faults("demo-pagerduty", fixed == nil ? DemoFaults(failEvery: 4) : .none))
        let drift = DemoDriftSource(world: world, clock: clock, faults: faults("demo-drift", .none))
        return ExplorerWorld(services: world.services, label: "demo world", telemetry: [telemetry], onCall: [onCall],
                             drift: [drift])
    }
}
