import Foundation
import NthLayerCore
import Testing
@testable import Explorer

@Suite struct PaintTests {
    /// Applies runs to a copy of the old grid: the result must equal the new grid.
    func apply(_ runs: [PaintRun], to grid: CellGrid) -> [[Cell]] {
        var rows = (0..<grid.height).map { y in (0..<grid.width).map { grid[$0, y] } }
        for run in runs { for (i, c) in run.cells.enumerated() { rows[run.y][run.x + i] = c } }
        return rows
    }

    func cells(_ g: CellGrid) -> [[Cell]] { (0..<g.height).map { y in (0..<g.width).map { g[$0, y] } } }

    @Test func diffReconstructsEveryViewTransition() {
        var s = Fixture.loaded()
        var frames = [Renderer.render(s)]
        for key: Key in [.char("j"), .enter, .tab, .char("x"), .char("?"), .escape, .escape, .char("/"), .char("p")] {
            Fixture.reduce(&s, key)
            frames.append(Renderer.render(s))
        }
        for (a, b) in zip(frames, frames.dropFirst()) {
            #expect(apply(GridDiff.runs(from: a, to: b), to: a) == cells(b))
        }
    }

    @Test func unchangedFrameWritesNothing() {
        let theme = ThemeCatalog.builtin.theme(named: "default").0
        var surface = MemorySurface(theme: theme)
        let grid = Renderer.render(Fixture.loaded())
        #expect(surface.paint(grid) > 1000)
        #expect(surface.paint(grid) == 0)
    }

    @Test func oneChangedValueWritesFewBytes() {
        let theme = ThemeCatalog.builtin.theme(named: "default").0
        var surface = MemorySurface(theme: theme)
        var s = Fixture.loaded()
        surface.paint(Renderer.render(s))
        _ = Reducer.reduce(&s, .tick(Fixture.now.addingTimeInterval(1)))
        let bytes = surface.paint(Renderer.render(s))
        // Only the clock (and the source ages) changed.
        #expect(bytes > 0 && bytes < 200, "\(bytes) bytes")
    }

    @Test func runsNeverStartOnAContinuationCell() {
        var a = CellGrid(width: 6, height: 1), b = CellGrid(width: 6, height: 1)
        a.put("日本", x: 0, y: 0)
        b.put("日x", x: 0, y: 0)
        let runs = GridDiff.runs(from: a, to: b)
        for run in runs { #expect(run.cells.first?.width != 0) }
        #expect(apply(runs, to: a) == cells(b))
    }

    @Test func ansiAndSVGExports() {
        let theme = ThemeCatalog.builtin.theme(named: "default").0
        let grid = Renderer.render(Fixture.loaded())
        let svg = Screenshot.export(grid, format: .svg, theme: theme)
        #expect(svg.hasPrefix("<svg") && svg.contains("NthLayer") && svg.contains("</svg>"))
        let ansi = Screenshot.export(grid, format: .ansi, theme: theme)
        #expect(ansi.contains("\u{1B}[0;"))
        let mono = Screenshot.export(grid, format: .ansi, theme: ThemeCatalog.builtin.theme(named: "mono").0, mode: .mono)
        #expect(mono.range(of: #"\x1B\[[0-9;]*(3[0-9]|4[0-9]|38|48)[;m]"#, options: .regularExpression) == nil)
        let txt = Screenshot.export(grid, format: .txt, theme: theme)
        #expect(!txt.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }
}

@Suite struct DependencyGraphTests {
    func spec(_ name: String, deps: [String] = [], downstream: [String] = [], store: String? = nil) -> ServiceSpec {
        let loc = SourceLocation(file: "\(name).yaml", line: 1, column: 1)
        var s = ServiceSpec(name: name, team: "t", tier: .standard, type: .api, location: loc)
        s.dependencies = deps.map { DependencySpec(name: $0, type: .service, technology: nil, criticality: .high, location: loc) }
        if let store { s.dependencies.append(DependencySpec(name: store, type: .datastore, technology: nil, criticality: .critical, location: loc)) }
        s.declaredDownstream = downstream
        return s
    }

    @Test func upstreamDownstreamAndKinds() {
        let g = DependencyGraph(services: [spec("web", deps: ["api"]), spec("api", deps: ["ledger", "ghost"], store: "pg"),
                                           spec("ledger", downstream: ["batch"])])
        #expect(g.upstream(of: "api").map(\.to) == ["ghost", "ledger", "pg"])
        #expect(g.downstream(of: "api").map(\.from) == ["web"])
        #expect(g.downstream(of: "ledger").map(\.from) == ["api", "batch"])
        #expect(g.node("pg")?.kind == .datastore)
        #expect(g.node("ghost")?.kind == .undeclaredService)
        #expect(g.node("api")?.kind == .service && g.node("api")?.tier == .standard)
        #expect(g.cycles.isEmpty)
    }

    @Test func cycles() {
        let g = DependencyGraph(services: [spec("a", deps: ["b"]), spec("b", deps: ["c"]), spec("c", deps: ["a"]),
                                           spec("d", deps: ["d"]), spec("e", deps: ["a"])])
        #expect(g.cycles == [["a", "b", "c"], ["d"]])
        #expect(g.nodesOnCycles == ["a", "b", "c", "d"])
    }

    @Test func duplicateEdgesCollapse() {
        let g = DependencyGraph(services: [spec("a", deps: ["b", "b"]), spec("b", downstream: ["a"])])
        #expect(g.upstream(of: "a").count == 1)
    }

    @Test func treeStopsAtCycles() {
        let g = DependencyGraph(services: [spec("a", deps: ["b"]), spec("b", deps: ["a"])])
        let all = DepsTree.allExpandable(graph: g, root: "a")
        let tree = DepsTree(graph: g, root: "a", expanded: all.union(DepsTree.defaultExpanded()))
        let up = tree.lines.filter { $0.id.hasPrefix("u/") }
        #expect(up.map(\.name) == ["b", "a"])
        #expect(up.last!.isCycle && !up.last!.expandable)
    }

    @Test func deepChainDoesNotOverflow() {
        let n = 20_000
        let specs = (0..<n).map { spec("s\($0)", deps: $0 + 1 < n ? ["s\($0 + 1)"] : ["s0"]) }
        let g = DependencyGraph(services: specs)
        #expect(g.cycles.count == 1 && g.cycles[0].count == n)
    }
}

@Suite struct KeybindingsDocTests {
    @Test func docsAreGeneratedFromTheRegistry() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/keybindings.md")
        let want = ActionRegistry.standard.markdown()
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try want.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let have = try String(contentsOf: url, encoding: .utf8)
        #expect(have == want, "docs/keybindings.md is stale: UPDATE_SNAPSHOTS=1 swift test --filter KeybindingsDocTests")
    }

    @Test func noKeyIsBoundTwiceInOneScope() {
        for scope in Scope.allCases {
            var seen: [Key: ActionID] = [:]
            for a in ActionRegistry.standard.actions where a.scopes.contains(scope) {
                for k in a.keys {
                    if let other = seen[k], other != a.id { Issue.record("\(k.label) bound to \(other) and \(a.id) in \(scope)") }
                    seen[k] = a.id
                }
            }
        }
    }
}
