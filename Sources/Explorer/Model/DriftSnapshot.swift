import Foundation
import NthLayerCore

/// Worst drift severity and number of findings (severity above `none`) of one service: the services
/// table's DRIFT column.
public struct DriftBadge: Sendable, Hashable {
    public var worst: DriftSeverity
    public var count: Int
    public init(worst: DriftSeverity, count: Int) { self.worst = worst; self.count = count }

    /// `✗ 3`, `! 2`, `i 1`, `✓`: glyph first, so mono stays readable.
    public var text: String {
        count == 0 ? "✓" : "\(Self.glyph(worst)) \(count)"
    }

    public static func glyph(_ s: DriftSeverity) -> String {
        switch s {
        case .critical: return "✗"
        case .warn: return "!"
        case .info: return "i"
        case .none: return "✓"
        }
    }

    public static func role(_ s: DriftSeverity) -> Role {
        switch s {
        case .critical: return .statusCrit
        case .warn: return .statusWarn
        case .info: return .accent
        case .none: return .statusOK
        }
    }
}

/// One drift evaluation as the explorer keeps it: findings grouped by service and ordered for display
/// (worst first), per-service badges, and the report's errors. Built on the source's queue, not the UI thread.
public struct DriftSnapshot: Sendable {
    /// Service → its findings, worst first, config before trend on ties.
    public let byService: [String: [DriftFinding]]
    public let badges: [String: DriftBadge]
    /// Services in display order for "all services": worst badge first, then name.
    public let serviceOrder: [String]
    public let errors: [String]
    public let providers: [String]
    public let evaluated: Set<String>

    public init(report: DriftReport) {
        var grouped: [String: [DriftFinding]] = [:]
        for f in report.findings { grouped[f.service, default: []].append(f) }
        for (k, v) in grouped { grouped[k] = Self.ordered(v) }
        byService = grouped
        var badges: [String: DriftBadge] = [:]
        for name in report.servicesEvaluated { badges[name] = DriftBadge(worst: .none, count: 0) }
        for (name, findings) in grouped {
            let real = findings.filter { $0.severity > .none }
            badges[name] = DriftBadge(worst: real.map(\.severity).max() ?? .none, count: real.count)
        }
        self.badges = badges
        serviceOrder = grouped.keys.sorted { a, b in
            let x = badges[a] ?? DriftBadge(worst: .none, count: 0), y = badges[b] ?? DriftBadge(worst: .none, count: 0)
            if x.worst != y.worst { return x.worst > y.worst }
            if x.count != y.count { return x.count > y.count }
            return a < b
        }
        errors = report.errors.map(SafeText.clean)
        providers = report.providers.map { "\($0.0): \($0.1)" }.map(SafeText.clean)
        evaluated = Set(report.servicesEvaluated)
    }

    static func ordered(_ findings: [DriftFinding]) -> [DriftFinding] {
        findings.enumerated().sorted { a, b in
            if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
            let ta = a.element.kind == .trend, tb = b.element.kind == .trend
            if ta != tb { return !ta }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The findings the drift pane lists for `service` (nil = every service, grouped by service) of one mode.
    /// Across all services only findings above `none` are listed; for one service every evaluated SLO's trend
    /// shows, so a stable budget can be looked at too.
    public func findings(service: String?, mode: DriftMode) -> [DriftFinding] {
        func keep(_ f: DriftFinding) -> Bool { mode == .trend ? f.kind == .trend : f.kind != .trend }
        if let service { return (byService[service] ?? []).filter(keep) }
        return serviceOrder.flatMap { (byService[$0] ?? []).filter { keep($0) && $0.severity > .none } }
    }
}

/// Which findings the drift pane lists: configuration (declared vs deployed) or trend (budget slope).
public enum DriftMode: String, Sendable, Hashable {
    case config, trend
    public var other: DriftMode { self == .config ? .trend : .config }
}
