import Foundation
import Testing

/// The real binary in tmux: the demo world opens, `/` filters, Enter drills in, the tree expands,
/// `?` opens help, the window resizes, `q` quits and the terminal is restored.
@Suite(.serialized, .enabled(if: ExplorerTmux.available, "tmux is not installed"))
struct ExplorerEndToEndTests {
    @Test func demoWorldSession() throws {
        let t = try ExplorerTmux(arguments: ["explore", "--demo"])
        defer { t.close() }
        let first = t.waitFor("the services table with data") { $0.contains("NAME") && $0.contains("demo-prometheus ● ok") }
        let lines = first.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count >= 40)
        let rows = lines.dropFirst(3).prefix(35).filter { $0.hasPrefix(" ") && $0.count > 40 && !$0.hasPrefix("  ") }
        #expect(rows.count >= 15, "fewer than 15 service rows:\n\(first)")
        let name = String(lines[3].dropFirst().prefix { $0 != " " })
        #expect(!name.isEmpty)

        // Filter on the first row's name: the title shows the filter and the row stays.
        try t.keys("/")
        try t.text(name)
        t.waitFor("the filter prompt") { $0.contains("/\(name)") && $0.contains(" \(name) ") }
        try t.keys("Enter")
        let filtered = t.waitFor("the committed filter") { !$0.contains("▏") && $0.contains("/\(name) (") }
        #expect(filtered.contains(" \(name) "))

        // Drill in: the SLO pane with breadcrumbs.
        try t.keys("Enter")
        let slo = t.waitFor("the SLO pane") { $0.contains("objective") && $0.contains("› \(name) SLO burn") }
        #expect(slo.contains("threshold"))

        // Tab to the dependency tree; x expands everything, space collapses the first section.
        try t.keys("Tab")
        let deps = t.waitFor("the dependency tree") { $0.contains("Depends on (upstream)") }
        try t.keys("x")
        let expanded = t.waitFor("the expanded tree") { $0 != deps }
        try t.keys("Space")
        t.waitFor("the collapsed upstream section") { $0.contains("▸ Depends on (upstream)") && $0 != expanded }

        // Help overlay, then resizes (smaller, too small, larger).
        try t.keys("?")
        t.waitFor("the help overlay") { $0.contains("Help — Esc or ? closes") }
        try t.resize(cols: 80, rows: 24)
        t.waitFor("the 80×24 layout") { s in
            let l = s.split(separator: "\n")
            return l.count <= 24 && l.allSatisfy { $0.count <= 80 } && s.contains("Help — Esc") && l[0].contains("NthLayer")
        }
        try t.resize(cols: 50, rows: 12)
        t.waitFor("the too-small screen") { $0.contains("Terminal too small") }
        try t.resize(cols: 100, rows: 30)
        t.waitFor("the 100×30 layout") { $0.contains("Help — Esc") }
        try t.keys("Escape")
        t.waitFor("help closed") { !$0.contains("Help — Esc") && $0.contains("Depends on") }

        // q quits; the shell's screen is back (alternate screen left).
        try t.keys("q")
        let after = t.waitForExit()
        #expect(after.contains("__EXITED__ 0"))
        #expect(!after.contains("NthLayer  demo world"), "the explorer's screen is still showing:\n\(after)")
    }

    /// The drift pane on the demo world: `:drift checkout-svc`, `n` to the next finding, its diff, `t` to the
    /// trend (sparkline and fitted line), then `q`.
    @Test func driftPaneSession() throws {
        let t = try ExplorerTmux(arguments: ["explore", "--demo"])
        defer { t.close() }
        // Drift is its own background source: wait for its first answer (the DRIFT column fills in).
        t.waitFor("the demo drift source", timeout: 30) { $0.contains("demo-drift ● ok") && $0.contains("DRIFT") }
        try t.keys(":")
        try t.text("drift checkout-svc")
        try t.keys("Enter")
        // `── 1/N · checkout-svc · …`: the finding's position (N follows the demo's injected cases).
        func at(_ i: Int, _ screen: String) -> Bool {
            screen.range(of: "── \(i)/[0-9]+ · checkout-svc · ", options: .regularExpression) != nil
        }
        let first = t.waitFor("the drift pane on checkout-svc") { at(1, $0) }
        #expect(first.contains("showing config"))
        #expect(first.contains("--- declared (spec)") && first.contains("+++ deployed (live)"))
        try t.keys("n")
        let second = t.waitFor("the second finding") { at(2, $0) }
        let lines = second.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix(" - ") }, "no removed line in the diff:\n\(second)")
        #expect(lines.contains { $0.hasPrefix(" + ") }, "no added line in the diff:\n\(second)")
        #expect(second.contains("@@ "))
        // The changed tokens carry their own colour (diff.mod) inside the line's (diff.add / diff.del).
        let colours = Self.colourEscapes(in: t.screen(escapes: true))
        #expect(colours.count >= 3)
        try t.keys("t")
        let trend = t.waitFor("the trend findings") { $0.contains("showing trend") && $0.contains("↑now") }
        #expect(trend.contains(" fit "))
        try t.keys("q")
        let after = t.waitForExit()
        #expect(after.contains("__EXITED__ 0"))
    }

    @Test func noColorEmitsNoColourEscapes() throws {
        let t = try ExplorerTmux(arguments: ["explore", "--demo"], environment: ["NO_COLOR": "1"])
        defer { t.close() }
        t.waitFor("the services table") { $0.contains("NAME") && $0.contains("● ok") }
        let screen = t.screen(escapes: true)
        #expect(Self.colourEscapes(in: screen).isEmpty, "colour escapes under NO_COLOR: \(Self.colourEscapes(in: screen).prefix(5))")
        // Attributes still carry meaning (selection is reverse video).
        #expect(screen.contains("\u{1B}["))
        try t.keys("q")
        t.waitForExit()

        // Control: with colours allowed, the same screen has colour escapes.
        let c = try ExplorerTmux(arguments: ["explore", "--demo", "--no-color"])
        defer { c.close() }
        c.waitFor("the services table") { $0.contains("NAME") && $0.contains("● ok") }
        #expect(Self.colourEscapes(in: c.screen(escapes: true)).isEmpty)
        try c.keys("q")
        let d = try ExplorerTmux(arguments: ["explore", "--demo"])
        defer { d.close() }
        d.waitFor("the services table") { $0.contains("NAME") && $0.contains("● ok") }
        #expect(!Self.colourEscapes(in: d.screen(escapes: true)).isEmpty)
        try d.keys("q")
    }

    /// SGR sequences that set a colour: 30–38, 40–48, 90–97, 100–107. 39 and 49 ("default colour")
    /// are left out: tmux's `capture-pane -e` writes them after every attribute change by itself.
    static func colourEscapes(in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: "\u{1B}\\[([0-9;]*)m")
        var found: [String] = []
        for m in re.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let params = String(text[Range(m.range(at: 1), in: text)!]).split(separator: ";").compactMap { Int($0) }
            if params.contains(where: { ((30...49).contains($0) && $0 != 39 && $0 != 49) || (90...107).contains($0) }) {
                found.append(String(text[Range(m.range, in: text)!]).replacingOccurrences(of: "\u{1B}", with: "ESC"))
            }
        }
        return found
    }

    /// A source that hangs for 10 s on every fetch: keys still answer at once and the pane says stale.
    @Test func hangingSourceNeverBlocksKeys() throws {
        let t = try ExplorerTmux(arguments: ["explore", "--demo", "--refresh", "1",
                                             "--demo-hang-source", "demo-prometheus", "--demo-hang-seconds", "10"])
        defer { t.close() }
        t.waitFor("the stale marker", timeout: 8) { $0.contains("demo-prometheus ◐ STALE") }
        var latencies: [TimeInterval] = []
        for (key, expect) in [("?", "Help — Esc"), ("Escape", "Services"), ("j", ""), ("Tab", "SLO burn")] {
            let before = t.screen()
            let start = Date()
            try t.keys(key)
            t.waitFor("key \(key) answered", timeout: 5) { $0 != before && (expect.isEmpty || $0.contains(expect)) }
            latencies.append(Date().timeIntervalSince(start))
        }
        // The fetch is still hanging (first answer comes after 10 s), yet every key was painted promptly.
        let screen = t.screen()
        #expect(screen.contains("STALE"), "no stale marker:\n\(screen)")
        #expect(latencies.allSatisfy { $0 < 2 }, "key latencies \(latencies)")
        try t.keys("q")
        let after = t.waitForExit()
        #expect(after.contains("__EXITED__ 0"))
    }

    /// Every way out restores the terminal: SIGTERM, ctrl-c (SIGINT) and a crash (SIGSEGV, through
    /// the shim's async-signal-safe handler).
    @Test(arguments: [("SIGTERM", SIGTERM, "143"), ("ctrl-c", SIGINT, "130"), ("SIGSEGV", SIGSEGV, "139")])
    func signalsRestoreTheTerminal(name: String, signal: Int32, status: String) throws {
        let t = try ExplorerTmux(arguments: ["explore", "--demo"])
        defer { t.close() }
        t.waitFor("the services table") { $0.contains("NAME") }
        if signal == SIGINT {
            try t.keys("C-c")
        } else {
            let pid = try t.tmux(["display-message", "-p", "-t", t.session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            // The pane's shell runs the explorer as its child.
            let children = try String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)
                .split(separator: " ").compactMap { Int32($0) }
            #expect(!children.isEmpty)
            for child in children { kill(child, signal) }
        }
        let after = t.waitForExit()
        #expect(after.contains("__EXITED__ \(status)"), "\(name): \(after)")
        #expect(!after.contains("NAME"), "\(name) left the explorer's screen up:\n\(after)")
    }
}
