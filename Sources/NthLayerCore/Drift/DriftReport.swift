import Foundation

/// What became of one provider in a drift run. Printed as `used`, `skipped (not configured)`, `failed: …`.
public enum ProviderUse: Sendable, Hashable, CustomStringConvertible {
    case used(note: String? = nil)
    case skipped
    case failed(String)

    public var wasUsed: Bool { if case .used = self { return true }; return false }

    public var description: String {
        switch self {
        case .used(let note): return note.map { "used (\($0))" } ?? "used"
        case .skipped: return "skipped (not configured)"
        case .failed(let reason): return "failed: \(reason)"
        }
    }
}

/// The outcome of a drift run: findings of both kinds plus what could and could not be evaluated.
public struct DriftReport: Sendable {
    public var findings: [DriftFinding]
    public var servicesEvaluated: [String]
    public var providers: [(String, ProviderUse)]
    public var errors: [String]
    public var notes: [String]

    public init(findings: [DriftFinding] = [], servicesEvaluated: [String] = [], providers: [(String, ProviderUse)] = [],
                errors: [String] = [], notes: [String] = []) {
        self.findings = findings; self.servicesEvaluated = servicesEvaluated; self.providers = providers
        self.errors = errors; self.notes = notes
    }

    /// At least one provider answered; otherwise nothing could be evaluated (exit 3).
    public var evaluatedAnything: Bool { !servicesEvaluated.isEmpty && providers.contains { $0.1.wasUsed } }

    public var worst: DriftSeverity { findings.map(\.severity).max() ?? .none }

    /// 0 none/info, 1 warn, 2 critical; with `failOn: .critical`, warn exits 0.
    public func exitCode(failOn: DriftSeverity = .warn) -> Int32 {
        let w = worst
        if failOn == .critical && w == .warn { return 0 }
        return w.exitCode
    }

    // MARK: JSON

    public func json() -> JSONValue {
        var bySeverity: [(String, JSONValue)] = []
        for s in DriftSeverity.allCases { bySeverity.append((s.rawValue, .int(findings.filter { $0.severity == s }.count))) }
        var byKind: [(String, JSONValue)] = []
        for k in DriftFinding.Kind.allCases { byKind.append((k.rawValue, .int(findings.filter { $0.kind == k }.count))) }
        return .object([
            ("findings", .array(findings.map(Self.json))),
            ("summary", .object([
                ("worst", .string(worst.rawValue)),
                ("by_severity", .object(bySeverity)),
                ("by_kind", .object(byKind)),
                ("services_evaluated", .int(servicesEvaluated.count)),
                ("providers", .object(providers.map { ($0.0, .string($0.1.description)) })),
                ("errors", .array(errors.map { .string($0) })),
            ])),
        ])
    }

    static func json(_ f: DriftFinding) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(f.id)), ("kind", .string(f.kind.rawValue)), ("change", .string(f.change.rawValue)),
            ("service", .string(f.service)), ("resource", .string(f.resource)), ("field", .string(f.field)),
            ("declared", f.declared), ("deployed", f.deployed), ("severity", .string(f.severity.rawValue)),
            ("message", .string(f.message)),
        ]
        if let t = f.trend {
            pairs += [("slo", .string(t.slo)), ("pattern", .string(t.pattern)), ("slope_per_week", .double(t.slopePerWeek, digits: 6)),
                      ("current_budget", .double(t.currentBudget, digits: 6)),
                      ("days_until_exhaustion", .double(t.daysUntilExhaustion, digits: 1)),
                      ("r_squared", .double(t.rSquared, digits: 4))]
            if t.detail != .null { pairs.append(("detail", t.detail)) }
        }
        if let l = f.location { pairs.append(("location", .object([("file", .string(l.file)), ("line", .int(l.line))]))) }
        return .object(pairs)
    }

    // MARK: Text

    static func plain(_ v: JSONValue) -> String {
        switch v {
        case .null: return "(none)"
        case .string(let s): return s
        case .number(let n): return n
        default: return v.rendered(pretty: false)
        }
    }

    /// Unified diff lines of declared vs deployed for one finding.
    public static func diffLines(_ f: DriftFinding) -> [String] {
        let isQuery = f.field == "expr" || f.field.hasSuffix(".expr")
        func lines(_ v: JSONValue) -> [String] {
            var text = plain(v)
            // Both sides through one printer, one set operation per line: only real changes show.
            if isQuery, v != .null, let parsed = try? PromQL.parse(text) {
                text = parsed.formatted().replacingOccurrences(of: " and ", with: "\nand ")
                    .replacingOccurrences(of: " or ", with: "\nor ").replacingOccurrences(of: " unless ", with: "\nunless ")
            }
            return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        let declared = lines(f.declared)
        let deployed = lines(f.deployed)
        var out = ["@@ \(f.field) @@"]
        for line in UnifiedDiff.lines(declared, deployed) { out.append(line) }
        return out
    }

    public func text(color: Bool = false) -> String {
        var out: [String] = []
        let grouped = Dictionary(grouping: findings, by: \.service)
        for service in grouped.keys.sorted() {
            for f in grouped[service]! {
                if f.kind == .trend, let t = f.trend {
                    let days = t.daysUntilExhaustion.map { DecimalText.format($0, maxFractionDigits: 1) + " d" } ?? "—"
                    out.append("\(service)  trend  \(t.slo)  [\(f.severity.rawValue)] \(t.pattern), \(DecimalText.format(t.slopePerWeek * 100, maxFractionDigits: 2))%/week, budget \(DecimalText.format(t.currentBudget * 100, maxFractionDigits: 1))%, exhaustion \(days), R² \(DecimalText.format(t.rSquared, maxFractionDigits: 2))")
                    out.append("  \(f.message)")
                    continue
                }
                out.append("\(service)  \(f.kind.rawValue)  \(f.resource)  [\(f.severity.rawValue)] \(f.change.rawValue)")
                out.append("--- declared")
                out.append("+++ deployed")
                out += DriftReport.diffLines(f)
                out.append("  \(f.message)")
            }
        }
        let counts = DriftSeverity.allCases.reversed().compactMap { s -> String? in
            let n = findings.filter { $0.severity == s }.count
            return n > 0 ? "\(n) \(s.rawValue)" : nil
        }
        out.append("\(findings.count) finding\(findings.count == 1 ? "" : "s")\(counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")) across \(servicesEvaluated.count) service\(servicesEvaluated.count == 1 ? "" : "s")")
        for (provider, state) in providers { out.append("  \(provider): \(state)") }
        for e in errors { out.append("  error: \(e)") }
        for n in notes { out.append("  note: \(n)") }
        return out.joined(separator: "\n")
    }

    // MARK: Markdown (PR comments)

    public func markdown() -> String {
        var out = ["## NthLayer drift: \(worst == .none ? "no drift" : worst.rawValue)", ""]
        let config = findings.filter { $0.kind != .trend }
        let trend = findings.filter { $0.kind == .trend }
        if !config.isEmpty {
            out += ["| Severity | Service | Kind | Resource | Change | Field |", "|---|---|---|---|---|---|"]
            for f in config {
                out.append("| \(f.severity.rawValue) | \(f.service) | \(f.kind.rawValue) | `\(f.resource.replacingOccurrences(of: "|", with: "\\|"))` | \(f.change.rawValue) | \(f.field) |")
            }
            out.append("")
            for f in config where f.change == .changed {
                out += ["<details><summary>\(f.service) · \(f.resource) · \(f.field)</summary>", "", "```diff"]
                out += DriftReport.diffLines(f)
                out += ["```", "</details>", ""]
            }
        }
        if !trend.isEmpty {
            out += ["| Severity | Service | SLO | Pattern | Slope %/week | Budget | Exhaustion (days) | R² |", "|---|---|---|---|---|---|---|---|"]
            for f in trend {
                guard let t = f.trend else { continue }
                out.append("| \(f.severity.rawValue) | \(f.service) | \(t.slo) | \(t.pattern) | \(DecimalText.format(t.slopePerWeek * 100, maxFractionDigits: 2)) | \(DecimalText.format(t.currentBudget * 100, maxFractionDigits: 1))% | \(t.daysUntilExhaustion.map { DecimalText.format($0, maxFractionDigits: 1) } ?? "—") | \(DecimalText.format(t.rSquared, maxFractionDigits: 2)) |")
            }
            out.append("")
        }
        out.append("\(servicesEvaluated.count) services evaluated; " + providers.map { "\($0.0): \($0.1)" }.joined(separator: "; "))
        return out.joined(separator: "\n")
    }

    // MARK: SARIF

    public func sarif(version: String) -> JSONValue {
        let ruleIDs = ["rule", "dashboard", "pagerduty", "slo-threshold", "trend"]
        func ruleID(_ k: DriftFinding.Kind) -> String { "nthlayer/drift/" + (k == .sloThreshold ? "slo-threshold" : k.rawValue) }
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("nthlayer")), ("version", .string(version)),
                    ("rules", .array(ruleIDs.map { .object([("id", .string("nthlayer/drift/\($0)"))]) })),
                ]))])),
                ("results", .array(findings.filter { $0.severity != .none }.map { f in
                    var result: [(String, JSONValue)] = [
                        ("ruleId", .string(ruleID(f.kind))),
                        ("level", .string(f.severity == .critical ? "error" : f.severity == .warn ? "warning" : "note")),
                        ("message", .object([("text", .string("\(f.service) \(f.resource) \(f.field): \(f.message)"))])),
                        ("partialFingerprints", .object([("nthlayerFinding", .string(f.id))])),
                    ]
                    if let l = f.location {
                        result.append(("locations", .array([.object([("physicalLocation", .object([
                            ("artifactLocation", .object([("uri", .string(l.file))])),
                            ("region", .object([("startLine", .int(l.line))])),
                        ]))])])))
                    }
                    return .object(result)
                })),
            ])])),
        ])
    }
}

/// A minimal line diff (LCS) producing ` `, `-`, `+` lines.
public enum UnifiedDiff {
    public static func lines(_ a: [String], _ b: [String]) -> [String] {
        let n = a.count, m = b.count
        var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] { out.append(" " + a[i]); i += 1; j += 1 }
            else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] { out.append("-" + a[i]); i += 1 }
            else { out.append("+" + b[j]); j += 1 }
        }
        return out
    }
}
