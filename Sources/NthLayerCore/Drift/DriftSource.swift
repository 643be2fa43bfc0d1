import Foundation

/// Where drift findings come from: live providers, or the demo world. Blocking; background queues only.
public protocol DriftSource: Sendable {
    var id: String { get }
    var refreshInterval: TimeInterval { get }
    func fetchDrift(services: [ServiceSpec], at now: Date) throws -> DriftReport
}
