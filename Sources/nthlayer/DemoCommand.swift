import ArgumentParser
import Foundation
import NthLayerCore
import Providers

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "The built-in demo world.",
        subcommands: [DemoExportCommand.self])
}

struct DemoExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the demo world as real inputs: OpenMetrics history, deployed rules, Grafana and PagerDuty state.",
        discussion: """
            Writes history.om (backfill with `promtool tsdb create-blocks-from openmetrics`), \
            rules/<service>/{recording-rules,alerts}.yaml (the deployed rules, injected drift included), \
            grafana/dashboards/<uid>.json, pagerduty/services.json, prometheus.yml and README.txt. \
            Same options, same bytes. Exit codes: 0 written, 3 bad usage or I/O error.
            """)

    @Option(help: "Output folder.")
    var out: String

    @Option(help: "Only these services (comma-separated).")
    var services: String?

    @Option(help: "Days of history before the demo world's present (31–60).")
    var days: Int = 35

    func run() throws {
        // ≥ 31: a 30-day window at the present and an hour before; ≤ 60: every budget point has a whole window.
        guard days >= 31, days <= DemoWorld.historyDays - 30 else {
            printError("error: --days must be between 31 and \(DemoWorld.historyDays - 30)")
            throw ExitCode(3)
        }
        let world = DemoWorld.embedded()
        let names = services.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let started = Date()
        let summary: DemoExport.Summary
        do {
            summary = try DemoExport.write(world: world, options: DemoExport.Options(days: days, services: names), to: out)
        } catch {
            printError("error: \(error)")
            throw ExitCode(3)
        }
        let bytes = summary.files.reduce(0) { $0 + $1.contents.utf8.count }
        printError(String(format: "wrote %d files (%.1f MB) to %@ in %.1f s: %d SLOs exported (%d skipped, see README.txt), %d series, %d samples",
                          summary.files.count, Double(bytes) / 1_000_000, out, Date().timeIntervalSince(started),
                          summary.exportedSLOs.count, summary.skippedSLOs.count, summary.seriesCount, summary.sampleCount))
    }
}
