import Foundation
import Testing
@testable import NthLayerCore

/// Thousands of broken, truncated and hostile documents through the one loader: it must never crash, and every
/// diagnostic must point somewhere real with something to say.
@Suite struct FuzzTests {
    /// SplitMix64: small, fast, and the same sequence on every platform.
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ upper: Int) -> Int { upper <= 0 ? 0 : Int(next() % UInt64(upper)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every example spec and environment overlay, as (relative path, text).
    static let examples: [(path: String, text: String)] = {
        let dir = packageRoot.appendingPathComponent("examples/services")
        let files = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        return files.compactMap { name in
            (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)).map { (name, $0) }
        }
    }()

    /// Values that have broken parsers before.
    static let nastyValues: [String] = [
        "", "~", "null", "-", "--", "0", "-0", "100", "99.9999999999999999999999999999", "1e308", "-1e308", "1e-400",
        "1e999999999", "9223372036854775807", "-9223372036854775808", "99999999999999999999999999999999999999999",
        "9223372036854775807d", "999999999999999999d", "106751991167300d", "153722867280912931m", "1e3d", "0x1F", "0o17",
        ".inf", "-.inf", ".nan", "NaN", "true", "no", "on", "Yes", "[", "]", "{", "}", "[]", "{}", "[[[]]]", "{a: {b: {}}}",
        "&anchor", "*undefined", "&a [*a]", "!!binary aGVsbG8=", "!!str 99.9", "!custom x", "%YAML 1.2", "'", "\"",
        "'unterminated", "\"unterminated", "\"\\u0000\"", "\"\\xff\"", "|", ">", "|-\n  a\n b", "? complex\n: key",
        "${", "${}", "${service", "${service}}", "${SERVICE}", "${window}[", "${ServiCe}", "$$${service}", "${servce}",
        "sum(rate(", "sum(rate(x[5m]))", "rate(x[5m])", "x[5m:1m]", "{", "{job=\"", "{job=~\"(\"}", "1 +", "vector(1) / 0",
        "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))", "x offset -5m", "x @ 1e300", "x[999999999999d]",
        "🔥🔥🔥", "Ω≈ç√∫˜µ≤≥÷", "\u{202E}evil", "ｐａｙｍｅｎｔ", "pay\u{200B}ment", "e\u{301}\u{301}\u{301}", "\u{FEFF}x",
        "\u{1}\u{2}\u{3}", "\u{7F}", "\u{0B}\u{0C}", "\u{85}", "\u{2028}", "\u{D7FF}\u{E000}\u{FFFD}", "\u{10FFFF}",
        "p100", "p0", "p99.99999", "p-1", "p", "30 days", "0d", "-1d", "366d", "1m", "5w", "8760h", "2147483648d",
        "-0.3%/week", "%/week", "-1e9%/week", "8%", "100%", "-5%", "freeze_period('2026-12-20'", "hour >= 9 AND",
        "NOT NOT NOT", "((((((((((", "business_hours(", "'a' == 'b'", "1 == 1 == 1",
        String(repeating: "9", count: 5000), String(repeating: "a", count: 70), String(repeating: "[", count: 300),
        String(repeating: "{a: ", count: 200), String(repeating: "- ", count: 200) + "x",
    ]

    static let structuralSnippets: [String] = [
        "---\n", "...\n", "--- !!map\n", "%YAML 1.1\n---\n", "# comment only\n", "\t", "\t\t- x\n", "\r\n", "\r",
        "\u{0}", "\u{FEFF}", "key: &a value\nother: *a\n", "<<: *base\n", "? [a, b]\n: c\n", "!!omap\n",
        "x: !!set {a, b}\n", "dup: 1\ndup: 2\n", "- just\n- a\n- list\n", "\"quoted key\": 1\n", "'': empty\n",
        "a: b: c\n", "a:\n- b\n  - c\n", "   \n", "    deeply: indented\n", "slos:\n  - *missing\n",
    ]

    struct Failure: CustomStringConvertible {
        let input: String
        let problem: String
        var description: String { "\(problem) — input: \(input.prefix(300).debugDescription)" }
    }

    /// Parses one document and checks every invariant; returns the problems found.
    final class Tally { var services = 0; var generated = 0 }

    static func check(_ text: String, path: String, explicit: Bool, environment: String? = nil,
                      overlays: [EnvironmentOverlay] = [], generate: Bool = false, tally: Tally? = nil) -> [Failure] {
        let result = SpecParser.parse(text: text, path: path, explicit: explicit, environment: environment, overlays: overlays)
        if result.service != nil { tally?.services += 1 }
        var failures: [Failure] = []
        for d in result.diagnostics {
            if d.location.line < 1 || d.location.column < 1 {
                failures.append(Failure(input: text, problem: "bad location \(d)"))
            }
            if d.message.trimmingCharacters(in: .whitespaces).isEmpty {
                failures.append(Failure(input: text, problem: "empty message \(d)"))
            }
            if d.code.count != 4 || !(d.code.hasPrefix("E") || d.code.hasPrefix("W")) || Int(d.code.dropFirst()) == nil {
                failures.append(Failure(input: text, problem: "bad code \(d)"))
            }
            if (d.severity == .error) != d.code.hasPrefix("E") {
                failures.append(Failure(input: text, problem: "severity does not match code \(d)"))
            }
            let overlayPaths = Set(overlays.map(\.path))
            if d.location.file != path && !overlayPaths.contains(d.location.file) {
                failures.append(Failure(input: text, problem: "diagnostic names another file \(d)"))
            }
        }
        if result.service != nil && result.hasErrors {
            failures.append(Failure(input: text, problem: "a service came back despite errors"))
        }
        if explicit && result.service == nil && result.diagnostics.isEmpty {
            failures.append(Failure(input: text, problem: "an explicit file produced neither a service nor a diagnostic"))
        }
        if generate, let service = result.service {
            // Generation must not crash on anything the parser accepts (it may throw).
            if (try? ServiceGenerator.files(for: service, specPath: path)) != nil { tally?.generated += 1 }
        }
        return failures
    }

    // MARK: Mutators

    static func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    static func mutate(_ text: String, _ rng: inout Rng) -> String {
        var lines = lines(text)
        guard !lines.isEmpty else { return text }
        switch rng.int(12) {
        case 0: // truncate anywhere (by character)
            let chars = Array(text)
            return String(chars[0..<rng.int(chars.count + 1)])
        case 1: // replace the value after a key
            let i = rng.int(lines.count)
            if let colon = lines[i].firstIndex(of: ":") {
                lines[i] = String(lines[i][...colon]) + " " + rng.pick(nastyValues)
            }
        case 2: // delete, duplicate or swap lines
            let i = rng.int(lines.count), j = rng.int(lines.count)
            switch rng.int(3) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: j)
            default: lines.swapAt(i, j)
            }
        case 3: // re-indent a line
            let i = rng.int(lines.count)
            if rng.chance(50) { lines[i] = String(repeating: " ", count: rng.int(9)) + lines[i] }
            else { lines[i] = String(lines[i].drop { $0 == " " }) }
        case 4: // a tab where spaces were
            let i = rng.int(lines.count)
            lines[i] = lines[i].replacingOccurrences(of: "  ", with: "\t")
        case 5: // insert random unicode scalars
            var chars = Array(text)
            let at = rng.int(chars.count + 1)
            var inserted = ""
            for _ in 0..<(1 + rng.int(6)) {
                let ranges: [ClosedRange<UInt32>] = [0...0x1F, 0x20...0x7E, 0x7F...0x9F, 0xA0...0x2FFF, 0xFE00...0xFFFF,
                                                     0x1F300...0x1F6FF, 0x10000...0x10FFFF]
                let r = rng.pick(ranges)
                if let scalar = Unicode.Scalar(r.lowerBound + UInt32(rng.int(Int(r.upperBound - r.lowerBound) + 1))) {
                    inserted.unicodeScalars.append(scalar)
                }
            }
            chars.insert(contentsOf: inserted, at: at)
            return String(chars)
        case 6: // structural snippet at a line boundary
            lines.insert(rng.pick(structuralSnippets), at: rng.int(lines.count + 1))
        case 7: // a second document
            return text + "\n---\n" + (rng.chance(50) ? text : "name: other\ntier: low\n")
        case 8: // anchors and aliases on a random mapping value
            let i = rng.int(lines.count)
            if let colon = lines[i].firstIndex(of: ":") {
                lines[i] = String(lines[i][...colon]) + " &a " + String(lines[i][lines[i].index(after: colon)...])
                lines.insert(String(lines[i].prefix { $0 == " " }) + "again: *a", at: min(lines.count, i + 1))
            }
        case 9: // a random character deleted or doubled
            var chars = Array(text)
            guard !chars.isEmpty else { return text }
            let i = rng.int(chars.count)
            if rng.chance(50) { chars.remove(at: i) } else { chars.insert(chars[i], at: i) }
            return String(chars)
        case 10: // swap quoting
            let i = rng.int(lines.count)
            lines[i] = lines[i].replacingOccurrences(of: rng.chance(50) ? "'" : "\"", with: rng.chance(50) ? "\"" : "'")
        default: // splice half of another document in
            let other = Self.lines(rng.pick(examples).text)
            let start = rng.int(other.count)
            lines.insert(contentsOf: other[start..<min(other.count, start + 1 + rng.int(8))], at: rng.int(lines.count + 1))
        }
        return lines.joined(separator: "\n")
    }

    static func report(_ failures: [Failure], of total: Int) {
        #expect(failures.isEmpty, "\(failures.count) problems in \(total) documents; first: \(failures.prefix(5).map(\.description).joined(separator: "\n"))")
    }

    // MARK: Tests

    @Test func examplesAreReadable() {
        #expect(Self.examples.count >= 30, "examples/services must be readable from the test (found \(Self.examples.count))")
    }

    @Test func mutatedExamples() {
        var rng = Rng(seed: 0x5EED_2026)
        var failures: [Failure] = []
        let tally = Tally()
        let count = 4_000
        let envs = Self.examples.filter { $0.path.hasPrefix("environments/") }
        for n in 0..<count {
            let base = rng.pick(Self.examples)
            var text = base.text
            for _ in 0..<(1 + rng.int(3)) { text = Self.mutate(text, &rng) }
            let explicit = rng.chance(70)
            let path = rng.chance(80) ? base.path : "weird/päth with spaces/\(n).yml"
            var environment: String?
            var overlays: [EnvironmentOverlay] = []
            if rng.chance(15), let env = envs.isEmpty ? nil : rng.pick(envs) {
                environment = rng.pick(["prod", "staging", "dev"])
                overlays = [EnvironmentOverlay(path: env.path, text: rng.chance(50) ? Self.mutate(env.text, &rng) : env.text)]
            }
            failures += Self.check(text, path: path, explicit: explicit, environment: environment, overlays: overlays,
                                   generate: n % 4 == 0, tally: tally)
        }
        Self.report(failures, of: count)
        // The mutations must leave enough documents valid for the generators to be exercised too.
        #expect(tally.services > count / 10, "only \(tally.services) of \(count) mutated documents still parsed")
        #expect(tally.generated > count / 40, "only \(tally.generated) generated")
    }

    @Test func truncatedExamples() {
        var failures: [Failure] = []
        var total = 0
        for example in Self.examples {
            let chars = Array(example.text)
            // Every 13th cut, plus cuts right before and after every line break.
            var cuts = Set(stride(from: 0, to: chars.count, by: 13))
            for (i, c) in chars.enumerated() where c == "\n" { cuts.insert(i); cuts.insert(i + 1) }
            for cut in cuts.sorted() {
                total += 1
                failures += Self.check(String(chars[0..<cut]), path: example.path, explicit: true)
            }
        }
        #expect(total >= 1_000)
        Self.report(failures, of: total)
    }

    @Test func randomBytes() {
        var rng = Rng(seed: 0xB17E5)
        var failures: [Failure] = []
        let count = 800
        for n in 0..<count {
            let length = rng.int(400)
            let text: String
            if n % 2 == 0 {
                // Raw bytes, invalid UTF-8 replaced as the file loader does.
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                // YAML-ish alphabet: far more likely to get past the scanner.
                let alphabet = Array("abcdefghijklmnopqrstuvwxyz_-:{}[],'\"#&*!|>%@` \t\n\n\n  0123456789.$")
                text = String((0..<length).map { _ in rng.pick(alphabet) })
            }
            failures += Self.check(text, path: "a.yaml", explicit: rng.chance(50))
        }
        Self.report(failures, of: count)
    }

    @Test func keyedRandomValues() {
        // Every SLO-level key with every nasty value, in each dialect.
        var failures: [Failure] = []
        var total = 0
        let keys = ["objective", "target", "window", "threshold_ms", "percentile", "good_query", "total_query",
                    "error_query", "query", "histogram", "selector", "minimum", "type"]
        for key in keys {
            for (i, value) in Self.nastyValues.enumerated() {
                // Plain in the flat dialect, quoted in srm/v1, alternating in legacy.
                let quoted = JSONValue.quote(value)
                total += 3
                failures += Self.check("name: docs-search\nteam: devex\ntier: low\ntype: web\nslos:\n  latency:\n    \(key): \(value)\n",
                                       path: "docs-search.yaml", explicit: true, generate: i % 2 == 0)
                failures += Self.check("apiVersion: srm/v1\nkind: ServiceReliabilityManifest\nmetadata: {name: s, team: t, tier: high}\nspec:\n  type: api\n  slos:\n    availability:\n      indicator:\n        \(key): \(quoted)\n",
                                       path: "s.yaml", explicit: true, generate: i % 2 == 1)
                failures += Self.check("service:\n  name: s\n  team: t\n  tier: 1\n  type: api\nresources:\n  - kind: SLO\n    name: availability\n    spec:\n      \(key): \(i % 2 == 0 ? quoted : value)\n",
                                       path: "s.yaml", explicit: true)
            }
        }
        Self.report(failures, of: total)
    }

    @Test func aliasBombIsRejectedNotExpanded() throws {
        var bomb = "name: bomb\nteam: t\ntier: low\nlabels:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<10 { bomb += "  l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        let clock = ContinuousClock()
        var result: SpecParseResult?
        let elapsed = clock.measure { result = SpecParser.parse(text: bomb, path: "bomb.yaml") }
        let d = try #require(result?.diagnostics.first)
        #expect(result?.diagnostics.count == 1)
        #expect(d.code == "E100" && d.message.contains("aliases"), "\(d)")
        #expect(elapsed < .seconds(5), "took \(elapsed)")
        // A few honest aliases are fine.
        let small = "name: docs-search\nteam: &team devex\ntier: low\ntype: web\nslos: {availability: 99.0}\nlabels: {owner: *team}\n"
        let parsed = SpecParser.parse(text: small, path: "docs-search.yaml")
        #expect(parsed.diagnostics.isEmpty, "\(parsed.diagnostics)")
        #expect(parsed.service?.labels["owner"] == "devex")
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() throws {
        for text in ["name: x\ntier: low\nslos: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
                     String(repeating: "- ", count: 2_000) + "x\n"] {
            let result = SpecParser.parse(text: text, path: "deep.yaml")
            let d = try #require(result.diagnostics.first)
            #expect(d.code == "E100" && d.location.line >= 1 && d.location.column >= 1, "\(d)")
        }
        // Queries: nested brackets and chains of unary signs are refused before the (recursive) PromQL parser.
        for query in [String(repeating: "(", count: 5_000) + "x" + String(repeating: ")", count: 5_000),
                      String(repeating: "-", count: 5_000) + "1", String(repeating: "- ", count: 5_000) + "1",
                      "sum(" + String(repeating: "abs(", count: 3_000) + "x" + String(repeating: ")", count: 3_001)] {
            let text = "name: docs-search\nteam: devex\ntier: low\ntype: web\nslos:\n  availability:\n    good_query: '\(query)'\n    total_query: sum(rate(http_requests_total[5m]))\n"
            let result = SpecParser.parse(text: text, path: "docs-search.yaml")
            #expect(result.diagnostics.map(\.code) == ["E207"], "\(result.diagnostics)")
            #expect(result.diagnostics.first?.location.line == 7)
        }
    }

    /// PromQL nesting (brackets, unary signs) in the hostile documents: deep enough to overflow a worker thread's
    /// stack if the parser were ever reached unguarded.
    static let promQLDepth = Int(ProcessInfo.processInfo.environment["FUZZ_PROMQL_DEPTH"] ?? "") ?? 5_000

    @Test func hostileStructures() {
        var docs: [String] = []
        // Deep nesting, flow and block.
        docs.append("name: x\ntier: low\nslos: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000))
        docs.append("name: x\ntier: low\nslos: " + String(repeating: "{a: ", count: 2_000) + "1" + String(repeating: "}", count: 2_000))
        docs.append(String(repeating: "- ", count: 2_000) + "x\n")
        docs.append((0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v\n")
        docs.append(String(repeating: "[", count: 5_000))
        // Alias expansion ("billion laughs"): must not be expanded into memory.
        var bomb = "name: bomb\nteam: t\ntier: low\nlabels:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<10 { bomb += "  l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n" }
        docs.append(bomb)
        docs.append("a: &a [*a]\n")
        docs.append("service: &s\n  name: x\n  self: *s\n")
        // Huge documents and values.
        docs.append("name: big\ntier: low\nteam: t\nslos:\n" + (0..<3_000).map { "  s\($0): 99.\($0)" }.joined(separator: "\n"))
        docs.append("name: " + String(repeating: "a", count: 200_000) + "\ntier: low\n")
        docs.append("name: x\ntier: low\nteam: t\nslos:\n  availability: " + String(repeating: "9", count: 100_000) + "\n")
        // Odd encodings and line endings.
        docs.append("\u{FEFF}name: docs-search\r\nteam: devex\r\ntier: low\r\ntype: web\r\nslos: {availability: 99.0}\r\n")
        docs.append("name: docs-search\rteam: devex\rtier: low\r")
        docs.append("name: docs\u{0}search\nteam: devex\ntier: low\n")
        docs.append("\u{0}\u{0}\u{0}")
        docs.append("")
        docs.append("\n\n\n")
        docs.append("# nothing but a comment\n")
        docs.append("---\n---\n---\n")
        docs.append("--- |\n  a literal document\n")
        docs.append("name: docs-search\nteam: devex\ntier: low\n---\nname: other\ntier: low\n---\n[1, 2]\n")
        docs.append("name:\n  - not\n  - a\n  - string\ntier: {nested: map}\nteam: 42\n")
        docs.append("? name\n: docs-search\n? [tier]\n: low\n")
        docs.append("!!map {name: docs-search, tier: low, team: devex}")
        docs.append("name: docs-search\nteam: devex\ntier: low\nslos:\n  availability:\n    good_query: \"" +
                    String(repeating: "(", count: Self.promQLDepth) + "x" + String(repeating: ")", count: Self.promQLDepth) + "\"\n    total_query: x\n")
        docs.append("name: docs-search\nteam: devex\ntier: low\nslos:\n  availability:\n    good_query: \"" +
                    String(repeating: "-", count: Self.promQLDepth) + "1\"\n    total_query: x\n")
        docs.append("name: docs-search\nteam: devex\ntier: low\nslos:\n  availability:\n    good_query: \"" +
                    (0..<2_000).map { _ in "x" }.joined(separator: " + ") + "\"\n    total_query: x\n")
        docs.append("service:\n  name: s\n  team: t\n  tier: 1\n  type: api\nresources:\n" +
                    (0..<500).map { "  - {kind: SLO, name: s\($0), spec: {objective: 99.9}}" }.joined(separator: "\n"))
        docs.append("name: x\ntier: low\nteam: t\ndeployment_gate:\n  conditions:\n    - {name: deep, when: \"" +
                    String(repeating: "(", count: 5_000) + "true" + String(repeating: ")", count: 5_000) + "\"}\n")
        docs.append("name: x\ntier: low\nteam: t\ndeployment_gate:\n  conditions:\n    - {name: deep, when: \"" +
                    String(repeating: "NOT ", count: 5_000) + "true\"}\n")
        var failures: [Failure] = []
        for (i, doc) in docs.enumerated() {
            for explicit in [true, false] {
                failures += Self.check(doc, path: "hostile-\(i).yaml", explicit: explicit, generate: true)
            }
        }
        Self.report(failures, of: docs.count * 2)
    }
}
