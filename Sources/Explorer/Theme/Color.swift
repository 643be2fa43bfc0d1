/// A theme colour: the terminal's own default, an xterm palette index, or RGB.
public enum Color: Sendable, Hashable {
    case terminalDefault
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    /// Names of the 16 ANSI colours; `ansi16` themes use them so they follow the user's palette.
    public static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                                   "brightblack", "brightred", "brightgreen", "brightyellow", "brightblue",
                                   "brightmagenta", "brightcyan", "brightwhite"]

    /// Parses `default`, `#rrggbb`, `#rgb`, an ANSI name (`red`, `bright-blue`) or an index 0–255.
    public init?(text raw: String) {
        let t = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t == "none" { self = .terminalDefault; return }
        if let i = Int(t), (0...255).contains(i) { self = .indexed(i); return }
        if let i = Color.ansiNames.firstIndex(of: t.replacingOccurrences(of: "-", with: "")) { self = .indexed(i); return }
        guard t.hasPrefix("#") else { return nil }
        var hex = String(t.dropFirst())
        if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
        guard hex.count == 6, let v = UInt32(hex, radix: 16) else { return nil }
        self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }

    /// Approximate RGB (xterm's standard palette for indices), for quantising and SVG output.
    public var rgbValue: (UInt8, UInt8, UInt8)? {
        switch self {
        case .terminalDefault: return nil
        case let .rgb(r, g, b): return (r, g, b)
        case let .indexed(i): return Color.xtermRGB(i)
        }
    }

    public var hex: String? {
        guard let (r, g, b) = rgbValue else { return nil }
        return "#" + [r, g, b].map { let s = String($0, radix: 16); return s.count == 1 ? "0" + s : s }.joined()
    }

    static let ansi16RGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    static func xtermRGB(_ i: Int) -> (UInt8, UInt8, UInt8) {
        switch i {
        case 0..<16: return ansi16RGB[i]
        case 16..<232:
            let n = i - 16
            return (cubeLevels[n / 36], cubeLevels[n / 6 % 6], cubeLevels[n % 6])
        default:
            let g = UInt8(8 + 10 * (min(max(i, 232), 255) - 232))
            return (g, g, g)
        }
    }
}

/// How many colours the terminal can show. Chosen once at start from the environment and terminfo.
public enum ColorMode: String, Sendable, Hashable, CaseIterable {
    case mono, ansi16, ansi256, truecolor

    /// `NO_COLOR` (non-empty) or `--no-color` → mono; `COLORTERM=truecolor|24bit` with a direct-colour
    /// terminfo → truecolor; else by the number of colours terminfo reports.
    public static func detect(environment: [String: String], noColorFlag: Bool, terminalColors: Int, hasColors: Bool) -> ColorMode {
        if noColorFlag { return .mono }
        if let nc = environment["NO_COLOR"], !nc.isEmpty { return .mono }
        if !hasColors || terminalColors < 8 { return .mono }
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if (colorterm == "truecolor" || colorterm == "24bit") && terminalColors >= 1 << 24 { return .truecolor }
        if terminalColors >= 256 { return .ansi256 }
        return .ansi16
    }

    /// The colour number for curses in this mode: −1 = terminal default. In truecolor mode with a
    /// direct-colour terminfo, colour numbers are `0xRRGGBB`.
    public func number(for color: Color) -> Int {
        switch (self, color) {
        case (.mono, _), (_, .terminalDefault): return -1
        case let (.truecolor, .indexed(i)) where i < 16: return i
        case (.truecolor, _):
            let (r, g, b) = color.rgbValue!
            return Int(r) << 16 | Int(g) << 8 | Int(b)
        case let (.ansi256, .indexed(i)): return i
        case let (.ansi256, .rgb(r, g, b)): return ColorMode.nearest256(r, g, b)
        case let (.ansi16, .indexed(i)) where i < 16: return i
        case (.ansi16, _):
            let (r, g, b) = color.rgbValue!
            return ColorMode.nearest(in: 0..<16, r, g, b)
        }
    }

    /// Nearest xterm-256 entry among the 6×6×6 cube and the 24 greys (the first 16 are user-defined, so skipped).
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int {
            var best = 0
            for (i, l) in Color.cubeLevels.enumerated() where abs(Int(l) - Int(v)) < abs(Int(Color.cubeLevels[best]) - Int(v)) { best = i }
            return best
        }
        let cube = 16 + 36 * level(r) + 6 * level(g) + level(b)
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let grey = 232 + min(23, max(0, (avg - 8 + 5) / 10))
        return distance(Color.xtermRGB(cube), (r, g, b)) <= distance(Color.xtermRGB(grey), (r, g, b)) ? cube : grey
    }

    static func nearest(in range: Range<Int>, _ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        range.min { distance(Color.xtermRGB($0), (r, g, b)) < distance(Color.xtermRGB($1), (r, g, b)) }!
    }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
