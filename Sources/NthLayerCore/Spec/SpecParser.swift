import Foundation

/// The result of parsing one spec file.
public struct SpecParseResult: Sendable {
    /// The service, when the file is a spec and has no errors.
    public var service: ServiceSpec?
    public var diagnostics: [Diagnostic]
    /// False when the file is not an NthLayer spec at all (skipped in a directory scan).
    public var isSpec: Bool

    public var hasErrors: Bool { diagnostics.contains { $0.isError } }
}

/// An environment overlay: a partial service document from another file or from the spec's own `environments:`.
public struct EnvironmentOverlay: Sendable {
    public var path: String
    public var text: String
    public init(path: String, text: String) { self.path = path; self.text = text }
}

/// Parses spec text in any dialect into a `ServiceSpec`. The one loader every command uses.
public enum SpecParser {
    /// - Parameters:
    ///   - explicit: the user named this file (a non-spec is an error) rather than a directory scan (skipped).
    ///   - environment: canonical environment name, applied as inline `environments.<env>` then `overlays`.
    public static func parse(text: String, path: String, explicit: Bool = true, environment: String? = nil,
                             overlays: [EnvironmentOverlay] = []) -> SpecParseResult {
        let reader = SpecReader(file: path)
        let documents: [SpecNode]
        switch SpecYAML.read(text, file: path) {
        case .failure(let d): return SpecParseResult(service: nil, diagnostics: [d], isSpec: true)
        case .documents(let docs): documents = docs
        }
        guard let root = documents.first, root.entries != nil else {
            if !explicit { return SpecParseResult(service: nil, diagnostics: [], isSpec: false) }
            let loc = documents.first?.location ?? SourceLocation(file: path, line: 1, column: 1)
            return SpecParseResult(service: nil, diagnostics: [notASpec(loc)], isSpec: false)
        }
        if documents.count > 1 {
            reader.error("E104", documents[1].location, "(document)", "one service per file; this file holds more than one YAML document")
        }
        guard let dialect = detectDialect(root, reader: reader, explicit: explicit) else {
            return SpecParseResult(service: nil, diagnostics: reader.diagnostics, isSpec: !reader.diagnostics.isEmpty)
        }
        var body = root
        if let env = environment {
            body = applyEnvironment(env, to: body, dialect: dialect, overlays: overlays, reader: reader)
        }
        let assembler = ServiceAssembler(reader: reader, environment: environment)
        let service: ServiceSpec?
        switch dialect {
        case .flat: service = assembler.readFlat(body)
        case .legacy: service = assembler.readLegacy(body)
        case .openSRM: service = assembler.readOpenSRM(body)
        }
        if let s = service {
            let base = (path as NSString).lastPathComponent
            let stem = base.replacingOccurrences(of: ".reliability", with: "")
                .replacingOccurrences(of: ".yaml", with: "").replacingOccurrences(of: ".yml", with: "")
            if stem != s.name {
                reader.warning("W130", s.location, s.dialect == .openSRM ? "metadata.name" : (s.dialect == .legacy ? "service.name" : "name"),
                               "file name does not match service name \"\(s.name)\"")
            }
        }
        let hasErrors = reader.hasErrors
        let sorted = reader.diagnostics.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return SpecParseResult(service: hasErrors ? nil : service, diagnostics: sorted, isSpec: true)
    }

    static func notASpec(_ location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, "E101", at: location, field: "(document)",
                   "not an NthLayer spec: expected `service:`, `apiVersion: srm/v1`, or top-level `name` + `tier`")
    }

    static func detectDialect(_ root: SpecNode, reader: SpecReader, explicit: Bool) -> SpecDialect? {
        if let api = root.entry("apiVersion") {
            let version = api.value.scalar ?? ""
            if version == "srm/v1" || version == "opensrm/v1" {
                if let kind = root.entry("kind"), kind.value.scalar != "ServiceReliabilityManifest" {
                    reader.error("E103", kind.value.location, "kind",
                                 "expected \"ServiceReliabilityManifest\" for apiVersion \(version)")
                    return nil
                }
                return .openSRM
            }
            if explicit {
                let hint = version.hasPrefix("opensrm") || version.hasPrefix("srm")
                    ? "\"\(version)\" is not supported yet; use srm/v1 or opensrm/v1"
                    : "\"\(version)\" is not an NthLayer spec version; use srm/v1 or opensrm/v1"
                reader.error("E102", api.value.location, "apiVersion", hint)
            }
            return nil
        }
        if root["service"]?.entries != nil { return .legacy }
        if root["name"]?.scalar != nil, ["tier", "type", "team", "slos"].contains(where: { root[$0] != nil }) {
            return .flat
        }
        if explicit { reader.diagnostics.isEmpty ? reader.error("E101", root.location, "(document)", notASpec(root.location).message) : () }
        return nil
    }
}
