import ArgumentParser
import Foundation
import NthLayerCore
import Providers

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Where Prometheus, Grafana and PagerDuty are configured, and whether they answer.",
        discussion: """
            Settings come from flags, else environment variables (NTHLAYER_PROMETHEUS_URL, NTHLAYER_PROMETHEUS_TOKEN, \
            NTHLAYER_MIMIR_TENANT, NTHLAYER_GRAFANA_URL, NTHLAYER_GRAFANA_TOKEN, NTHLAYER_PAGERDUTY_TOKEN, …), else \
            $XDG_CONFIG_HOME/nthlayer/config.yaml (default ~/.config/nthlayer/config.yaml), whose `profiles:` hold \
            per-environment settings over the top-level ones. Tokens are read from files (token_file) or the \
            environment and are never printed.
            """,
        subcommands: [ConfigShowCommand.self, ConfigCheckCommand.self],
        defaultSubcommand: ConfigShowCommand.self)
}

struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "What is configured and where each value comes from (flag, env, file). Never prints a token.",
        discussion: "Exit codes: 0 shown, 3 the configuration is invalid.")

    @OptionGroup var config: ConfigOptions

    @Option(help: "Environment: selects the config profile of that name when there is one.")
    var env: String?

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    func run() throws {
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
        let resolved = try config.resolve(environment: env)
        if format == .json {
            print(Self.json(resolved).rendered())
        } else {
            print(Self.text(resolved))
        }
    }

    static func text(_ c: NthLayerConfig) -> String {
        var lines: [String] = []
        if let file = c.configFile {
            lines.append("config file  \(file)")
        } else {
            lines.append("config file  none (looked for \(c.searchedPath ?? "?"))")
        }
        if let p = c.profile {
            lines.append("profile      \(p.value) (\(p.origin))")
        } else {
            lines.append("profile      none (top-level settings)")
        }
        lines.append("")
        let rows = c.entries
        let w1 = max(8, rows.map(\.provider.count).max() ?? 0)
        let w2 = max(5, rows.map(\.field.count).max() ?? 0)
        let w3 = min(60, max(5, rows.map(\.value.count).max() ?? 0))
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        lines.append("\(pad("PROVIDER", w1))  \(pad("FIELD", w2))  \(pad("VALUE", w3))  FROM")
        var previous = ""
        for r in rows {
            let provider = r.provider == previous ? "" : r.provider
            previous = r.provider
            let value = r.value
            var line = "\(pad(provider, w1))  \(pad(r.field, w2))  \(pad(value, w3))  \(r.origin ?? "")"
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        lines.append("")
        let configured = [("prometheus", c.prometheus.isConfigured), ("grafana", c.grafana.isConfigured),
                          ("pagerduty", c.pagerDuty.isConfigured)]
        let on = configured.filter(\.1).map(\.0)
        lines.append(on.isEmpty ? "nothing configured" : "configured: \(on.joined(separator: ", "))")
        for n in c.notes { lines.append("note: \(n)") }
        return lines.joined(separator: "\n")
    }

    static func json(_ c: NthLayerConfig) -> JSONValue {
        var providers: [(String, JSONValue)] = []
        for name in ["prometheus", "grafana", "pagerduty"] {
            var fields: [(String, JSONValue)] = []
            let isOn = name == "prometheus" ? c.prometheus.isConfigured
                : name == "grafana" ? c.grafana.isConfigured : c.pagerDuty.isConfigured
            fields.append(("configured", .bool(isOn)))
            for e in c.entries where e.provider == name {
                fields.append((e.field, .object([("value", e.value == "not set" ? .null : .string(e.value)),
                                                 ("from", .optionalString(e.origin))])))
            }
            providers.append((name, .object(fields)))
        }
        return .object([
            ("config_file", .optionalString(c.configFile)),
            ("searched_path", .optionalString(c.searchedPath)),
            ("profile", c.profile.map { .object([("name", .string($0.value)), ("from", .string($0.origin.description))]) } ?? .null),
            ("providers", .object(providers)),
            ("notes", .array(c.notes.map { .string($0) })),
        ])
    }
}

struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Whether each configured provider answers: Prometheus buildinfo, Grafana health and search, PagerDuty access.",
        discussion: """
            One attempt per probe, 10 s timeout. Exit codes: 0 every configured provider answered (or nothing is \
            configured), 3 a provider failed or the configuration is invalid.
            """)

    @OptionGroup var config: ConfigOptions

    @Option(help: "Environment: selects the config profile of that name when there is one.")
    var env: String?

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Option(help: .hidden)
    var timeout: Double = 10

    struct Probe: Sendable {
        var provider: String
        var url: String
        var ok: Bool
        var detail: String
        var milliseconds: Int
    }

    func run() throws {
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
        let resolved = try config.resolve(environment: env)
        for n in resolved.notes { printError("note: \(n)") }
        if resolved.nothingConfigured {
            if format == .json {
                print(JSONValue.object([("providers", .array([])), ("note", .string("nothing configured"))]).rendered())
            } else {
                print("nothing configured: no Prometheus URL, Grafana URL or PagerDuty token in flags, environment or \(resolved.configFile ?? resolved.searchedPath ?? "config.yaml"); see `nthlayer config show`")
            }
            return
        }
        var options = HTTPClientOptions.probe
        options.requestTimeout = timeout; options.deadline = timeout

        var jobs: [@Sendable () -> Probe] = []
        do {
            if var pc = try resolved.prometheusConfig() {
                pc.maxAttempts = 1; pc.requestTimeout = timeout; pc.deadline = timeout
                let cfg = pc
                jobs.append { Self.probePrometheus(cfg) }
            }
            if var gc = try resolved.grafanaConfig() {
                gc.options = options
                let cfg = gc
                jobs.append { Self.probeGrafana(cfg) }
            }
            if var dc = try resolved.pagerDutyConfig() {
                dc.options.requestTimeout = timeout; dc.options.deadline = timeout; dc.options.maxAttempts = 1
                let cfg = dc
                jobs.append { Self.probePagerDuty(cfg) }
            }
        } catch let e as ConfigError {
            printError("error: \(e.message)")
            throw ExitCode(3)
        }

        let results = ResultBox(count: jobs.count)
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { i in results.set(i, work[i]()) }
        let probes = results.values

        if format == .json {
            print(JSONValue.object([("providers", .array(probes.map { p in
                .object([("provider", .string(p.provider)), ("url", .string(p.url)),
                         ("status", .string(p.ok ? "ok" : "failed")), ("detail", .string(p.detail)),
                         ("latency_ms", .int(p.milliseconds))])
            }))]).rendered())
        } else {
            let w = probes.map(\.provider.count).max() ?? 0
            for p in probes {
                let name = p.provider + String(repeating: " ", count: w - p.provider.count)
                print("\(name)  \(p.ok ? "ok    " : "failed")  \(p.url)  \(p.detail)  (\(p.milliseconds) ms)")
            }
            let notConfigured = [("prometheus", resolved.prometheus.isConfigured), ("grafana", resolved.grafana.isConfigured),
                                 ("pagerduty", resolved.pagerDuty.isConfigured)].filter { !$0.1 }.map(\.0)
            if !notConfigured.isEmpty { print("not configured: \(notConfigured.joined(separator: ", "))") }
        }
        if probes.contains(where: { !$0.ok }) { throw ExitCode(3) }
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Probe?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ p: Probe) { lock.lock(); slots[i] = p; lock.unlock() }
        var values: [Probe] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
    }

    static func timed(_ body: () throws -> String) -> (Bool, String, Int) {
        let start = Date()
        do {
            let detail = try body()
            return (true, detail, Int(Date().timeIntervalSince(start) * 1000))
        } catch {
            return (false, "\(error)", Int(Date().timeIntervalSince(start) * 1000))
        }
    }

    static func probePrometheus(_ config: PrometheusConfig) -> Probe {
        let client = PrometheusClient(config: config)
        let (ok, detail, ms) = timed {
            do {
                let info = try client.buildInfo()
                return info["version"].map { "version \($0)" } ?? "buildinfo answered"
            } catch let e as PrometheusError { throw ProviderError(provider: "prometheus", message: e.message) }
        }
        return Probe(provider: "prometheus", url: config.displayURL, ok: ok, detail: Self.strip(detail), milliseconds: ms)
    }

    static func probeGrafana(_ config: GrafanaConfig) -> Probe {
        let client = GrafanaClient(config: config)
        let (ok, detail, ms) = timed {
            let health = try client.health()
            _ = try client.search(maxResults: 1)
            return "version \(health.version ?? "?"), database \(health.database ?? "?"), search authorised"
        }
        return Probe(provider: "grafana", url: config.displayURL, ok: ok, detail: detail, milliseconds: ms)
    }

    static func probePagerDuty(_ config: PagerDutyConfig) -> Probe {
        let client = PagerDutyClient(config: config)
        let (ok, detail, ms) = timed { try client.checkAccess() }
        return Probe(provider: "pagerduty", url: config.displayURL, ok: ok, detail: detail, milliseconds: ms)
    }

    /// `prometheus: message` → `message` (the provider is its own column).
    static func strip(_ s: String) -> String { s.hasPrefix("prometheus: ") ? String(s.dropFirst(12)) : s }
}
