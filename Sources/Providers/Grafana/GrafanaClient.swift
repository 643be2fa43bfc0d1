import Foundation
import NthLayerCore

/// How to reach one Grafana.
public struct GrafanaConfig: Sendable {
    /// Base URL without credentials, e.g. `https://grafana.example.com` (a sub-path is kept).
    public var baseURL: URL
    /// Service-account token (`glsa_…`) or API key, sent as `Authorization: Bearer`.
    public var token: String?
    /// Basic auth, used only when no token is set.
    public var username: String?
    public var password: String?
    /// `X-Grafana-Org-Id`.
    public var orgID: Int?
    /// Where the token came from, for "check …" hints: `NTHLAYER_GRAFANA_TOKEN`, `the token file /path`.
    public var tokenHint: String = "NTHLAYER_GRAFANA_TOKEN"
    public var options = HTTPClientOptions()
    /// Search page size (Grafana allows ≤ 5000).
    public var searchPageSize = 1000

    public init(baseURL: URL, token: String? = nil, username: String? = nil, password: String? = nil, orgID: Int? = nil) {
        self.baseURL = baseURL; self.token = token; self.username = username; self.password = password; self.orgID = orgID
    }

    public var displayURL: String { HTTPTransport.redactURL(baseURL.absoluteString) }
}

/// A Grafana failure, phrased for the person running the command. Never contains credentials.
public struct GrafanaError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case unreachable
        case unauthorized
        case forbidden
        case rateLimited
        case http(status: Int)
        /// A 2xx answer whose body is not what Grafana sends (truncated, HTML from a proxy, …).
        case badResponse
    }
    public var kind: Kind
    public var message: String
    public init(kind: Kind, message: String) { self.kind = kind; self.message = message }
    public var description: String { message }
    public var providerError: ProviderError { ProviderError(provider: "grafana", message: message) }
}

/// One `/api/search` hit.
public struct GrafanaSearchHit: Sendable, Hashable {
    public var uid: String
    public var title: String
    public var url: String?
    /// `dash-db` or `dash-folder`.
    public var type: String?
    public var tags: [String]
    public var folderUid: String?
    public var folderTitle: String?
}

/// A dashboard as `GET /api/dashboards/uid/<uid>` answers it.
public struct GrafanaDashboard: Sendable, Hashable {
    public var uid: String
    public var title: String
    /// The dashboard model (`dashboard`), keys in Grafana's order, numbers as sent.
    public var model: JSONValue
    /// The whole `meta` object.
    public var meta: JSONValue
    public var folderUid: String?
    public var folderTitle: String?
    public var url: String?
    public var version: Int?
    public var slug: String?

    /// `model.panels`, with panels nested in collapsed rows flattened after their row.
    public var panels: [JSONValue] {
        var out: [JSONValue] = []
        for panel in model["panels"]?.arrayValue ?? [] {
            out.append(panel)
            out.append(contentsOf: panel["panels"]?.arrayValue ?? [])
        }
        return out
    }
}

public struct GrafanaFolder: Sendable, Hashable {
    public var uid: String
    public var title: String
    public var id: Int?
    public var url: String?
    public var parentUid: String?
}

public struct GrafanaHealth: Sendable, Hashable {
    public var version: String?
    public var database: String?
    public var commit: String?
}

/// A blocking Grafana HTTP API client (legacy `/api/*`, served by Grafana 8 – 13). Calls block their thread: use from
/// background queues only. Thread-safe.
public final class GrafanaClient: @unchecked Sendable {
    public let config: GrafanaConfig
    public let transport: HTTPTransport

    public init(config: GrafanaConfig, sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.config = config
        var headers = ["Accept": "application/json"]
        var secrets: [String] = []
        if let token = config.token, !token.isEmpty {
            headers["Authorization"] = "Bearer \(token)"
            secrets.append(token)
        } else if let user = config.username {
            headers["Authorization"] = "Basic " + Data("\(user):\(config.password ?? "")".utf8).base64EncodedString()
            if let p = config.password { secrets.append(p) }
        }
        if let org = config.orgID { headers["X-Grafana-Org-Id"] = String(org) }
        transport = HTTPTransport(system: "Grafana", baseURL: config.baseURL, headers: headers, secrets: secrets,
                                  options: config.options, sleep: sleep)
    }

    public var requestCount: Int { transport.requestCount }
    public var displayURL: String { transport.displayURL }

    // MARK: API

    /// `GET /api/health` (unauthenticated). Fails when Grafana answers but its database is not `ok`.
    public func health() throws -> GrafanaHealth {
        let body = try json(try request("/api/health", what: "health"), what: "health")
        let h = GrafanaHealth(version: body["version"]?.stringValue, database: body["database"]?.stringValue,
                              commit: body["commit"]?.stringValue)
        if let db = h.database, db != "ok" {
            throw GrafanaError(kind: .http(status: 503), message: "Grafana at \(displayURL) is unhealthy: database \(db)")
        }
        return h
    }

    /// `GET /api/search`, every page (`page` from 1, `limit` per page) until a short page, or `maxResults`.
    public func search(query: String? = nil, tags: [String] = [], type: String? = "dash-db", folderUIDs: [String] = [],
                       maxResults: Int? = nil) throws -> [GrafanaSearchHit] {
        let pageSize = max(1, min(config.searchPageSize, maxResults ?? Int.max, 5000))
        var hits: [GrafanaSearchHit] = []
        var page = 1
        while true {
            var q: [(String, String)] = []
            if let type { q.append(("type", type)) }
            if let query, !query.isEmpty { q.append(("query", query)) }
            for t in tags { q.append(("tag", t)) }
            for f in folderUIDs { q.append(("folderUIDs", f)) }
            q.append(("limit", String(pageSize)))
            q.append(("page", String(page)))
            let body = try json(try request("/api/search", query: q, what: "search"), what: "search")
            guard let items = body.arrayValue else {
                throw GrafanaError(kind: .badResponse, message: "Grafana at \(displayURL) answered search with a body that is not a list")
            }
            for item in items {
                guard let uid = item["uid"]?.stringValue else { continue }
                hits.append(GrafanaSearchHit(uid: uid, title: item["title"]?.stringValue ?? uid,
                                             url: item["url"]?.stringValue, type: item["type"]?.stringValue,
                                             tags: (item["tags"]?.arrayValue ?? []).compactMap(\.stringValue),
                                             folderUid: item["folderUid"]?.stringValue,
                                             folderTitle: item["folderTitle"]?.stringValue))
            }
            if let maxResults, hits.count >= maxResults { return Array(hits.prefix(maxResults)) }
            if items.count < pageSize || page >= 10_000 { return hits }
            page += 1
        }
    }

    /// `GET /api/dashboards/uid/<uid>`; nil when Grafana has no such dashboard (404).
    public func dashboard(uid: String) throws -> GrafanaDashboard? {
        let response = try request("/api/dashboards/uid/\(Self.segment(uid))", what: "dashboard \(uid)", notFoundIsNil: true)
        guard let response else { return nil }
        let body = try json(response, what: "dashboard \(uid)")
        guard let model = body["dashboard"], case .object = model else {
            throw GrafanaError(kind: .badResponse,
                               message: "Grafana at \(displayURL) answered dashboard \(uid) without a \"dashboard\" object")
        }
        let meta = body["meta"] ?? .object([])
        return GrafanaDashboard(uid: model["uid"]?.stringValue ?? uid, title: model["title"]?.stringValue ?? uid,
                                model: model, meta: meta,
                                folderUid: meta["folderUid"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
                                folderTitle: meta["folderTitle"]?.stringValue,
                                url: meta["url"]?.stringValue,
                                version: jsonInt(model["version"]) ?? jsonInt(meta["version"]),
                                slug: meta["slug"]?.stringValue)
    }

    /// `GET /api/folders`, every page.
    public func folders() throws -> [GrafanaFolder] {
        var out: [GrafanaFolder] = []
        var page = 1
        let limit = 1000
        while true {
            let body = try json(try request("/api/folders", query: [("limit", String(limit)), ("page", String(page))],
                                            what: "folders"), what: "folders")
            guard let items = body.arrayValue else {
                throw GrafanaError(kind: .badResponse, message: "Grafana at \(displayURL) answered folders with a body that is not a list")
            }
            out += items.compactMap(Self.folder)
            if items.count < limit || page >= 1000 { return out }
            page += 1
        }
    }

    /// `GET /api/folders/<uid>`; nil when absent.
    public func folder(uid: String) throws -> GrafanaFolder? {
        guard let response = try request("/api/folders/\(Self.segment(uid))", what: "folder \(uid)", notFoundIsNil: true) else {
            return nil
        }
        guard let f = Self.folder(try json(response, what: "folder \(uid)")) else {
            throw GrafanaError(kind: .badResponse, message: "Grafana at \(displayURL) answered folder \(uid) without a uid")
        }
        return f
    }

    static func folder(_ v: JSONValue) -> GrafanaFolder? {
        guard let uid = v["uid"]?.stringValue else { return nil }
        return GrafanaFolder(uid: uid, title: v["title"]?.stringValue ?? uid, id: jsonInt(v["id"]),
                             url: v["url"]?.stringValue, parentUid: v["parentUid"]?.stringValue)
    }

    // MARK: Plumbing

    static func segment(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    private func request(_ path: String, query: [(String, String)] = [], what: String) throws -> HTTPResponse {
        try request(path, query: query, what: what, notFoundIsNil: false)!
    }

    /// Sends a GET; maps every non-2xx answer to a `GrafanaError` (404 to nil when asked).
    private func request(_ path: String, query: [(String, String)] = [], what: String, notFoundIsNil: Bool) throws -> HTTPResponse? {
        let response: HTTPResponse
        do {
            response = try transport.get(path, query: query)
        } catch let e as HTTPTransportError {
            throw GrafanaError(kind: e.kind == .rateLimited ? .rateLimited : .unreachable, message: e.message)
        }
        if response.isSuccess { return response }
        if response.status == 404 && notFoundIsNil { return nil }
        throw httpError(response, what: what)
    }

    func httpError(_ r: HTTPResponse, what: String) -> GrafanaError {
        let serverMessage = (try? JSONTree.parse(r.body))?["message"]?.stringValue.map { transport.redact(HTTPTransport.clip($0)) }
        let detail = serverMessage ?? transport.excerpt(r.body)
        let after = r.attempts > 1 ? " (after \(r.attempts) attempts)" : ""
        let prefix = "Grafana at \(displayURL) answered \(r.status)"
        switch r.status {
        case 401:
            if config.token == nil && config.username == nil {
                return GrafanaError(kind: .unauthorized,
                                    message: "\(prefix): \(serverMessage ?? "unauthorized") — no token is set; set \(config.tokenHint)")
            }
            let reason = serverMessage.map { $0.lowercased() == "unauthorized" ? "invalid API key" : $0 } ?? "invalid API key"
            return GrafanaError(kind: .unauthorized, message: "\(prefix): \(reason) — check \(config.tokenHint)")
        case 403:
            return GrafanaError(kind: .forbidden,
                                message: "\(prefix): \(serverMessage ?? "access denied") — the token's service account lacks permission for \(what)")
        case 404:
            return GrafanaError(kind: .http(status: 404), message: "\(prefix) for \(what): \(serverMessage ?? "not found")")
        case 429:
            return GrafanaError(kind: .rateLimited, message: "rate limited by Grafana at \(displayURL) (429)\(after)")
        default:
            return GrafanaError(kind: .http(status: r.status),
                                message: "\(prefix) for \(what)\(detail.isEmpty ? "" : ": \(detail)")\(after)")
        }
    }

    private func json(_ r: HTTPResponse, what: String) throws -> JSONValue {
        do {
            return try JSONTree.parse(r.body)
        } catch {
            let kind = r.body.isEmpty ? "an empty body"
                : "a body that is not valid JSON (\(error.description)): \(transport.excerpt(r.body, limit: 80))"
            throw GrafanaError(kind: .badResponse, message: "Grafana at \(displayURL) answered \(what) with \(kind)")
        }
    }
}
