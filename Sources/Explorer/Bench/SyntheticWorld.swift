import Foundation
import NthLayerCore

/// A deterministic synthetic inventory of any size, with telemetry: the fixture for render
/// goldens (stable whatever the demo world's story does) and for the 10,000-service benchmarks.
public struct SyntheticWorld: Sendable {
    public let services: [ServiceSpec]
    public let seed: UInt64

    static let domains = ["payments", "checkout", "catalog", "search", "ledger", "identity", "inventory", "shipping",
                          "pricing", "reviews", "notify", "billing", "fraud", "media", "profile", "gateway"]
    static let roles = ["api", "worker", "gateway", "stream", "batch", "web", "sync", "indexer"]
    static let teams = ["payments", "commerce", "platform", "discovery", "trust", "growth"]
    static let people = ["Amara Okafor", "Lukas Becker", "Priya Raman", "Diego Alvarez", "Mei Lin", "Tomasz Nowak",
                         "Fatima Haddad", "Jonas Lindqvist", "Aiko Tanaka", "Samuel Mensah"]

    public init(count: Int, seed: UInt64 = 7) {
        self.seed = seed
        var services: [ServiceSpec] = []
        services.reserveCapacity(count)
        for i in 0..<count {
            let domain = Self.domains[i % Self.domains.count]
            let role = Self.roles[(i / Self.domains.count) % Self.roles.count]
            let round = i / (Self.domains.count * Self.roles.count)
            let name = round == 0 ? "\(domain)-\(role)" : "\(domain)-\(role)-\(round)"
            let tier = Tier.allCases[Int(Self.hash(name, seed, 1) % 4)]
            let type: ServiceType = role == "worker" || role == "sync" ? .worker : role == "stream" ? .stream
                : role == "batch" || role == "indexer" ? .batch : role == "web" ? .web : .api
            var spec = ServiceSpec(name: name, team: Self.teams[i % Self.teams.count], tier: tier, type: type,
                                   location: SourceLocation(file: "synthetic/\(name).yaml", line: 1, column: 1))
            spec.ownership.owner = Self.people[Int(Self.hash(name, seed, 2) % UInt64(Self.people.count))]
            let loc = spec.location
            spec.slos.append(SLOSpec(name: "availability", type: .availability, objective: tier.defaultAvailability,
                                     window: .days(30), indicator: .typeDefault, location: loc))
            if i % 3 == 0 {
                spec.slos.append(SLOSpec(name: "latency-p99", type: .latency, objective: Decimal(string: "99")!,
                                         window: .days(30), indicator: .typeDefault, location: loc))
            }
            // Depend on up to three earlier services, plus a datastore for APIs.
            let depCount = i == 0 ? 0 : Int(Self.hash(name, seed, 3) % 4)
            for d in 0..<depCount {
                let target = Int(Self.hash(name, seed, UInt64(10 + d)) % UInt64(i))
                let depName = services[target].name
                if spec.dependencies.contains(where: { $0.name == depName }) { continue }
                spec.dependencies.append(DependencySpec(name: depName, type: .service, technology: nil,
                                                        criticality: Criticality.allCases[d % 4], location: loc))
            }
            if type == .api {
                spec.dependencies.append(DependencySpec(name: "\(domain)-db", type: .datastore, technology: nil,
                                                        criticality: .critical, location: loc))
            }
            services.append(spec)
        }
        // One deliberate cycle: the first service calls the last one that depends on it.
        if services.count > 3 {
            let first = services[0].name
            if let back = services.indices.last(where: { services[$0].dependencies.contains { $0.name == first } }) {
                services[0].dependencies.append(DependencySpec(name: services[back].name, type: .service, technology: nil,
                                                               criticality: .high, location: services[0].location))
            }
        }
        self.services = services
    }

    static func hash(_ name: String, _ seed: UInt64, _ salt: UInt64) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325 ^ seed &* 0x9E3779B97F4A7C15 ^ salt &* 0xBF58476D1CE4E5B9
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        h ^= h >> 31; h = h &* 0x94D049BB133111EB; h ^= h >> 29
        return h
    }

    static func unit(_ name: String, _ seed: UInt64, _ salt: UInt64) -> Double {
        Double(hash(name, seed, salt) % 1_000_000) / 1_000_000
    }

    /// Telemetry at `now`: a per-SLO error level, windows varying around it, and `revision`
    /// nudging values so successive refreshes show movement.
    public func snapshot(at now: Date, revision: Int = 0) -> TelemetrySnapshot {
        var snap = TelemetrySnapshot(fetchedAt: now)
        for spec in services {
            for slo in spec.slos {
                let key = SLOKey(service: spec.name, slo: slo.name)
                let budget = ((100 - slo.objective) / 100).doubleValue
                let id = key.description
                // Consumed fraction between 0.05 and 1.15, skewed healthy.
                let u = Self.unit(id, seed, 20)
                let consumed = 0.05 + pow(u, 2.2) * 1.1 + Double(revision % 5) * 0.004 * Self.unit(id, seed, 21)
                var windows: [Window: Double] = [:]
                for (n, w) in [Window.minutes(5), .minutes(30), .hours(1), .hours(2), .hours(6), .days(1), .days(3)].enumerated() {
                    let spike = Self.unit(id, seed, 30 + UInt64(n)) < 0.08 ? 18.0 : 1.0
                    windows[w] = budget * consumed * (0.4 + 1.6 * Self.unit(id, seed, 40 + UInt64(n + revision))) * spike
                }
                snap.statuses[key] = SLOStatus(service: spec.name, slo: slo.name, objective: slo.objective,
                                               window: slo.window, periodErrorRatio: budget * consumed, windowErrorRatios: windows)
                var history: [Sample] = []
                var errors: [Sample] = []
                for step in 0..<60 {
                    let t = now.addingTimeInterval(Double(step - 60) * 43_200)
                    let frac = Double(step + 1) / 60
                    history.append(Sample(time: t, value: 1 - consumed * frac))
                    errors.append(Sample(time: t, value: budget * (0.3 + 1.4 * Self.unit(id, seed, 100 + UInt64(step)))))
                }
                snap.budgetHistory[key] = history
                snap.errorRatioHistory[key] = errors
            }
        }
        return snap
    }
}

/// `SyntheticWorld` as a telemetry source; each fetch is a new revision so values move.
public final class SyntheticTelemetrySource: TelemetrySource, @unchecked Sendable {
    public let id: String
    public let refreshInterval: TimeInterval
    public let world: SyntheticWorld
    // Guarded by `lock`; fetches run on the source's own queue but tests may call directly.
    private let lock = NSLock()
    private var revision = 0

    public init(world: SyntheticWorld, id: String = "synthetic", refreshInterval: TimeInterval = 5) {
        self.world = world; self.id = id; self.refreshInterval = refreshInterval
    }

    public func fetch(services: [ServiceSpec], at now: Date) throws -> TelemetrySnapshot {
        lock.lock(); revision += 1; let r = revision; lock.unlock()
        return world.snapshot(at: now, revision: r)
    }
}
