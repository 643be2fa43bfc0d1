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
        let width = min(grid.width - 4, 84)
        let height = min(layout.bodyHeight, content.count + 2)
        let x = (grid.width - width) / 2
        let y = layout.bodyTop
        grid.fill(x: x, y: y, width: width, height: height, style: .text)
        // Frame
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", x: x, y: y, style: Style(.borderFocus))
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", x: x, y: y + height - 1, style: Style(.borderFocus))
        for row in (y + 1)..<(y + height - 1) {
            grid.put("│", x: x, y: row, style: Style(.borderFocus))
            grid.put("│", x: x + width - 1, y: row, style: Style(.borderFocus))
        }
        grid.put(" Help — Esc or ? closes, j/k scroll ", x: x + 2, y: y, style: Style(.title))
        let visible = height - 2
        let scroll = min(s.helpScroll, max(0, content.count - visible))
        for (i, (keys, title, isHeader)) in content.dropFirst(scroll).prefix(visible).enumerated() {
            var w = RowWriter(x: x + 2, y: y + 1 + i, limit: x + width - 2)
            if isHeader {
                w.write(&grid, keys, Style(.accent))
            } else {
                w.cell(&grid, keys, width: 22, Style(.header))
                w.write(&grid, title, Style(.text))
            }
        }
    }
}
