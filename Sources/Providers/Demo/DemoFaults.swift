import Foundation
import NthLayerCore

/// Misbehaviour a demo source shows on purpose, so the explorer's stale, error and down states have something to
/// show and tests can prove the UI never waits on a source.
///
/// Fetches are counted from 1 per source instance; the cadence is by count, not by time, so a test sees the same
/// sequence however fast it runs and the explorer sees a failure every few refreshes whatever its backoff.
public struct DemoFaults: Sendable, Hashable {
    /// Seconds a fetch blocks before answering (0 = answer at once).
    public var hangSeconds: Double
    /// Which fetches hang: nil = every one; n = the n-th, 2n-th, … (when `hangSeconds` > 0).
    public var hangEvery: Int?
    /// The n-th, 2n-th, … fetch throws a `ProviderError`; nil = never.
    public var failEvery: Int?
    /// What the failure says (shown in the status line).
    public var failureMessage: String

    public init(hangSeconds: Double = 0, hangEvery: Int? = nil, failEvery: Int? = nil,
                failureMessage: String = "HTTP 503 Service Unavailable (simulated)") {
        self.hangSeconds = hangSeconds; self.hangEvery = hangEvery; self.failEvery = failEvery
        self.failureMessage = failureMessage
    }

    /// A well-behaved source.
    public static let none = DemoFaults()
}

/// Counts fetches and applies `DemoFaults`. A class because the count is shared by copies of a source and
/// fetches may overlap on background queues; the lock guards only the counter, never the sleep.
final class DemoFaultInjector: @unchecked Sendable {
    let faults: DemoFaults
    private let lock = NSLock()
    private var count = 0

    init(_ faults: DemoFaults) { self.faults = faults }

    var fetchCount: Int { lock.lock(); defer { lock.unlock() }; return count }

    /// Call at the start of a fetch: may block, may throw.
    func begin(provider: String) throws {
        lock.lock()
        count += 1
        let n = count
        lock.unlock()
        if faults.hangSeconds > 0, Self.hits(n, faults.hangEvery ?? 1) {
            Thread.sleep(forTimeInterval: faults.hangSeconds)
        }
        if let every = faults.failEvery, Self.hits(n, every) {
            throw ProviderError(provider: provider, message: faults.failureMessage)
        }
    }

    private static func hits(_ n: Int, _ every: Int) -> Bool { every > 0 && n % every == 0 }
}
