import Foundation
import Testing
import Providers
import NthLayerCore

/// Rules drift against a Mimir-style ruler (`/prometheus/config/v1/rules`, YAML, `X-Scope-OrgID`), served by a small
/// local server that speaks the documented shapes: 401 without the tenant, 404 "no rule groups found" for an empty one.
@Suite(.serialized) struct MimirRulerTests {
    static let server = #"""
    import http.server, sys, os
    root, tenant = sys.argv[1], sys.argv[2]
    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def do_GET(self):
            if self.headers.get("X-Scope-OrgID") is None:
                self.send_response(401); self.end_headers(); self.wfile.write(b"no org id\n"); return
            if self.headers.get("X-Scope-OrgID") != tenant or not self.path.startswith("/prometheus/config/v1/rules"):
                self.send_response(404); self.end_headers(); self.wfile.write(b"no rule groups found\n"); return
            body = open(os.path.join(root, "rules.yaml"), "rb").read()
            self.send_response(200); self.send_header("Content-Type", "application/yaml"); self.end_headers()
            self.wfile.write(body)
    s = http.server.HTTPServer(("127.0.0.1", 0), H)
    print(s.server_address[1], flush=True)
    s.serve_forever()
    """#

    final class FakeRuler {
        let dir: URL
        let process = Process()
        var port = 0
        init(rules: String) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-ruler-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try MimirRulerTests.server.write(to: dir.appendingPathComponent("server.py"), atomically: true, encoding: .utf8)
            try rules.write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [dir.appendingPathComponent("server.py").path, dir.path, "tenant-a"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
            port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        func setRules(_ text: String) throws {
            try text.write(to: dir.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        }
        var url: String { "http://127.0.0.1:\(port)" }
        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// The generated rule files of one spec, as a ruler namespace listing.
    static func rulerListing(_ setup: DriftLiveTests.Setup) throws -> String {
        var listing = "checkout-svc:\n"
        for file in ["recording-rules.yaml", "alerts.yaml"] {
            let text = try String(contentsOfFile: "\(setup.rules.path)/checkout-svc/\(file)", encoding: .utf8)
            listing += text.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("groups:") }
                .dropFirst().joined(separator: "\n")
        }
        return listing
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: Integration.binaryPath)), .timeLimit(.minutes(2)))
    func rulerRulesDriftWithTenant() throws {
        let setup = try DriftLiveTests.setUp()
        defer { try? FileManager.default.removeItem(at: setup.dir) }
        let listing = try Self.rulerListing(setup)
        let ruler = try FakeRuler(rules: listing)
        defer { ruler.stop() }
        let spec = [setup.specs[0]]
        func drift(_ tenant: String) throws -> (Int32, String, String) {
            let r = try Integration.runClean(Integration.binaryPath, ["drift"] + spec +
                ["--kind", "config", "--prometheus", ruler.url, "--mimir-tenant", tenant, "--format", "json"])
            return (r.status, r.stdout, r.stderr)
        }
        let (clean, out, err) = try drift("tenant-a")
        #expect(clean == 0, "\(out)\n\(err)")
        #expect(out.contains("\"mimir ruler (rules)\": \"used\""))
        #expect(out.contains("\"findings\": []"))

        try ruler.setRules(listing.replacingOccurrences(of: "> 14.4 * 0.0005", with: "> 0.0144"))
        let (status, edited, _) = try drift("tenant-a")
        #expect(status == 2)
        #expect(edited.contains("\"kind\": \"slo_threshold\""))

        // Another tenant has no rule groups: every declared rule is missing.
        let (other, empty, _) = try drift("tenant-b")
        #expect(other == 2)
        #expect(empty.contains("\"change\": \"missing\""))
    }

    @Test func clientReadsRulerAndReportsMissingTenant() throws {
        let ruler = try FakeRuler(rules: "ns:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n")
        defer { ruler.stop() }
        let withTenant = PrometheusClient(config: PrometheusConfig(baseURL: URL(string: ruler.url)!, tenant: "tenant-a"))
        let groups = try withTenant.rulerRules()
        #expect(groups.map(\.name) == ["g"])
        #expect(groups.first?.rules.first?.name == "a:b")
        let noTenant = PrometheusClient(config: PrometheusConfig(baseURL: URL(string: ruler.url)!))
        #expect(throws: PrometheusError.self) { try noTenant.rulerRules() }
        do { _ = try noTenant.rulerRules() } catch { #expect("\(error)".contains("401")) }
    }
}
