import Foundation
import NthLayerCore
import Testing
@testable import Explorer

/// Each pane at 120×40 and 80×24, as text plus a parallel grid of role codes (`Role.letter`,
/// lower case = dimmed), so layout and theming are both pinned. `UPDATE_SNAPSHOTS=1` rewrites.
@Suite struct RenderGoldenTests {
    static let sizes = [TermSize(cols: 120, rows: 40), TermSize(cols: 80, rows: 24)]
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    enum View: String, CaseIterable {
        case services, filtered, slo, deps, help, command, stale
        case driftConfig = "drift-config", driftSplit = "drift-split", driftTrend = "drift-trend", driftAll = "drift-all"
    }

    static func state(_ view: View, size: TermSize) -> ExplorerState {
        var s = Fixture.loaded(size: size, drift: true)
        let focus = Fixture.world.services[0].name
        switch view {
        case .services: Fixture.reduce(&s, .char("j"), .char("j"))
        case .filtered:
            Fixture.reduce(&s, .char("/"))
            Fixture.type(&s, "api tier:critical")
        case .slo:
            Fixture.reduce(&s, .char(":"))
            Fixture.type(&s, "slo \(focus)")
            Fixture.reduce(&s, .enter)
        case .deps:
            Fixture.reduce(&s, .char(":"))
            Fixture.type(&s, "deps \(focus)")
            Fixture.reduce(&s, .enter, .char("x"), .char("j"), .char("j"))
        case .help: Fixture.reduce(&s, .char("?"))
        case .command:
            Fixture.reduce(&s, .char(":"))
            Fixture.type(&s, "deps pay")
        case .stale:
            _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(45)))
        case .driftConfig:
            // The PromQL finding: a unified diff (below 140 columns) with the changed threshold tokens marked.
            Fixture.reduce(&s, .char(":"))
            Fixture.type(&s, "drift \(focus)")
            Fixture.reduce(&s, .enter)
        case .driftSplit:
            Fixture.reduce(&s, .char(":"))
            Fixture.type(&s, "drift \(focus)")
            Fixture.reduce(&s, .enter, .char("s"))
        case .driftTrend:
            // The trend finding: budget sparkline, fitted line projected to the exhaustion day. The service has
            // only trend findings, so the pane opens on them.
            Fixture.reduce(&s, .char(":"))
            Fixture.type(&s, "d \(Fixture.trendService)")
            Fixture.reduce(&s, .enter)
        case .driftAll:
            Fixture.reduce(&s, .char(":"))
            Fixture.type(&s, "drift")
            Fixture.reduce(&s, .enter, .char("n"))
        }
        return s
    }

    @Test(arguments: View.allCases, sizes)
    func golden(view: View, size: TermSize) throws {
        let grid = Renderer.render(Self.state(view, size: size))
        try Self.check(grid, name: "\(view.rawValue)-\(size.cols)x\(size.rows)")
    }

    @Test func tooSmall() throws {
        var s = Fixture.loaded(size: TermSize(cols: 50, rows: 12))
        _ = Reducer.reduce(&s, .resize(TermSize(cols: 50, rows: 12)))
        let grid = Renderer.render(s)
        #expect(grid.text.contains("Terminal too small"))
        try Self.check(grid, name: "too-small-50x12")
    }

    static func check(_ grid: CellGrid, name: String) throws {
        let text = grid.text + "\n", roles = grid.roleMap + "\n"
        let textURL = goldens.appendingPathComponent(name + ".txt")
        let rolesURL = goldens.appendingPathComponent(name + ".roles")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: goldens, withIntermediateDirectories: true)
            try text.write(to: textURL, atomically: true, encoding: .utf8)
            try roles.write(to: rolesURL, atomically: true, encoding: .utf8)
            return
        }
        let wantText = try String(contentsOf: textURL, encoding: .utf8)
        let wantRoles = try String(contentsOf: rolesURL, encoding: .utf8)
        #expect(text == wantText, "\(name).txt differs — run with UPDATE_SNAPSHOTS=1 and review the diff")
        #expect(roles == wantRoles, "\(name).roles differs — run with UPDATE_SNAPSHOTS=1 and review the diff")
    }
}

/// Structured assertions on rendered frames (what the goldens show, stated as facts).
@Suite struct RenderFactsTests {
    @Test func servicesTableShowsEveryColumnAndRowsAtFullSize() {
        let s = Fixture.loaded()
        let grid = Renderer.render(s)
        let header = grid.line(2)
        for title in ["NAME", "TEAM", "TIER", "TYPE", "STATUS", "BUDGET", "BURN", "DEPS", "ON-CALL"] {
            #expect(header.contains(title), "missing \(title)")
        }
        // At 120×40 at least 15 rows show, each under its spec name.
        let shown = (3..<38).filter { y in Fixture.world.services.contains { grid.line(y).hasPrefix(" " + $0.name + " ") } }
        #expect(shown.count >= 15)
    }

    @Test func statusCellsUseStatusRoles() {
        let s = Fixture.loaded()
        let grid = Renderer.render(s)
        let statusX = grid.line(2).range(of: "STATUS").map { grid.line(2).distance(from: grid.line(2).startIndex, to: $0.lowerBound) }!
        for (i, idx) in s.visible.prefix(30).enumerated() where i != s.servicesCursor {
            let role = grid[statusX, 3 + i].style.role
            #expect(role == Format.role(for: s.rows[idx].status))
        }
    }

    @Test func selectionRowUsesSelectionRole() {
        var s = Fixture.loaded()
        Fixture.reduce(&s, .char("j"))
        let grid = Renderer.render(s)
        #expect((0..<grid.width).allSatisfy { grid[$0, 4].style.role == .selection })
    }

    @Test func keyHintsComeFromTheRegistry() {
        let s = Fixture.loaded()
        let hints = Renderer.render(s).line(39)
        for (keys, hint) in ActionRegistry.standard.hints(for: .services).prefix(4) {
            #expect(hints.contains("\(keys) \(hint)"))
        }
    }

    @Test func helpOverlayListsEveryAction() {
        var s = Fixture.loaded(size: TermSize(cols: 120, rows: 80))
        Fixture.reduce(&s, .char("?"))
        let text = Renderer.render(s).text
        for action in ActionRegistry.standard.actions {
            #expect(text.contains(action.title), "help lacks \(action.title)")
        }
    }

    @Test func depsTreeMarksCyclesInsteadOfFollowingThem() {
        var s = Fixture.loaded()
        let cycle = s.graph.cycles.first!
        Fixture.reduce(&s, .char(":"))
        Fixture.type(&s, "deps \(cycle[0])")
        Fixture.reduce(&s, .enter, .char("x"))
        let text = Renderer.render(s).text
        #expect(text.contains("(cycle)"))
        #expect(text.contains("↺ "))
    }

    @Test func outsideTextIsStrippedOfEscapes() {
        var spec = ServiceSpec(name: "evil\u{1B}[2Jsvc", team: "t\u{1B}]0;pwned\u{07}eam", tier: .low, type: .api,
                               location: SourceLocation(file: "x", line: 1, column: 1))
        spec.ownership.owner = "bob\u{9B}31m"
        let s = ExplorerState(services: [spec], worldLabel: "x", sources: [], now: Fixture.now, size: TermSize(cols: 120, rows: 40))
        let grid = Renderer.render(s)
        #expect(!grid.text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x07 })
        #expect(grid.text.contains("evilsvc"))
        #expect(grid.text.contains("team "))
    }

    @Test func wideCharactersTakeTwoCells() {
        var grid = CellGrid(width: 10, height: 1)
        grid.put("日本x", x: 0, y: 0)
        #expect(grid[0, 0].width == 2 && grid[1, 0].width == 0 && grid[4, 0].grapheme == "x")
        #expect(grid.line(0) == "日本x     ")
        // Overwriting the right half blanks the left half.
        grid.put("a", x: 1, y: 0)
        #expect(grid[0, 0].grapheme == " " && grid[1, 0].grapheme == "a")
        // A wide glyph that would cross the edge becomes a space.
        var edge = CellGrid(width: 3, height: 1)
        edge.put("ab日", x: 0, y: 0)
        #expect(edge.line(0) == "ab ")
    }

    @Test func truncationUsesDisplayWidth() {
        #expect(CellWidth.truncate("日本語のサービス", to: 7) == "日本語…")
        #expect(CellWidth.of("e\u{301}") == 1)
        #expect(CellWidth.of("🚀") == 2)
        #expect(CellWidth.pad("ab", to: 4, alignRight: true) == "  ab")
    }
}
