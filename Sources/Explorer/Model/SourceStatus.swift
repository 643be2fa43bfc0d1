import Foundation

/// The kinds of data the explorer refreshes in the background.
public enum SourceKind: String, Sendable, Hashable {
    case telemetry, onCall = "on-call", drift
}

/// What the status line says about one source. Ages are whole seconds.
public enum SourceHealth: Sendable, Hashable {
    case waiting                       // never answered, not yet overdue
    case ok(age: Int)
    case refreshing(age: Int?)
    case stale(age: Int?)              // nil: never answered at all
    case failed(reason: String, age: Int?)
    case down(reason: String, retryIn: Int)

    public var isStale: Bool {
        switch self {
        case .stale, .down: return true
        default: return false
        }
    }
}

/// Bookkeeping for one background source: when it last answered, whether a fetch is in flight,
/// failures in a row (for backoff). Updated only by the reducer.
public struct SourceStatus: Sendable, Hashable {
    public var id: String
    public var kind: SourceKind
    public var interval: TimeInterval
    public var lastSuccess: Date?
    public var lastAttempt: Date?
    public var inFlight = false
    public var consecutiveFailures = 0
    public var lastError: String?
    /// When the next fetch is due (interval after a success, backoff after a failure).
    public var nextDue: Date

    public init(id: String, kind: SourceKind, interval: TimeInterval, startedAt: Date) {
        self.id = id; self.kind = kind; self.interval = interval; self.nextDue = startedAt
    }

    /// Data older than this is stale: two missed refreshes, and at least 3 s so a 1 s interval
    /// does not flicker.
    public var staleAfter: TimeInterval { max(2 * interval, 3) }

    /// Backoff after failures: 5, 10, 20, 40, then 60 s — but never sooner than the interval.
    public static func backoff(failures: Int, interval: TimeInterval) -> TimeInterval {
        guard failures > 0 else { return interval }
        return max(interval, min(60, 5 * pow(2, Double(failures - 1))))
    }

    public func health(now: Date, startedAt: Date) -> SourceHealth {
        let age = lastSuccess.map { Int(max(0, now.timeIntervalSince($0))) }
        if consecutiveFailures >= 3, let error = lastError, !inFlight {
            return .down(reason: error, retryIn: Int(max(0, nextDue.timeIntervalSince(now)).rounded(.up)))
        }
        let overdue = now.timeIntervalSince(lastSuccess ?? startedAt) > staleAfter
        if overdue { return .stale(age: age) }
        if let error = lastError, !inFlight { return .failed(reason: error, age: age) }
        if inFlight { return .refreshing(age: age) }
        if let age { return .ok(age: age) }
        return .waiting
    }
}

/// A source's answer as it reaches the UI thread: immutable, tagged with the generation that asked.
public struct SourceResult<Value: Sendable>: Sendable {
    public var sourceID: String
    public var generation: Int
    public var attemptedAt: Date
    public var finishedAt: Date
    public var outcome: Result<Value, ProviderFailure>
    public init(sourceID: String, generation: Int, attemptedAt: Date, finishedAt: Date, outcome: Result<Value, ProviderFailure>) {
        self.sourceID = sourceID; self.generation = generation; self.attemptedAt = attemptedAt
        self.finishedAt = finishedAt; self.outcome = outcome
    }
}

/// A fetch failure reduced to text that is safe to draw.
public struct ProviderFailure: Error, Sendable, Hashable {
    public var message: String
    public init(_ error: Error) { message = SafeText.clean(String(describing: error)) }
    public init(message: String) { self.message = SafeText.clean(message) }
}
