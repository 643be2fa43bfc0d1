import NthLayerCore

/// The dependency tree of the selected service, from declared dependencies; every node shows its
/// tier and current status; cycles are marked, not followed.
enum DepsPane {
    static func draw(_ s: ExplorerState, into grid: inout CellGrid, layout: Layout) {
        guard let root = s.depsRoot ?? s.selectedService, let row = s.row(named: root) else {
            grid.put("No service selected — pick one in the services table", x: 2, y: layout.bodyTop + 1, style: Style(.muted))
            return
        }
        let tree = DepsTree(graph: s.graph, root: root, expanded: s.depsRoot == root ? s.depsExpanded : DepsTree.defaultExpanded())
        let up = s.graph.upstream(of: root).count, down = s.graph.downstream(of: root).count
        var hw = RowWriter(x: 1, y: layout.bodyTop, limit: grid.width)
        hw.write(&grid, row.name, Style(.title))
        hw.write(&grid, "  [\(row.tier.rawValue)]  ", Style(.accent))
        hw.write(&grid, Format.status(row.status), Style(Format.role(for: row.status)))
        hw.write(&grid, "   ↑ \(up) upstream · ↓ \(down) downstream", Style(.muted))
        let cycles = s.graph.cycles.filter { $0.contains(root) }
        if let c = cycles.first { hw.write(&grid, "   ↺ on a cycle: \(c.joined(separator: " → "))", Style(.statusWarn)) }

        let page = layout.bodyHeight - 1
        for (i, idx) in (s.depsScroll..<min(tree.lines.count, s.depsScroll + page)).enumerated() {
            let line = tree.lines[idx]
            let y = layout.bodyTop + 1 + i
            drawLine(line, s: s, y: y, into: &grid)
            if idx == s.depsCursor && s.pane == .deps {
                grid.restyle(x: 0, y: y, width: grid.width, height: 1) { Style(.selection, dim: $0.dim) }
            }
        }
    }

    static func drawLine(_ line: DepsTree.Line, s: ExplorerState, y: Int, into grid: inout CellGrid) {
        var w = RowWriter(x: 1, y: y, limit: grid.width)
        let expander = line.expandable ? (line.expanded ? "▾ " : "▸ ") : "  "
        if let section = line.section {
            let count = section == .upstream ? s.graph.upstream(of: s.depsRoot ?? "").count : s.graph.downstream(of: s.depsRoot ?? "").count
            w.write(&grid, expander, Style(.treeGuide))
            w.write(&grid, "\(line.name) (\(count))", Style(.header))
            return
        }
        var guides = ""
        for flag in line.lastFlags.dropLast() { guides += flag ? "   " : "│  " }
        guides += (line.lastFlags.last ?? true) ? "└─ " : "├─ "
        w.write(&grid, guides, Style(.treeGuide))
        w.write(&grid, expander, Style(.treeGuide))
        if line.isCycle {
            w.write(&grid, "↺ \(SafeText.clean(line.name)) (cycle)", Style(.statusWarn))
        } else {
            w.write(&grid, SafeText.clean(line.name), line.kind == .service ? .text : Style(.muted))
        }
        if let tier = line.tier { w.write(&grid, "  [\(tier.rawValue)]", Style(.accent)) }
        if line.kind == .service, let row = s.row(named: line.name) {
            w.write(&grid, "  ", .text)
            w.write(&grid, Format.status(row.status), Style(Format.role(for: row.status)))
        } else if let kind = line.kind {
            w.write(&grid, "  (\(kind.rawValue))", Style(.muted))
        }
        if let crit = line.criticality, crit.isCritical { w.write(&grid, "  dep:\(crit.rawValue)", Style(.muted)) }
    }
}
