import Foundation
import NthLayerCore

/// A deterministic simulation of the telemetry behind a catalog: every SLO has cumulative request and bad-event
/// counters that are a pure function of (seed, catalog, time), so any window's error ratio is exact and agrees
/// with every other window, and `demo export` can hand the same counters to a real Prometheus.
///
/// Cheap to copy (one shared, immutable store). Never reads the clock: callers pass the time.
public struct DemoWorld: Sendable {
    /// 2025-10-03T00:00:00Z: the simulation starts 90 days before `present` (2026-01-01T00:00:00Z). Fixed so
    /// screenshots, goldens and exports are reproducible; 90 days so a 30-day window has 60 days of full-window
    /// budget history behind the present (drift windows, the 35-day view, 28d/4w periods) and recovering and
    /// step-change stories can start well before the window the explorer shows.
    public static let defaultEpoch = Date(timeIntervalSince1970: 1_759_449_600)
    /// Days of simulated history before `present`.
    public static let historyDays = 90

    public let services: [ServiceSpec]
    public let seed: UInt64
    /// Start of the simulation: every counter is zero here.
    public let epoch: Date

    let store: DemoWorldStore

    public init(services: [ServiceSpec], seed: UInt64 = 42, epoch: Date = DemoWorld.defaultEpoch) {
        self.services = services; self.seed = seed; self.epoch = epoch
        self.store = DemoWorldStore(services: services, seed: seed, epoch: epoch)
    }

    /// The moment the stories are written around: `epoch` + 90 days.
    public var present: Date { epoch.addingTimeInterval(Double(Self.historyDays) * 86_400) }

    /// The profile of every SLO in the catalog.
    public var profiles: [SLOKey: DemoProfile] { store.profiles }

    public func profile(for key: SLOKey) -> DemoProfile? { store.profiles[key] }

    /// Cumulative counters of an SLO of the catalog; nil for an unknown SLO.
    public func counters(for key: SLOKey, at time: Date) -> DemoCounters? {
        guard let model = store.models[key] else { return nil }
        return model.counters(atMinutes: minutes(time), tables: store.tables)
    }

    /// Error ratio over [from, to], request-weighted; nil for an unknown SLO or a range without traffic.
    public func errorRatio(for key: SLOKey, from: Date, to: Date) -> Double? {
        guard let model = store.models[key] else { return nil }
        return model.errorRatio(fromMinutes: minutes(from), toMinutes: minutes(to), tables: store.tables)
    }

    /// Status of an SLO of the catalog.
    public func status(for key: SLOKey, at now: Date) -> SLOStatus? {
        guard let spec = store.specs[key] else { return nil }
        return status(service: key.service, slo: spec, at: now)
    }

    /// Status of any SLO: the catalog's traffic when the world knows it, else a model built from the names;
    /// objective and window always from `slo` (an environment overlay may change them, the traffic stays).
    public func status(service: String, slo: SLOSpec, at now: Date) -> SLOStatus {
        status(model(for: SLOKey(service: service, slo: slo.name), spec: slo), service: service, slo: slo, at: now)
    }

    func status(_ model: DemoSLOModel, service: String, slo: SLOSpec, at now: Date) -> SLOStatus {
        let t = minutes(now)
        let tables = store.tables
        let upper = model.counters(atMinutes: t, tables: tables)
        var ratios: [Window: Double] = [:]
        for w in Self.alertWindows {
            if let r = DemoSLOModel.ratio(upper, model.counters(atMinutes: t - w.minutesValue, tables: tables)) { ratios[w] = r }
        }
        let period = DemoSLOModel.ratio(upper, model.counters(atMinutes: t - slo.window.minutesValue, tables: tables))
        return SLOStatus(service: service, slo: slo.name, objective: slo.objective, window: slo.window,
                         periodErrorRatio: period, windowErrorRatios: ratios)
    }

    /// The short and long windows of the four burn tiers (slo-and-generation.md §3).
    public static let alertWindows: [Window] = [.minutes(5), .minutes(30), .hours(1), .hours(2), .hours(6), .days(1), .days(3)]

    func minutes(_ date: Date) -> Double { date.timeIntervalSince(epoch) / 60 }

    func model(for key: SLOKey, spec: SLOSpec) -> DemoSLOModel {
        if let m = store.models[key] { return m }
        return store.makeModel(key: key, slo: spec, profile: DemoProfileAssignment.hashed(key, slo: spec, seed: seed))
    }
}

extension Window {
    var minutesValue: Double { Double(seconds) / 60 }
}

/// The immutable state behind a `DemoWorld`, shared by its copies.
final class DemoWorldStore: Sendable {
    let tables: DemoPatternTables
    let factory: DemoModelFactory
    let profiles: [SLOKey: DemoProfile]
    let models: [SLOKey: DemoSLOModel]
    let specs: [SLOKey: SLOSpec]

    init(services: [ServiceSpec], seed: UInt64, epoch: Date) {
        let tables = DemoPatternTables(seed: seed)
        self.tables = tables
        let profiles = DemoProfileAssignment.assign(services, seed: seed)
        self.profiles = profiles
        var traits: [String: (Tier, ServiceType)] = [:]
        var specs: [SLOKey: SLOSpec] = [:]
        for service in services {
            if traits[service.name] == nil { traits[service.name] = (service.tier, service.type) }
            for slo in service.slos where specs[SLOKey(service: service.name, slo: slo.name)] == nil {
                specs[SLOKey(service: service.name, slo: slo.name)] = slo
            }
        }
        self.specs = specs
        let factory = DemoModelFactory(tables: tables, seed: seed, epoch: epoch, traits: traits)
        self.factory = factory
        var models: [SLOKey: DemoSLOModel] = [:]
        models.reserveCapacity(specs.count)
        for (key, slo) in specs {
            models[key] = factory.make(key: key, slo: slo, profile: profiles[key] ?? .stable)
        }
        self.models = models
    }

    func makeModel(key: SLOKey, slo: SLOSpec, profile: DemoProfile) -> DemoSLOModel {
        factory.make(key: key, slo: slo, profile: profile)
    }
}

/// Builds the model of one SLO. Traffic is per service (its SLOs see the same requests); the story is per SLO.
struct DemoModelFactory: Sendable {
    let tables: DemoPatternTables
    let seed: UInt64
    /// Table minute of the epoch: minutes since the Monday 00:00 UTC before it.
    let epochWeekMinute: Double
    let presentMinutes: Double
    /// Tier and type per service name (also for SLOs built on demand that the catalog lacks).
    let traits: [String: (Tier, ServiceType)]

    init(tables: DemoPatternTables, seed: UInt64, epoch: Date, traits: [String: (Tier, ServiceType)]) {
        self.tables = tables; self.seed = seed; self.traits = traits
        self.presentMinutes = Double(DemoWorld.historyDays) * 1440
        // 1970-01-01 was a Thursday: shift by three days so minute 0 of the week is a Monday.
        let week = Double(DemoPatternTables.minutesPerWeek)
        var m = (epoch.timeIntervalSince1970 / 60 + 3 * 1440).truncatingRemainder(dividingBy: week)
        if m < 0 { m += week }
        self.epochWeekMinute = m
    }

    func make(key: SLOKey, slo: SLOSpec, profile: DemoProfile) -> DemoSLOModel {
        let (tier, type) = traits[key.service] ?? (.standard, .api)
        let h = DemoHash.of(key.service, seed: seed, salt: "service")
        // Log-uniform 2–600 requests/s, scaled by how central the service is.
        var rate = 2 * pow(300, DemoHash.unit(h))
        switch tier {
        case .critical: rate *= 3
        case .high: rate *= 2
        case .standard: break
        case .low: rate *= 0.5
        }
        switch type {
        case .worker, .batch: rate *= 0.3
        case .stream, .database: rate *= 0.6
        default: break
        }
        let spread = DemoHash.mix(h)
        let weekShift = Double(spread % 16), hourShift = Double((spread >> 8) % 6)
        let phase = epochWeekMinute + weekShift * Double(DemoPatternTables.minutesPerWeek) + hourShift * 60
        let allowed = max(1e-9, min(1, slo.budgetRatio.doubleValue))
        let context = DemoStory.Context(allowed: allowed, window: slo.window.minutesValue, present: presentMinutes,
                                        phase: phase, tables: tables,
                                        variation: DemoHash.of(key.description, seed: seed, salt: "story"))
        return DemoSLOModel(profile: profile, requestRate: rate, phase: phase,
                            terms: DemoStory.terms(for: profile, context), tables: tables)
    }
}
