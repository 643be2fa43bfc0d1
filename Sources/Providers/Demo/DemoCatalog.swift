import Foundation
import NthLayerCore

extension DemoWorld {
    /// The example catalog compiled into the binary (`scripts/embed-examples.sh`), parsed with the same rules as
    /// a folder scan by `SpecFiles`: bytewise path order, `environments`/`templates`/hidden folders skipped,
    /// non-specs skipped, duplicate names E105, overlays `environments/<stem>-<env>.yaml` else
    /// `environments/<env>.yaml` beside the spec. Paths stay relative (`examples/services/payment-api.yaml`).
    public static func embeddedCatalog(environment: String? = nil) -> SpecLoadResult {
        load(files: EmbeddedCatalog.files, environment: environment)
    }

    /// The demo world over the embedded catalog: what `nthlayer --demo` explores.
    public static func embedded(seed: UInt64 = 42, epoch: Date = DemoWorld.defaultEpoch, environment: String? = nil) -> DemoWorld {
        DemoWorld(services: embeddedCatalog(environment: environment).services, seed: seed, epoch: epoch)
    }

    /// In-memory counterpart of `SpecFiles.load` for embedded files (also used by tests).
    static func load(files: [(path: String, text: String)], environment: String?) -> SpecLoadResult {
        var result = SpecLoadResult()
        let env: String?
        if let environment {
            guard let normalized = EnvironmentName.normalize(environment) else {
                result.diagnostics.append(Diagnostic(.error, "E501", at: SourceLocation(file: "--env", line: 1, column: 1),
                                                     field: "(environment)", EnvironmentName.invalidMessage(environment)))
                return result
            }
            env = normalized
        } else {
            env = nil
        }
        let texts = Dictionary(files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: SourceLocation] = [:]
        for file in files.sorted(by: { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) })
        where isSpecCandidate(file.path) {
            result.sources[file.path] = file.text
            let overlays = env.map { overlayFiles(for: file.path, environment: $0, texts: texts) } ?? []
            let parsed = SpecParser.parse(text: file.text, path: file.path, explicit: false, environment: env, overlays: overlays)
            result.diagnostics += parsed.diagnostics
            if !parsed.isSpec { result.skipped.append(file.path); continue }
            guard let service = parsed.service else { continue }
            if let first = seen[service.name] {
                result.diagnostics.append(Diagnostic(.error, "E105", at: service.location, field: "name",
                                                     "service \"\(service.name)\" is already declared at \(first)"))
                continue
            }
            seen[service.name] = service.location
            result.services.append(service)
        }
        return result
    }

    private static func isSpecCandidate(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last, name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { return false }
        return !parts.contains { $0.hasPrefix(".") || $0 == "environments" || $0 == "templates" }
    }

    private static func overlayFiles(for path: String, environment: String, texts: [String: String]) -> [EnvironmentOverlay] {
        let directory = (path as NSString).deletingLastPathComponent
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            .replacingOccurrences(of: ".reliability", with: "")
        let base = directory.isEmpty ? "" : directory + "/"
        let candidates = ["\(base)environments/\(stem)-\(environment).yaml", "\(base)environments/\(environment).yaml"]
        guard let first = candidates.first(where: { texts[$0] != nil }) else { return [] }
        return [EnvironmentOverlay(path: first, text: texts[first]!)]
    }
}
