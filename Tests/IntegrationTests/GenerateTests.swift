import Foundation
import Testing

/// Set once, before `atexit` can read it.
nonisolated(unsafe) private var sharedScratchPath: String?

/// `nthlayer generate examples/services`: every rule file through the real promtool, dashboards as Grafana reads
/// them, byte-for-byte determinism and careful writes.
@Suite struct GenerateTests {
    /// One generate run shared by the read-only checks.
    struct Run: @unchecked Sendable {
        let dir: ScratchDir
        let output: Integration.Output
        let files: [String]
        var out: URL { dir.url.appendingPathComponent("generated") }
        func text(_ path: String) throws -> String { try dir.read("generated/\(path)") }
    }

    static let shared: Result<Run, Error> = Result {
        let dir = try ScratchDir("generate")
        // A static is never deinitialised: remove the folder when the test process exits.
        sharedScratchPath = dir.url.path
        atexit { if let path = sharedScratchPath { try? FileManager.default.removeItem(atPath: path) } }
        let out = dir.url.appendingPathComponent("generated")
        let output = try Integration.nthlayer("generate", "examples/services", "--out", out.path)
        return Run(dir: dir, output: output, files: Integration.files(under: out))
    }

    static func run() throws -> Run {
        let run = try shared.get()
        try #require(run.output.status == 0, "\(run.output)")
        return run
    }

    static let serviceCount = 34

    @Test func writesFourFilesPerService() throws {
        let run = try Self.run()
        #expect(run.output.stdout.contains("\(Self.serviceCount) services →"), "\(run.output)")
        #expect(run.output.stdout.contains("(\(Self.serviceCount * 4) written, 0 unchanged)"), "\(run.output)")
        #expect(run.files.count == Self.serviceCount * 4, "\(run.files)")
        for kind in ["recording-rules.yaml", "alerts.yaml", "dashboard.json", "catalog-info.yaml"] {
            #expect(run.files.filter { $0.hasSuffix("/" + kind) }.count == Self.serviceCount, "\(kind)")
        }
    }

    @Test func everyRuleFilePassesPromtool() throws {
        let run = try Self.run()
        guard let promtool = Integration.promtool() else { return }
        let ruleFiles = run.files.filter { $0.hasSuffix("/recording-rules.yaml") || $0.hasSuffix("/alerts.yaml") }
        try #require(ruleFiles.count == Self.serviceCount * 2)
        let r = try Integration.run(promtool, ["check", "rules"] + ruleFiles, in: run.out)
        #expect(r.status == 0, "\(r)")
        let successes = r.stdout.split(separator: "\n").filter { $0.contains("SUCCESS:") }
        #expect(successes.count == ruleFiles.count, "\(r)")
        // No file may be empty: every service has SLOs, so every file has rules.
        #expect(!successes.contains { $0.contains("SUCCESS: 0 rules") }, "\(r)")
        #expect(!r.stdout.contains("FAILED") && !r.stderr.contains("FAILED"), "\(r)")
    }

    @Test func dashboardsAreGrafanaModels() throws {
        let run = try Self.run()
        for path in run.files where path.hasSuffix("/dashboard.json") {
            let service = String(path.split(separator: "/")[0])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(try run.text(path).utf8)) as? [String: Any], "\(path)")
            let uid = try #require(json["uid"] as? String, "\(path)")
            #expect(uid.count <= 40 && uid.hasPrefix("nthlayer-"), "\(path): \(uid)")
            if "nthlayer-\(service)".count <= 40 { #expect(uid == "nthlayer-\(service)") }
            #expect((json["title"] as? String)?.hasPrefix(service) == true, "\(path)")
            #expect(json["schemaVersion"] as? Int == 39)
            let templating = (json["templating"] as? [String: Any])?["list"] as? [[String: Any]]
            #expect(templating?.first?["type"] as? String == "datasource", "\(path)")
            let panels = try #require(json["panels"] as? [[String: Any]], "\(path)")
            try #require(!panels.isEmpty)
            var ids: [Int] = []
            var targets = 0
            for panel in panels {
                let title = panel["title"] as? String ?? "?"
                let grid = try #require(panel["gridPos"] as? [String: Any], "\(path) \(title): gridPos")
                let x = try #require(grid["x"] as? Int), y = try #require(grid["y"] as? Int)
                let w = try #require(grid["w"] as? Int), h = try #require(grid["h"] as? Int)
                #expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, "\(path) \(title): \(grid)")
                ids.append(try #require(panel["id"] as? Int))
                if panel["type"] as? String == "row" { continue }
                let panelTargets = try #require(panel["targets"] as? [[String: Any]], "\(path) \(title): targets")
                #expect(!panelTargets.isEmpty, "\(path) \(title)")
                for t in panelTargets {
                    let expr = t["expr"] as? String ?? ""
                    #expect(!expr.isEmpty, "\(path) \(title)")
                    #expect(!expr.contains("$"), "\(path) \(title): Grafana variables in \(expr)")
                    targets += 1
                }
            }
            #expect(ids == Array(1...panels.count), "\(path): ids in placement order")
            #expect(targets >= 3, "\(path)")
        }
    }

    /// Every dashboard query, checked by promtool as a recording rule (${datasource} only names the data source).
    @Test func everyDashboardQueryParsesInPromtool() throws {
        let run = try Self.run()
        guard let promtool = Integration.promtool() else { return }
        var yaml = "groups:\n"
        var count = 0
        for path in run.files where path.hasSuffix("/dashboard.json") {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(try run.text(path).utf8)) as? [String: Any])
            yaml += "  - name: \(Integration.yamlQuote("dashboard:\(path)"))\n    rules:\n"
            for panel in json["panels"] as? [[String: Any]] ?? [] {
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    guard let expr = target["expr"] as? String else { continue }
                    count += 1
                    yaml += "      - record: dashboard_query_\(count)\n        expr: \(Integration.yamlQuote(expr))\n"
                }
            }
        }
        #expect(count > 500, "only \(count) dashboard queries")
        let dir = try ScratchDir("dashboard-queries")
        try dir.write("queries.yaml", yaml)
        let r = try Integration.run(promtool, ["check", "rules", "queries.yaml"], in: dir.url)
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("SUCCESS: \(count) rules found"), "\(r)")
    }

    @Test func noFloatNoiseAnywhere() throws {
        let run = try Self.run()
        let noise = try Regex("0000000|9999999")
        for path in run.files {
            let text = try run.text(path)
            if let match = text.firstMatch(of: noise) {
                let line = text[..<match.range.lowerBound].filter { $0 == "\n" }.count + 1
                Issue.record("\(path):\(line): float noise \"\(text[match.range])\"")
            }
        }
    }

    @Test func outputsAreLFTerminatedAndHaveNoAbsolutePaths() throws {
        let run = try Self.run()
        let root = Integration.packageRoot.path
        for path in run.files {
            let text = try run.text(path)
            #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"), "\(path): one trailing newline")
            #expect(!text.contains("\r"), "\(path): LF only")
            #expect(!text.contains(root) && !text.contains(run.dir.url.path), "\(path): absolute path")
            if path.hasSuffix(".yaml") {
                let service = String(path.split(separator: "/")[0])
                #expect(text.hasPrefix("# Generated by NthLayer from examples/services/\(service).yaml — do not edit.\n"), "\(path)")
            }
        }
    }
}

/// Generating twice: identical bytes, nothing rewritten, foreign files left alone, no temp files left over.
@Suite struct GenerateDeterminismTests {
    @Test func secondRunChangesNothing() throws {
        let dir = try ScratchDir("determinism")
        let out = dir.url.appendingPathComponent("out")
        // Files that are not ours, at the top and inside a service folder.
        try dir.write("out/README.md", "Generated rules are deployed by the platform pipeline.\n")
        try dir.write("out/checkout-svc/NOTES.txt", "hand-written, keep\n")
        let foreignBefore = try Integration.snapshot(out)

        let first = try Integration.nthlayer("generate", "examples/services", "--out", out.path)
        try #require(first.status == 0, "\(first)")
        #expect(first.stdout.contains("(136 written, 0 unchanged)"), "\(first)")
        let afterFirst = try Integration.snapshot(out)

        let second = try Integration.nthlayer("generate", "examples/services", "--out", out.path)
        try #require(second.status == 0, "\(second)")
        #expect(second.stdout.contains("(0 written, 136 unchanged)"), "\(second)")
        let afterSecond = try Integration.snapshot(out)
        #expect(afterSecond.keys.sorted() == afterFirst.keys.sorted())
        for (path, state) in afterFirst {
            // Same bytes, and not even rewritten: same inode and modification time.
            #expect(afterSecond[path] == state, "\(path) was touched by an unchanged run")
        }
        for (path, state) in foreignBefore {
            #expect(afterSecond[path]?.data == state.data, "\(path): foreign file changed")
        }

        // A file edited by hand is put back, and only that file is written.
        let alerts = out.appendingPathComponent("checkout-svc/alerts.yaml")
        try Data("groups: []\n".utf8).write(to: alerts)
        let third = try Integration.nthlayer("generate", "examples/services", "--out", out.path)
        #expect(third.stdout.contains("(1 written, 135 unchanged)"), "\(third)")
        #expect(try Data(contentsOf: alerts) == afterFirst["checkout-svc/alerts.yaml"]?.data)

        // No temp files anywhere (the writer names them `.<name>.<pid>.tmp`).
        let leftovers = Integration.files(under: out).filter { $0.hasSuffix(".tmp") || $0.split(separator: "/").last?.hasPrefix(".") == true }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func sameBytesInAnotherFolderAndFromAnotherRun() throws {
        let a = try ScratchDir("determinism-a"), b = try ScratchDir("determinism-b")
        let ra = try Integration.nthlayer("generate", "examples/services", "--out", a.url.path)
        let rb = try Integration.nthlayer("generate", "examples/services", "--out", b.url.path)
        try #require(ra.status == 0 && rb.status == 0, "\(ra)\n\(rb)")
        let sa = try Integration.snapshot(a.url), sb = try Integration.snapshot(b.url)
        #expect(sa.keys.sorted() == sb.keys.sorted())
        for (path, state) in sa { #expect(sb[path]?.data == state.data, "\(path) differs between runs") }
    }
}
