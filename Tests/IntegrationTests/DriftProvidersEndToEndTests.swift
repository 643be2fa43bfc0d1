import Foundation
import Testing

/// `nthlayer drift --kind config` for the dashboard and PagerDuty kinds, end to end: the demo world's exported Grafana
/// and PagerDuty state served by a small local server speaking their documented shapes (bearer / `Token token=` auth,
/// 404 bodies, offset/limit pagination), compared with what `drift --demo` finds in memory.
@Suite(.serialized) struct DriftProvidersEndToEndTests {
    static let grafanaToken = "glsa_e2e_0123456789"
    static let pagerDutyToken = "pd_e2e_abcdef"

    static let server = #"""
    import http.server, json, os, sys, urllib.parse
    root, gtoken, ptoken = sys.argv[1], sys.argv[2], sys.argv[3]
    services = json.load(open(os.path.join(root, "pagerduty", "services.json")))["services"]
    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def send(self, code, body):
            data = json.dumps(body).encode()
            self.send_response(code); self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
        def do_GET(self):
            url = urllib.parse.urlparse(self.path); q = urllib.parse.parse_qs(url.query)
            auth = self.headers.get("Authorization", "")
            if url.path.startswith("/api/"):
                if auth != "Bearer " + gtoken: return self.send(401, {"message": "Invalid API key"})
                if url.path.startswith("/api/dashboards/uid/"):
                    uid = url.path.rsplit("/", 1)[1]
                    path = os.path.join(root, "grafana", "dashboards", uid + ".json")
                    if not os.path.exists(path): return self.send(404, {"message": "Dashboard not found"})
                    return self.send(200, json.load(open(path)))
                return self.send(404, {"message": "Not found"})
            if auth != "Token token=" + ptoken:
                return self.send(401, {"error": {"message": "Unauthorized", "code": 2006}})
            if url.path == "/services":
                name = q.get("query", [""])[0].lower()
                found = [s for s in services if name in s["name"].lower()]
                offset, limit = int(q.get("offset", ["0"])[0]), int(q.get("limit", ["25"])[0])
                page = found[offset:offset + limit]
                return self.send(200, {"services": page, "limit": limit, "offset": offset, "total": None,
                                       "more": offset + limit < len(found)})
            if url.path.startswith("/services/"):
                sid = url.path.rsplit("/", 1)[1]
                for s in services:
                    if s["id"] == sid: return self.send(200, {"service": s})
                return self.send(404, {"error": {"message": "Not Found", "code": 2100}})
            return self.send(404, {"error": {"message": "Not Found", "code": 2100}})
    s = http.server.HTTPServer(("127.0.0.1", 0), H)
    print(s.server_address[1], flush=True)
    s.serve_forever()
    """#

    static let services = ["checkout-svc", "payment-api", "ledger-writer", "inventory-svc", "mobile-bff",
                           "feature-flags", "catalog-api", "identity-svc", "cart-svc"]

    static func key(_ f: [String: Any]) -> String {
        "\(f["kind"]!) \(f["change"]!) \(f["service"]!) \(f["resource"]!) \(f["field"]!)"
    }

    static func findings(_ stdout: String) throws -> [[String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], "\(stdout)")
        return root["findings"] as? [[String: Any]] ?? []
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: Integration.binaryPath)), .timeLimit(.minutes(2)))
    func dashboardAndPagerDutyDriftAgainstLocalServers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = try Integration.runClean(Integration.binaryPath, ["demo", "export", "--out", dir.appendingPathComponent("export").path,
                                                                      "--services", Self.services.joined(separator: ","), "--days", "31"])
        #expect(export.status == 0, "\(export.stderr)")
        let gToken = dir.appendingPathComponent("grafana.token"), pToken = dir.appendingPathComponent("pd.token")
        try Self.grafanaToken.write(to: gToken, atomically: true, encoding: .utf8)
        try Self.pagerDutyToken.write(to: pToken, atomically: true, encoding: .utf8)
        for f in [gToken, pToken] { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: f.path) }
        try Self.server.write(to: dir.appendingPathComponent("server.py"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [dir.appendingPathComponent("server.py").path, dir.appendingPathComponent("export").path,
                             Self.grafanaToken, Self.pagerDutyToken]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let port = Int(String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let url = "http://127.0.0.1:\(port)"
        let specs = Self.services.map { Integration.packageRoot.appendingPathComponent("examples/services/\($0).yaml").path }

        let live = try Integration.runClean(Integration.binaryPath, ["drift"] + specs + [
            "--kind", "config", "--grafana", url, "--grafana-token-file", gToken.path,
            "--pagerduty-token-file", pToken.path, "--format", "json"], environment: ["NTHLAYER_PAGERDUTY_URL": url])
        let liveFindings = try Self.findings(live.stdout)
        #expect(!live.stdout.contains(Self.grafanaToken) && !live.stderr.contains(Self.pagerDutyToken))

        let demo = try Integration.runClean(Integration.binaryPath, ["drift", "--demo", "--kind", "config", "--format", "json"])
        let wanted = try Self.findings(demo.stdout).filter {
            ["dashboard", "pagerduty"].contains($0["kind"] as? String ?? "") && Self.services.contains($0["service"] as? String ?? "")
        }
        let got = Set(liveFindings.map(Self.key)), expected = Set(wanted.map(Self.key))
        #expect(!expected.isEmpty)
        #expect(got == expected, "extra: \(got.subtracting(expected).sorted())\nmissing: \(expected.subtracting(got).sorted())")
        #expect(got.contains { $0.hasPrefix("dashboard missing payment-api") })
        #expect(got.contains { $0.hasPrefix("pagerduty missing mobile-bff") })
        #expect(got.contains { $0.hasPrefix("pagerduty changed feature-flags") && $0.hasSuffix("status") })
        #expect(live.status == 2)

        // A wrong Grafana token: a clear 401, no token in the output, and nothing evaluated → exit 3.
        try "glsa_wrong".write(to: gToken, atomically: true, encoding: .utf8)
        let denied = try Integration.runClean(Integration.binaryPath, ["drift"] + specs + [
            "--kind", "config", "--grafana", url, "--grafana-token-file", gToken.path])
        #expect(denied.status == 3)
        #expect((denied.stdout + denied.stderr).contains("401"))
        #expect(!(denied.stdout + denied.stderr).contains("glsa_wrong"))
    }
}
