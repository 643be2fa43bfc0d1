import NthLayerCore

/// The services table: one row per visible service, virtualised (only the rows on screen are
/// drawn, so 10,000 services cost the same per frame as 30).
enum ServicesPane {
    struct Column {
        let column: SortColumn
        let title: String
        var width: Int
        let flex: Bool
        let right: Bool
    }

    /// Columns that fit `width`, narrow ones dropped first; name and owner share the slack.
    static func columns(width: Int) -> [Column] {
        let wide = width >= 100
        var cols = [
            Column(column: .name, title: "NAME", width: wide ? 14 : 13, flex: true, right: false),
            Column(column: .team, title: "TEAM", width: wide ? 12 : 9, flex: false, right: false),
            Column(column: .tier, title: "TIER", width: 8, flex: false, right: false),
            Column(column: .type, title: "TYPE", width: 8, flex: false, right: false),
            Column(column: .status, title: "STATUS", width: 11, flex: false, right: false),
            Column(column: .budget, title: "BUDGET", width: wide ? 19 : 12, flex: false, right: false),
            Column(column: .burn, title: "BURN", width: wide ? 8 : 7, flex: false, right: true),
            Column(column: .drift, title: "DRIFT", width: 5, flex: false, right: false),
            Column(column: .deps, title: "DEPS", width: 4, flex: false, right: true),
            Column(column: .owner, title: "ON-CALL", width: wide ? 8 : 7, flex: true, right: false),
        ]
        if !wide { cols.removeAll { $0.column == .type || $0.column == .deps } }
        let gaps = cols.count - 1
        let fixed = cols.reduce(0) { $0 + $1.width } + gaps
        let slack = max(0, width - 1 - fixed)
        // Name takes 60% of the slack, owner the rest.
        let nameExtra = slack * 6 / 10
        for i in cols.indices where cols[i].column == .name { cols[i].width += nameExtra }
        for i in cols.indices where cols[i].column == .owner { cols[i].width += slack - nameExtra }
        return cols
    }

    static func draw(_ s: ExplorerState, into grid: inout CellGrid, layout: Layout) {
        let cols = columns(width: grid.width)
        let top = layout.bodyTop
        // Column header, with the sort arrow on the sorted column.
        var hw = RowWriter(x: 1, y: top, limit: grid.width)
        for (i, c) in cols.enumerated() {
            if i > 0 { hw.skip(1) }
            var title = c.title
            if s.sort.column == c.column { title += s.sort.reversed ? "↑" : "↓" }
            hw.cell(&grid, title, width: c.width, Style(.header), right: c.right)
        }

        let filter = s.filter.isEmpty ? nil : ServiceFilter(s.filter)
        let end = min(s.visible.count, s.servicesScroll + layout.tableRows)
        if s.visible.isEmpty {
            let msg = s.rows.isEmpty ? "No services: point --specs at a directory of specs, or try --demo"
                                     : "No service matches /\(s.filter) — Esc clears the filter"
            grid.put(msg, x: 2, y: top + 2, style: Style(.muted))
            return
        }
        for (line, vi) in (s.servicesScroll..<end).enumerated() {
            let y = top + 1 + line
            let row = s.rows[s.visible[vi]]
            drawRow(row, change: s.changes[row.name], hasData: s.telemetry != nil, filter: filter,
                    cols: cols, y: y, into: &grid)
            if vi == s.servicesCursor {
                grid.restyle(x: 0, y: y, width: grid.width, height: 1) { Style(.selection, dim: $0.dim) }
            }
        }
    }

    static func drawRow(_ row: ServiceRow, change: RowChange?, hasData: Bool, filter: ServiceFilter?,
                        cols: [Column], y: Int, into grid: inout CellGrid) {
        var w = RowWriter(x: 1, y: y, limit: grid.width)
        for (i, c) in cols.enumerated() {
            if i > 0 { w.skip(1) }
            switch c.column {
            case .name:
                let start = w.x
                w.cell(&grid, row.name, width: c.width)
                if let filter, let r = filter.highlight(in: row.name) {
                    let pre = CellWidth.of(String(row.name[..<r.lowerBound]))
                    let len = CellWidth.of(String(row.name[r]))
                    grid.restyle(x: start + pre, y: y, width: min(len, max(0, c.width - pre)), height: 1) { _ in Style(.filterMatch) }
                }
            case .team: w.cell(&grid, row.team, width: c.width)
            case .tier: w.cell(&grid, row.tier.rawValue, width: c.width, Style(row.tier <= .high ? .accent : .text))
            case .type: w.cell(&grid, row.type.rawValue, width: c.width, Style(.muted))
            case .status: w.cell(&grid, Format.status(row.status), width: c.width, Style(Format.role(for: row.status)))
            case .budget: drawBudget(row, change: change?.budget, width: c.width, writer: &w, grid: &grid)
            case .burn:
                let arrow = change?.burn?.glyph ?? " "
                w.cell(&grid, Format.burn(row.fastestBurn), width: c.width - 1, Style(Format.burnRole(row.fastestBurn)), right: true)
                w.cell(&grid, arrow, width: 1, Style(change?.burn == .up ? .changeDown : .changeUp))
            case .deps: w.cell(&grid, String(row.dependencyCount), width: c.width, right: true)
            case .drift:
                if let d = row.drift {
                    w.cell(&grid, d.text, width: c.width, Style(d.count == 0 ? .statusOK : DriftBadge.role(d.worst)))
                } else {
                    w.cell(&grid, Format.unknown, width: c.width, Style(.muted))
                }
            case .owner: w.cell(&grid, row.owner ?? Format.unknown, width: c.width, Style(row.owner == nil ? .muted : .text))
            }
        }
    }

    /// `████████░░  62.3%↓`: the gauge in the status colour, the percent, and the move since last refresh.
    static func drawBudget(_ row: ServiceRow, change: Trend?, width: Int, writer w: inout RowWriter, grid: inout CellGrid) {
        let barWidth = width - 9
        let (filled, empty) = Format.gauge(row.budgetRemaining, width: barWidth)
        let role = row.budgetRemaining == nil ? Role.statusUnknown : Format.role(for: row.status)
        w.write(&grid, filled, Style(role))
        w.write(&grid, empty, Style(.muted))
        w.cell(&grid, Format.percent(row.budgetRemaining), width: 8, Style(row.budgetRemaining == nil ? .muted : .text), right: true)
        w.cell(&grid, change?.glyph ?? " ", width: 1, Style(change == .down ? .changeDown : .changeUp))
    }
}
