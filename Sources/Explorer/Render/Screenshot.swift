import Foundation
import NthLayerCore

/// Headless rendering of any view, for `nthlayer screenshot`, the README images and tests. Uses
/// the same reducer and renderer as the terminal; data comes from one synchronous fetch.
public enum Screenshot {
    public enum View: String, CaseIterable, Sendable { case services, slo, deps, drift, help
        /// The drift pane on its trend findings (the budget sparkline with the fitted line).
        case driftTrend = "drift-trend" }

    /// The state a screenshot shows: every source fetched once at `now`, then navigated to `view`.
    public static func state(services: [ServiceSpec], worldLabel: String, sources: BackgroundSources, view: View,
                             service: String?, size: TermSize, now: Date, themeNames: [String]) -> ExplorerState {
        var s = ExplorerState(services: services, worldLabel: worldLabel, sources: sources.descriptors, now: now,
                              size: size, themeNames: themeNames)
        for event in sources.fetchAllNow(services: services, generation: s.generation) {
            _ = Reducer.reduce(&s, event)
        }
        _ = Reducer.reduce(&s, .tick(now))
        switch view {
        case .services:
            if let service { Reducer.select(&s, service) }
        case .slo: Reducer.open(&s, .slo, service)
        case .deps:
            Reducer.open(&s, .deps, service)
            Reducer.toggleAll(&s)
        case .drift, .driftTrend:
            Reducer.openDrift(&s, service)
            if view == .driftTrend, s.driftMode != .trend { _ = Reducer.reduce(&s, .action(.toggleTrend)) }
            s.flash = nil
        case .help:
            s.helpVisible = true
        }
        return s
    }

    public enum Format: String, Sendable { case txt, svg, ansi }

    public static func export(_ grid: CellGrid, format: Format, theme: Theme, mode: ColorMode = .truecolor) -> String {
        switch format {
        case .txt:
            return grid.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
                .joined(separator: "\n") + "\n"
        case .svg: return SVGExport.render(grid, theme: theme, light: theme.name == "light")
        case .ansi: return AnsiEncoder(theme: theme, mode: mode).document(grid)
        }
    }
}
