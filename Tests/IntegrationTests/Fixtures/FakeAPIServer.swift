import Foundation
import NthLayerCore

/// A small fake of Grafana, PagerDuty REST v2 and Prometheus buildinfo (apis.md §3, §4, §11): Python 3 stdlib
/// `http.server`, run as a subprocess on a free loopback port and stopped by the test. The script is kept here as
/// text (not a `.py` beside it) so SwiftPM has no unhandled file in the test target and Package.swift needs no
/// resources. To run it by hand, copy the script out and start `python3 fake_api_server.py LOG GRAFANA_TOKEN PD_TOKEN`
/// (it prints its port, and exits when its stdin closes).
///
/// Scenarios are path prefixes, so each client under test gets its own behaviour and counters:
/// `http://127.0.0.1:PORT/s/<scenario>` as the base URL, or the bare URL for normal answers.
///
/// | scenario | behaviour |
/// |---|---|
/// | `429once` | first request: 429 + `Retry-After: 1` (+ PagerDuty body code 2020), then normal |
/// | `429reset` | first request: 429 with `ratelimit-reset: 1` and no `Retry-After`, then normal |
/// | `5xxonce` | first request: 503, then normal |
/// | `5xxalways` | every request: 503 |
/// | `slow` | sleeps 3 s before answering |
/// | `truncated` | 200 with the first half of the JSON body |
/// | `garbage` | 200 with an HTML page |
/// | `403` | 403 with the system's error body |
/// | `endless` | PagerDuty lists always say `more: true` |
///
/// Every request is appended to the log as one JSON line (method, scenario, path, query, auth, accept, org).
final class FakeAPIServer: @unchecked Sendable {
    static let python = "/usr/bin/python3"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

    static let grafanaToken = "glsa_fakeGrafanaToken_0123456789abcdef"
    static let pagerDutyToken = "u+fakePagerDutyKey-abcdef"

    let process = Process()
    /// The server's stdin: it exits when this closes (with the test process, at worst).
    private let lifeline = Pipe()
    let port: Int
    let dir: URL
    let log: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-fakeapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let script = dir.appendingPathComponent("fake_api_server.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        log = dir.appendingPathComponent("requests.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let out = Pipe()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [script.path, log.path, Self.grafanaToken, Self.pagerDutyToken]
        process.standardOutput = out
        process.standardInput = lifeline
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let p = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw ProviderError(provider: "test", message: "fake API server did not start")
        }
        port = p
    }

    deinit { stop() }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }
    func url(_ scenario: String) -> URL { URL(string: "http://127.0.0.1:\(port)/s/\(scenario)")! }

    /// Logged requests, oldest first.
    var requests: [[String: Any]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Logged query parameters of request `i` (`[name: [values]]`).
    func query(_ i: Int) -> [String: [String]] {
        (requests[i]["query"] as? [String: [String]]) ?? [:]
    }

    /// SIGTERM, then SIGKILL after 2 s; never waits forever.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? lifeline.fileHandleForWriting.close()
        try? FileManager.default.removeItem(at: dir)
    }

    static let script = #"""
import http.server, json, os, signal, socketserver, sys, threading, time, urllib.parse

# Spawned from a libdispatch worker thread, this process inherits a mask blocking SIGTERM: undo it, and also
# leave when the test process goes away (stdin closes).
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
signal.signal(signal.SIGTERM, signal.SIG_DFL)
def watch_stdin():
    try:
        while sys.stdin.buffer.read(1): pass
    finally:
        os._exit(0)
threading.Thread(target=watch_stdin, daemon=True).start()

LOG, GRAFANA_TOKEN, PD_TOKEN = sys.argv[1], sys.argv[2], sys.argv[3]
PD_ACCEPT = "application/vnd.pagerduty+json;version=2"
lock = threading.Lock()
counts = {}

# ---- Grafana data -------------------------------------------------------------------------------------------
FOLDERS = [{"id": 7, "uid": "fold-payments", "title": "Payments"}, {"id": 8, "uid": "fold-platform", "title": "Platform"}]
SEARCH = []
for i, name in enumerate(["checkout-svc", "payment-api", "ledger-writer", "search-api", "order-worker"]):
    f = FOLDERS[i % 2]
    SEARCH.append({"id": 100 + i, "uid": "nthlayer-" + name, "title": name + " (nthlayer)", "type": "dash-db",
                   "url": "/d/nthlayer-" + name + "/" + name, "tags": ["nthlayer", "tier-critical" if i == 0 else "tier-standard"],
                   "folderUid": f["uid"], "folderTitle": f["title"]})
DASHBOARD = {
    "id": 101, "uid": "nthlayer-checkout-svc", "title": "checkout-svc (nthlayer)", "version": 14, "schemaVersion": 39,
    "tags": ["nthlayer"],
    "panels": [
        {"id": 1, "type": "row", "title": "SLOs", "collapsed": True, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
         "panels": [{"id": 2, "type": "stat", "title": "Availability budget", "gridPos": {"x": 0, "y": 1, "w": 8, "h": 4},
                     "fieldConfig": {"defaults": {"unit": "percentunit", "thresholds": {"mode": "absolute", "steps": [
                         {"color": "red", "value": None}, {"color": "green", "value": 0.25}]}}},
                     "targets": [{"refId": "A", "expr": "slo:error_budget_remaining:ratio{service=\"checkout-svc\"}"}]}]},
        {"id": 3, "type": "timeseries", "title": "Error ratio \u2014 5m", "gridPos": {"x": 0, "y": 5, "w": 24, "h": 8},
         "targets": [{"refId": "A", "expr": "slo:sli_error:ratio_rate5m{service=\"checkout-svc\"}"}],
         "fieldConfig": {"defaults": {"unit": "percentunit", "max": 0.999, "min": 1e-05}}},
    ],
}
DASHBOARD_META = {"type": "db", "slug": "checkout-svc-nthlayer", "url": "/d/nthlayer-checkout-svc/checkout-svc-nthlayer",
                  "version": 14, "folderId": 7, "folderUid": "fold-payments", "folderTitle": "Payments",
                  "canSave": True, "provisioned": False}

# ---- PagerDuty data -----------------------------------------------------------------------------------------
def ref(kind, id_, summary):
    return {"id": id_, "type": kind + "_reference", "summary": summary, "self": "https://api.pagerduty.com/x/" + id_,
            "html_url": "https://acme.pagerduty.com/x/" + id_}
POLICIES = {
    "PEPPAY1": {"id": "PEPPAY1", "type": "escalation_policy", "name": "payments-primary", "summary": "payments-primary",
                "num_loops": 3, "escalation_rules": [
                    {"id": "R1", "escalation_delay_in_minutes": 5, "targets": [ref("schedule", "PSCHPAY", "Payments rota")]},
                    {"id": "R2", "escalation_delay_in_minutes": 15, "targets": [ref("user", "PUSRLEAD", "Lena Lead")]}],
                "services": [ref("service", "PX7Q2LM", "payment-api")], "teams": [ref("team", "PTPAY01", "payments")]},
    "PEPCHK1": {"id": "PEPCHK1", "type": "escalation_policy", "name": "checkout-primary", "summary": "checkout-primary",
                "num_loops": 2, "escalation_rules": [
                    {"id": "R3", "escalation_delay_in_minutes": 15, "targets": [ref("schedule", "PSCHCHK", "Checkout rota")]}],
                "services": [ref("service", "PCHK001", "checkout-svc")], "teams": []},
}
def service(id_, name, policy, status="active", urgency=None, ack=1800, auto=14400):
    return {"id": id_, "type": "service", "name": name, "description": name + " service", "status": status,
            "acknowledgement_timeout": ack, "auto_resolve_timeout": auto,
            "escalation_policy": ref("escalation_policy", policy, POLICIES[policy]["name"]),
            "teams": [ref("team", "PTPAY01", "payments")],
            "incident_urgency_rule": urgency or {"type": "constant", "urgency": "high"},
            "html_url": "https://acme.pagerduty.com/service-directory/" + id_}
SERVICES = [
    service("PCHK001", "checkout-svc", "PEPCHK1", ack=900),
    service("PLED001", "ledger-writer", "PEPPAY1", status="disabled", ack=None, auto=None,
            urgency={"type": "use_support_hours", "during_support_hours": {"type": "constant", "urgency": "high"},
                     "outside_support_hours": {"type": "constant", "urgency": "low"}}),
    service("PX7Q2LM", "payment-api", "PEPPAY1", ack=900),
    service("PX7CANY", "payment-api-canary", "PEPPAY1", status="warning", urgency={"type": "constant", "urgency": "low"}),
    service("PSRC001", "search-api", "PEPCHK1", status="maintenance"),
]
SCHEDULES = [{"id": "PSCHPAY", "type": "schedule", "name": "Payments rota", "summary": "Payments rota", "time_zone": "Europe/London",
              "escalation_policies": [ref("escalation_policy", "PEPPAY1", "payments-primary")]},
             {"id": "PSCHCHK", "type": "schedule", "name": "Checkout rota", "summary": "Checkout rota", "time_zone": "UTC",
              "escalation_policies": [ref("escalation_policy", "PEPCHK1", "checkout-primary")]}]
ONCALLS = [
    {"escalation_policy": ref("escalation_policy", "PEPPAY1", "payments-primary"), "escalation_level": 2,
     "schedule": None, "user": ref("user", "PUSRLEAD", "Lena Lead"), "start": None, "end": None},
    {"escalation_policy": ref("escalation_policy", "PEPPAY1", "payments-primary"), "escalation_level": 1,
     "schedule": ref("schedule", "PSCHPAY", "Payments rota"), "user": ref("user", "PUSRADA", "Ada Nwosu"),
     "start": "2026-05-01T09:00:00Z", "end": "2026-05-08T09:00:00.000Z"},
    {"escalation_policy": ref("escalation_policy", "PEPCHK1", "checkout-primary"), "escalation_level": 1,
     "schedule": ref("schedule", "PSCHCHK", "Checkout rota"), "user": ref("user", "PUSRYUK", "Yuki Sato"),
     "start": "2026-05-01T00:00:00Z", "end": "2026-05-02T00:00:00Z"},
]

def paged(items, q, key, default_limit=25):
    limit = int(q.get("limit", [str(default_limit)])[0]); offset = int(q.get("offset", ["0"])[0])
    if offset + limit > 10000:
        return 400, {"error": {"message": "Invalid Input Provided", "code": 2001,
                               "errors": ["Offset must be less than 10000 minus limit."]}}
    page = items[offset:offset + limit]
    return 200, {key: page, "limit": limit, "offset": offset, "more": offset + len(page) < len(items), "total": None}

class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass

    def send(self, code, body, headers=(), raw=None, ctype="application/json"):
        data = raw if raw is not None else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers: self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        path, q = u.path, urllib.parse.parse_qs(u.query, keep_blank_values=True)
        scenario = ""
        if path.startswith("/s/"):
            _, _, scenario, rest = path.split("/", 3) if path.count("/") >= 3 else (None, None, path[3:], "")
            path = "/" + rest
        with lock:
            counts[scenario] = counts.get(scenario, 0) + 1
            n = counts[scenario]
            with open(LOG, "a") as f:
                f.write(json.dumps({"n": n, "method": self.command, "scenario": scenario, "path": path, "query": q,
                                    "auth": self.headers.get("Authorization"), "accept": self.headers.get("Accept"),
                                    "org": self.headers.get("X-Grafana-Org-Id")}) + "\n")
        pd = not path.startswith("/api/")
        if scenario == "slow":
            time.sleep(3)
        if scenario in ("429once", "429reset") and n == 1:
            hdrs = [("Retry-After", "1")] if scenario == "429once" else [("ratelimit-reset", "1"), ("ratelimit-remaining", "0")]
            body = {"error": {"message": "Rate Limit Exceeded", "code": 2020}} if pd else {"message": "Too many requests"}
            return self.send(429, body, hdrs)
        if scenario == "5xxalways" or (scenario == "5xxonce" and n == 1):
            return self.send(503, None, raw=b"<html><body>503 Service Unavailable</body></html>", ctype="text/html")
        if path == "/api/v1/status/buildinfo":
            return self.send(200, {"status": "success", "data": {"version": "2.42.0", "revision": "abc", "goVersion": "go1.19"}})
        if path == "/api/health":
            return self.send(200, {"commit": "0f6b4a1", "database": "ok", "version": "11.3.0"})
        if pd:
            return self.pagerduty(path, q, scenario)
        return self.grafana(path, q, scenario)

    # ---- Grafana ----
    def grafana(self, path, q, scenario):
        auth = self.headers.get("Authorization") or ""
        if auth not in ("Bearer " + GRAFANA_TOKEN, "Basic YWRtaW46czNjcmV0LXB3"):  # admin:s3cret-pw
            return self.send(401, {"message": "invalid API key" if auth else "Unauthorized"})
        if scenario == "403":
            return self.send(403, {"message": "You'll need additional permissions to perform this action. Permissions needed: dashboards:read"})
        if scenario == "truncated":
            full = json.dumps({"dashboard": DASHBOARD, "meta": DASHBOARD_META}).encode()
            return self.send(200, None, raw=full[: len(full) // 2])
        if scenario == "garbage":
            return self.send(200, None, raw=b"<!doctype html><html><body>Login - Grafana</body></html>", ctype="text/html")
        if path == "/api/search":
            hits = SEARCH
            if q.get("query"): hits = [h for h in hits if q["query"][0].lower() in h["title"].lower()]
            for t in q.get("tag", []): hits = [h for h in hits if t in h["tags"]]
            limit = int(q.get("limit", ["1000"])[0]); page = int(q.get("page", ["1"])[0])
            return self.send(200, hits[(page - 1) * limit: page * limit])
        if path.startswith("/api/dashboards/uid/"):
            uid = urllib.parse.unquote(path[len("/api/dashboards/uid/"):])
            if uid == DASHBOARD["uid"]:
                return self.send(200, {"dashboard": DASHBOARD, "meta": DASHBOARD_META})
            return self.send(404, {"message": "Dashboard not found"})
        if path == "/api/folders":
            limit = int(q.get("limit", ["1000"])[0]); page = int(q.get("page", ["1"])[0])
            return self.send(200, FOLDERS[(page - 1) * limit: page * limit])
        if path.startswith("/api/folders/"):
            uid = path[len("/api/folders/"):]
            for f in FOLDERS:
                if f["uid"] == uid: return self.send(200, dict(f, url="/dashboards/f/" + uid))
            return self.send(404, {"message": "folder not found", "status": "not-found"})
        return self.send(404, {"message": "Not found"})

    # ---- PagerDuty ----
    def pagerduty(self, path, q, scenario):
        if self.headers.get("Authorization") != "Token token=" + PD_TOKEN:
            return self.send(401, {"error": {"message": "Authentication failed", "code": 2006,
                                             "errors": ["The API key provided is not valid"]}})
        if self.headers.get("Accept") != PD_ACCEPT:
            return self.send(400, {"error": {"message": "Invalid Input Provided", "code": 2001,
                                             "errors": ["Accept must be " + PD_ACCEPT]}})
        if scenario == "403":
            return self.send(403, {"error": {"message": "Access Denied", "code": 2010}})
        if scenario == "truncated":
            full = json.dumps({"services": SERVICES, "more": False}).encode()
            return self.send(200, None, raw=full[: len(full) // 2])
        include = q.get("include[]", [])
        def expand(s):
            if "escalation_policies" in include:
                s = dict(s, escalation_policy=POLICIES[s["escalation_policy"]["id"]])
            return s
        if path == "/services":
            if scenario == "endless":
                limit = int(q.get("limit", ["25"])[0]); offset = int(q.get("offset", ["0"])[0])
                if offset + limit > 10000:
                    return self.send(400, {"error": {"message": "Invalid Input Provided", "code": 2001}})
                items = [service("PE%05d" % (offset + i), "svc-%05d" % (offset + i), "PEPCHK1") for i in range(limit)]
                return self.send(200, {"services": items, "limit": limit, "offset": offset, "more": True, "total": None})
            items = SERVICES
            if q.get("query"): items = [s for s in items if q["query"][0].lower() in s["name"].lower()]
            code, body = paged([expand(s) for s in items], q, "services")
            return self.send(code, body)
        if path.startswith("/services/"):
            sid = path[len("/services/"):]
            for s in SERVICES:
                if s["id"] == sid: return self.send(200, {"service": expand(s)})
            return self.send(404, {"error": {"message": "Not Found", "code": 2100}})
        if path == "/escalation_policies":
            items = list(POLICIES.values())
            if q.get("query"): items = [p for p in items if q["query"][0].lower() in p["name"].lower()]
            code, body = paged(items, q, "escalation_policies")
            return self.send(code, body)
        if path.startswith("/escalation_policies/"):
            pid = path[len("/escalation_policies/"):]
            if pid in POLICIES: return self.send(200, {"escalation_policy": POLICIES[pid]})
            return self.send(404, {"error": {"message": "Not Found", "code": 2100}})
        if path == "/schedules":
            code, body = paged(SCHEDULES, q, "schedules")
            return self.send(code, body)
        if path == "/oncalls":
            ids = q.get("escalation_policy_ids[]", [])
            items = [o for o in ONCALLS if not ids or o["escalation_policy"]["id"] in ids]
            code, body = paged(items, q, "oncalls")
            return self.send(code, body)
        if path == "/abilities":
            return self.send(200, {"abilities": ["sso", "teams", "urgencies", "read_only_users"]})
        return self.send(404, {"error": {"message": "Not Found", "code": 2100}})

class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

s = S(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#
}
