import Foundation
import NthLayerCore
import Testing
@testable import Explorer

/// One test per user action (see `ActionID`), driven through the key that the registry binds.
@Suite struct ReducerNavigationTests {
    @Test func everyActionHasATestedKey() {
        // Guard: a new action must be added to this suite.
        let covered: Set<ActionID> = [.moveDown, .moveUp, .top, .bottom, .pageUp, .pageDown, .drillIn, .back, .nextPane,
                                      .previousPane, .filter, .command, .help, .refresh, .freeze, .quit, .redraw,
                                      .sortName, .sortTeam, .sortTier, .sortStatus, .sortBudget, .sortBurn, .sortDeps,
                                      .sortOwner, .toggleNode, .toggleAll,
                                      // Drift pane and column: ReducerDriftTests.
                                      .sortDrift, .nextFinding, .previousFinding, .toggleSplit, .toggleTrend]
        #expect(Set(ActionID.allCases) == covered)
        for id in ActionID.allCases {
            #expect(ActionRegistry.standard.actions.contains { $0.id == id && !$0.keys.isEmpty }, "\(id) has no key")
        }
    }

    @Test func moveDownAndUp() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .char("j"), .down)
        #expect(s.servicesCursor == 2)
        Fixture.reduce(&s, .char("k"))
        #expect(s.servicesCursor == 1)
        Fixture.reduce(&s, .up, .up, .up)
        #expect(s.servicesCursor == 0)
    }

    @Test func topAndBottom() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .char("G"))
        #expect(s.servicesCursor == s.visible.count - 1)
        Fixture.reduce(&s, .char("g"))
        #expect(s.servicesCursor == 0)
        Fixture.reduce(&s, .end)
        #expect(s.servicesCursor == 30)
        Fixture.reduce(&s, .home)
        #expect(s.servicesCursor == 0)
    }

    @Test func pageDownAndUpScrollTheTable() {
        var s = Fixture.loaded(size: TermSize(cols: 80, rows: 24))
        let page = Layout(size: s.size).tableRows
        Fixture.reduce(&s, .pageDown)
        #expect(s.servicesCursor == page)
        #expect(s.servicesScroll > 0)
        Fixture.reduce(&s, .pageUp)
        #expect(s.servicesCursor == 0)
        #expect(s.servicesScroll == 0)
    }

    @Test func drillInPushesBreadcrumbs() {
        var s = Fixture.loaded()
        let name = s.selectedRow!.name
        Fixture.reduce(&s, .enter)
        #expect(s.stack == [Location(.services), Location(.slo, service: name)])
        Fixture.reduce(&s, .enter)
        #expect(s.pane == .deps)
        #expect(s.depsRoot == name)
        #expect(s.stack.count == 3)
    }

    @Test func backPopsThenClearsFilter() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .enter, .escape)
        #expect(s.stack == [Location(.services)])
        Fixture.reduce(&s, .char("/"))
        Fixture.type(&s, "api")
        Fixture.reduce(&s, .enter)
        #expect(s.filter == "api")
        Fixture.reduce(&s, .escape)
        #expect(s.filter.isEmpty)
        #expect(s.visible.count == 31)
    }

    @Test func tabCyclesPanesForTheSelectedService() {
        var s = Fixture.loaded()
        let name = s.selectedRow!.name
        Fixture.reduce(&s, .tab)
        #expect(s.pane == .slo && s.selectedService == name)
        Fixture.reduce(&s, .tab)
        #expect(s.pane == .deps && s.selectedService == name)
        Fixture.reduce(&s, .tab)
        #expect(s.pane == .drift && s.driftService == name)
        Fixture.reduce(&s, .tab)
        #expect(s.pane == .services && s.selectedRow?.name == name)
        Fixture.reduce(&s, .backTab)
        #expect(s.pane == .drift)
        Fixture.reduce(&s, .backTab)
        #expect(s.pane == .deps)
        Fixture.reduce(&s, .backTab)
        #expect(s.pane == .slo)
    }

    @Test func filterModeFiltersLiveAndEscClears() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .char("/"))
        #expect(s.input == .filter(draft: ""))
        Fixture.type(&s, "team:payments")
        #expect(s.visible.allSatisfy { s.rows[$0].team == "payments" })
        #expect(!s.visible.isEmpty)
        Fixture.reduce(&s, .backspace)
        #expect(s.filter == "team:payment")
        Fixture.reduce(&s, .escape)
        #expect(s.input == .normal && s.filter.isEmpty)
    }

    @Test func filterFromADetailPaneReturnsToServices() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .enter, .char("/"))
        #expect(s.pane == .services)
    }

    @Test func commandModeRunsAliases() {
        var s = Fixture.loaded()
        let target = Fixture.world.services[3].name
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "slo \(target)")
        Fixture.reduce(&s, .enter)
        #expect(s.pane == .slo && s.selectedService == target)
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "deps")
        Fixture.reduce(&s, .enter)
        #expect(s.pane == .deps && s.depsRoot == target)
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "svc")
        Fixture.reduce(&s, .enter)
        #expect(s.stack == [Location(.services)])
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "theme light")
        let effects = Reducer.reduce(&s, .key(.enter))
        #expect(effects.contains(.applyTheme("light")) && s.themeName == "light")
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "theme nope")
        Fixture.reduce(&s, .enter)
        #expect(s.themeName == "light" && s.flash?.level == .error)
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "bogus")
        Fixture.reduce(&s, .enter)
        #expect(s.flash?.text.contains("unknown command") == true)
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "q")
        #expect(Reducer.reduce(&s, .key(.enter)) == [.quit])
    }

    @Test func commandHistoryAndCompletion() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "sv")
        Fixture.reduce(&s, .tab)
        #expect(s.input == .command(draft: "svc"))
        Fixture.reduce(&s, .enter, .char(":"), .up)
        #expect(s.input == .command(draft: "svc"))
        Fixture.reduce(&s, .escape)
        #expect(s.input == .normal)
    }

    @Test func helpOpensScrollsAndCloses() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .char("?"))
        #expect(s.helpVisible)
        Fixture.reduce(&s, .char("j"), .char("j"))
        #expect(s.helpScroll == 2 && s.servicesCursor == 0)
        Fixture.reduce(&s, .char("?"))
        #expect(!s.helpVisible)
        Fixture.reduce(&s, .char("?"), .escape)
        #expect(!s.helpVisible)
    }

    @Test func quitAndCtrlCQuit() {
        var s = Fixture.loaded()
        #expect(Reducer.reduce(&s, .key(.char("q"))) == [.quit])
        var t = Fixture.loaded()
        Fixture.reduce(&t, .char("/"))
        #expect(Reducer.reduce(&t, .key(.ctrl("c"))) == [.quit])
    }

    @Test func redrawAsksForAFullRepaint() {
        var s = Fixture.loaded()
        #expect(Reducer.reduce(&s, .key(.ctrl("l"))) == [.fullRepaint])
    }

    @Test(arguments: [(Key.char("N"), SortColumn.name), (.char("T"), .team), (.char("I"), .tier), (.char("S"), .status),
                      (.char("B"), .budget), (.char("U"), .burn), (.char("D"), .deps), (.char("O"), .owner)])
    func sortKeysSortAndReverse(key: Key, column: SortColumn) {
        var s = Fixture.loaded()
        Fixture.reduce(&s, key)
        if column == .status {
            // Status is the default order: pressing S again reverses it.
            #expect(s.sort == SortOrder(.status, reversed: true))
            return
        }
        #expect(s.sort == SortOrder(column))
        let ordered = s.visible.map { s.rows[$0] }
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(ExplorerState.compare(a, b, by: column) != .orderedDescending)
        }
        Fixture.reduce(&s, key)
        #expect(s.sort == SortOrder(column, reversed: true))
    }

    @Test func sortKeepsTheCursorOnTheSameService() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .char("j"), .char("j"), .char("j"))
        let name = s.selectedRow!.name
        Fixture.reduce(&s, .char("N"))
        #expect(s.selectedRow?.name == name)
    }

    @Test func toggleNodeAndToggleAllInTheTree() {
        var s = Fixture.loaded()
        let root = Fixture.world.services.first { !DependencyGraph(services: Fixture.world.services).upstream(of: $0.name).isEmpty
            && DependencyGraph(services: Fixture.world.services).upstream(of: $0.name).contains { e in
                !DependencyGraph(services: Fixture.world.services).upstream(of: e.to).isEmpty } }!.name
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "deps \(root)")
        Fixture.reduce(&s, .enter)
        let tree0 = DepsTree(graph: s.graph, root: root, expanded: s.depsExpanded)
        // Collapse the upstream section.
        Fixture.reduce(&s, .char(" "))
        #expect(!s.depsExpanded.contains("u"))
        Fixture.reduce(&s, .char(" "))
        #expect(s.depsExpanded.contains("u"))
        // Move to the first expandable node and open it.
        let idx = tree0.lines.firstIndex { $0.expandable && $0.section == nil }!
        for _ in 0..<idx { Fixture.reduce(&s, .char("j")) }
        Fixture.reduce(&s, .char(" "))
        #expect(s.depsExpanded.contains(tree0.lines[idx].id))
        Fixture.reduce(&s, .char("x"))
        let all = DepsTree(graph: s.graph, root: root, expanded: s.depsExpanded)
        #expect(all.lines.allSatisfy { !$0.expandable || $0.expanded })
        Fixture.reduce(&s, .char("x"))
        #expect(s.depsExpanded == DepsTree.defaultExpanded())
    }

    @Test func enterOnATreeNodeJumpsToThatService() {
        var s = Fixture.loaded()
        let graph = DependencyGraph(services: Fixture.world.services)
        let root = Fixture.world.services.first { graph.upstream(of: $0.name).contains { graph.node($0.to)?.kind == .service } }!.name
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "deps \(root)")
        Fixture.reduce(&s, .enter)
        let tree = DepsTree(graph: s.graph, root: root, expanded: s.depsExpanded)
        let idx = tree.lines.firstIndex { $0.kind == .service }!
        for _ in 0..<idx { Fixture.reduce(&s, .char("j")) }
        Fixture.reduce(&s, .enter)
        #expect(s.depsRoot == tree.lines[idx].name)
        #expect(s.location == Location(.deps, service: tree.lines[idx].name))
        Fixture.reduce(&s, .escape)
        #expect(s.depsRoot == root)
    }

    @Test func sloScrollIsBounded() {
        var s = Fixture.loaded(size: TermSize(cols: 80, rows: 24))
        let multi = Fixture.world.services.first { $0.slos.count > 1 }!.name
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "slo \(multi)")
        Fixture.reduce(&s, .enter)
        Fixture.reduce(&s, .char("G"))
        let maxScroll = SLOPaneLayout.contentHeight(sloCount: 2) - Layout(size: s.size).bodyHeight
        #expect(s.sloScroll == maxScroll)
        Fixture.reduce(&s, .char("g"))
        #expect(s.sloScroll == 0)
    }

    @Test func resizeClampsScrollAndRepaints() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .char("G"))
        let effects = Reducer.reduce(&s, .resize(TermSize(cols: 80, rows: 24)))
        #expect(effects == [.fullRepaint])
        #expect(s.servicesCursor >= s.servicesScroll && s.servicesCursor < s.servicesScroll + Layout(size: s.size).tableRows)
    }
}
