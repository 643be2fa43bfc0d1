import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NthLayerCore

/// How to reach one Prometheus (or a Prometheus-compatible API such as Mimir or Thanos).
public struct PrometheusConfig: Sendable {
    /// Base URL without credentials, e.g. `http://127.0.0.1:9090` (a path prefix such as `/prometheus` is kept).
    public var baseURL: URL
    public var bearerToken: String?
    public var username: String?
    public var password: String?
    /// `X-Scope-OrgID` for multi-tenant backends (Mimir, Cortex).
    public var tenant: String?
    /// Per-request timeout in seconds.
    public var requestTimeout: TimeInterval = 30
    /// Deadline for one call including its retries.
    public var deadline: TimeInterval = 60
    /// Attempts per read call (first try included).
    public var maxAttempts: Int = 3
    /// Backoff base: 0.5 s × 2ⁿ with full jitter, capped.
    public var backoffBase: TimeInterval = 0.5
    public var backoffCap: TimeInterval = 60

    public init(baseURL: URL, bearerToken: String? = nil, username: String? = nil, password: String? = nil,
                tenant: String? = nil) {
        self.baseURL = baseURL; self.bearerToken = bearerToken
        self.username = username; self.password = password; self.tenant = tenant
        // Credentials written into the URL move into Basic auth and out of every message.
        if var parts = URLComponents(url: baseURL, resolvingAgainstBaseURL: false), parts.user != nil || parts.password != nil {
            if self.username == nil { self.username = parts.user?.removingPercentEncoding }
            if self.password == nil { self.password = parts.password?.removingPercentEncoding }
            parts.user = nil; parts.password = nil
            if let clean = parts.url { self.baseURL = clean }
        }
    }

    /// Parses a URL text: scheme required (http/https), trailing slash dropped.
    public static func url(_ text: String) -> URL? {
        var t = text.trimmingCharacters(in: .whitespaces)
        while t.hasSuffix("/") { t.removeLast() }
        guard let url = URL(string: t), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host != nil else { return nil }
        return url
    }

    /// `--prometheus` flag, else `NTHLAYER_PROMETHEUS_URL`, else `PROMETHEUS_URL`; auth and tenant from the environment.
    /// Returns nil when no URL is configured; throws a message when the URL is malformed.
    public static func resolve(flag: String?, environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> PrometheusConfig? {
        let raw = flag ?? env["NTHLAYER_PROMETHEUS_URL"] ?? env["PROMETHEUS_URL"]
        guard let raw, !raw.isEmpty else { return nil }
        guard let url = url(raw) else {
            throw ProviderError(provider: "prometheus", message: "invalid Prometheus URL \"\(redact(raw))\"; expected http(s)://host:port")
        }
        var config = PrometheusConfig(baseURL: url,
                                      bearerToken: env["NTHLAYER_PROMETHEUS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
                                      username: env["NTHLAYER_PROMETHEUS_USERNAME"].flatMap { $0.isEmpty ? nil : $0 },
                                      password: env["NTHLAYER_PROMETHEUS_PASSWORD"],
                                      tenant: (env["NTHLAYER_PROMETHEUS_TENANT"] ?? env["NTHLAYER_MIMIR_TENANT"]).flatMap { $0.isEmpty ? nil : $0 })
        if let t = env["NTHLAYER_PROMETHEUS_TIMEOUT"].flatMap(Double.init), t > 0 { config.requestTimeout = t }
        return config
    }

    /// The URL as it may appear in messages: no `user:pass@`, no query string.
    public var displayURL: String { Self.redact(baseURL.absoluteString) }

    static func redact(_ text: String) -> String {
        guard var parts = URLComponents(string: text) else { return text }
        parts.user = nil; parts.password = nil; parts.query = nil
        return parts.string ?? text
    }
}

/// A Prometheus failure, phrased for the person running the command. Never contains credentials.
public struct PrometheusError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Connection refused, DNS, TLS, timeout: nothing answered.
        case unreachable
        /// Answered with an HTTP error (after any retries).
        case http(status: Int, errorType: String?)
        /// 429 and the wait would pass the deadline, or attempts ran out.
        case rateLimited
        /// 200 with a body that is not Prometheus's envelope.
        case badResponse
    }
    public var kind: Kind
    public var message: String
    public init(kind: Kind, message: String) { self.kind = kind; self.message = message }
    public var description: String { message }
    public var providerError: ProviderError { ProviderError(provider: "prometheus", message: message) }

    /// True when the fault is the server or the network rather than the query (exit 3 territory).
    public var isAvailabilityFailure: Bool {
        switch kind {
        case .unreachable, .rateLimited, .badResponse: return true
        case .http(let status, _): return status >= 500 || status == 401 || status == 403 || status == 404
        }
    }
}

/// A blocking Prometheus HTTP API client over the shared `HTTPTransport` (timeouts, jittered retries, 429
/// `Retry-After`, credentials only in headers). Calls block their thread: use from background queues only.
public final class PrometheusClient: @unchecked Sendable {
    public let config: PrometheusConfig
    private let transport: HTTPTransport

    public init(config: PrometheusConfig, sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.config = config
        var headers: [String: String] = [:]
        var secrets: [String] = []
        if let token = config.bearerToken {
            headers["Authorization"] = "Bearer \(token)"
            secrets.append(token)
        } else if let user = config.username {
            headers["Authorization"] = "Basic " + Data("\(user):\(config.password ?? "")".utf8).base64EncodedString()
            if let password = config.password { secrets.append(password) }
        }
        if let tenant = config.tenant { headers["X-Scope-OrgID"] = tenant }
        var options = HTTPClientOptions()
        options.requestTimeout = config.requestTimeout
        options.deadline = config.deadline
        options.maxAttempts = config.maxAttempts
        options.backoffBase = config.backoffBase
        options.backoffCap = config.backoffCap
        // The telemetry source queries SLOs eight at a time.
        options.maxConcurrentRequests = 8
        transport = HTTPTransport(system: "Prometheus", baseURL: config.baseURL, headers: headers, secrets: secrets,
                                  options: options, sleep: sleep)
    }

    /// HTTP requests sent so far (retries included).
    public var requestCount: Int { transport.requestCount }

    // MARK: API

    /// `/api/v1/query` (form POST), evaluated at `time` (server's now when nil).
    public func query(_ query: String, at time: Date? = nil) throws -> PrometheusQueryResult {
        var form = [("query", query)]
        if let time { form.append(("time", Self.timestamp(time))) }
        let data = try call(path: "/api/v1/query", form: form)
        guard let result = PrometheusJSON.queryResult(data) else {
            throw PrometheusError(kind: .badResponse, message: "Prometheus at \(config.displayURL) answered a query with an unexpected body")
        }
        return result
    }

    /// `/api/v1/query_range` (form POST): a matrix.
    public func queryRange(_ query: String, start: Date, end: Date, step: TimeInterval) throws -> [PrometheusSeries] {
        let data = try call(path: "/api/v1/query_range", form: [
            ("query", query), ("start", Self.timestamp(start)), ("end", Self.timestamp(end)),
            ("step", Self.number(step)),
        ])
        guard let d = data as? [String: Any], d["resultType"] as? String == "matrix" else {
            throw PrometheusError(kind: .badResponse, message: "Prometheus at \(config.displayURL) answered a range query with an unexpected body")
        }
        return PrometheusJSON.matrix(d["result"])
    }

    /// `/api/v1/status/buildinfo`: `version`, `revision`, … as strings.
    public func buildInfo() throws -> [String: String] {
        PrometheusJSON.labels(try call(path: "/api/v1/status/buildinfo", form: nil))
    }

    /// `/api/v1/rules`, optionally `type=alert|record`.
    public func rules(type: String? = nil) throws -> [PrometheusRuleGroup] {
        let data = try call(path: "/api/v1/rules", form: nil, query: type.map { [("type", $0)] } ?? [])
        return PrometheusJSON.ruleGroups(data)
    }

    // MARK: Transport

    static func timestamp(_ date: Date) -> String { number(date.timeIntervalSince1970) }
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.3f", v)
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { k, v in
            "\(k.addingPercentEncoding(withAllowedCharacters: allowed) ?? k)=\(v.addingPercentEncoding(withAllowedCharacters: allowed) ?? v)"
        }.joined(separator: "&")
    }

    /// Sends a request with retries; returns the envelope's `data`.
    func call(path: String, form: [(String, String)]?, query: [(String, String)] = []) throws -> Any? {
        let (status, body) = try request(path: path, form: form, query: query, accept: "application/json")
        return try envelope(body, status: status)
    }

    /// Sends a request with retries; returns the 2xx status and body as sent (YAML APIs such as Mimir's ruler).
    /// Queries are POSTed forms but still reads, so they are retried like GETs.
    func request(path: String, form: [(String, String)]?, query: [(String, String)] = [],
                 accept: String) throws -> (Int, Data) {
        var headers = ["Accept": accept]
        if form != nil { headers["Content-Type"] = "application/x-www-form-urlencoded" }
        let response: HTTPResponse
        do {
            response = try transport.send(method: form == nil ? "GET" : "POST", path: path, query: query, headers: headers,
                                          body: form.map { Data(Self.formEncode($0).utf8) }, retry: true)
        } catch let e as HTTPTransportError {
            throw PrometheusError(kind: e.kind == .rateLimited ? .rateLimited : .unreachable, message: e.message)
        }
        if response.isSuccess { return (response.status, response.body) }
        var failure = response.status == 429
            ? PrometheusError(kind: .rateLimited, message: "rate limited by Prometheus at \(config.displayURL) (429)")
            : httpError(status: response.status, body: response.body)
        if response.attempts > 1 { failure.message += " (after \(response.attempts) attempts)" }
        throw failure
    }

    /// `Retry-After`: delta seconds or an HTTP-date (the transport's reading of it).
    static func retryAfter(_ value: String?, now: Date) -> TimeInterval? { HTTPTransport.retryAfter(value, now: now) }

    private func envelope(_ body: Data, status: Int) throws -> Any? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw PrometheusError(kind: .badResponse,
                                  message: "Prometheus at \(config.displayURL) answered \(status) with a body that is not JSON: \(Self.excerpt(body))")
        }
        if object["status"] as? String == "error" {
            throw httpError(status: status, body: body)
        }
        return object["data"]
    }

    /// `Prometheus at URL answered 400 bad_data: parse error …`
    func httpError(status: Int, body: Data) -> PrometheusError {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
           let message = object["error"] as? String {
            let type = object["errorType"] as? String
            return PrometheusError(kind: .http(status: status, errorType: type),
                                   message: "Prometheus at \(config.displayURL) answered \(status)\(type.map { " \($0)" } ?? ""): \(Self.clip(message))")
        }
        let text = Self.excerpt(body)
        return PrometheusError(kind: .http(status: status, errorType: nil),
                               message: "Prometheus at \(config.displayURL) answered \(status)\(text.isEmpty ? "" : ": \(text)")")
    }

    static func clip(_ s: String, _ limit: Int = 200) -> String { HTTPTransport.clip(s, limit) }

    static func excerpt(_ body: Data) -> String { clip(String(decoding: body.prefix(400), as: UTF8.self)) }
}
