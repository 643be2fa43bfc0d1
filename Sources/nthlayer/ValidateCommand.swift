import ArgumentParser
import Foundation
import NthLayerCore
import Providers

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check service specs and report every problem with file, line, column and field.",
        discussion: "Exit codes: 0 valid, 1 invalid (or a warning under --strict), 3 a file could not be read.")

    @Argument(help: "Spec files or folders (searched recursively).")
    var paths: [String]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(help: "Output format: text, json or sarif.")
    var format: ReportFormat = .text

    @Option(help: "Environment whose overlays to apply (e.g. prod).")
    var env: String?

    func run() throws {
        var result = SpecFiles.load(paths: paths, environment: env)
        result.diagnostics += CatalogChecks.diagnostics(for: result.services)
        let diagnostics = result.diagnostics
        switch format {
        case .json: print(ValidationReport.json(result).rendered())
        case .sarif: print(ValidationReport.sarif(result).rendered())
        case .text, .markdown:
            for d in diagnostics { print(d.description) }
            let files = Set(diagnostics.map(\.location.file)).count
            print(ValidationReport.summary(result, files: files))
        }
        if !result.unreadable.isEmpty { throw ExitCode(3) }
        if result.errorCount > 0 || (strict && result.warningCount > 0) { throw ExitCode(1) }
    }
}

enum ValidationReport {
    static func summary(_ r: SpecLoadResult, files: Int) -> String {
        let services = r.services.count
        if r.diagnostics.isEmpty { return "✓ \(services) service\(services == 1 ? "" : "s") valid" }
        return "\(r.errorCount) error\(r.errorCount == 1 ? "" : "s"), \(r.warningCount) warning\(r.warningCount == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"); \(services) service\(services == 1 ? "" : "s") valid"
    }

    static func json(_ r: SpecLoadResult) -> JSONValue {
        .object([
            ("valid", .bool(r.errorCount == 0 && r.unreadable.isEmpty)),
            ("services", .array(r.services.map { .string($0.name) })),
            ("diagnostics", .array(r.diagnostics.map { d in
                .object([("file", .string(d.location.file)), ("line", .int(d.location.line)),
                         ("column", .int(d.location.column)), ("severity", .string(d.severity.rawValue)),
                         ("code", .string(d.code)), ("field", .string(d.field)), ("message", .string(d.message))])
            })),
            ("summary", .object([("errors", .int(r.errorCount)), ("warnings", .int(r.warningCount)),
                                 ("unreadable", .int(r.unreadable.count))])),
        ])
    }

    /// SARIF 2.1.0, so code-scanning UIs annotate the spec lines.
    static func sarif(_ r: SpecLoadResult) -> JSONValue {
        let codes = Array(Set(r.diagnostics.map(\.code))).sorted()
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("nthlayer")), ("version", .string(NthLayerVersion.current)),
                    ("rules", .array(codes.map { .object([("id", .string($0))]) })),
                ]))])),
                ("results", .array(r.diagnostics.map { d in
                    .object([
                        ("ruleId", .string(d.code)),
                        ("level", .string(d.isError ? "error" : "warning")),
                        ("message", .object([("text", .string("\(d.field): \(d.message)"))])),
                        ("locations", .array([.object([("physicalLocation", .object([
                            ("artifactLocation", .object([("uri", .string(d.location.file))])),
                            ("region", .object([("startLine", .int(d.location.line)), ("startColumn", .int(d.location.column))])),
                        ]))])])),
                    ])
                })),
            ])])),
        ])
    }
}
