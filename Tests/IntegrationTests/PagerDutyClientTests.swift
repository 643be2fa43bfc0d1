import Foundation
import Testing
@testable import NthLayerCore
@testable import Providers

/// The real PagerDuty client against the fake API server: offset/limit paging to the end, headers, models, error
/// bodies, 429 with Retry-After or ratelimit-reset, persistent 5xx, and the on-call source.
@Suite(.serialized) struct PagerDutyClientTests {
    static let token = FakeAPIServer.pagerDutyToken

    static func client(_ url: URL, token: String = PagerDutyClientTests.token, configure: (inout PagerDutyConfig) -> Void = { _ in }) -> PagerDutyClient {
        var c = PagerDutyConfig(baseURL: url, token: token)
        c.options.backoffBase = 0.05
        configure(&c)
        return PagerDutyClient(config: c)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func servicesFollowMoreOverThreePages() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url) { $0.pageSize = 2 }
        let services = try client.services()
        #expect(services.map(\.name) == ["checkout-svc", "ledger-writer", "payment-api", "payment-api-canary", "search-api"])
        let requests = server.requests
        #expect(requests.count == 3)
        for (i, r) in requests.enumerated() {
            #expect(r["path"] as? String == "/services")
            #expect(r["auth"] as? String == "Token token=\(Self.token)")
            #expect(r["accept"] as? String == "application/vnd.pagerduty+json;version=2")
            #expect(server.query(i)["limit"] == ["2"])
            #expect(server.query(i)["offset"] == ["\(i * 2)"])
        }

        let pay = try #require(services.first { $0.id == "PX7Q2LM" })
        #expect(pay.status == "active")
        #expect(pay.escalationPolicy?.id == "PEPPAY1" && pay.escalationPolicy?.summary == "payments-primary")
        #expect(pay.escalationPolicy?.type == "escalation_policy_reference")
        #expect(pay.incidentUrgencyRule == PagerDutyUrgencyRule(type: "constant", urgency: "high"))
        #expect(pay.acknowledgementTimeout == 900 && pay.autoResolveTimeout == 14400)
        #expect(pay.teams?.first?.summary == "payments")

        let ledger = try #require(services.first { $0.name == "ledger-writer" })
        #expect(ledger.status == "disabled")
        #expect(ledger.acknowledgementTimeout == nil && ledger.autoResolveTimeout == nil, "null = off")
        #expect(ledger.incidentUrgencyRule?.type == "use_support_hours")
        #expect(ledger.incidentUrgencyRule?.duringSupportHours?.urgency == "high")
        #expect(ledger.incidentUrgencyRule?.outsideSupportHours?.urgency == "low")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func serviceByIDIncludesTheEscalationPolicy() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url)
        let s = try #require(try client.service(id: "PX7Q2LM"))
        #expect(server.query(0)["include[]"] == ["escalation_policies"])
        #expect(server.requests[0]["path"] as? String == "/services/PX7Q2LM")
        let policy = try #require(s.escalationPolicy)
        #expect(policy.name == "payments-primary" && policy.numLoops == 3)
        #expect(policy.escalationRules?.map(\.escalationDelayInMinutes) == [5, 15])
        #expect(policy.escalationRules?.first?.targets.first?.type == "schedule_reference")
        #expect(try client.service(id: "PNOPE00") == nil, "404 is missing, not an error")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func serviceNamedMatchesExactlyIgnoringCase() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url)
        // `query=payment-api` also returns payment-api-canary: never a substring or first hit.
        #expect(try client.service(named: "PAYMENT-API")?.id == "PX7Q2LM")
        #expect(server.query(0)["query"] == ["PAYMENT-API"])
        #expect(try client.service(named: "payment") == nil)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func policiesSchedulesOnCallsAndAbilities() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url)
        #expect(try client.escalationPolicies().map(\.displayName) == ["payments-primary", "checkout-primary"])
        #expect(try client.escalationPolicy(id: "PEPCHK1")?.numLoops == 2)
        #expect(try client.escalationPolicy(id: "PNOPE") == nil)
        #expect(try client.schedules().map(\.timeZone) == ["Europe/London", "UTC"])
        let onCalls = try client.onCalls(escalationPolicyIDs: ["PEPPAY1"])
        #expect(onCalls.count == 2)
        let first = try #require(onCalls.first { $0.escalationLevel == 1 })
        #expect(first.user?.summary == "Ada Nwosu")
        #expect(first.end == ISO8601DateFormatter().date(from: "2026-05-08T09:00:00Z"), "fractional seconds parse")
        #expect(onCalls.first { $0.escalationLevel == 2 }?.end == nil)
        let q = server.requests.firstIndex { $0["path"] as? String == "/oncalls" }.map(server.query)
        #expect(q?["escalation_policy_ids[]"] == ["PEPPAY1"] && q?["earliest"] == ["true"])
        #expect(try client.abilities().contains("teams"))
        #expect(try client.checkAccess() == "authenticated, 4 abilities")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a401DecodesTheErrorBodyAndNeverShowsTheToken() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let wrong = "u+wrongKeyValue-123456"
        let client = Self.client(server.url, token: wrong)
        do {
            _ = try client.services()
            Issue.record("expected a 401")
        } catch let e as PagerDutyError {
            #expect(e.kind == .unauthorized)
            #expect(e.message == "PagerDuty at http://127.0.0.1:\(server.port) answered 401 (code 2006): Authentication failed: The API key provided is not valid — check NTHLAYER_PAGERDUTY_TOKEN")
            #expect(!e.message.contains(wrong))
        }
        #expect(server.requests.count == 1, "401 is never retried")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a403IsAccessDenied() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        do {
            _ = try Self.client(server.url("403")).escalationPolicies()
            Issue.record("expected a 403")
        } catch let e as PagerDutyError {
            #expect(e.kind == .forbidden)
            #expect(e.message.hasSuffix("answered 403 (code 2010): Access Denied — the API key may not read escalation policies"))
        }
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a429WaitsForRetryAfterThenSucceeds() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url("429once"))
        let started = Date()
        #expect(try client.services().count == 5)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.95, "waited \(elapsed) s; Retry-After said 1 s")
        #expect(server.requests.count == 2)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a429WithOnlyRatelimitResetWaitsForIt() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        // Jitter alone would wait ≤ 0.05 s: a ≥ 1 s wait can only come from ratelimit-reset.
        let client = Self.client(server.url("429reset"))
        let started = Date()
        #expect(try client.services().count == 5)
        #expect(Date().timeIntervalSince(started) >= 0.95)
        #expect(server.requests.count == 2)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func a5xxThriceIsAnError() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url("5xxalways"))
        do {
            _ = try client.services()
            Issue.record("expected a failure")
        } catch let e as PagerDutyError {
            #expect(e.kind == .http(status: 503, code: nil))
            #expect(e.message == "PagerDuty at http://127.0.0.1:\(server.port)/s/5xxalways answered 503 for services: <html><body>503 Service Unavailable</body></html> (after 3 attempts)")
        }
        #expect(server.requests.count == 3)
        #expect(client.requestCount == 3)
    }

    @Test(.enabled(if: FakeAPIServer.available)) func aTruncatedBodyIsAClearError() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        do {
            _ = try Self.client(server.url("truncated")).services()
            Issue.record("expected a bad response")
        } catch let e as PagerDutyError {
            #expect(e.kind == .badResponse)
            #expect(e.message.hasPrefix("PagerDuty at http://127.0.0.1:\(server.port)/s/truncated answered services with an unexpected body (not valid JSON): {\"services\""))
        }
    }

    @Test(.enabled(if: FakeAPIServer.available)) func pagingStopsAtPagerDutysOffsetCap() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url("endless")) { $0.options.minimumRequestInterval = 0 }
        do {
            _ = try client.services()
            Issue.record("expected the cap")
        } catch let e as PagerDutyError {
            #expect(e.message == "PagerDuty lists at most 10000 services per query; narrow it (query=…)")
        }
        #expect(server.requests.count == 100, "offsets 0 … 9900; 10000 + 100 would pass PagerDuty's 10000")
    }

    @Test(.enabled(if: FakeAPIServer.available)) func requestsAreSpacedForPagerDutysRateLimit() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let client = Self.client(server.url) { $0.pageSize = 1 }   // 5 pages at ≤ 16 requests/s
        let started = Date()
        #expect(try client.services().count == 5)
        #expect(Date().timeIntervalSince(started) >= 4.0 / 16 - 0.01)
    }

    // MARK: On-call source

    static func spec(_ name: String, serviceID: String? = nil, policyID: String? = nil) -> ServiceSpec {
        var s = ServiceSpec(name: name, team: "payments", tier: .critical, type: .api,
                            location: SourceLocation(file: "\(name).yaml", line: 1, column: 1))
        if serviceID != nil || policyID != nil {
            var ref = PagerDutyRef()
            ref.serviceID = serviceID
            ref.escalationPolicyID = policyID
            s.ownership.pagerDuty = ref
        }
        return s
    }

    @Test(.enabled(if: FakeAPIServer.available)) func onCallSourceShowsTheFirstLevelPerService() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let source = PagerDutyOnCallSource(client: Self.client(server.url))
        let services = [Self.spec("payments-core", serviceID: "PX7Q2LM"), Self.spec("checkout-svc"),
                        Self.spec("not-in-pagerduty"), Self.spec("search", policyID: "PEPCHK1")]
        let now = Date(timeIntervalSince1970: 1_777_700_000)
        let onCall = try source.fetchOnCall(services: services, at: now)
        #expect(onCall["payments-core"]?.person == "Ada Nwosu")
        #expect(onCall["payments-core"]?.escalationPolicy == "payments-primary")
        #expect(onCall["payments-core"]?.until == ISO8601DateFormatter().date(from: "2026-05-08T09:00:00Z"))
        #expect(onCall["checkout-svc"]?.person == "Yuki Sato")
        #expect(onCall["search"]?.person == "Yuki Sato")
        #expect(onCall["not-in-pagerduty"] == nil)
        #expect(source.unmapped.keys.sorted() == ["not-in-pagerduty"])

        // The mapping is cached: a second fetch is one /oncalls call.
        let before = server.requests.count
        _ = try source.fetchOnCall(services: services, at: now.addingTimeInterval(60))
        let after = server.requests.dropFirst(before).map { $0["path"] as? String }
        #expect(after == ["/oncalls"])
    }

    @Test(.enabled(if: FakeAPIServer.available)) func onCallSourceFailsAsAProviderErrorOnBadAuth() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let source = PagerDutyOnCallSource(client: Self.client(server.url, token: "u+nope-nope-nope"))
        do {
            _ = try source.fetchOnCall(services: [Self.spec("checkout-svc")], at: Date())
            Issue.record("expected a failure")
        } catch let e as ProviderError {
            #expect(e.provider == "pagerduty")
            #expect(e.message.contains("answered 401 (code 2006)"))
            #expect(!e.message.contains("u+nope-nope-nope"))
        }
    }

    @Test func rateLimitHeadersParse() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(HTTPTransport.rateLimitReset("12", now: now) == 12)
        #expect(HTTPTransport.rateLimitReset("1700000030", now: now) == 30)
        #expect(HTTPTransport.rateLimitReset("x", now: now) == nil)
        #expect(HTTPTransport.retryAfter("7", now: now) == 7)
        #expect(HTTPTransport.retryAfter("Tue, 14 Nov 2023 22:13:30 GMT", now: now) == 10)
    }
}
