import ArgumentParser
import Foundation
import NthLayerCore
import Providers

struct SLOStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each SLO's live error budget and burn rates, from Prometheus.",
        discussion: """
            The budget comes from the recording rule slo:error_budget_remaining:ratio when it exists, else from the \
            spec's own query evaluated over the whole SLO window.
            Prometheus URL: --prometheus, else NTHLAYER_PROMETHEUS_URL (fallback PROMETHEUS_URL); auth from \
            NTHLAYER_PROMETHEUS_TOKEN (Bearer) or NTHLAYER_PROMETHEUS_USERNAME/_PASSWORD, tenant from \
            NTHLAYER_PROMETHEUS_TENANT.
            Exit codes: 0 healthy, 1 a warning, 2 a critical or exhausted SLO, 3 Prometheus unreachable or failing \
            (64 usage, invalid specs 1 before any query).
            """)

    @Argument(help: "Spec files or folders.")
    var paths: [String]

    @Option(help: "Environment whose overlays to apply (e.g. prod).")
    var env: String?

    @OptionGroup var config: ConfigOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: ReportFormat = .text

    @Option(help: .hidden)
    var at: String?

    @Option(help: .hidden)
    var concurrency: Int = 8

    @Flag(help: .hidden)
    var stats = false

    func run() throws {
        if format == .sarif { throw ValidationError("--format sarif is not available for slo status; use text, json or markdown") }
        let now = try evaluationTime(at)
        let loaded = SpecFiles.load(paths: paths, environment: env)
        for d in loaded.diagnostics where d.isError { printError(d.description) }
        if !loaded.unreadable.isEmpty { throw ExitCode(3) }
        if loaded.errorCount > 0 {
            printError("\(loaded.errorCount) error(s) in the specs; run `nthlayer validate` for details.")
            throw ExitCode(1)
        }
        let client = PrometheusClient(config: try prometheusConfig(options: config, environment: env))
        let source = PrometheusTelemetrySource(client: client, concurrency: concurrency, includeHistory: false)
        let started = Date()
        let report: PrometheusTelemetrySource.Report
        do {
            report = try source.fetchReport(services: loaded.services, at: now)
        } catch {
            printError("error: \(error)")
            throw ExitCode(3)
        }
        if stats {
            printError(String(format: "%d requests to Prometheus in %.3f s (%d SLOs, concurrency %d)",
                              client.requestCount, Date().timeIntervalSince(started),
                              report.snapshot.statuses.count, concurrency))
        }
        for (key, failure) in report.failures.sorted(by: { $0.key < $1.key }) {
            printError("error: \(key): \(failure.message)")
        }
        let statuses = report.snapshot.statuses
        switch format {
        case .json: print(Self.json(loaded.services, statuses).rendered())
        case .markdown: print(Self.markdown(loaded.services, statuses))
        default: print(Self.text(loaded.services, statuses))
        }
        if report.failures.values.contains(where: \.isAvailabilityFailure) { throw ExitCode(3) }
        let worst = BudgetStatus.worst(statuses.values.map(\.status).filter { $0 != .error })
        switch worst {
        case .critical, .exhausted: throw ExitCode(2)
        case .warning: throw ExitCode(1)
        default: break
        }
        if !report.failures.isEmpty { throw ExitCode(3) }
    }

    static let windows: [(String, Window)] = [("5m", .minutes(5)), ("1h", .hours(1)), ("6h", .hours(6)), ("3d", .days(3))]

    static func json(_ services: [ServiceSpec], _ statuses: [SLOKey: SLOStatus]) -> JSONValue {
        .object([("services", .array(services.map { s in
            .object([("service", .string(s.name)), ("tier", .string(s.tier.rawValue)), ("team", .string(s.team)),
                     ("slos", .array(s.slos.map { slo in
                let st = statuses[SLOKey(service: s.name, slo: slo.name)]
                return .object([
                    ("name", .string(slo.name)), ("objective", .decimal(slo.objective)),
                    ("window", .string(slo.window.description)),
                    ("sli", .double(st?.sliPercent, digits: 4)),
                    ("budget_total_minutes", .decimal(slo.budgetMinutes)),
                    ("budget_consumed_percent", .double(st?.consumedFraction.map { $0 * 100 }, digits: 4)),
                    ("budget_remaining_percent", .double(st?.remainingFraction.map { $0 * 100 }, digits: 4)),
                    ("status", .string((st?.status ?? .noData).rawValue)),
                    ("burn_rates", .object(windows.map { name, w in (name, .double(st?.burnRate(w), digits: 4)) })),
                ])
            }))])
        }))])
    }

    static func percent(_ v: Double?, clampAtZero: Bool = false) -> String {
        guard let v, v.isFinite else { return "—" }
        return DecimalText.format(clampAtZero ? max(0, v) : v, maxFractionDigits: 2) + "%"
    }

    static func rate(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return DecimalText.format(v, maxFractionDigits: 2) + "×"
    }

    static func rows(_ services: [ServiceSpec], _ statuses: [SLOKey: SLOStatus]) -> [[String]] {
        var rows: [[String]] = []
        for s in services {
            for slo in s.slos {
                let st = statuses[SLOKey(service: s.name, slo: slo.name)]
                rows.append([s.name, slo.name, DecimalText.format(slo.objective) + "%", slo.window.description,
                             st?.sliPercent.flatMap { $0.isFinite ? DecimalText.format($0, maxFractionDigits: 4) + "%" : nil } ?? "—",
                             percent(st?.remainingFraction.map { $0 * 100 }, clampAtZero: true),
                             (st?.status ?? .noData).rawValue,
                             windows.map { rate(st?.burnRate($0.1)) }.joined(separator: " / ")])
            }
        }
        return rows
    }

    static let header = ["SERVICE", "SLO", "OBJECTIVE", "WINDOW", "SLI", "BUDGET LEFT", "STATUS", "BURN 5m / 1h / 6h / 3d"]

    static func text(_ services: [ServiceSpec], _ statuses: [SLOKey: SLOStatus]) -> String {
        let body = rows(services, statuses)
        var counts: [BudgetStatus: Int] = [:]
        for s in services { for slo in s.slos { counts[statuses[SLOKey(service: s.name, slo: slo.name)]?.status ?? .noData, default: 0] += 1 } }
        let summary = BudgetStatus.allCases.sorted { $0.severityRank > $1.severityRank }
            .compactMap { st in counts[st].map { "\($0) \(st.rawValue)" } }.joined(separator: ", ")
        return TextTable.render([header] + body) + "\n\n\(body.count) SLOs: \(summary.isEmpty ? "none" : summary)"
    }

    static func markdown(_ services: [ServiceSpec], _ statuses: [SLOKey: SLOStatus]) -> String {
        let escape = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + header.joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
        for row in rows(services, statuses) { lines.append("| " + row.map(escape).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
}

/// `--at 2026-05-01T12:00:00Z` (hidden; pins the evaluation time for tests and reproducible reports).
func evaluationTime(_ text: String?) throws -> Date {
    guard let text else { return Date() }
    let f = ISO8601DateFormatter()
    if let d = f.date(from: text) { return d }
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let d = f.date(from: text) { return d }
    if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
    throw ValidationError("--at \(text): expected an ISO 8601 time such as 2026-05-01T12:00:00Z")
}

/// The Prometheus to use from flags, environment and config file; a clear error when none is configured.
func prometheusConfig(options: ConfigOptions, environment: String?) throws -> PrometheusConfig {
    let resolved = try options.resolve(environment: environment)
    do {
        if let config = try resolved.prometheusConfig() { return config }
    } catch {
        printError("error: \(error)")
        throw ExitCode(3)
    }
    throw ValidationError("no Prometheus configured: pass --prometheus URL, set NTHLAYER_PROMETHEUS_URL, or add it to config.yaml")
}

/// The Prometheus to use, or a usage error naming the flag and the variable.
func prometheusConfig(_ flag: String?) throws -> PrometheusConfig {
    do {
        guard let config = try PrometheusConfig.resolve(flag: flag) else {
            throw ValidationError("no Prometheus configured: pass --prometheus URL or set NTHLAYER_PROMETHEUS_URL")
        }
        return config
    } catch let e as ProviderError {
        throw ValidationError(e.message)
    }
}
