import ArgumentParser
import Foundation
import NthLayerCore

@main
struct NthLayerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nthlayer",
        abstract: "Reliability at build time: SLOs, burn-rate alerts, dashboards and deploy gates from one service spec.",
        discussion: """
            With no subcommand in a terminal, opens the explorer on ./services, or on the built-in demo world.
            """,
        version: NthLayerVersion.current,
        subcommands: [ValidateCommand.self, GenerateCommand.self, SLOCommand.self,
                      ExploreCommand.self, ScreenshotCommand.self, CheckDeployCommand.self, DriftCommand.self, ConfigCommand.self, DemoCommand.self]
    )

    func run() throws {
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            var explore = try ExploreCommand.parse([])
            try explore.run()
        } else {
            print(NthLayerCommand.helpMessage())
        }
    }
}

enum NthLayerVersion {
    static let current = "0.1.0"
}

/// Output formats shared by commands that report.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, markdown
}

/// Writes to standard error (stdout carries only the requested output).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
