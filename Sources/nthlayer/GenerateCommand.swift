import ArgumentParser
import Foundation
import NthLayerCore
import Providers

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write recording rules, burn-rate alerts, dashboards and catalog entries for each service.")

    @Argument(help: "Spec files or folders.")
    var paths: [String]

    @Option(name: .long, help: "Output folder (one subfolder per service).")
    var out: String = "generated"

    @Option(help: "Comma-separated subset: recording,alerts,dashboards,catalog.")
    var only: String?

    @Option(help: "Environment whose overlays to apply (e.g. prod).")
    var env: String?

    @Flag(help: "Print what would be written without writing.")
    var dryRun = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        var kinds = Set(OutputKind.allCases)
        if let only {
            kinds = []
            for name in only.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let normalized = name == "dashboard" ? "dashboards" : name == "alert" ? "alerts" : name
                guard let kind = OutputKind(rawValue: normalized) else {
                    throw ValidationError("unknown output \"\(name)\" in --only; expected recording, alerts, dashboards, catalog")
                }
                kinds.insert(kind)
            }
        }
        let result = SpecFiles.load(paths: paths, environment: env)
        for d in result.diagnostics where d.isError { printError(d.description) }
        if result.errorCount > 0 {
            printError("\(result.errorCount) error(s); nothing generated. Run `nthlayer validate` for details.")
            throw ExitCode(result.unreadable.isEmpty ? 1 : 3)
        }
        var written = 0, unchanged = 0
        for service in result.services {
            let specPath = service.location.file
            let files: [GeneratedFile]
            do {
                files = try ServiceGenerator.files(for: service, specPath: specPath, only: kinds)
            } catch {
                printError("\(specPath): cannot generate \(service.name): \(error)")
                throw ExitCode(1)
            }
            for file in files {
                let path = (out as NSString).appendingPathComponent(file.path)
                if dryRun { print(path); continue }
                switch try AtomicFile.write(file.contents, to: path) {
                case .written: written += 1
                case .unchanged: unchanged += 1
                }
            }
        }
        if !quiet && !dryRun {
            print("\(result.services.count) services → \(out)/ (\(written) written, \(unchanged) unchanged)")
        }
        // Written, but something in it will not behave as the spec reads (a clamped burn threshold): exit 1.
        let clamped = result.diagnostics.filter { $0.code == "W240" }
        for d in clamped { printError(d.description) }
        if !clamped.isEmpty { throw ExitCode(1) }
    }
}
