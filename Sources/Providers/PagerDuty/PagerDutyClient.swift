import Foundation
import NthLayerCore

/// How to reach PagerDuty's REST API v2.
public struct PagerDutyConfig: Sendable {
    public static let defaultURL = URL(string: "https://api.pagerduty.com")!
    /// `https://api.pagerduty.com` (`NTHLAYER_PAGERDUTY_URL` points tests at a fake).
    public var baseURL: URL
    /// REST API key (`Authorization: Token token=…`), or an OAuth token when `oauth` is set (`Bearer`).
    public var token: String
    public var oauth = false
    /// Where the token came from, for "check …" hints.
    public var tokenHint: String = "NTHLAYER_PAGERDUTY_TOKEN"
    /// PagerDuty: 2 requests in flight, ≤ 16 per second (its limit is 960/min per key).
    public var options: HTTPClientOptions = {
        var o = HTTPClientOptions()
        o.maxConcurrentRequests = 2
        o.minimumRequestInterval = 1.0 / 16
        return o
    }()
    /// Page size (`limit` ≤ 100).
    public var pageSize = 100

    public init(baseURL: URL = PagerDutyConfig.defaultURL, token: String) {
        self.baseURL = baseURL; self.token = token
    }

    public var displayURL: String { HTTPTransport.redactURL(baseURL.absoluteString) }
}

/// A PagerDuty failure, phrased for the person running the command. Never contains the token.
public struct PagerDutyError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case unreachable
        /// 401, code 2006.
        case unauthorized
        /// 403, code 2010.
        case forbidden
        case rateLimited
        /// Any other answer: HTTP status and PagerDuty's error code when sent.
        case http(status: Int, code: Int?)
        case badResponse
    }
    public var kind: Kind
    public var message: String
    public init(kind: Kind, message: String) { self.kind = kind; self.message = message }
    public var description: String { message }
    public var providerError: ProviderError { ProviderError(provider: "pagerduty", message: message) }
}

/// A blocking PagerDuty REST v2 client. Lists follow classic offset/limit paging to the end (`more`). Calls block
/// their thread: use from background queues only. Thread-safe.
public final class PagerDutyClient: @unchecked Sendable {
    public let config: PagerDutyConfig
    public let transport: HTTPTransport
    /// PagerDuty refuses offset + limit > 10000.
    static let offsetCap = 10_000

    public init(config: PagerDutyConfig, sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.config = config
        let headers = [
            "Accept": "application/vnd.pagerduty+json;version=2",
            "Authorization": config.oauth ? "Bearer \(config.token)" : "Token token=\(config.token)",
        ]
        transport = HTTPTransport(system: "PagerDuty", baseURL: config.baseURL, headers: headers, secrets: [config.token],
                                  options: config.options, sleep: sleep)
    }

    public var requestCount: Int { transport.requestCount }
    public var displayURL: String { transport.displayURL }

    // MARK: API

    /// `GET /services` (`query` is PagerDuty's substring filter), every page.
    public func services(query: String? = nil, includeEscalationPolicies: Bool = false,
                         includeTeams: Bool = false) throws -> [PagerDutyService] {
        var q: [(String, String)] = []
        if let query, !query.isEmpty { q.append(("query", query)) }
        if includeEscalationPolicies { q.append(("include[]", "escalation_policies")) }
        if includeTeams { q.append(("include[]", "teams")) }
        q.append(("sort_by", "name"))
        return try list(PagerDutyService.self, query: q)
    }

    /// `GET /services/<id>?include[]=escalation_policies`; nil when PagerDuty has no such service (404).
    public func service(id: String, includeEscalationPolicies: Bool = true) throws -> PagerDutyService? {
        try one(PagerDutyService.self, id: id,
                query: includeEscalationPolicies ? [("include[]", "escalation_policies")] : [])
    }

    /// The service whose name equals `name` exactly, ignoring case (never a substring or first hit: drift.md
    /// §1.1). Throws when two services share the name.
    public func service(named name: String, includeEscalationPolicies: Bool = true) throws -> PagerDutyService? {
        let matches = try services(query: name, includeEscalationPolicies: includeEscalationPolicies)
            .filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        if matches.count > 1 {
            throw PagerDutyError(kind: .badResponse,
                                 message: "PagerDuty has \(matches.count) services named \"\(name)\" (\(matches.map(\.id).joined(separator: ", "))); set ownership.pagerduty.service_id")
        }
        return matches.first
    }

    /// `GET /escalation_policies`, every page.
    public func escalationPolicies(query: String? = nil, includeTargets: Bool = false) throws -> [PagerDutyEscalationPolicy] {
        var q: [(String, String)] = []
        if let query, !query.isEmpty { q.append(("query", query)) }
        if includeTargets { q.append(("include[]", "targets")) }
        return try list(PagerDutyEscalationPolicy.self, query: q)
    }

    /// `GET /escalation_policies/<id>`; nil when absent.
    public func escalationPolicy(id: String) throws -> PagerDutyEscalationPolicy? {
        try one(PagerDutyEscalationPolicy.self, id: id, query: [])
    }

    /// `GET /schedules`, every page.
    public func schedules(query: String? = nil) throws -> [PagerDutySchedule] {
        var q: [(String, String)] = []
        if let query, !query.isEmpty { q.append(("query", query)) }
        return try list(PagerDutySchedule.self, query: q)
    }

    /// `GET /oncalls`: by default the earliest on-call per policy and level, now.
    public func onCalls(escalationPolicyIDs: [String] = [], scheduleIDs: [String] = [], since: Date? = nil,
                        until: Date? = nil, earliest: Bool = true) throws -> [PagerDutyOnCall] {
        var q: [(String, String)] = escalationPolicyIDs.map { ("escalation_policy_ids[]", $0) }
        q += scheduleIDs.map { ("schedule_ids[]", $0) }
        let f = ISO8601DateFormatter()
        if let since { q.append(("since", f.string(from: since))) }
        if let until { q.append(("until", f.string(from: until))) }
        if earliest { q.append(("earliest", "true")) }
        return try list(PagerDutyOnCall.self, query: q)
    }

    /// `GET /abilities`: what the account may use. Also the cheapest authenticated probe.
    public func abilities() throws -> [String] {
        let r = try get("/abilities", query: [], what: "abilities")
        struct Abilities: Decodable { var abilities: [String] }
        return try decode(Abilities.self, r.body, what: "abilities").abilities
    }

    /// Can this key read the account? `GET /abilities`, falling back to `GET /services?limit=1` for keys that
    /// may not list abilities. Returns a short description for `config check`.
    public func checkAccess() throws -> String {
        do {
            let a = try abilities()
            return "authenticated, \(a.count) abilities"
        } catch let e as PagerDutyError {
            switch e.kind {
            case .forbidden, .http(status: 404, _): break
            default: throw e
            }
        }
        let r = try get("/services", query: [("limit", "1"), ("offset", "0")], what: "services")
        _ = try decode(PagerDutyPage<PagerDutyService>.self, r.body, what: "services")
        return "authenticated, services readable"
    }

    // MARK: Paging

    func list<T: PagerDutyResource>(_ type: T.Type, query: [(String, String)]) throws -> [T] {
        let limit = max(1, min(config.pageSize, 100))
        var offset = 0
        var out: [T] = []
        while true {
            let r = try get("/\(T.collection)", query: query + [("limit", String(limit)), ("offset", String(offset))],
                            what: T.collection.replacingOccurrences(of: "_", with: " "))
            let page = try decode(PagerDutyPage<T>.self, r.body, what: T.collection)
            out += page.items
            // `more` ends the walk; an empty page never loops forever.
            guard page.more, !page.items.isEmpty else { return out }
            offset += page.items.count
            if offset + limit > Self.offsetCap {
                throw PagerDutyError(kind: .http(status: 400, code: 2001),
                                     message: "PagerDuty lists at most \(Self.offsetCap) \(T.collection.replacingOccurrences(of: "_", with: " ")) per query; narrow it (query=…)")
            }
        }
    }

    func one<T: PagerDutyResource>(_ type: T.Type, id: String, query: [(String, String)]) throws -> T? {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let segment = id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
        let what = "\(T.single.replacingOccurrences(of: "_", with: " ")) \(id)"
        guard let r = try get("/\(T.collection)/\(segment)", query: query, what: what, notFoundIsNil: true) else { return nil }
        return try decode(PagerDutyOne<T>.self, r.body, what: what).item
    }

    // MARK: Plumbing

    private func get(_ path: String, query: [(String, String)], what: String) throws -> HTTPResponse {
        try get(path, query: query, what: what, notFoundIsNil: false)!
    }

    private func get(_ path: String, query: [(String, String)], what: String, notFoundIsNil: Bool) throws -> HTTPResponse? {
        let r: HTTPResponse
        do {
            r = try transport.get(path, query: query)
        } catch let e as HTTPTransportError {
            throw PagerDutyError(kind: e.kind == .rateLimited ? .rateLimited : .unreachable, message: e.message)
        }
        if r.isSuccess { return r }
        if r.status == 404 && notFoundIsNil { return nil }
        throw httpError(r, what: what)
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            if let date = parseDate(text) { return date }
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 time: \(text)")
        }
        return d
    }

    static func parseDate(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: Data, what: String) throws -> T {
        do {
            return try Self.decoder().decode(T.self, from: body)
        } catch {
            let reason: String
            switch error {
            case DecodingError.keyNotFound(let key, let ctx):
                reason = "missing \(Self.path(ctx.codingPath + [key]))"
            case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx):
                reason = "unexpected value at \(Self.path(ctx.codingPath))"
            case DecodingError.dataCorrupted(let ctx) where !ctx.codingPath.isEmpty:
                reason = "\(ctx.debugDescription) at \(Self.path(ctx.codingPath))"
            default:
                reason = body.isEmpty ? "empty body" : "not valid JSON"
            }
            throw PagerDutyError(kind: .badResponse,
                                 message: "PagerDuty at \(displayURL) answered \(what) with an unexpected body (\(reason))\(body.isEmpty ? "" : ": \(transport.excerpt(body, limit: 80))")")
        }
    }

    static func path(_ keys: [CodingKey]) -> String {
        keys.map { k in k.intValue.map { "[\($0)]" } ?? snake(k.stringValue) }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func snake(_ camel: String) -> String {
        var out = ""
        for ch in camel {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// `PagerDuty at URL answered 401 (code 2006): Authentication failed — check NTHLAYER_PAGERDUTY_TOKEN`.
    func httpError(_ r: HTTPResponse, what: String) -> PagerDutyError {
        let body = try? JSONDecoder().decode(PagerDutyErrorBody.self, from: r.body)
        var detail = body?.error.message.map { HTTPTransport.clip($0) } ?? ""
        let extra = (body?.error.errors ?? []).map { HTTPTransport.clip($0, 120) }.filter { !$0.isEmpty && $0 != detail }
        if !extra.isEmpty { detail += (detail.isEmpty ? "" : ": ") + extra.joined(separator: "; ") }
        if body == nil { detail = transport.excerpt(r.body) }
        detail = transport.redact(detail)
        let code = body?.error.code
        let codeText = code.map { " (code \($0))" } ?? ""
        let after = r.attempts > 1 ? " (after \(r.attempts) attempts)" : ""
        let prefix = "PagerDuty at \(displayURL) answered \(r.status)\(codeText)"
        switch r.status {
        case 401:
            return PagerDutyError(kind: .unauthorized,
                                  message: "\(prefix): \(detail.isEmpty ? "authentication failed" : detail) — check \(config.tokenHint)")
        case 403:
            return PagerDutyError(kind: .forbidden,
                                  message: "\(prefix): \(detail.isEmpty ? "access denied" : detail) — the API key may not read \(what)")
        case 429:
            return PagerDutyError(kind: .rateLimited,
                                  message: "rate limited by PagerDuty at \(displayURL) (429\(codeText))\(after)")
        default:
            return PagerDutyError(kind: .http(status: r.status, code: code),
                                  message: "\(prefix) for \(what)\(detail.isEmpty ? "" : ": \(detail)")\(after)")
        }
    }
}
