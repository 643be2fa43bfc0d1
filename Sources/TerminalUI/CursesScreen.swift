import CNCursesW
import Explorer
import Foundation

/// The terminal, through ncursesw. Main actor only: curses is not thread-safe and `get_wch` may
/// refresh the screen. Paints a `CellGrid` by diff against the previous frame, so an unchanged
/// cell is never rewritten and an unchanged frame writes nothing.
@MainActor
final class CursesScreen {
    private let window: OpaquePointer
    private var previous: CellGrid?
    private var forceFull = true
    private(set) var mode: ColorMode
    private var theme: Theme
    /// Resolved curses attributes and extended pair per style, filled lazily.
    private var styleCache: [Style: (attr: attr_t, pair: Int32)] = [:]

    init(theme: Theme, noColor: Bool, environment: [String: String]) {
        setlocale(LC_ALL, "")
        TerminalGuard.arm()
        guard let win = initscr() else {
            FileHandle.standardError.write(Data("nthlayer: cannot initialise the terminal (TERM=\(environment["TERM"] ?? "unset"))\n".utf8))
            exit(1)
        }
        window = OpaquePointer(win)
        cbreak()
        noecho()
        nonl()
        keypad(win, true)
        nodelay(win, true)
        set_escdelay(25)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        mode = ColorMode.detect(environment: environment, noColorFlag: noColor,
                                terminalColors: Int(has_colors() ? ntl_colors() : 0), hasColors: has_colors())
        self.theme = theme
    }

    var win: UnsafeMutablePointer<WINDOW> { UnsafeMutablePointer(window) }

    var size: TermSize { TermSize(cols: Int(getmaxx(win)), rows: Int(getmaxy(win))) }

    func setTheme(_ theme: Theme) {
        self.theme = theme
        styleCache = [:]
        forceFull = true
    }

    func requestFullRepaint() { forceFull = true }

    /// Re-reads the real window size after SIGWINCH (the signal source took the signal from curses).
    func handleResize() {
        var rows: Int32 = 0, cols: Int32 = 0
        if ntl_winsize(STDOUT_FILENO, &rows, &cols) == 0 { resizeterm(rows, cols) }
        forceFull = true
    }

    /// Paints the frame; returns the number of cells written.
    @discardableResult
    func paint(_ grid: CellGrid) -> Int {
        let full = forceFull || previous == nil || previous!.width != grid.width || previous!.height != grid.height
        if full { clearok(win, true) }
        let runs = GridDiff.runs(from: full ? nil : previous, to: grid)
        var written = 0
        var cc = cchar_t()
        for run in runs {
            wmove(win, Int32(run.y), Int32(run.x))
            for cell in run.cells where cell.width != 0 {
                let (attr, pair) = resolve(cell.style)
                var wchars: [wchar_t] = cell.grapheme.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) } + [0]
                var extPair = pair
                _ = setcchar(&cc, &wchars, attr, 0, &extPair)
                // Writing the bottom-right cell returns ERR although it worked: ignore the result.
                _ = wadd_wch(win, &cc)
                written += 1
            }
        }
        wnoutrefresh(win)
        doupdate()
        previous = grid
        forceFull = false
        return written
    }

    private func resolve(_ style: Style) -> (attr: attr_t, pair: Int32) {
        if let hit = styleCache[style] { return hit }
        let look = theme.resolve(style)
        var attr = ntl_attr_normal()
        if look.attributes.contains(.bold) { attr |= ntl_attr_bold() }
        if look.attributes.contains(.dim) { attr |= ntl_attr_dim() }
        if look.attributes.contains(.underline) { attr |= ntl_attr_underline() }
        if look.attributes.contains(.reverse) { attr |= ntl_attr_reverse() }
        var pair: Int32 = 0
        if mode != .mono {
            let fg = Int32(mode.number(for: look.fg)), bg = Int32(mode.number(for: look.bg))
            if fg != -1 || bg != -1 {
                let p = alloc_pair(fg, bg)
                pair = p < 0 ? 0 : p
            }
        }
        styleCache[style] = (attr, pair)
        return (attr, pair)
    }

    /// Every key waiting on stdin (non-blocking). `KEY_RESIZE` comes back as nil-key resize.
    func readKeys() -> (keys: [Key], resized: Bool) {
        var keys: [Key] = []
        var resized = false
        var ch: wint_t = 0
        while true {
            let r = wget_wch(win, &ch)
            if r == ERR { break }
            if r == KEY_CODE_YES {
                if Int32(ch) == KEY_RESIZE { resized = true; continue }
                if let k = KeyDecoder.function(Int32(ch)) { keys.append(k) }
            } else if let k = KeyDecoder.character(UInt32(ch)) {
                keys.append(k)
            }
        }
        return (keys, resized)
    }

    /// Leaves curses: the terminal gets its modes, cursor and main screen back.
    func shutdown() {
        if !isendwin() {
            curs_set(1)
            endwin()
        }
        TerminalGuard.disarm()
    }
}
