import Foundation
import NthLayerCore

/// Fixed block heights, so the reducer can bound scrolling without a width.
public enum SLOPaneLayout {
    public static let headerLines = 2
    public static let linesPerSLO = 10
    public static func contentHeight(sloCount: Int) -> Int { headerLines + max(1, sloCount) * linesPerSLO }
}

/// Per SLO of the selected service: objective and window, budget consumed and remaining (minutes
/// and %), status, the four burn tiers (long and short window against the tier factor, FIRING when
/// both exceed it), and sparklines of budget remaining and error ratio over the window.
enum SLOPane {
    static func draw(_ s: ExplorerState, into grid: inout CellGrid, layout: Layout) {
        guard let name = s.selectedService, let spec = s.spec(name), let row = s.row(named: name) else {
            grid.put("No service selected — pick one in the services table", x: 2, y: layout.bodyTop + 1, style: Style(.muted))
            return
        }
        var lines: [[(String, Style)]] = []
        lines.append([(row.name, Style(.title)), ("  team ", Style(.muted)), (row.team, .text), ("  tier ", Style(.muted)),
                      (row.tier.rawValue, Style(.accent)), ("  type ", Style(.muted)), (row.type.rawValue, .text),
                      ("  on-call ", Style(.muted)), (row.owner ?? Format.unknown, .text),
                      ("  \(spec.slos.count) SLO\(spec.slos.count == 1 ? "" : "s")", Style(.muted))])
        lines.append([])
        let statuses = s.statuses(of: name)
        if spec.slos.isEmpty {
            lines.append([("  This service declares no SLOs.", Style(.muted))])
        }
        let graphWidth = max(10, min(72, grid.width - 52))
        for (slo, st) in zip(spec.slos, statuses) {
            lines.append(contentsOf: block(slo: slo, status: st, key: SLOKey(service: name, slo: slo.name),
                                           telemetry: s.telemetry, graphWidth: graphWidth))
        }
        for (i, line) in lines.dropFirst(s.sloScroll).prefix(layout.bodyHeight).enumerated() {
            var w = RowWriter(x: 1, y: layout.bodyTop + i, limit: grid.width)
            for (text, style) in line { w.write(&grid, text, style) }
        }
    }

    static func block(slo: SLOSpec, status st: SLOStatus, key: SLOKey, telemetry: TelemetrySnapshot?,
                      graphWidth: Int) -> [[(String, Style)]] {
        var out: [[(String, Style)]] = []
        let statusRole = Style(Format.role(for: st.status))
        out.append([("▌", statusRole), (SafeText.clean(slo.name), Style(.accent)), ("  \(slo.type.rawValue)", Style(.muted)),
                    ("  objective ", Style(.muted)), ("\(Format.decimal(slo.objective))%", .text),
                    ("  window ", Style(.muted)), (slo.window.description, .text),
                    ("   ", .text), (Format.status(st.status), statusRole)]
                   + (st.failure.map { [("  " + SafeText.clean($0), Style(.flashError))] } ?? []))

        let budget = st.budget
        let consumed = st.consumedFraction
        let (filled, empty) = Format.gauge(st.remainingFraction, width: 20)
        out.append([("  budget   ", Style(.muted)), (filled, statusRole), (empty, Style(.muted)),
                    ("  remaining ", Style(.muted)), (Format.minutes(st.remainingFraction.map { $0 * budget.totalMinutes }), .text),
                    (" (\(Format.percent(st.remainingFraction)))", .text),
                    ("  consumed ", Style(.muted)), (Format.minutes(consumed.map { $0 * budget.totalMinutes }), .text),
                    (" (\(Format.percent(consumed)))", .text),
                    ("  of \(Format.minutes(budget.totalMinutes))", Style(.muted))])

        out.append([("  burn     ", Style(.muted)), (CellWidth.pad("tier", to: 9), Style(.header)),
                    (CellWidth.pad("long window", to: 15), Style(.header)), (CellWidth.pad("short window", to: 15), Style(.header)),
                    (CellWidth.pad("threshold", to: 11), Style(.header)), ("alert", Style(.header))])
        for tier in BurnTier.allCases {
            let factor = tier.factor(period: slo.window).doubleValue
            let long = st.burnRate(tier.longWindow), short = st.burnRate(tier.shortWindow)
            let firing = (long ?? 0) > factor && (short ?? 0) > factor
            func rateRole(_ r: Double?) -> Style {
                guard let r else { return Style(.statusUnknown) }
                return Style(r > factor ? .burnHigh : (r > 1 ? .burnMed : .burnLow))
            }
            out.append([("           ", .text), (CellWidth.pad(tier.rawValue, to: 9), .text),
                        (CellWidth.pad(tier.longWindow.description, to: 4), Style(.muted)),
                        (CellWidth.pad(Format.burn(long), to: 11), rateRole(long)),
                        (CellWidth.pad(tier.shortWindow.description, to: 4), Style(.muted)),
                        (CellWidth.pad(Format.burn(short), to: 11), rateRole(short)),
                        (CellWidth.pad(tier.factorText(period: slo.window) + "×", to: 11), .text),
                        (firing ? "FIRING" : (long == nil || short == nil ? Format.unknown : "ok"),
                         Style(firing ? .burnHigh : (long == nil ? .statusUnknown : .statusOK)))])
        }

        let budgetHistory = telemetry?.budgetHistory[key]?.map(\.value) ?? []
        let errorHistory = telemetry?.errorRatioHistory[key]?.map(\.value) ?? []
        // Both sparklines scale to their own range (printed beside them), so a slow slide shows.
        let spark1 = Sparkline.render(budgetHistory, width: graphWidth)
        let range1 = budgetHistory.isEmpty ? "" : "  \(Format.percent(budgetHistory.min())) … \(Format.percent(budgetHistory.max()))"
        out.append([("  budget   ", Style(.muted)), (spark1.isEmpty ? Format.unknown : spark1, Style(.budgetGauge)),
                    ("  remaining over \(slo.window)\(range1)", Style(.muted))])
        let spark2 = Sparkline.render(errorHistory, width: graphWidth, floor: 0)
        let peak = errorHistory.max().map { "  peak \(String(format: "%.3f%%", $0 * 100))" } ?? ""
        out.append([("  errors   ", Style(.muted)), (spark2.isEmpty ? Format.unknown : spark2, Style(.burnMed)),
                    ("  error ratio over \(slo.window)\(peak)", Style(.muted))])
        out.append([])
        return out
    }
}
