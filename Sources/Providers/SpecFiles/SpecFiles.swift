import Foundation
import NthLayerCore

/// The result of loading specs from disk: every service that parsed, and every diagnostic.
public struct SpecLoadResult: Sendable {
    public var services: [ServiceSpec]
    public var diagnostics: [Diagnostic]
    /// Files that could not be read at all (exit code 3 in `validate`).
    public var unreadable: [String]
    /// Files looked at in a directory scan that are not specs (Kubernetes YAML and the like).
    public var skipped: [String]
    /// Spec file → its text, for commands that point back into files (SARIF, diffs).
    public var sources: [String: String]

    public init(services: [ServiceSpec] = [], diagnostics: [Diagnostic] = [], unreadable: [String] = [],
                skipped: [String] = [], sources: [String: String] = [:]) {
        self.services = services; self.diagnostics = diagnostics; self.unreadable = unreadable
        self.skipped = skipped; self.sources = sources
    }

    public var errorCount: Int { diagnostics.filter(\.isError).count }
    public var warningCount: Int { diagnostics.count - errorCount }
}

/// Reads spec files and folders from the local file system: the spec provider every command uses.
public enum SpecFiles {
    /// Loads files and folders (recursively, `*.yaml`/`*.yml` in bytewise order, skipping hidden, `environments`
    /// and `templates` folders). A bad file never stops the others from being read.
    public static func load(paths: [String], environment: String? = nil) -> SpecLoadResult {
        var result = SpecLoadResult()
        var seenNames: [String: SourceLocation] = [:]
        if let environment, EnvironmentName.normalize(environment) == nil {
            result.diagnostics.append(Diagnostic(.error, "E501", at: SourceLocation(file: "--env", line: 1, column: 1),
                                                 field: "(environment)", EnvironmentName.invalidMessage(environment)))
            return result
        }
        let env = environment.flatMap(EnvironmentName.normalize)
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.unreadable.append(path)
                result.diagnostics.append(Diagnostic(.error, "E001", at: SourceLocation(file: path, line: 1, column: 1),
                                                     field: "", "no such file or directory"))
                continue
            }
            var files = [path]
            if isDirectory.boolValue {
                let scanned = scan(path)
                files = scanned.specs
                result.diagnostics += scanned.environmentProblems
            }
            for file in files {
                loadFile(file, explicit: !isDirectory.boolValue, environment: env, into: &result, seenNames: &seenNames)
            }
        }
        return result
    }

    static func loadFile(_ file: String, explicit: Bool, environment: String?, into result: inout SpecLoadResult,
                         seenNames: inout [String: SourceLocation]) {
        guard let data = FileManager.default.contents(atPath: file) else {
            result.unreadable.append(file)
            result.diagnostics.append(Diagnostic(.error, "E002", at: SourceLocation(file: file, line: 1, column: 1),
                                                 field: "", "cannot read the file (permissions?)"))
            return
        }
        // Invalid UTF-8 is replaced rather than rejected, so the YAML parser reports a location.
        let text = String(decoding: data, as: UTF8.self)
        result.sources[file] = text
        let overlays = environment.map { overlayFiles(for: file, text: text, environment: $0, into: &result) } ?? []
        let parsed = SpecParser.parse(text: text, path: file, explicit: explicit, environment: environment, overlays: overlays)
        result.diagnostics += parsed.diagnostics
        if !parsed.isSpec && !explicit { result.skipped.append(file); return }
        if let service = parsed.service {
            if let first = seenNames[service.name] {
                result.diagnostics.append(Diagnostic(.error, "E105", at: service.location, field: "name",
                                                     "service \"\(service.name)\" is already declared at \(first)"))
                return
            }
            seenNames[service.name] = service.location
            result.services.append(service)
        }
    }

    /// `environments/<service>-<env>.yaml` and `environments/<env>.yaml` beside the spec, then
    /// `.nthlayer/environments/<service>-<env>.yaml`. The first existing of the first two is used.
    static func overlayFiles(for file: String, text: String, environment: String,
                             into result: inout SpecLoadResult) -> [EnvironmentOverlay] {
        let directory = (file as NSString).deletingLastPathComponent
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            .replacingOccurrences(of: ".reliability", with: "")
        let base = directory.isEmpty ? "." : directory
        var overlays: [EnvironmentOverlay] = []
        let candidates = ["\(base)/environments/\(stem)-\(environment).yaml", "\(base)/environments/\(environment).yaml"]
        if let first = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }),
           let data = FileManager.default.contents(atPath: first) {
            overlays.append(EnvironmentOverlay(path: first, text: String(decoding: data, as: UTF8.self)))
        }
        let hidden = "\(base)/.nthlayer/environments/\(stem)-\(environment).yaml"
        if let data = FileManager.default.contents(atPath: hidden) {
            overlays.append(EnvironmentOverlay(path: hidden, text: String(decoding: data, as: UTF8.self)))
        }
        return overlays
    }

    /// Every candidate spec file under a folder, in bytewise path order.
    public static func specFiles(under root: String) -> [String] { scan(root).specs }

    /// One walk of a spec folder: the spec files, and E501 for overlay files in `environments/` whose name is not
    /// a valid environment (`Prod_EU.yaml`; `<service>-<env>` and `<env>` both reduce to a-z, 0-9 and "-").
    static func scan(_ root: String) -> (specs: [String], environmentProblems: [Diagnostic]) {
        var files: [String] = []
        var problems: [Diagnostic] = []
        func children(_ dir: String) -> [(name: String, path: String, isDirectory: Bool)] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
            return names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
                .filter { !$0.hasPrefix(".") }
                .map { name in
                    let path = dir == "." ? name : (dir.hasSuffix("/") ? dir + name : "\(dir)/\(name)")
                    var isDir: ObjCBool = false
                    FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
                    return (name, path, isDir.boolValue)
                }
        }
        func isYAML(_ name: String) -> Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }
        func walk(_ dir: String) {
            for child in children(dir) {
                if !child.isDirectory {
                    if isYAML(child.name) { files.append(child.path) }
                } else if child.name == "environments" {
                    for file in children(child.path) where !file.isDirectory && isYAML(file.name) {
                        let stem = (file.name as NSString).deletingPathExtension
                        if EnvironmentName.normalize(stem) == nil {
                            problems.append(Diagnostic(.error, "E501", at: SourceLocation(file: file.path, line: 1, column: 1),
                                                       field: "(environment)", EnvironmentName.invalidMessage(stem)))
                        }
                    }
                } else if child.name != "templates" {
                    walk(child.path)
                }
            }
        }
        walk(root)
        return (files, problems)
    }
}
