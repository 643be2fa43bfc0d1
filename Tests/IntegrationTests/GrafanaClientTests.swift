import Foundation
import Testing
@testable import NthLayerCore
@testable import Providers

/// The real Grafana client against the fake API server (Fixtures/FakeAPIServer.swift): search paging, dashboards by
/// uid, 401/403/404, retries, timeouts and broken bodies.
@Suite(.serialized) struct GrafanaClientTests {
    static let token = FakeAPIServer.grafanaToken

    static func client(_ url: URL, token: String? = GrafanaClientTests.token, configure: (inout GrafanaConfig) -> Void = { _ in }) -> GrafanaClient {
        var c = GrafanaConfig(baseURL: url, token: token)
        c.options.backoffBase = 0.05
        configure(&c)
        return GrafanaClient(config: c)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func searchFollowsPagesAndSendsTheBearerToken() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url) { $0.searchPageSize = 2; $0.orgID = 3 }
        let hits = try client.search(tags: ["nthlayer"])
        #expect(hits.map(\.uid) == ["nthlayer-checkout-svc", "nthlayer-payment-api", "nthlayer-ledger-writer",
                                    "nthlayer-search-api", "nthlayer-order-worker"])
        #expect(hits[1].folderUid == "fold-platform" && hits[1].folderTitle == "Platform")
        #expect(hits[0].tags == ["nthlayer", "tier-critical"])
        #expect(hits[0].type == "dash-db")
        let requests = server.requests
        #expect(requests.count == 3)
        for (i, r) in requests.enumerated() {
            #expect(r["path"] as? String == "/api/search")
            #expect(r["auth"] as? String == "Bearer \(Self.token)")
            #expect(r["org"] as? String == "3")
            let q = server.query(i)
            #expect(q["type"] == ["dash-db"] && q["tag"] == ["nthlayer"] && q["limit"] == ["2"] && q["page"] == ["\(i + 1)"])
        }
    }

    @Test(.enabled(if: FakeAPIServer.available)) func searchByQueryAndMaxResults() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url)
        #expect(try client.search(query: "payment").map(\.uid) == ["nthlayer-payment-api"])
        #expect(server.query(0)["query"] == ["payment"])
        #expect(try client.search(maxResults: 1).count == 1)
        #expect(server.query(1)["limit"] == ["1"])
    }

    @Test(.enabled(if: FakeAPIServer.available)) func dashboardByUIDKeepsTheModelAsSent() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url)
        let d = try #require(try client.dashboard(uid: "nthlayer-checkout-svc"))
        #expect(d.uid == "nthlayer-checkout-svc")
        #expect(d.title == "checkout-svc (nthlayer)")
        #expect(d.folderUid == "fold-payments" && d.folderTitle == "Payments")
        #expect(d.version == 14 && d.slug == "checkout-svc-nthlayer")
        #expect(d.url == "/d/nthlayer-checkout-svc/checkout-svc-nthlayer")
        // Key order and number text survive: what drift compares is what Grafana holds.
        guard case .object(let pairs) = d.model else { Issue.record("model is not an object"); return }
        #expect(pairs.map(\.0) == ["id", "uid", "title", "version", "schemaVersion", "tags", "panels"])
        #expect(d.panels.map { $0["title"]?.stringValue } == ["SLOs", "Availability budget", "Error ratio — 5m"])
        let defaults = d.panels[2]["fieldConfig"]?["defaults"]
        #expect(defaults?["max"] == .number("0.999") && defaults?["min"] == .number("1e-05"))
        #expect(d.panels[1]["fieldConfig"]?["defaults"]?["thresholds"]?["steps"]?.arrayValue?.first?["value"] == .null)
        #expect(d.panels[1]["targets"]?.arrayValue?.first?["expr"]?.stringValue
                == "slo:error_budget_remaining:ratio{service=\"checkout-svc\"}")
        #expect(d.meta["provisioned"] == .bool(false))
    }

    @Test(.enabled(if: FakeAPIServer.available)) func aMissingDashboardIsNilNotAnError() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url)
        #expect(try client.dashboard(uid: "nthlayer-nope") == nil)
        #expect(try client.folder(uid: "nope") == nil)
        #expect(server.requests.count == 2, "404 is an answer, never retried")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func foldersAndHealth() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url)
        #expect(try client.folders().map(\.uid) == ["fold-payments", "fold-platform"])
        let f = try #require(try client.folder(uid: "fold-platform"))
        #expect(f.title == "Platform" && f.id == 8 && f.url == "/dashboards/f/fold-platform")
        let h = try client.health()
        #expect(h.version == "11.3.0" && h.database == "ok")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func basicAuthWhenNoToken() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        var c = GrafanaConfig(baseURL: server.url, username: "admin", password: "s3cret-pw")
        c.options.maxAttempts = 1
        #expect(try GrafanaClient(config: c).search().count == 5)
        #expect(server.requests.first?["auth"] as? String == "Basic YWRtaW46czNjcmV0LXB3")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a401NamesTheVariableAndNeverTheToken() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let wrong = "glsa_wrongTokenValue_42424242"
        let client = Self.client(server.url, token: wrong)
        do {
            _ = try client.dashboard(uid: "nthlayer-checkout-svc")
            Issue.record("expected a 401")
        } catch let e as GrafanaError {
            #expect(e.kind == .unauthorized)
            #expect(e.message == "Grafana at http://127.0.0.1:\(server.port) answered 401: invalid API key — check NTHLAYER_GRAFANA_TOKEN")
            #expect(!e.message.contains(wrong))
        }
        #expect(server.requests.count == 1, "401 is never retried")

        // No token at all: the hint says to set one.
        let anonymous = Self.client(server.url, token: nil)
        #expect(throws: GrafanaError.self) { try anonymous.search() }
        do { _ = try anonymous.search() } catch let e as GrafanaError {
            #expect(e.message.hasSuffix("answered 401: Unauthorized — no token is set; set NTHLAYER_GRAFANA_TOKEN"))
        }
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a403SaysPermission() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        do {
            _ = try Self.client(server.url("403")).dashboard(uid: "nthlayer-checkout-svc")
            Issue.record("expected a 403")
        } catch let e as GrafanaError {
            #expect(e.kind == .forbidden)
            #expect(e.message.hasPrefix("Grafana at http://127.0.0.1:\(server.port)/s/403 answered 403: You'll need additional permissions"))
            #expect(e.message.hasSuffix("lacks permission for dashboard nthlayer-checkout-svc"))
        }
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a5xxIsRetriedThenSucceeds() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url("5xxonce"))
        let d = try client.dashboard(uid: "nthlayer-checkout-svc")
        #expect(d?.version == 14)
        #expect(client.requestCount == 2 && server.requests.count == 2)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a5xxThatPersistsFailsWithTheStatusAndAttempts() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        do {
            _ = try Self.client(server.url("5xxalways")).search()
            Issue.record("expected a failure")
        } catch let e as GrafanaError {
            #expect(e.kind == .http(status: 503))
            #expect(e.message == "Grafana at http://127.0.0.1:\(server.port)/s/5xxalways answered 503 for search: <html><body>503 Service Unavailable</body></html> (after 3 attempts)")
        }
        #expect(server.requests.count == 3)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a429WaitsForRetryAfter() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url("429once"))
        let started = Date()
        #expect(try client.search().count == 5)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.95, "waited \(elapsed) s; Retry-After said 1 s")
        #expect(server.requests.count == 2)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func aRetryAfterPastTheDeadlineFailsAsRateLimited() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url("429once")) { $0.options.deadline = 0.5 }
        do {
            _ = try client.search()
            Issue.record("expected rate limiting")
        } catch let e as GrafanaError {
            #expect(e.kind == .rateLimited)
            #expect(e.message.hasPrefix("rate limited by Grafana at http://127.0.0.1:\(server.port)/s/429once"))
        }
        #expect(server.requests.count == 1)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func aSlowGrafanaTimesOut() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url("slow")) { $0.options.requestTimeout = 0.5; $0.options.maxAttempts = 2 }
        let started = Date()
        do {
            _ = try client.dashboard(uid: "nthlayer-checkout-svc")
            Issue.record("expected a timeout")
        } catch let e as GrafanaError {
            #expect(e.kind == .unreachable)
            #expect(e.message.hasPrefix("cannot reach Grafana at http://127.0.0.1:\(server.port)/s/slow: no answer within 0.5 s"))
            #expect(e.message.hasSuffix("(after 2 attempts)"))
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 2.5, "two 0.5 s attempts took \(elapsed) s")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func truncatedJSONIsAClearError() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        do {
            _ = try Self.client(server.url("truncated")).dashboard(uid: "nthlayer-checkout-svc")
            Issue.record("expected a bad response")
        } catch let e as GrafanaError {
            #expect(e.kind == .badResponse)
            #expect(e.message.hasPrefix("Grafana at http://127.0.0.1:\(server.port)/s/truncated answered dashboard nthlayer-checkout-svc with a body that is not valid JSON (truncated JSON (unexpected end of input) at byte "))
        }
        #expect(server.requests.count == 1, "a bad body is not retried")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func anHTMLPageIsAClearError() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        do {
            _ = try Self.client(server.url("garbage")).search()
            Issue.record("expected a bad response")
        } catch let e as GrafanaError {
            #expect(e.kind == .badResponse)
            #expect(e.message.contains("answered search with a body that is not valid JSON (unexpected character '<', expected a JSON value at byte 0): <!doctype html>"))
        }
    }

    @Test func connectionRefusedIsRetriedAndNamesTheRedactedURL() throws {
        var c = GrafanaConfig(baseURL: URL(string: "http://admin:hunter2@127.0.0.1:1/grafana")!, token: "glsa_x_secret")
        c.options.backoffBase = 0.01
        let client = GrafanaClient(config: c)
        do { _ = try client.search(); Issue.record("port 1 answered") } catch let e as GrafanaError {
            #expect(e.kind == .unreachable)
            #expect(e.message == "cannot reach Grafana at http://127.0.0.1:1/grafana: connection refused (after 3 attempts)")
            #expect(!e.message.contains("hunter2") && !e.message.contains("glsa_x_secret"))
        }
        #expect(client.requestCount == 3)
    }

    // MARK: JSONTree

    @Test func jsonTreeKeepsOrderNumbersAndEscapes() throws {
        let v = try JSONTree.parse(#"{"b": 1.50, "a": [true, null, -0.0e+2], "s": "é\u00e9\ud83d\ude00\n\"x\""}"#)
        guard case .object(let pairs) = v else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["b", "a", "s"])
        #expect(v["b"] == .number("1.50"))
        #expect(v["a"] == .array([.bool(true), .null, .number("-0.0e+2")]))
        #expect(v["s"]?.stringValue == "éé😀\n\"x\"")
    }

    @Test func jsonTreeRejectsBrokenInputWithAnOffset() {
        let cases: [(String, String)] = [
            (#"{"a": [1, 2"#, "truncated JSON (unexpected end of input) at byte 11"),
            (#"{"a": 01}"#, "expected ',' or '}' in object at byte 7"),
            ("", "empty body at byte 0"),
            (#"[1] x"#, "unexpected text after the JSON value at byte 4"),
            (#"{"a": tru}"#, "invalid literal, expected true at byte 9"),
            (#"{a: 1}"#, "expected a quoted object key at byte 1"),
        ]
        for (text, message) in cases {
            #expect(throws: JSONTree.ParseError.self) { try JSONTree.parse(text) }
            do { _ = try JSONTree.parse(text) } catch { #expect(error.description == message, "\(text)") }
        }
    }
}
