/// A horizontal run of cells to (re)paint.
public struct PaintRun: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
}

/// What changed between two frames, as runs of cells. An empty diff paints nothing, so an idle
/// explorer writes no bytes. Runs never start on the right half of a wide glyph.
public enum GridDiff {
    /// All runs when `old` is nil or of another size (a full repaint).
    public static func runs(from old: CellGrid?, to new: CellGrid) -> [PaintRun] {
        let full = old == nil || old!.width != new.width || old!.height != new.height
        var out: [PaintRun] = []
        for y in 0..<new.height {
            var x = 0
            while x < new.width {
                if !full && old![x, y] == new[x, y] { x += 1; continue }
                var start = x
                while start > 0 && new[start, y].width == 0 { start -= 1 }
                // Extend past gaps of up to 3 equal cells (a cursor move costs more than rewriting them).
                var lastDiff = x
                var probe = x + 1
                while probe < new.width && probe - lastDiff <= 4 {
                    if full || old![probe, y] != new[probe, y] { lastDiff = probe }
                    probe += 1
                }
                var end = lastDiff + 1
                while end < new.width && new[end, y].width == 0 { end += 1 }
                var cells: [Cell] = []
                cells.reserveCapacity(end - start)
                for cx in start..<end { cells.append(new[cx, y]) }
                if let last = out.last, last.y == y, last.x + last.cells.count > start {
                    // Overlap from wide-glyph adjustment: merge.
                    let keep = start - last.x
                    out[out.count - 1].cells = Array(last.cells.prefix(max(0, keep))) + cells
                } else {
                    out.append(PaintRun(x: start, y: y, cells: cells))
                }
                x = max(end, x + 1)
            }
        }
        return out
    }
}
