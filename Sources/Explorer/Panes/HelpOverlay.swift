/// The `?` overlay: generated from the action registry (the same table that draws the footer
/// hints and docs/keybindings.md) plus the command table.
enum HelpOverlay {
    static func lines(registry: ActionRegistry) -> [(String, String, Bool)] {
        var out: [(String, String, Bool)] = []
        for section in registry.helpSections() where !section.rows.isEmpty {
            out.append((section.title, "", true))
            for row in section.rows { out.append((row.keys, row.title, false)) }
            out.append(("", "", false))
        }
        out.append(("Commands", "", true))
        for c in CommandTable.commands {
            let aliases = c.aliases.isEmpty ? "" : " (" + c.aliases.map { ":" + $0 }.joined(separator: " ") + ")"
            out.append((":\(c.name)\(c.argument.map { " " + $0 } ?? "")", c.summary + aliases, false))
        }
        return out
    }

    static func draw(_ s: ExplorerState, registry: ActionRegistry, into grid: inout CellGrid, layout: Layout) {
        let content = lines(registry: registry)
        let inner = layout.bodyHeight - 2
        // Two columns when one would not fit and the terminal is wide enough.
        let twoColumns = content.count > inner && grid.width >= 100
        let width = min(grid.width - 4, twoColumns ? 124 : 84)
        var columns: [ArraySlice<(String, String, Bool)>]
        if twoColumns {
            // Break at a section header so no section is split, as close to the middle as fits.
            let headers = content.indices.filter { content[$0].2 && $0 > 0 }
            let split = headers.first { $0 >= content.count - inner && $0 <= inner }
                ?? min(inner, content.count)
            columns = [content[..<split], content[split...]]
        } else {
            columns = [content[...]]
        }
        let rowsNeeded = columns.map(\.count).max() ?? 0
        let height = min(layout.bodyHeight, rowsNeeded + 2)
        let x = (grid.width - width) / 2
        let y = layout.bodyTop
        grid.fill(x: x, y: y, width: width, height: height, style: .text)
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, style: Style(.borderFocus))
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, style: Style(.borderFocus))
        for row in (y + 1)..<(y + height - 1) {
            grid.put("│", x: x, y: row, style: Style(.borderFocus))
            grid.put("│", x: x + width - 1, y: row, style: Style(.borderFocus))
        }
        grid.put(" Help — Esc or ? closes, j/k scroll ", x: x + 2, y: y, style: Style(.title))
        let visible = height - 2
        let columnWidth = (width - 4) / columns.count
        let keysWidth = twoColumns ? 19 : 22
        for (c, column) in columns.enumerated() {
            let scroll = min(s.helpScroll, max(0, column.count - visible))
            let left = x + 2 + c * columnWidth
            for (i, (keys, title, isHeader)) in column.dropFirst(scroll).prefix(visible).enumerated() {
                var w = RowWriter(x: left, y: y + 1 + i, limit: min(x + width - 2, left + columnWidth - 2))
                if isHeader {
                    w.write(&grid, keys, Style(.accent))
                } else {
                    w.cell(&grid, keys, width: keysWidth, Style(.header))
                    w.cell(&grid, title, width: w.remaining, Style(.text))
                }
            }
        }
    }
}
