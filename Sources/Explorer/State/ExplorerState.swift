import Foundation
import NthLayerCore

public enum Pane: String, CaseIterable, Sendable, Hashable {
    case services, slo, deps, drift
    public var title: String {
        switch self {
        case .services: return "Services"
        case .slo: return "SLO burn"
        case .deps: return "Dependencies"
        case .drift: return "Drift"
        }
    }
    public var scope: Scope {
        switch self {
        case .services: return .services
        case .slo: return .slo
        case .deps: return .deps
        case .drift: return .drift
        }
    }
}

/// One step of the navigation stack (the breadcrumbs).
public struct Location: Sendable, Hashable {
    public var pane: Pane
    public var service: String?
    public init(_ pane: Pane, service: String? = nil) { self.pane = pane; self.service = service }
}

public enum InputMode: Sendable, Hashable {
    case normal
    case filter(draft: String)
    case command(draft: String)
}

public struct Flash: Sendable, Hashable {
    public enum Level: Sendable, Hashable { case info, warn, error }
    public var level: Level
    public var text: String
    public var until: Date
}

public enum SortColumn: String, CaseIterable, Sendable, Hashable {
    case name, team, tier, type, status, budget, burn, drift, deps, owner
}

public struct SortOrder: Sendable, Hashable {
    public var column: SortColumn
    /// Reverse of the column's natural order (natural: names A→Z, worst status / lowest budget /
    /// fastest burn / most deps first).
    public var reversed: Bool
    public init(_ column: SortColumn, reversed: Bool = false) { self.column = column; self.reversed = reversed }
}

public struct TermSize: Sendable, Hashable {
    public var cols: Int
    public var rows: Int
    public init(cols: Int, rows: Int) { self.cols = cols; self.rows = rows }
}

/// Everything the explorer shows, as one value. Changed only by `Reducer`; drawn only by `Renderer`.
public struct ExplorerState: Sendable {
    // World
    public var worldLabel: String
    public private(set) var services: [ServiceSpec]
    public private(set) var graph: DependencyGraph
    public private(set) var specIndex: [String: Int]
    public internal(set) var telemetry: TelemetrySnapshot?
    public internal(set) var onCall: [String: OnCallInfo] = [:]
    /// The latest drift evaluation (nil until a drift source answers, or when none is configured).
    public internal(set) var drift: DriftSnapshot?
    public internal(set) var sources: [SourceStatus]
    /// Bumped when the world is replaced; answers from older generations are dropped on arrival.
    public internal(set) var generation = 1
    public internal(set) var now: Date
    public internal(set) var startedAt: Date

    // Derived (recomputed by the reducer when their inputs change, never per frame)
    public internal(set) var rows: [ServiceRow] = []
    public internal(set) var changes: [String: RowChange] = [:]
    /// Indices into `rows`, filtered and sorted.
    public internal(set) var visible: [Int] = []

    // View
    public internal(set) var size: TermSize
    public internal(set) var stack: [Location] = [Location(.services)]
    public internal(set) var servicesCursor = 0
    public internal(set) var servicesScroll = 0
    public internal(set) var sloScroll = 0
    public internal(set) var depsCursor = 0
    public internal(set) var depsScroll = 0
    public internal(set) var depsRoot: String?
    public internal(set) var depsExpanded: Set<String> = []
    /// Drift pane: which finding of the list is open, how far its diff or chart is scrolled, split or
    /// unified diff (nil = split when the terminal is at least 140 columns), config or trend findings.
    public internal(set) var driftCursor = 0
    public internal(set) var driftScroll = 0
    public internal(set) var driftSplit: Bool?
    public internal(set) var driftMode: DriftMode = .config
    public internal(set) var helpVisible = false
    public internal(set) var helpScroll = 0
    public internal(set) var sort = SortOrder(.status)
    public internal(set) var filter = ""
    public internal(set) var input: InputMode = .normal
    public internal(set) var commandHistory: [String] = []
    public internal(set) var historyCursor: Int?
    public internal(set) var frozen = false
    public internal(set) var pendingTelemetry: SourceResult<TelemetrySnapshot>?
    var pendingDigest: TelemetryDigest?
    /// The figures behind `rows`, index-aligned with `services` (kept so an on-call refresh need
    /// not recompute them).
    var figures: [[SLOFigures]] = []
    public internal(set) var pendingOnCall: SourceResult<[String: OnCallInfo]>?
    public internal(set) var pendingDrift: SourceResult<DriftSnapshot>?
    public internal(set) var pendingCount = 0
    public internal(set) var flash: Flash?
    public internal(set) var themeName: String
    public var themeNames: [String]
    public internal(set) var quitRequested = false

    public init(services: [ServiceSpec], worldLabel: String, sources: [(id: String, kind: SourceKind, interval: TimeInterval)],
                now: Date, size: TermSize, themeName: String = "default", themeNames: [String] = ["default"]) {
        self.worldLabel = worldLabel
        self.services = services
        self.graph = DependencyGraph(services: services)
        self.specIndex = Dictionary(services.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.sources = sources.map { SourceStatus(id: $0.id, kind: $0.kind, interval: $0.interval, startedAt: now) }
        self.now = now; self.startedAt = now; self.size = size
        self.themeName = themeName; self.themeNames = themeNames
        rebuildRows()
    }

    /// Replaces the world (another spec directory or environment): a new generation.
    mutating func replaceServices(_ newServices: [ServiceSpec], label: String) {
        services = newServices
        graph = DependencyGraph(services: newServices)
        specIndex = Dictionary(newServices.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        worldLabel = label
        rows = []; visible = []
        generation += 1
        telemetry = nil; onCall = [:]; changes = [:]; drift = nil; pendingDrift = nil
        driftCursor = 0; driftScroll = 0
        pendingTelemetry = nil; pendingOnCall = nil; pendingCount = 0; pendingDigest = nil; figures = []
        for i in sources.indices {
            sources[i] = SourceStatus(id: sources[i].id, kind: sources[i].kind, interval: sources[i].interval, startedAt: now)
        }
        startedAt = now
        stack = [Location(.services)]
        servicesCursor = 0; servicesScroll = 0
        rebuildRows()
    }

    public func spec(_ name: String) -> ServiceSpec? { specIndex[name].map { services[$0] } }

    public var location: Location { stack.last ?? Location(.services) }
    public var pane: Pane { location.pane }

    /// The service the detail panes are about: the location's, else the row under the cursor.
    public var selectedService: String? {
        if let s = location.service { return s }
        return selectedRow?.name
    }

    public var selectedRow: ServiceRow? {
        guard servicesCursor >= 0, servicesCursor < visible.count else { return nil }
        return rows[visible[servicesCursor]]
    }

    /// SLO statuses of one service, in spec order (missing ones as no-data).
    public func statuses(of service: String) -> [SLOStatus] {
        guard let spec = spec(service) else { return [] }
        return spec.slos.map { slo in
            telemetry?.statuses[SLOKey(service: service, slo: slo.name)]
                ?? SLOStatus(service: service, slo: slo.name, objective: slo.objective, window: slo.window, periodErrorRatio: nil)
        }
    }

    public func row(named name: String) -> ServiceRow? { specIndex[name].map { rows[$0] } }

    /// True when any telemetry source is stale or down: the data panes are then drawn dimmed.
    public var telemetryIsStale: Bool {
        sources.contains { $0.kind == .telemetry && $0.health(now: now, startedAt: startedAt).isStale }
    }

    /// True when the drift source is stale or down: the drift pane and column are then dimmed.
    public var driftIsStale: Bool {
        sources.contains { $0.kind == .drift && $0.health(now: now, startedAt: startedAt).isStale }
    }

    /// Whether any drift source is configured at all.
    public var hasDriftSource: Bool { sources.contains { $0.kind == .drift } }

    /// The service the drift pane is about; nil = every service.
    public var driftService: String? { pane == .drift ? location.service : selectedService }

    /// The findings the drift pane lists now.
    public var driftFindings: [DriftFinding] { drift?.findings(service: driftService, mode: driftMode) ?? [] }

    /// The open finding, if any.
    public var currentFinding: DriftFinding? {
        let list = driftFindings
        guard !list.isEmpty else { return nil }
        return list[max(0, min(driftCursor, list.count - 1))]
    }

    /// Split diff when toggled on, else when the terminal is wide enough.
    public var driftSplitActive: Bool { driftSplit ?? (size.cols >= 140) }

    /// Recomputes the rows' values. `digest` holds figures already worked out off the UI thread for
    /// the current telemetry; without one they are computed here when the telemetry changed.
    mutating func rebuildRows(digest: TelemetryDigest? = nil, telemetryChanged: Bool = false) {
        let keep = selectedRow?.name
        if let telemetry {
            if let digest, digest.figures.count == services.count {
                figures = digest.figures
            } else if telemetryChanged || figures.count != services.count {
                figures = TelemetryDigest(services: services, snapshot: telemetry).figures
            }
        } else {
            figures = Array(repeating: [], count: services.count)
        }
        if rows.count == services.count {
            // Same world: only the values that move are recomputed (names, tiers and edges are fixed).
            for i in services.indices {
                rows[i].update(spec: services[i], figures: figures[i], onCall: onCall[services[i].name],
                               drift: drift?.badges[services[i].name])
            }
        } else {
            rows = services.indices.map { i in
                ServiceRow(spec: services[i], figures: figures[i],
                           dependencyCount: graph.upstream(of: services[i].name).count, onCall: onCall[services[i].name],
                           drift: drift?.badges[services[i].name])
            }
        }
        refilter(keeping: keep)
    }

    /// Re-applies filter and sort, keeping the cursor on the same service when it is still shown.
    mutating func refilter() { refilter(keeping: selectedRow?.name) }

    private mutating func refilter(keeping keep: String?) {
        let f = ServiceFilter(filter)
        let rows = self.rows
        var idx = f.isEmpty ? Array(rows.indices) : rows.indices.filter { f.matches(rows[$0]) }
        let sort = self.sort
        idx.sort { a, b in
            let ra = rows[a], rb = rows[b]
            let ordered = Self.compare(ra, rb, by: sort.column)
            if ordered != .orderedSame { return sort.reversed ? ordered == .orderedDescending : ordered == .orderedAscending }
            return ra.name < rb.name
        }
        visible = idx
        if let keep, let at = visible.firstIndex(where: { rows[$0].name == keep }) {
            servicesCursor = at
        } else {
            servicesCursor = min(servicesCursor, max(0, visible.count - 1))
        }
        clampServicesScroll()
    }

    static func compare(_ a: ServiceRow, _ b: ServiceRow, by column: SortColumn) -> ComparisonResult {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> ComparisonResult { x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame) }
        // Unknown numbers sort last in the natural order.
        func cmpOpt(_ x: Double?, _ y: Double?, ascending: Bool) -> ComparisonResult {
            switch (x, y) {
            case (nil, nil): return .orderedSame
            case (nil, _): return .orderedDescending
            case (_, nil): return .orderedAscending
            case let (x?, y?): return ascending ? cmp(x, y) : cmp(y, x)
            }
        }
        switch column {
        case .name: return cmp(a.name, b.name)
        case .team: return cmp(a.team, b.team)
        case .tier: return cmp(a.tier, b.tier)
        case .type: return cmp(a.type.rawValue, b.type.rawValue)
        case .status: return cmp(b.status.severityRank, a.status.severityRank)
        case .budget: return cmpOpt(a.budgetRemaining, b.budgetRemaining, ascending: true)
        case .burn: return cmpOpt(a.fastestBurn, b.fastestBurn, ascending: false)
        case .deps: return cmp(b.dependencyCount, a.dependencyCount)
        case .drift:
            // Worst drift first, then most findings; services no evaluation covers sort last.
            func rank(_ r: ServiceRow) -> Int { r.drift.map { DriftSeverity.allCases.firstIndex(of: $0.worst)! * 100_000 + min($0.count, 99_999) } ?? -1 }
            return cmp(rank(b), rank(a))
        case .owner: return cmp(a.owner ?? "\u{10FFFF}", b.owner ?? "\u{10FFFF}")
        }
    }

    mutating func clampServicesScroll() {
        let page = Layout(size: size).tableRows
        if servicesCursor < servicesScroll { servicesScroll = servicesCursor }
        if servicesCursor >= servicesScroll + page { servicesScroll = servicesCursor - page + 1 }
        servicesScroll = max(0, min(servicesScroll, max(0, visible.count - page)))
    }
}
