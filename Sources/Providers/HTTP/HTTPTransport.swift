import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Timeouts, retries and limits for one outside HTTP API (apis.md §0).
public struct HTTPClientOptions: Sendable, Hashable {
    /// Per-request timeout in seconds (30 s for reads, 10 s for health checks).
    public var requestTimeout: TimeInterval = 30
    /// Deadline for one call including its retries and waits.
    public var deadline: TimeInterval = 60
    /// Attempts per read call, the first included (≤ 3 by the project's rules).
    public var maxAttempts: Int = 3
    /// Backoff: uniform in 0 … base × 2ⁿ (full jitter), capped.
    public var backoffBase: TimeInterval = 0.5
    public var backoffCap: TimeInterval = 60
    /// Statuses worth another attempt (reads only). Other 4xx are never retried.
    public var retryStatuses: Set<Int> = [429, 502, 503, 504]
    /// Requests in flight at once through one transport.
    public var maxConcurrentRequests: Int = 4
    /// Minimum spacing between request starts (PagerDuty: 1/16 s for ≤ 16 req/s); 0 = none.
    public var minimumRequestInterval: TimeInterval = 0

    public init() {}

    /// For `config check` and health probes: one attempt, 10 s.
    public static var probe: HTTPClientOptions {
        var o = HTTPClientOptions()
        o.requestTimeout = 10; o.deadline = 10; o.maxAttempts = 1
        return o
    }
}

/// One HTTP answer (after any retries). Header names are lower-cased.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// Attempts it took (1 = first try).
    public var attempts: Int
    public init(status: Int, headers: [String: String], body: Data, attempts: Int) {
        self.status = status; self.headers = headers; self.body = body; self.attempts = attempts
    }
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// A failure before any usable HTTP answer. Messages name the system and the redacted URL, never credentials.
public struct HTTPTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Connection refused, DNS, TLS, timeout, connection lost.
        case unreachable
        /// 429 and waiting as told would pass the deadline.
        case rateLimited
    }
    public var kind: Kind
    public var message: String
    public var attempts: Int
    public init(kind: Kind, message: String, attempts: Int) {
        self.kind = kind; self.message = message; self.attempts = attempts
    }
    public var description: String { message }
}

/// A small blocking HTTP client shared by the Grafana and PagerDuty clients: base URL + path + query, default
/// headers (auth), per-request timeout and overall deadline, bounded retries with jittered exponential backoff on
/// connection errors and 429/502/503/504 (reads only), `Retry-After` (seconds or HTTP-date) and `ratelimit-reset`,
/// a concurrency cap and optional request spacing. Calls block their thread: use from background queues only.
///
/// It never logs. Credentials live only in headers; every text it produces goes through `redact`, which removes
/// the configured secrets, `user:pass@` and query strings.
public final class HTTPTransport: @unchecked Sendable {
    /// Human name for messages: `Grafana`, `PagerDuty`.
    public let system: String
    public let baseURL: URL
    public let options: HTTPClientOptions
    private let headers: [String: String]
    private let secrets: [String]
    private let session: URLSession
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var _requests = 0
    private var nextStart = Date.distantPast
    /// How a wait is spent (injectable for tests).
    let sleep: @Sendable (TimeInterval) -> Void

    public init(system: String, baseURL: URL, headers: [String: String] = [:], secrets: [String] = [],
                options: HTTPClientOptions = HTTPClientOptions(),
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.system = system
        self.options = options
        self.sleep = sleep
        var h = headers
        h["User-Agent"] = h["User-Agent"] ?? "nthlayer/\(HTTPTransport.userAgentVersion)"
        // Credentials written into the URL become Basic auth and leave the URL.
        var base = baseURL
        var extraSecrets: [String] = []
        if var parts = URLComponents(url: baseURL, resolvingAgainstBaseURL: false), parts.user != nil || parts.password != nil {
            let user = parts.user?.removingPercentEncoding ?? ""
            let pass = parts.password?.removingPercentEncoding ?? ""
            if h["Authorization"] == nil {
                h["Authorization"] = "Basic " + Data("\(user):\(pass)".utf8).base64EncodedString()
            }
            if !pass.isEmpty { extraSecrets.append(pass) }
            parts.user = nil; parts.password = nil
            if let clean = parts.url { base = clean }
        }
        self.secrets = (secrets + extraSecrets).filter { $0.count >= 4 }
        self.headers = h
        self.baseURL = base
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = options.requestTimeout
        c.timeoutIntervalForResource = max(options.deadline, options.requestTimeout)
        c.httpMaximumConnectionsPerHost = max(1, options.maxConcurrentRequests)
        c.requestCachePolicy = .reloadIgnoringLocalCacheData
        c.httpCookieStorage = nil
        c.urlCredentialStorage = nil
        self.session = URLSession(configuration: c)
        self.slots = DispatchSemaphore(value: max(1, options.maxConcurrentRequests))
    }

    deinit { session.finishTasksAndInvalidate() }

    static let userAgentVersion = "0.1"

    /// HTTP requests sent so far, retries included.
    public var requestCount: Int { lock.lock(); defer { lock.unlock() }; return _requests }

    /// The base URL as it may appear in messages.
    public var displayURL: String { Self.redactURL(baseURL.absoluteString) }

    /// `GET base/path?query` with retries. Throws only when no HTTP answer was had (or a rate-limit wait would pass
    /// the deadline); every HTTP status, including a retryable one after the last attempt, is returned.
    public func get(_ path: String, query: [(String, String)] = [], headers extra: [String: String] = [:]) throws -> HTTPResponse {
        try send(method: "GET", path: path, query: query, headers: extra, body: nil, retry: true)
    }

    public func send(method: String, path: String, query: [(String, String)] = [], headers extra: [String: String] = [:],
                     body: Data? = nil, retry: Bool? = nil) throws -> HTTPResponse {
        let started = Date()
        let url = self.url(path: path, query: query)
        let mayRetry = retry ?? (method == "GET" || method == "HEAD")
        var attempt = 0
        while true {
            attempt += 1
            let remaining = options.deadline - Date().timeIntervalSince(started)
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                     timeoutInterval: max(0.05, min(options.requestTimeout, remaining)))
            request.httpMethod = method
            for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
            for (k, v) in extra { request.setValue(v, forHTTPHeaderField: k) }
            if let body { request.httpBody = body }

            var wait: TimeInterval?
            var failure: HTTPTransportError?
            var last: HTTPResponse?
            switch perform(request) {
            case .failure(let reason):
                failure = HTTPTransportError(kind: .unreachable,
                                             message: "cannot reach \(system) at \(displayURL): \(reason)", attempts: attempt)
                wait = backoff(attempt)
            case .response(let status, let h, let data):
                let response = HTTPResponse(status: status, headers: h, body: data, attempts: attempt)
                guard options.retryStatuses.contains(status) else { return response }
                last = response
                wait = Self.retryAfter(h["retry-after"], now: Date())
                    ?? (status == 429 ? Self.rateLimitReset(h["ratelimit-reset"], now: Date()) : nil)
                    ?? backoff(attempt)
            }
            guard mayRetry, attempt < options.maxAttempts, let wanted = wait else {
                if let last { return last }
                var f = failure!
                if attempt > 1 { f.message += " (after \(attempt) attempts)" }
                throw f
            }
            let capped = min(wanted, options.backoffCap)
            if Date().timeIntervalSince(started) + capped > options.deadline {
                if let last, last.status == 429 {
                    throw HTTPTransportError(kind: .rateLimited,
                                             message: "rate limited by \(system) at \(displayURL): asked to wait \(Self.seconds(capped)) s, past the \(Self.seconds(options.deadline)) s deadline",
                                             attempts: attempt)
                }
                if let last { return last }
                var f = failure!
                if attempt > 1 { f.message += " (after \(attempt) attempts)" }
                throw f
            }
            sleep(capped)
        }
    }

    /// Base URL + path (its own prefix kept) + percent-encoded query.
    public func url(path: String, query: [(String, String)] = []) -> URL {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        let p = path.hasPrefix("/") ? path : "/" + path
        text += p
        if !query.isEmpty { text += "?" + Self.formEncode(query) }
        return URL(string: text) ?? baseURL
    }

    // MARK: Text helpers

    /// Replaces every configured secret (tokens, passwords) in `text` with `***`.
    public func redact(_ text: String) -> String {
        var out = text
        for s in secrets { out = out.replacingOccurrences(of: s, with: "***") }
        return out
    }

    /// ≤ 200 characters of a body, flattened and redacted.
    public func excerpt(_ body: Data, limit: Int = 200) -> String {
        redact(Self.clip(String(decoding: body.prefix(limit * 4), as: UTF8.self), limit))
    }

    public static func clip(_ s: String, _ limit: Int = 200) -> String {
        let flat = s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            .trimmingCharacters(in: .whitespaces)
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    /// A URL text without `user:pass@`, query string or fragment.
    public static func redactURL(_ text: String) -> String {
        guard var parts = URLComponents(string: text) else { return text }
        parts.user = nil; parts.password = nil; parts.query = nil; parts.fragment = nil
        var s = parts.string ?? text
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }

    /// Parses a base URL: http(s) scheme and host required, trailing slashes dropped.
    public static func baseURL(_ text: String) -> URL? {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while t.hasSuffix("/") { t.removeLast() }
        guard let url = URL(string: t), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else { return nil }
        return url
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { k, v in
            "\(k.addingPercentEncoding(withAllowedCharacters: allowed) ?? k)=\(v.addingPercentEncoding(withAllowedCharacters: allowed) ?? v)"
        }.joined(separator: "&")
    }

    static func seconds(_ v: TimeInterval) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    // MARK: Waits

    /// Full jitter: uniform in 0 … base × 2^(attempt−1), capped.
    func backoff(_ attempt: Int) -> TimeInterval {
        let ceiling = min(options.backoffCap, options.backoffBase * pow(2, Double(attempt - 1)))
        return Double.random(in: 0...max(ceiling, 0))
    }

    /// `Retry-After`: delta seconds or an HTTP-date.
    public static func retryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
        if let seconds = Double(v), seconds.isFinite { return max(0, seconds) }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            f.dateFormat = format
            if let date = f.date(from: v) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    /// PagerDuty's `ratelimit-reset`: seconds until the window resets (an epoch timestamp is accepted too).
    public static func rateLimitReset(_ value: String?, now: Date) -> TimeInterval? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), let n = Double(v), n.isFinite, n >= 0 else { return nil }
        if n > 1_000_000_000 { return max(0, n - now.timeIntervalSince1970) }
        return n
    }

    // MARK: Sending

    private enum Outcome {
        case response(status: Int, headers: [String: String], body: Data)
        case failure(String)
    }

    private final class Box: @unchecked Sendable { var outcome: Outcome = .failure("no answer") }

    private func perform(_ request: URLRequest) -> Outcome {
        slots.wait()
        defer { slots.signal() }
        if options.minimumRequestInterval > 0 {
            lock.lock()
            let now = Date()
            let start = max(now, nextStart)
            nextStart = start.addingTimeInterval(options.minimumRequestInterval)
            lock.unlock()
            let delay = start.timeIntervalSince(now)
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        }
        lock.lock(); _requests += 1; lock.unlock()
        let semaphore = DispatchSemaphore(value: 0)
        let box = Box()
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                box.outcome = .failure(Self.describe(error))
            } else if let http = response as? HTTPURLResponse {
                var headers: [String: String] = [:]
                for (k, v) in http.allHeaderFields {
                    if let k = k as? String, let v = v as? String { headers[k.lowercased()] = v }
                }
                box.outcome = .response(status: http.statusCode, headers: headers, body: data ?? Data())
            }
            semaphore.signal()
        }
        task.resume()
        if semaphore.wait(timeout: .now() + request.timeoutInterval + 5) == .timedOut {
            task.cancel()
            return .failure("no answer within \(Self.seconds(request.timeoutInterval)) s")
        }
        if case .failure(let reason) = box.outcome, reason == "timed out" {
            return .failure("no answer within \(Self.seconds(request.timeoutInterval)) s (timed out)")
        }
        return box.outcome
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? URLError {
            switch e.code {
            case .cannotConnectToHost: return "connection refused"
            case .timedOut: return "timed out"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            case .networkConnectionLost: return "connection lost"
            case .badServerResponse: return "malformed HTTP response"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot: return "TLS handshake failed"
            default: return e.localizedDescription
            }
        }
        return error.localizedDescription
    }
}
