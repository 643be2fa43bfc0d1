import Foundation
import NthLayerCore
import Providers
import Testing
@testable import Explorer

/// The drift pane's actions (`:drift`, `n`/`N`, `s`, `t`), the DRIFT column (badge, sort, filter) and drift as
/// a background source with its own stale and failed states.
@Suite struct ReducerDriftTests {
    static let a = Fixture.world.services[0].name
    static let b = Fixture.world.services[3].name

    static func command(_ s: inout ExplorerState, _ line: String) {
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, line)
        Fixture.reduce(&s, .enter)
    }

    @Test func driftCommandOpensThePaneOnOneServiceOrOnEvery() {
        var s = Fixture.loaded(drift: true)
        Self.command(&s, "drift \(Self.a)")
        #expect(s.pane == .drift && s.location.service == Self.a)
        #expect(s.driftMode == .config)
        #expect(s.driftFindings.map(\.field) == ["expr", "panel", "for"], "worst first, config before trend")
        #expect(s.currentFinding?.field == "expr")

        Fixture.reduce(&s, .escape)
        #expect(s.pane == .services)
        Self.command(&s, "d")
        #expect(s.pane == .drift && s.location.service == nil && s.driftService == nil)
        // Every service, grouped: each service's findings contiguous, the worst service first.
        let services = s.driftFindings.map(\.service)
        #expect(services.first == Self.worstService())
        var seen: [String] = []
        for name in services where seen.last != name {
            #expect(!seen.contains(name), "\(name) is not grouped")
            seen.append(name)
        }
        // Enter narrows to the finding's service.
        Fixture.reduce(&s, .enter)
        #expect(s.location == Location(.drift, service: Self.worstService()))
        #expect(s.stack.count == 3)
    }

    @Test func unknownServiceIsAnErrorNotAPane() {
        var s = Fixture.loaded(drift: true)
        Self.command(&s, "drift nosuch")
        #expect(s.pane == .services)
        #expect(s.flash?.level == .error)
    }

    /// The service whose findings are worst (then most numerous): first when sorting by drift.
    static func worstService() -> String {
        let real = Fixture.driftReport().findings.filter { $0.severity > .none }
        return Dictionary(grouping: real, by: \.service).max { x, y in
            let a = (x.value.map(\.severity).max()!, x.value.count), b = (y.value.map(\.severity).max()!, y.value.count)
            return a.0 != b.0 ? a.0 < b.0 : (a.1 != b.1 ? a.1 < b.1 : x.key > y.key)
        }!.key
    }

    static func withWorst(_ severity: DriftSeverity) -> Set<String> {
        Set(Dictionary(grouping: Fixture.driftReport().findings.filter { $0.severity > .none }, by: \.service)
            .filter { $0.value.map(\.severity).max() == severity }.keys)
    }

    static let small = TermSize(cols: 60, rows: 16)

    @Test func nAndShiftNStepThroughFindingsAndStopAtTheEnds() {
        var s = Fixture.loaded(size: Self.small, drift: true)
        Self.command(&s, "drift \(Self.a)")
        Fixture.reduce(&s, .char("j"), .char("j"))
        #expect(s.driftScroll == 2)
        Fixture.reduce(&s, .char("n"))
        #expect(s.driftCursor == 1 && s.currentFinding?.field == "panel")
        #expect(s.driftScroll == 0, "a new finding opens at its top")
        Fixture.reduce(&s, .char("n"), .char("n"), .char("n"))
        #expect(s.driftCursor == 2)
        #expect(s.flash?.text == "last finding")
        Fixture.reduce(&s, .char("N"), .char("N"), .char("N"))
        #expect(s.driftCursor == 0)
        #expect(s.flash?.text == "first finding")
    }

    @Test func detailScrollIsBounded() {
        var s = Fixture.loaded(size: Self.small, drift: true)
        Self.command(&s, "drift \(Self.a)")
        Fixture.reduce(&s, .char("G"))
        let max = s.driftScroll
        #expect(max > 0)
        #expect(max == Reducer.driftMaxScroll(s))
        Fixture.reduce(&s, .char("j"))
        #expect(s.driftScroll == max)
        Fixture.reduce(&s, .char("g"))
        #expect(s.driftScroll == 0)
    }

    @Test func sTogglesSplitAndUnifiedWhateverTheDefault() {
        var s = Fixture.loaded(drift: true)
        Self.command(&s, "drift \(Self.a)")
        #expect(!s.driftSplitActive, "unified below 140 columns")
        Fixture.reduce(&s, .char("s"))
        #expect(s.driftSplitActive)
        #expect(Renderer.render(s).text.contains("declared (spec)"))
        Fixture.reduce(&s, .char("s"))
        #expect(!s.driftSplitActive)

        var wide = Fixture.loaded(size: TermSize(cols: 160, rows: 40), drift: true)
        Self.command(&wide, "drift \(Self.a)")
        #expect(wide.driftSplitActive, "side by side from 140 columns")
        Fixture.reduce(&wide, .char("s"))
        #expect(!wide.driftSplitActive)
    }

    @Test func tSwitchesBetweenConfigAndTrendFindings() {
        var s = Fixture.loaded(drift: true)
        Self.command(&s, "drift \(Self.a)")
        Fixture.reduce(&s, .char("n"), .char("t"))
        #expect(s.driftMode == .trend && s.driftCursor == 0)
        #expect(!s.driftFindings.isEmpty && s.driftFindings.allSatisfy { $0.kind == .trend })
        let text = Renderer.render(s).text
        #expect(text.contains("fit") && text.contains("↑now"))
        Fixture.reduce(&s, .char("t"))
        #expect(s.driftMode == .config)
    }

    @Test func paneKeysAreBoundOnlyInTheDriftPane() {
        let r = ActionRegistry.standard
        #expect(r.action(for: .char("n"), in: .drift) == .nextFinding)
        #expect(r.action(for: .char("N"), in: .drift) == .previousFinding)
        #expect(r.action(for: .char("s"), in: .drift) == .toggleSplit)
        #expect(r.action(for: .char("t"), in: .drift) == .toggleTrend)
        #expect(r.action(for: .char("N"), in: .services) == .sortName)
        #expect(r.action(for: .char("R"), in: .services) == .sortDrift)
        var s = Fixture.loaded(drift: true)
        let before = s.servicesCursor
        Fixture.reduce(&s, .char("n"), .char("t"), .char("s"))
        #expect(s.pane == .services && s.servicesCursor == before && s.driftMode == .config && s.driftSplit == nil)
        #expect(CommandTable.parse("d checkout") == .drift(service: "checkout"))
        #expect(CommandTable.parse("drift") == .drift(service: nil))
    }

    @Test func tabReachesTheDriftPane() {
        var s = Fixture.loaded(drift: true)
        Fixture.reduce(&s, .tab, .tab, .tab)
        #expect(s.pane == .drift)
        #expect(s.location.service == s.selectedRow?.name)
        Fixture.reduce(&s, .tab)
        #expect(s.pane == .services)
    }

    @Test func badgesCountFindingsAboveNoneAndShowTheWorst() {
        let s = Fixture.loaded(drift: true)
        let report = Fixture.driftReport()
        for name in [Self.a, Self.b] {
            let mine = report.findings.filter { $0.service == name && $0.severity > .none }
            #expect(s.row(named: name)?.drift == DriftBadge(worst: mine.map(\.severity).max()!, count: mine.count))
        }
        let other = Fixture.world.services[5].name
        #expect(s.row(named: other)?.drift == DriftBadge(worst: .none, count: 0))
        // Without a drift source the column is unknown, never a guess.
        #expect(Fixture.loaded().row(named: Self.a)?.drift == nil)
        let grid = Renderer.render(s)
        #expect(grid.line(2).contains("DRIFT"))
    }

    @Test func driftColumnSortsAndFilters() {
        var s = Fixture.loaded(drift: true)
        Fixture.reduce(&s, .char("R"))
        #expect(s.sort == SortOrder(.drift))
        #expect(s.rows[s.visible[0]].name == Self.worstService(), "worst first")
        #expect(Set(s.visible.prefix(3).map { s.rows[$0].name }) == [Self.a, Self.b, Fixture.trendService])
        Fixture.reduce(&s, .char("R"))
        #expect(Set(s.visible.suffix(3).map { s.rows[$0].name }) == [Self.a, Self.b, Fixture.trendService], "again: reversed")

        Fixture.reduce(&s, .char("/"))
        Fixture.type(&s, "drift=critical")
        Fixture.reduce(&s, .enter)
        #expect(!Self.withWorst(.critical).isEmpty)
        #expect(Set(s.visible.map { s.rows[$0].name }) == Self.withWorst(.critical))
        #expect(s.flash == nil, "drift=critical is a field, not a bad number")

        let drifting = Set(Fixture.driftReport().findings.filter { $0.severity > .none }.map(\.service))
        #expect(drifting.count == 3)
        Reducer.setFilter(&s, "drift>0")
        #expect(Set(s.visible.map { s.rows[$0].name }) == drifting)
        Reducer.setFilter(&s, "drift=none")
        #expect(s.visible.count == Fixture.world.services.count - drifting.count)
        Reducer.setFilter(&s, "drift!=none")
        #expect(s.visible.count == drifting.count)
    }

    @Test func driftFailureKeepsTheLastReportAndShowsTheReason() {
        var s = Fixture.loaded(drift: true)
        let t = Fixture.now.addingTimeInterval(61)
        _ = Reducer.reduce(&s, .tick(t))
        #expect(s.sources[2].inFlight)
        _ = Reducer.reduce(&s, .drift(SourceResult(sourceID: "drift", generation: s.generation, attemptedAt: t, finishedAt: t,
                                                   outcome: .failure(ProviderFailure(message: "grafana: HTTP 502 Bad Gateway")))))
        #expect(s.drift != nil && s.row(named: Self.a)?.drift != nil)
        guard case let .failed(reason, _) = s.sources[2].health(now: t, startedAt: s.startedAt) else {
            Issue.record("expected failed, got \(s.sources[2].health(now: t, startedAt: s.startedAt))"); return
        }
        #expect(reason.contains("HTTP 502"))
        #expect(Renderer.render(s).line(0).contains("drift ✗ failed: grafana"))
        // Two missed refreshes later it is stale and the drift pane is dimmed.
        _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(200)))
        #expect(s.driftIsStale)
        Self.command(&s, "drift \(Self.a)")
        let grid = Renderer.render(s)
        #expect(grid.line(1).contains("STALE"))
        #expect(grid[2, 10].style.dim)
    }

    @Test func frozenDriftWaitsLikeTheOtherSources() {
        var s = Fixture.loaded(drift: true)
        Fixture.reduce(&s, .char("F"))
        Fixture.deliverDrift(&s, DriftReport(servicesEvaluated: Fixture.world.services.map(\.name)))
        #expect(s.pendingCount == 1)
        #expect(s.row(named: Self.b)?.drift?.count ?? 0 > 0, "not applied while frozen")
        Fixture.reduce(&s, .char("F"))
        #expect(s.row(named: Self.b)?.drift == DriftBadge(worst: .none, count: 0))
    }

    @Test func openFindingSurvivesARefresh() {
        var s = Fixture.loaded(drift: true)
        Self.command(&s, "drift \(Self.a)")
        Fixture.reduce(&s, .char("n"), .char("n"))
        let open = s.currentFinding?.id
        var report = Fixture.driftReport()
        report.findings.removeAll { $0.field == "expr" }
        Fixture.deliverDrift(&s, report)
        #expect(s.currentFinding?.id == open)
        #expect(s.driftCursor == 1)
    }

    @Test func changedTokensAreMarkedInsideChangedLines() {
        let (a, b) = TokenDiff.changed(TokenDiff.tokens("x > 14.4 * 0.001"), TokenDiff.tokens("x > 0.0144"))
        #expect(TokenDiff.tokens("x > 14.4 * 0.001") == ["x", " ", ">", " ", "14.4", " ", "*", " ", "0.001"])
        #expect(a == [false, false, false, false, true, true, true, true, true])
        #expect(b == [false, false, false, false, true])
        let f = Fixture.driftReport().findings[0]
        let lines = TokenDiff.unified(f)
        let del = lines.first { $0.kind == .del }!, add = lines.first { $0.kind == .add }!
        #expect(del.segments.contains { $0.style.role == .diffMod && $0.text.contains("14.4") })
        #expect(add.segments.contains { $0.style.role == .diffMod && $0.text == "0.0144" })
        #expect(add.segments.contains { $0.style.role == .diffAdd && $0.text.contains("sum(rate(") })
        // Side by side pairs the removed line with the line it became.
        #expect(TokenDiff.split(f).contains { $0.left?.kind == .del && $0.right?.kind == .add })
    }

    @Test func trendChartMarksExhaustionOnTheProjectedLine() {
        let t = TrendSummary(slo: "availability", pattern: "gradual_decline", slopePerWeek: -0.07, currentBudget: 0.2,
                             daysUntilExhaustion: 20, rSquared: 0.98)
        let start = Fixture.now.addingTimeInterval(-30 * 86_400)
        let history = (0...30).map { Sample(time: start.addingTimeInterval(Double($0) * 86_400), value: 0.5 - 0.01 * Double($0)) }
        let chart = TrendChart(trend: t, severity: .critical, history: history, width: 60)
        let fit = chart.fit.map(\.text).joined()
        let hist = chart.history.map(\.text).joined()
        #expect(fit.count == 60 && hist.count == 60 && chart.axis.count == 60)
        let ex = Array(fit).firstIndex(of: "✗")!
        let now = Array(chart.axis).firstIndex(of: "↑")!
        // Now sits at 30/(30+24) of the width, the exhaustion 20 days later.
        #expect(now == 33)
        #expect(abs(ex - (now + Int(20.0 / (54.0 / 60.0)))) <= 1)
        #expect(chart.axis.contains("↑✗ 20 d"))
        #expect(hist.dropFirst(now + 1).allSatisfy { $0 == " " }, "no history after now")
        #expect(chart.fit.contains { $0.style.role == .statusCrit && $0.text.contains("✗") })
    }

    @Test func backgroundDriftSourceIsFetchedAndGrouped() throws {
        struct Fixed: DriftSource {
            let id = "fixed-drift"
            let refreshInterval: TimeInterval = 60
            func fetchDrift(services: [ServiceSpec], at now: Date) throws -> DriftReport { Fixture.driftReport() }
        }
        let sources = BackgroundSources(telemetry: [], onCall: [], drift: [Fixed()], clock: { Fixture.now })
        #expect(sources.descriptors.map(\.kind) == [.drift])
        let events = sources.fetchAllNow(services: Fixture.world.services, generation: 1)
        guard case let .drift(result) = events.first, case let .success(snapshot) = result.outcome else {
            Issue.record("expected a drift snapshot"); return
        }
        let mine = snapshot.byService[Self.a] ?? []
        #expect(mine.first?.severity == mine.map(\.severity).max())
        #expect(snapshot.badges[Self.a]?.count == mine.filter { $0.severity > .none }.count)
    }

    /// `--refresh 1` paces telemetry; a whole drift evaluation keeps its own (slower) interval, and a slower
    /// override still slows it down.
    @Test func refreshOverridePacesTelemetryNotDrift() throws {
        struct Fixed: DriftSource {
            let id = "fixed-drift"
            let refreshInterval: TimeInterval = 300
            func fetchDrift(services: [ServiceSpec], at now: Date) throws -> DriftReport { Fixture.driftReport() }
        }
        struct Tele: TelemetrySource {
            let id = "tele"
            let refreshInterval: TimeInterval = 30
            func fetch(services: [ServiceSpec], at now: Date) throws -> TelemetrySnapshot { TelemetrySnapshot(fetchedAt: now) }
        }
        let fast = BackgroundSources(telemetry: [Tele()], onCall: [], drift: [Fixed()], refreshOverride: 1)
        #expect(fast.descriptors.map(\.interval) == [1, 300])
        let slow = BackgroundSources(telemetry: [Tele()], onCall: [], drift: [Fixed()], refreshOverride: 600)
        #expect(slow.descriptors.map(\.interval) == [600, 600])
    }

    @Test func demoDriftSourceFindsTheInjectedCases() throws {
        let world = DemoWorld.embedded()
        let source = DemoDriftSource(world: world)
        let report = try source.fetchDrift(services: world.services.filter { $0.name == "checkout-svc" }, at: world.present)
        let snapshot = DriftSnapshot(report: report)
        #expect(snapshot.findings(service: "checkout-svc", mode: .config).count >= 3)
        #expect(snapshot.findings(service: "checkout-svc", mode: .config).contains { $0.field == "expr" })
        #expect(!snapshot.findings(service: "checkout-svc", mode: .trend).isEmpty)
    }
}

@Suite struct SourceFailureTextTests {
    @Test func headerReasonDropsTheProviderURL() {
        #expect(Renderer.shortReason("Prometheus at http://127.0.0.1:9090/s/x answered 503: Service Unavailable")
                == "Prometheus answered 503: Service Unavailable")
        #expect(Renderer.shortReason("cannot reach Prometheus at http://prom:9090: Could not connect to the server.")
                == "cannot reach Prometheus: Could not connect to the server.")
        #expect(Renderer.shortReason("HTTP 503 Service Unavailable (simulated)") == "HTTP 503 Service Unavailable (simulated)")
    }

    @Test func firstFailureOfAStreakFlashesTheWholeReason() {
        var s = Fixture.loaded()
        let t = Fixture.now.addingTimeInterval(5)
        _ = Reducer.reduce(&s, .tick(t))
        let failure = SourceResult<TelemetrySnapshot>(sourceID: "metrics", generation: s.generation, attemptedAt: t, finishedAt: t,
                                                      outcome: .failure(ProviderFailure(message: "metrics: garbage from http://x")))
        _ = Reducer.reduce(&s, .telemetry(failure))
        #expect(s.flash?.level == .error && s.flash?.text == "metrics: garbage from http://x")
        s.flash = nil
        _ = Reducer.reduce(&s, .tick(s.sources[0].nextDue))
        _ = Reducer.reduce(&s, .telemetry(failure))
        #expect(s.flash == nil, "not again while the streak lasts")
    }
}
