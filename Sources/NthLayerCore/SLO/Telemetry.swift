import Foundation

/// Identifies one SLO of one service.
public struct SLOKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var service: String
    public var slo: String
    public init(service: String, slo: String) { self.service = service; self.slo = slo }
    public var description: String { "\(service)/\(slo)" }
    public static func < (a: SLOKey, b: SLOKey) -> Bool { (a.service, a.slo) < (b.service, b.slo) }
}

/// A timestamped sample.
public struct Sample: Sendable, Hashable {
    public var time: Date
    public var value: Double
    public init(time: Date, value: Double) { self.time = time; self.value = value }
}

/// One fetch of SLO telemetry: current status per SLO plus the history the explorer plots.
public struct TelemetrySnapshot: Sendable {
    public var statuses: [SLOKey: SLOStatus]
    /// Budget remaining (fraction) over the SLO window, oldest first.
    public var budgetHistory: [SLOKey: [Sample]]
    /// Error ratio (5m) over the SLO window, oldest first.
    public var errorRatioHistory: [SLOKey: [Sample]]
    public var fetchedAt: Date

    public init(statuses: [SLOKey: SLOStatus] = [:], budgetHistory: [SLOKey: [Sample]] = [:],
                errorRatioHistory: [SLOKey: [Sample]] = [:], fetchedAt: Date) {
        self.statuses = statuses; self.budgetHistory = budgetHistory
        self.errorRatioHistory = errorRatioHistory; self.fetchedAt = fetchedAt
    }
}

/// Where SLO telemetry comes from: the demo world, Prometheus, Mimir.
/// Calls block (with their own timeouts) and are made from background queues, never the UI thread.
public protocol TelemetrySource: Sendable {
    /// Short id shown in the status line: `prometheus`, `demo-metrics`.
    var id: String { get }
    /// How often the explorer refreshes this source.
    var refreshInterval: TimeInterval { get }
    func fetch(services: [ServiceSpec], at now: Date) throws -> TelemetrySnapshot
}

/// A failure a user can act on: which provider, what it answered.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    public var provider: String
    public var message: String
    public init(provider: String, message: String) { self.provider = provider; self.message = message }
    public var description: String { "\(provider): \(message)" }
}
