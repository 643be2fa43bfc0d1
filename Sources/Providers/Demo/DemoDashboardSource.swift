import Foundation
import NthLayerCore

/// A service's dashboard as Grafana holds it, against what `generate` would write.
public struct DashboardInfo: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, Codable {
        /// Deployed and matching the generated dashboard.
        case current
        /// Deployed but edited by hand since (config drift, drift.md §1).
        case drifted
        /// Not deployed.
        case missing
    }

    public var service: String
    public var uid: String
    public var title: String
    public var url: String
    public var state: State
    /// Grafana's version counter (0 when missing).
    public var version: Int
    public var updatedAt: Date?
    public var panelCount: Int
    /// What differs, for drifted dashboards.
    public var note: String?

    public init(service: String, uid: String, title: String, url: String, state: State, version: Int,
                updatedAt: Date?, panelCount: Int, note: String? = nil) {
        self.service = service; self.uid = uid; self.title = title; self.url = url; self.state = state
        self.version = version; self.updatedAt = updatedAt; self.panelCount = panelCount; self.note = note
    }
}

/// Where deployed dashboards come from (Grafana, or the demo world). Blocking calls, background queues only.
public protocol DashboardSource: Sendable {
    var id: String { get }
    var refreshInterval: TimeInterval { get }
    /// Dashboard per service name; services without an entry are unknown to the source.
    func fetchDashboards(services: [ServiceSpec], at now: Date) throws -> [String: DashboardInfo]
}

/// The demo world as Grafana — the slow one: by default every second fetch takes 4 s, as a real Grafana search
/// plus one dashboard GET per service does, so the explorer's skip-if-busy and staleness are always visible.
/// About one dashboard in ten is missing and one in ten drifted (checkout-svc's always is).
public struct DemoDashboardSource: DashboardSource {
    public let id = "demo-grafana"
    public let refreshInterval: TimeInterval = 60
    public let world: DemoWorld
    public let clock: DemoClock
    private let injector: DemoFaultInjector

    public init(world: DemoWorld, clock: DemoClock = .identity, faults: DemoFaults = DemoFaults(hangSeconds: 4, hangEvery: 2)) {
        self.world = world; self.clock = clock
        self.injector = DemoFaultInjector(faults)
    }

    public var faults: DemoFaults { injector.faults }
    public var fetchCount: Int { injector.fetchCount }

    static let driftNotes = [
        "panel \"Error rate\": query edited in Grafana",
        "panel \"Latency p99\": threshold steps changed",
        "row \"Dependencies\": panel removed",
        "panel \"Budget remaining\": unit changed to percent",
    ]

    public func fetchDashboards(services: [ServiceSpec], at now: Date) throws -> [String: DashboardInfo] {
        try injector.begin(provider: id)
        var result: [String: DashboardInfo] = [:]
        for service in services {
            let uid = "nthlayer-\(service.name)"
            let h = DemoHash.of(service.name, seed: world.seed, salt: "dashboard")
            let roll = h % 10
            let state: DashboardInfo.State = service.name == "checkout-svc" ? .drifted : (roll == 0 ? .missing : (roll == 1 ? .drifted : .current))
            let panels = 3 + 2 * service.slos.count + service.dependencies.filter { $0.technology != nil }.count
            // Last saved some whole hours into the simulated history.
            let saved = world.epoch.addingTimeInterval(Double((h >> 8) % UInt64(DemoWorld.historyDays * 24)) * 3600)
            result[service.name] = DashboardInfo(
                service: service.name, uid: uid, title: "\(service.name) — NthLayer",
                url: service.observability.grafanaURL.map { "\($0)/d/\(uid)" } ?? "https://grafana.example.com/d/\(uid)",
                state: state, version: state == .missing ? 0 : 1 + Int((h >> 20) % 24),
                updatedAt: state == .missing ? nil : clock.wallTime(forSimulation: saved),
                panelCount: state == .missing ? 0 : panels,
                note: state == .drifted ? Self.driftNotes[Int((h >> 32) % UInt64(Self.driftNotes.count))] : nil)
        }
        return result
    }
}
