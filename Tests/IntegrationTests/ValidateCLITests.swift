import Foundation
import Testing

/// `nthlayer validate` as users and CI run it: exit codes 0/1/3 and the text, JSON and SARIF reports.
@Suite struct ValidateCLITests {
    static let goodSpec = """
        name: docs-search
        team: devex
        tier: t3
        type: web
        slos:
          availability: 99.0
          latency: {threshold_ms: 1500, percentile: p95}
        dependencies:
          - elasticsearch
        ownership: {slack: "#devex"}
        """

    /// One error (E112) and one warning (W131) in the same file.
    static let badSpec = """
        service:
          name: payment-api
          team: payments
          tier: gold
          type: api
          runbok_url: https://runbooks.example.com/payment-api
        resources:
          - kind: SLO
            name: availability
            spec: {objective: 99.95}
        """

    /// Valid apart from one warning (W131).
    static let warningSpec = """
        name: search-api
        team: discovery
        tier: high
        type: api
        descripton: Full-text product search
        slos:
          availability: 99.9
        """

    @Test func validExampleFolderExitsZero() throws {
        let r = try Integration.nthlayer("validate", "examples/services")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("34 services valid"), "\(r)")
        #expect(!r.stdout.contains(" error "), "\(r)")
    }

    @Test func invalidFileExitsOneAndOtherFilesStillCount() throws {
        let dir = try ScratchDir("validate")
        try dir.write("specs/docs-search.yaml", Self.goodSpec)
        try dir.write("specs/payment-api.yaml", Self.badSpec)
        let r = try Integration.nthlayer("validate", "specs", in: dir.url)
        #expect(r.status == 1, "\(r)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains(#"specs/payment-api.yaml:4:9: error E112 service.tier: unknown tier "gold"; expected critical, high, standard, low (aliases 1–3, tier-1..3, t1..t3)"#), "\(r)")
        #expect(lines.contains(#"specs/payment-api.yaml:6:3: warning W131 service.runbok_url: unknown field "runbok_url" (did you mean "runbook_url"?)"#), "\(r)")
        #expect(lines.last == "1 error, 1 warning in 1 file; 1 service valid", "\(r)")
    }

    @Test func strictTurnsAWarningIntoExitOne() throws {
        let dir = try ScratchDir("strict")
        try dir.write("search-api.yaml", Self.warningSpec)
        let relaxed = try Integration.nthlayer("validate", "search-api.yaml", in: dir.url)
        #expect(relaxed.status == 0, "\(relaxed)")
        #expect(relaxed.stdout.contains("W131"), "\(relaxed)")
        let strict = try Integration.nthlayer("validate", "--strict", "search-api.yaml", in: dir.url)
        #expect(strict.status == 1, "\(strict)")
        #expect(strict.stdout.contains(#"search-api.yaml:5:1: warning W131 descripton: unknown field "descripton" (did you mean "description"?)"#), "\(strict)")
    }

    @Test func missingFileExitsThree() throws {
        let dir = try ScratchDir("missing")
        let r = try Integration.nthlayer("validate", "services/no-such-service.yaml", in: dir.url)
        #expect(r.status == 3, "\(r)")
        #expect(r.stdout.contains("services/no-such-service.yaml:1:1: error"), "\(r)")
        // A missing file among good ones is still 3: the run could not see everything it was asked to.
        try dir.write("docs-search.yaml", Self.goodSpec)
        let mixed = try Integration.nthlayer("validate", "docs-search.yaml", "gone.yaml", in: dir.url)
        #expect(mixed.status == 3, "\(mixed)")
    }

    @Test func nonSpecExplicitFileExitsOne() throws {
        let dir = try ScratchDir("nonspec")
        try dir.write("deployment.yaml", "kind: Deployment\nmetadata:\n  name: web\n")
        let r = try Integration.nthlayer("validate", "deployment.yaml", in: dir.url)
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.contains("deployment.yaml:1:1: error E101 (document): not an NthLayer spec"), "\(r)")
    }

    @Test func jsonReport() throws {
        let dir = try ScratchDir("json")
        try dir.write("specs/docs-search.yaml", Self.goodSpec)
        try dir.write("specs/payment-api.yaml", Self.badSpec)
        let r = try Integration.nthlayer("validate", "--format", "json", "specs", in: dir.url)
        #expect(r.status == 1, "\(r)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "stdout is one JSON document")
        #expect(json["valid"] as? Bool == false)
        #expect(json["services"] as? [String] == ["docs-search"])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 1)
        #expect(summary["warnings"] as? Int == 1)
        #expect(summary["unreadable"] as? Int == 0)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        let e112 = try #require(diagnostics.first { $0["code"] as? String == "E112" })
        #expect(e112["file"] as? String == "specs/payment-api.yaml")
        #expect(e112["line"] as? Int == 4)
        #expect(e112["column"] as? Int == 9)
        #expect(e112["severity"] as? String == "error")
        #expect(e112["field"] as? String == "service.tier")
        #expect(e112["message"] as? String == #"unknown tier "gold"; expected critical, high, standard, low (aliases 1–3, tier-1..3, t1..t3)"#)
        for d in diagnostics {
            #expect(Set(d.keys) == ["file", "line", "column", "severity", "code", "field", "message"])
        }

        let valid = try Integration.nthlayer("validate", "--format", "json", "specs/docs-search.yaml", in: dir.url)
        #expect(valid.status == 0, "\(valid)")
        let validJSON = try #require(try JSONSerialization.jsonObject(with: Data(valid.stdout.utf8)) as? [String: Any])
        #expect(validJSON["valid"] as? Bool == true)
        #expect((validJSON["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test func sarifReport() throws {
        let dir = try ScratchDir("sarif")
        try dir.write("specs/payment-api.yaml", Self.badSpec)
        let r = try Integration.nthlayer("validate", "--format", "sarif", "specs", in: dir.url)
        #expect(r.status == 1, "\(r)")
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(sarif["version"] as? String == "2.1.0")
        #expect((sarif["$schema"] as? String)?.contains("sarif") == true)
        let runs = try #require(sarif["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "nthlayer")
        let ruleIDs = (driver["rules"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ruleIDs == ["E112", "W131"])
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let e112 = try #require(results.first { $0["ruleId"] as? String == "E112" })
        #expect(e112["level"] as? String == "error")
        let text = (e112["message"] as? [String: Any])?["text"] as? String
        #expect(text?.hasPrefix("service.tier: unknown tier \"gold\"") == true, "\(String(describing: text))")
        let physical = ((e112["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String == "specs/payment-api.yaml")
        let region = physical?["region"] as? [String: Any]
        #expect(region?["startLine"] as? Int == 4)
        #expect(region?["startColumn"] as? Int == 9)
        let w131 = try #require(results.first { $0["ruleId"] as? String == "W131" })
        #expect(w131["level"] as? String == "warning")
    }
}
