import Foundation
import Testing
@testable import NthLayerCore
@testable import Providers

/// The Prometheus client against a tiny scripted HTTP server (Python, inline): retries, Retry-After, error
/// envelopes, headers, string sample values.
@Suite(.serialized) struct FakePrometheusTests {
    static let python = "/usr/bin/python3"

    /// Modes: `429once` (429 + Retry-After: 1, then 200), `503always`, `400` (bad_data), `ok`.
    /// Every request is appended to the log file as one JSON line.
    static let script = #"""
import http.server, json, signal, sys, socketserver
# The test runner may hand us SIGTERM ignored or blocked.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
mode, log = sys.argv[1], sys.argv[2]
count = {"n": 0}
VECTOR = {"status": "success", "data": {"resultType": "vector", "result": [
    {"metric": {"service": "a", "slo": "availability"}, "value": [1700000000.5, "0.0021"]},
    {"metric": {"service": "b", "slo": "availability"}, "value": [1700000000.5, "NaN"]},
    {"metric": {"service": "c", "slo": "availability"}, "value": [1700000000.5, "+Inf"]}]}}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def answer(self, code, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        for k, v in headers: self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        count["n"] += 1
        with open(log, "a") as f:
            f.write(json.dumps({"n": count["n"], "method": self.command, "path": self.path, "body": body,
                                "auth": self.headers.get("Authorization"), "tenant": self.headers.get("X-Scope-OrgID")}) + "\n")
        if mode == "429once" and count["n"] == 1:
            return self.answer(429, {"status": "error", "errorType": "unavailable", "error": "slow down"}, [("Retry-After", "1")])
        if mode == "503always":
            return self.answer(503, {"status": "error", "errorType": "timeout", "error": "query timed out in expression evaluation"})
        if mode == "400":
            return self.answer(400, {"status": "error", "errorType": "bad_data", "error": "1:5: parse error: unexpected end of input"})
        if self.path.startswith("/api/v1/status/buildinfo"):
            return self.answer(200, {"status": "success", "data": {"version": "2.42.0", "revision": "x"}})
        return self.answer(200, VECTOR)
    do_GET = handle_any
    do_POST = handle_any
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#

    final class Server {
        let process = Process()
        let port: Int
        let log: URL
        let dir: URL

        init(mode: String) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-fakeprom-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let scriptURL = dir.appendingPathComponent("fake_prometheus.py")
            try FakePrometheusTests.script.write(to: scriptURL, atomically: true, encoding: .utf8)
            log = dir.appendingPathComponent("requests.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let out = Pipe()
            process.executableURL = URL(fileURLWithPath: FakePrometheusTests.python)
            process.arguments = [scriptURL.path, mode, log.path]
            process.standardOutput = out
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            guard let p = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
                process.terminate()
                throw ProviderError(provider: "test", message: "fake server did not start")
            }
            port = p
        }

        var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

        var requests: [[String: Any]] {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        func stop() {
            stopProcess(process)
            try? FileManager.default.removeItem(at: dir)
        }
    }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

    @Test(.enabled(if: available)) func retriesAfter429HonouringRetryAfter() throws {
        let server = try Server(mode: "429once")
        defer { server.stop() }
        let client = PrometheusClient(config: PrometheusConfig(baseURL: server.url))
        let started = Date()
        let result = try client.query("up", at: Date(timeIntervalSince1970: 1_700_000_000))
        let elapsed = Date().timeIntervalSince(started)
        #expect(client.requestCount == 2)
        #expect(server.requests.count == 2)
        #expect(elapsed >= 0.95, "waited \(elapsed) s; Retry-After said 1 s")
        #expect(result.samples.count == 3)
    }

    @Test(.enabled(if: available)) func gives503UpAfterThreeAttemptsWithAClearMessage() throws {
        let server = try Server(mode: "503always")
        defer { server.stop() }
        var config = PrometheusConfig(baseURL: server.url)
        config.backoffBase = 0.05
        let client = PrometheusClient(config: config)
        do {
            _ = try client.query("up")
            Issue.record("expected a failure")
        } catch let e as PrometheusError {
            #expect(e.message == "Prometheus at \(server.url.absoluteString) answered 503 timeout: query timed out in expression evaluation (after 3 attempts)")
            #expect(e.isAvailabilityFailure)
        }
        #expect(client.requestCount == 3)
        #expect(server.requests.count == 3)
    }

    @Test(.enabled(if: available)) func badDataIsNotRetriedAndReadsLikePrometheus() throws {
        let server = try Server(mode: "400")
        defer { server.stop() }
        let client = PrometheusClient(config: PrometheusConfig(baseURL: server.url))
        do {
            _ = try client.query("sum(")
            Issue.record("expected a failure")
        } catch let e as PrometheusError {
            #expect(e.message == "Prometheus at http://127.0.0.1:\(server.port) answered 400 bad_data: 1:5: parse error: unexpected end of input")
            #expect(!e.isAvailabilityFailure)
        }
        #expect(client.requestCount == 1)
    }

    @Test(.enabled(if: available)) func sendsTenantAndTokenAndDecodesStringValues() throws {
        let server = try Server(mode: "ok")
        defer { server.stop() }
        let secret = "s3cr3t-token-value"
        let client = PrometheusClient(config: PrometheusConfig(baseURL: server.url, bearerToken: secret, tenant: "team-a"))
        let samples = try client.query("slo:error_budget_remaining:ratio", at: Date(timeIntervalSince1970: 1_700_000_000)).samples
        let byService = Dictionary(uniqueKeysWithValues: samples.map { ($0.metric["service"]!, $0.value) })
        #expect(byService["a"] == 0.0021)
        #expect(byService["b"]?.isNaN == true)
        #expect(byService["c"] == .infinity)
        #expect(samples.first?.time == 1_700_000_000.5)
        let info = try client.buildInfo()
        #expect(info["version"] == "2.42.0")
        let first = try #require(server.requests.first)
        #expect(first["method"] as? String == "POST")
        #expect(first["path"] as? String == "/api/v1/query")
        #expect((first["body"] as? String)?.contains("query=slo%3Aerror_budget_remaining%3Aratio") == true)
        #expect((first["body"] as? String)?.contains("time=1700000000") == true)
        #expect(first["auth"] as? String == "Bearer \(secret)")
        #expect(first["tenant"] as? String == "team-a")
    }

    @Test func credentialsNeverAppearInMessages() throws {
        let config = PrometheusConfig(baseURL: URL(string: "http://admin:hunter2@127.0.0.1:1/prom")!)
        #expect(config.username == "admin" && config.password == "hunter2")
        #expect(config.displayURL == "http://127.0.0.1:1/prom")
        var quick = config
        quick.maxAttempts = 1
        let client = PrometheusClient(config: quick)
        do { _ = try client.query("up"); Issue.record("port 1 answered") } catch let e as PrometheusError {
            #expect(!e.message.contains("hunter2") && !e.message.contains("admin"))
            #expect(e.message.hasPrefix("cannot reach Prometheus at http://127.0.0.1:1/prom"))
            #expect(e.isAvailabilityFailure)
        }
    }

    @Test func retryAfterParsesSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(PrometheusClient.retryAfter("7", now: now) == 7)
        #expect(PrometheusClient.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == 10)
        #expect(PrometheusClient.retryAfter("soon", now: now) == nil)
    }

    @Test func combinedQueryTagsEachWindow() throws {
        let loc = SourceLocation(file: "t.yaml", line: 1, column: 1)
        var s = ServiceSpec(name: "alpha", team: "t", tier: .critical, type: .api, location: loc)
        let slo = SLOSpec(name: "availability", type: .availability, objective: 99.9, window: .days(30),
                          indicator: .errorTotal(error: "sum(rate(errs_total[5m]))", total: "sum(rate(reqs_total[5m]))"), location: loc)
        s.slos = [slo]
        let q = try PrometheusTelemetrySource.combinedQuery(service: s, slo: slo, windows: [.minutes(5), .days(30), .minutes(5)])
        #expect(q.contains("\"nthlayer_window\", \"5m\""))
        #expect(q.contains("errs_total[30d]"))
        #expect(q.components(separatedBy: " or ").count == 2)
    }
}

/// SIGTERM, then SIGKILL after `grace` seconds: a child that inherited an ignored SIGTERM must still go.
func stopProcess(_ process: Process, grace: TimeInterval = 3) {
    guard process.isRunning else { return }
    process.terminate()
    let deadline = Date().addingTimeInterval(grace)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
}
