import ArgumentParser
import Foundation
import NthLayerCore
import Providers

struct SLOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slo", abstract: "Objectives, windows and error budgets.",
        subcommands: [SLOShowCommand.self, SLOStatusCommand.self])
}

struct SLOShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Each SLO's objective, window and error budget in minutes.")

    @Argument(help: "Spec files or folders.")
    var paths: [String]

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Option(help: "Environment whose overlays to apply.")
    var env: String?

    func run() throws {
        let result = SpecFiles.load(paths: paths, environment: env)
        for d in result.diagnostics where d.isError { printError(d.description) }
        if format == .json {
            print(JSONValue.object([("services", .array(result.services.map { s in
                .object([("service", .string(s.name)), ("tier", .string(s.tier.rawValue)), ("team", .string(s.team)),
                         ("slos", .array(s.slos.map { slo in
                    .object([("name", .string(slo.name)), ("type", .string(slo.type.rawValue)),
                             ("objective", .decimal(slo.objective)), ("window", .string(slo.window.description)),
                             ("error_budget_ratio", .decimal(slo.budgetRatio)),
                             ("budget_total_minutes", .decimal(slo.budgetMinutes)),
                             ("burn_thresholds", .object(BurnTier.allCases.map { ($0.rawValue, .number($0.factorText(period: slo.window))) }))])
                }))])
            }))]).rendered())
        } else {
            var rows: [[String]] = [["SERVICE", "SLO", "TYPE", "OBJECTIVE", "WINDOW", "BUDGET", "BUDGET MIN", "FAST/MED/SLOW/SLOWEST"]]
            for s in result.services {
                for slo in s.slos {
                    rows.append([s.name, slo.name, slo.type.rawValue, DecimalText.format(slo.objective) + "%",
                                 slo.window.description, DecimalText.format(slo.budgetRatio * 100) + "%",
                                 DecimalText.format(slo.budgetMinutes),
                                 BurnTier.allCases.map { $0.factorText(period: slo.window) }.joined(separator: "/")])
                }
            }
            print(TextTable.render(rows))
        }
        if result.errorCount > 0 { throw ExitCode(1) }
    }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
