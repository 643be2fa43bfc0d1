/// A cursor over one row of a `CellGrid`: panes write left to right in styled runs.
struct RowWriter {
    var x: Int
    let y: Int
    let limit: Int

    init(x: Int, y: Int, limit: Int) { self.x = x; self.y = y; self.limit = limit }

    var remaining: Int { max(0, limit - x) }

    mutating func write(_ grid: inout CellGrid, _ text: String, _ style: Style = .text) {
        guard remaining > 0 else { return }
        x += grid.put(text, x: x, y: y, style: style, maxWidth: remaining)
    }

    /// Writes `text` padded or cut to exactly `width` cells.
    mutating func cell(_ grid: inout CellGrid, _ text: String, width: Int, _ style: Style = .text, right: Bool = false) {
        let w = min(width, remaining)
        guard w > 0 else { return }
        grid.put(CellWidth.pad(text, to: w, alignRight: right), x: x, y: y, style: style, maxWidth: w)
        x += w
    }

    mutating func skip(_ n: Int) { x = min(limit, x + n) }
}
