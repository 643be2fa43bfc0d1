import Foundation

/// `state → CellGrid`. Pure and deterministic: the same state draws the same cells, which is what
/// the goldens, the screenshots and the diff painter rely on.
public enum Renderer {
    public static func render(_ s: ExplorerState, registry: ActionRegistry = .standard) -> CellGrid {
        var grid = CellGrid(width: s.size.cols, height: s.size.rows)
        let layout = Layout(size: s.size)
        if layout.tooSmall {
            drawTooSmall(s.size, into: &grid)
            return grid
        }
        drawHeader(s, into: &grid)
        drawTabs(s, into: &grid)
        switch s.pane {
        case .services: ServicesPane.draw(s, into: &grid, layout: layout)
        case .slo: SLOPane.draw(s, into: &grid, layout: layout)
        case .deps: DepsPane.draw(s, into: &grid, layout: layout)
        case .drift: DriftPane.draw(s, into: &grid, layout: layout)
        }
        // Stale data is dimmed, never silently old.
        if s.telemetryIsStale || (s.pane == .drift && s.driftIsStale) {
            grid.restyle(x: 0, y: layout.bodyTop, width: grid.width, height: layout.bodyHeight) { Style($0.role, dim: true) }
        }
        if s.helpVisible { HelpOverlay.draw(s, registry: registry, into: &grid, layout: layout) }
        drawCrumbs(s, into: &grid, layout: layout)
        drawPromptOrHints(s, registry: registry, into: &grid, layout: layout)
        return grid
    }

    static func drawTooSmall(_ size: TermSize, into grid: inout CellGrid) {
        let lines = ["Terminal too small", "\(size.cols)×\(size.rows) — need \(Layout.minimum.cols)×\(Layout.minimum.rows)", "q quits"]
        let top = max(0, size.rows / 2 - 1)
        for (i, l) in lines.enumerated() {
            grid.put(l, x: max(0, (size.cols - CellWidth.of(l)) / 2), y: top + i, style: Style(i == 0 ? .flashWarn : .muted))
        }
    }

    /// Row 0: product, world, each source's state and age, freeze banner, clock.
    static func drawHeader(_ s: ExplorerState, into grid: inout CellGrid) {
        grid.fill(x: 0, y: 0, width: grid.width, height: 1, style: Style(.header))
        let clock = Format.clock(s.now)
        let clockX = grid.width - CellWidth.of(clock) - 1
        var w = RowWriter(x: 1, y: 0, limit: clockX - 1)
        w.write(&grid, "NthLayer", Style(.title))
        w.write(&grid, "  \(s.worldLabel) · \(s.services.count) services", Style(.muted))
        if s.frozen {
            w.write(&grid, "  ", .text)
            w.write(&grid, " FROZEN (\(s.pendingCount) pending) ", Style(.bannerFrozen))
        }
        if s.sources.isEmpty { w.write(&grid, "  no data sources configured", Style(.statusUnknown)) }
        for src in s.sources {
            w.write(&grid, "  \(src.id) ", Style(.muted))
            let (text, role) = describe(src.health(now: s.now, startedAt: s.startedAt), sourceID: src.id)
            w.write(&grid, text, Style(role))
        }
        grid.put(clock, x: clockX, y: 0, style: Style(.muted))
    }

    public static func describe(_ h: SourceHealth, sourceID: String = "") -> (String, Role) {
        // Provider errors often start with the provider's name, which the header already shows.
        func trimmed(_ r: String) -> String { shortReason(r.hasPrefix(sourceID + ": ") ? String(r.dropFirst(sourceID.count + 2)) : r) }
        switch h {
        case .waiting: return ("○ waiting", .statusUnknown)
        case let .ok(age): return ("● ok \(Format.age(age))", .statusOK)
        case let .refreshing(age): return ("⟳ refreshing" + (age.map { " \(Format.age($0))" } ?? ""), .accent)
        case let .stale(age): return ("◐ STALE " + (age.map { "for \(Format.age($0))" } ?? "(no data yet)"), .statusStale)
        case let .failed(reason, age):
            return ("✗ failed: \(CellWidth.truncate(trimmed(reason), to: 28))" + (age.map { " (\(Format.age($0)))" } ?? ""), .flashError)
        case let .down(reason, retry): return ("○ DOWN: \(CellWidth.truncate(trimmed(reason), to: 24)) retry \(retry)s", .flashError)
        }
    }

    /// A failure reason short enough for the header: the provider's URL (already shown by where it came from)
    /// is dropped, so `Prometheus at http://… answered 503` reads `Prometheus answered 503`. The flash line
    /// and the source's error keep the whole text.
    public static func shortReason(_ reason: String) -> String {
        var r = reason.replacingOccurrences(of: #" at https?://[^\s]+?(?=:? |:$|$)"#, with: "", options: .regularExpression)
        r = r.replacingOccurrences(of: #"https?://[^\s]+"#, with: "…", options: .regularExpression)
        return r
    }

    /// Row 1: pane tabs, then the pane's title (filter and counts on the services table).
    static func drawTabs(_ s: ExplorerState, into grid: inout CellGrid) {
        var w = RowWriter(x: 0, y: 1, limit: grid.width)
        for pane in Pane.allCases {
            w.write(&grid, " ", .text)
            w.write(&grid, " \(pane.title) ", Style(pane == s.pane ? .crumbActive : .crumb))
        }
        w.write(&grid, "  ", .text)
        switch s.pane {
        case .services:
            let shown = "\(s.visible.count)/\(s.rows.count)"
            if s.filter.isEmpty {
                w.write(&grid, "all (\(shown))", Style(.muted))
            } else {
                w.write(&grid, "/\(SafeText.clean(s.filter))", Style(.filterMatch))
                w.write(&grid, " (\(shown))", Style(.muted))
            }
        case .slo, .deps:
            w.write(&grid, s.selectedService ?? "", Style(.accent))
        case .drift:
            w.write(&grid, s.driftService ?? "every service", Style(.accent))
        }
        if s.telemetryIsStale || (s.pane == .drift && s.driftIsStale) {
            w.write(&grid, "  ", .text)
            w.write(&grid, "◐ STALE — showing the last good data", Style(.flashWarn))
        }
    }

    /// Row h-2: the navigation stack, then the flash message.
    static func drawCrumbs(_ s: ExplorerState, into grid: inout CellGrid, layout: Layout) {
        var w = RowWriter(x: 1, y: layout.crumbRow, limit: grid.width)
        for (i, loc) in s.stack.enumerated() {
            if i > 0 { w.write(&grid, " › ", Style(.crumb)) }
            let label = loc.service.map { "\($0) \(loc.pane.title)" } ?? loc.pane.title.lowercased()
            w.write(&grid, label, Style(i == s.stack.count - 1 ? .crumbActive : .crumb))
        }
        if let flash = s.flash {
            let role: Role = flash.level == .error ? .flashError : (flash.level == .warn ? .flashWarn : .flashInfo)
            w.write(&grid, "   ", .text)
            w.write(&grid, flash.text, Style(role))
        }
    }

    /// Row h-1: the `/` or `:` prompt while typing, else key hints for the focused pane.
    static func drawPromptOrHints(_ s: ExplorerState, registry: ActionRegistry, into grid: inout CellGrid, layout: Layout) {
        var w = RowWriter(x: 1, y: layout.hintRow, limit: grid.width)
        switch s.input {
        case let .filter(draft):
            w.write(&grid, "/", Style(.accent))
            w.write(&grid, SafeText.clean(draft), .text)
            w.write(&grid, "▏", Style(.accent))
            w.write(&grid, "   Enter keep · Esc clear · team:x tier:critical budget<25 burn>2 !term", Style(.muted))
        case let .command(draft):
            w.write(&grid, ":", Style(.accent))
            w.write(&grid, SafeText.clean(draft), .text)
            w.write(&grid, "▏", Style(.accent))
            w.write(&grid, "   Tab complete · ↑↓ history · svc slo deps drift theme q", Style(.muted))
        case .normal:
            for (keys, hint) in registry.hints(for: s.helpVisible ? .global : s.pane.scope) {
                guard w.remaining > CellWidth.of(keys) + CellWidth.of(hint) + 3 else { break }
                w.write(&grid, keys, Style(.accent))
                w.write(&grid, " " + hint + "  ", Style(.muted))
            }
        }
    }
}
