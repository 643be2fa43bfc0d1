/// Turns paint runs into the bytes a terminal would receive (cursor moves, SGR, UTF-8). Used for
/// `.ansi` screenshots and, through `MemorySurface`, to count the bytes a frame costs.
public struct AnsiEncoder: Sendable {
    public let theme: Theme
    public let mode: ColorMode

    public init(theme: Theme, mode: ColorMode) { self.theme = theme; self.mode = mode }

    public func sgr(_ style: Style) -> String {
        let s = theme.resolve(style)
        var codes = ["0"]
        if s.attributes.contains(.bold) { codes.append("1") }
        if s.attributes.contains(.dim) { codes.append("2") }
        if s.attributes.contains(.underline) { codes.append("4") }
        if s.attributes.contains(.reverse) { codes.append("7") }
        if mode != .mono {
            codes += color(s.fg, foreground: true)
            codes += color(s.bg, foreground: false)
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private func color(_ c: Color, foreground: Bool) -> [String] {
        let n = mode.number(for: c)
        guard n >= 0 else { return [] }
        switch mode {
        case .truecolor where n > 255 || c.rgbValue != nil && !(n < 16):
            let (r, g, b) = (n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF)
            return [foreground ? "38" : "48", "2", "\(r)", "\(g)", "\(b)"]
        case .ansi16 where n < 8: return ["\((foreground ? 30 : 40) + n)"]
        case .ansi16: return ["\((foreground ? 90 : 100) + n - 8)"]
        default: return [foreground ? "38" : "48", "5", "\(n)"]
        }
    }

    /// Appends the bytes for `runs` to `out`.
    public func encode(_ runs: [PaintRun], into out: inout [UInt8]) {
        var current: Style?
        for run in runs {
            out.append(contentsOf: Array("\u{1B}[\(run.y + 1);\(run.x + 1)H".utf8))
            for cell in run.cells where cell.width != 0 {
                if cell.style != current { out.append(contentsOf: Array(sgr(cell.style).utf8)); current = cell.style }
                out.append(contentsOf: Array(cell.grapheme.utf8))
            }
        }
        if current != nil { out.append(contentsOf: Array("\u{1B}[0m".utf8)) }
    }

    /// A whole grid as a standalone ANSI text (one line per row).
    public func document(_ grid: CellGrid) -> String {
        var out = ""
        for y in 0..<grid.height {
            var current: Style?
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.width == 0 { continue }
                if cell.style != current { out += sgr(cell.style); current = cell.style }
                out += cell.grapheme
            }
            out += "\u{1B}[0m\n"
        }
        return out
    }
}

/// A terminal stand-in that keeps the last painted grid and counts bytes, for tests and benchmarks
/// of the diff painter (the ncurses backend paints the same runs).
public struct MemorySurface: Sendable {
    public private(set) var previous: CellGrid?
    public private(set) var lastFrameBytes = 0
    public private(set) var totalBytes = 0
    public private(set) var frames = 0
    public let encoder: AnsiEncoder

    public init(theme: Theme, mode: ColorMode = .ansi256) { encoder = AnsiEncoder(theme: theme, mode: mode) }

    /// Paints `grid` by diff against the previous frame; returns the bytes it would write.
    @discardableResult
    public mutating func paint(_ grid: CellGrid, full: Bool = false) -> Int {
        let runs = GridDiff.runs(from: full ? nil : previous, to: grid)
        var bytes: [UInt8] = []
        encoder.encode(runs, into: &bytes)
        previous = grid
        lastFrameBytes = bytes.count
        totalBytes += bytes.count
        frames += 1
        return bytes.count
    }
}
