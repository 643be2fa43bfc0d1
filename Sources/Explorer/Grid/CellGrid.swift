/// One terminal cell: a grapheme cluster, the cells it spans (1, 2, or 0 for the right half of a
/// wide glyph) and its style.
public struct Cell: Sendable, Hashable {
    public var grapheme: String
    public var width: UInt8
    public var style: Style
    public init(_ grapheme: String, width: UInt8 = 1, style: Style = .text) {
        self.grapheme = grapheme; self.width = width; self.style = style
    }
    public static let blank = Cell(" ")
}

/// The frame as a grid of cells: what the renderer produces and the painters diff. Writes clip to
/// the grid; a wide glyph that would straddle the right edge becomes a space; overwriting either
/// half of a wide glyph blanks the other half so no orphan half is ever painted.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width); self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    /// Writes `text` at (x, y), at most `maxWidth` cells (to the grid edge by default).
    /// Returns the number of cells written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .text, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        for ch in text {
            let w = CellWidth.of(ch)
            if w == 0 { continue } // combining marks were kept with their base by Character
            if col + w > limit {
                if w == 2 && col < limit { set(col, y, Cell(" ", style: style)) ; col += 1 }
                break
            }
            if col >= 0 {
                set(col, y, Cell(String(ch), width: UInt8(w), style: style))
                if w == 2 { set(col + 1, y, Cell("", width: 0, style: style)) }
            }
            col += w
        }
        return max(0, col - x)
    }

    /// Fills a rectangle with one character in one style.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ grapheme: String = " ", style: Style = .text) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { set(col, row, Cell(grapheme, style: style)) }
        }
    }

    /// Restyles existing cells (selection bars, dimming a stale pane) without touching their text.
    public mutating func restyle(x: Int, y: Int, width w: Int, height h: Int, _ transform: (Style) -> Style) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) {
                cells[row * width + col].style = transform(cells[row * width + col].style)
            }
        }
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        let i = y * width + x
        let old = cells[i]
        // Breaking a wide glyph: blank its other half.
        if old.width == 2 && cell.width != 2 && x + 1 < width { cells[i + 1] = Cell(" ", style: cells[i + 1].style) }
        if old.width == 0 && x > 0 { cells[i - 1] = Cell(" ", style: cells[i - 1].style) }
        cells[i] = cell
    }

    /// The grid as plain text, one line per row (trailing spaces kept so columns line up).
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height { lines.append(line(y)) }
        return lines.joined(separator: "\n")
    }

    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += self[x, y].grapheme }
        return s
    }

    /// The parallel role grid: one code per cell (`Style.code`); the right half of a wide glyph
    /// repeats its left half's code so both maps have the same columns.
    public var roleMap: String {
        var lines: [String] = []
        for y in 0..<height {
            var s = ""
            for x in 0..<width { s.append(self[x, y].style.code) }
            lines.append(s)
        }
        return lines.joined(separator: "\n")
    }
}
