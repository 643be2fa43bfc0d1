import Foundation
import NthLayerCore

/// Drift of the selected service (or of every service, grouped by service): a list of findings on top, the
/// open finding below — for configuration drift the diff of declared vs deployed (side by side from 140
/// columns, else unified; changed tokens in `diff.mod`), for trend drift the budget sparkline with the fitted
/// line projected to the exhaustion day.
enum DriftPane {
    typealias Segment = TokenDiff.Segment

    /// Rows of the findings list (the rest of the body, minus the header and a rule, is the detail).
    static func listRows(count: Int, layout: Layout) -> Int {
        count == 0 ? 1 : min(count, max(3, layout.bodyHeight / 4))
    }

    static func detailHeight(_ s: ExplorerState, layout: Layout) -> Int {
        max(1, layout.bodyHeight - 2 - listRows(count: s.driftFindings.count, layout: layout))
    }

    static func detailLineCount(_ s: ExplorerState, width: Int) -> Int { detailLines(s, width: width).count }

    static func draw(_ s: ExplorerState, into grid: inout CellGrid, layout: Layout) {
        let top = layout.bodyTop
        let service = s.driftService
        let list = s.driftFindings

        // Header: scope, counts per kind, the mode and the diff layout.
        var hw = RowWriter(x: 1, y: top, limit: grid.width)
        hw.write(&grid, service ?? "every service", Style(.title))
        if let drift = s.drift {
            let config = drift.findings(service: service, mode: .config).count
            let trend = drift.findings(service: service, mode: .trend).count
            if let service, let badge = drift.badges[service] {
                hw.write(&grid, "  ", .text)
                hw.write(&grid, badge.count == 0 ? "✓ no drift" : "\(DriftBadge.glyph(badge.worst)) \(badge.worst.rawValue)",
                         Style(DriftBadge.role(badge.worst)))
            }
            hw.write(&grid, "  config \(config) · trend \(trend)", Style(.muted))
            hw.write(&grid, "  showing ", Style(.muted))
            hw.write(&grid, s.driftMode.rawValue, Style(.accent))
            hw.write(&grid, " (t: \(s.driftMode.other.rawValue))", Style(.muted))
            if s.driftMode == .config {
                hw.write(&grid, "  diff ", Style(.muted))
                hw.write(&grid, s.driftSplitActive ? "side by side" : "unified", Style(.accent))
                hw.write(&grid, " (s)", Style(.muted))
            }
            if !drift.errors.isEmpty { hw.write(&grid, "  ! \(drift.errors.count) error(s): \(drift.errors[0])", Style(.statusWarn)) }
        }

        guard let drift = s.drift else {
            let msg = s.hasDriftSource
                ? "Waiting for the first drift evaluation…"
                : "No drift source: run with --demo, or point --prometheus / --grafana / --pagerduty-token-file at live systems"
            grid.put(msg, x: 2, y: top + 2, style: Style(.muted))
            return
        }
        if list.isEmpty {
            let what = s.driftMode == .config ? "configuration drift" : "trend findings"
            let other = drift.findings(service: service, mode: s.driftMode.other).count
            var w = RowWriter(x: 2, y: top + 2, limit: grid.width)
            w.write(&grid, "✓ ", Style(.statusOK))
            w.write(&grid, "No \(what) " + (service.map { "for \($0)" } ?? "in any service"), .text)
            if other > 0 { w.write(&grid, "  — t shows \(other) \(s.driftMode.other.rawValue) finding(s)", Style(.muted)) }
            if let service, !drift.evaluated.contains(service) {
                w.write(&grid, "  (not evaluated)", Style(.muted))
            }
            return
        }

        // Findings list, scrolled to keep the open one visible.
        let rows = listRows(count: list.count, layout: layout)
        let cursor = max(0, min(s.driftCursor, list.count - 1))
        let scroll = cursor < rows ? 0 : cursor - rows + 1
        for i in 0..<rows where scroll + i < list.count {
            let idx = scroll + i
            let f = list[idx]
            let showService = service == nil && (idx == 0 || list[idx - 1].service != f.service)
            let y = top + 1 + i
            drawListRow(f, service: service == nil ? (showService ? f.service : "") : nil, open: idx == cursor,
                        y: y, width: grid.width, into: &grid)
            if idx == cursor && s.pane == .drift {
                grid.restyle(x: 0, y: y, width: grid.width, height: 1) { Style(.selection, dim: $0.dim) }
            }
        }

        // Rule with the position, then the open finding.
        let ruleY = top + 1 + rows
        let f = list[cursor]
        var rw = RowWriter(x: 0, y: ruleY, limit: grid.width)
        rw.write(&grid, "── ", Style(.border))
        rw.write(&grid, "\(cursor + 1)/\(list.count)", Style(.accent))
        rw.write(&grid, " · \(f.service) · \(f.kind.rawValue) · \(f.change.rawValue) ", Style(.muted))
        rw.write(&grid, "· n/N next/prev ", Style(.muted))
        rw.write(&grid, String(repeating: "─", count: rw.remaining), Style(.border))

        let detail = detailLines(s, width: grid.width)
        let height = max(1, layout.bodyHeight - 2 - rows)
        let start = max(0, min(s.driftScroll, max(0, detail.count - height)))
        for (i, line) in detail.dropFirst(start).prefix(height).enumerated() {
            var w = RowWriter(x: 1, y: ruleY + 1 + i, limit: grid.width)
            for (text, style) in line { w.write(&grid, text, style) }
        }
        if detail.count > start + height {
            let more = "↓ \(detail.count - start - height) more (j/k)"
            grid.put(more, x: max(0, grid.width - CellWidth.of(more) - 1), y: ruleY + height, style: Style(.muted))
        }
    }

    static func severityText(_ s: DriftSeverity) -> String { "\(DriftBadge.glyph(s)) \(s.rawValue)" }

    static func drawListRow(_ f: DriftFinding, service: String?, open: Bool, y: Int, width: Int, into grid: inout CellGrid) {
        var w = RowWriter(x: 1, y: y, limit: width)
        w.cell(&grid, open ? "▸" : " ", width: 2, Style(.accent))
        w.cell(&grid, severityText(f.severity), width: 11, Style(DriftBadge.role(f.severity)))
        if let service { w.cell(&grid, SafeText.clean(service), width: min(20, max(10, width / 6)), Style(.accent)); w.skip(1) }
        if f.kind == .trend, let t = f.trend {
            let tail = [CellWidth.pad(t.pattern, to: 20),
                        CellWidth.pad(String(format: "%+.2f%%/wk", t.slopePerWeek * 100), to: 11),
                        CellWidth.pad("budget \(Format.percent(t.currentBudget))", to: 14),
                        t.daysUntilExhaustion.map { "exhausts " + TrendChart.days($0) } ?? "no exhaustion"]
                .joined(separator: " ")
            let sloWidth = max(8, w.remaining - CellWidth.of(tail) - 1)
            w.cell(&grid, SafeText.clean(t.slo), width: sloWidth, .text)
            w.skip(1)
            w.write(&grid, tail, Style(.muted))
        } else {
            w.cell(&grid, f.kind.rawValue, width: 14, Style(.muted))
            w.cell(&grid, f.change.rawValue, width: 11, Style(f.change == .changed ? .diffMod : (f.change == .missing ? .diffDel : .diffAdd)))
            let field = SafeText.clean(f.field)
            let fieldWidth = min(18, max(6, CellWidth.of(field)))
            let resWidth = max(8, w.remaining - fieldWidth - 1)
            w.cell(&grid, SafeText.clean(f.resource), width: resWidth, .text)
            w.skip(1)
            w.cell(&grid, field, width: fieldWidth, Style(.muted))
        }
    }

    // MARK: Detail

    /// Every line of the open finding's detail, as styled segments from column 1 (scrolled by `driftScroll`).
    static func detailLines(_ s: ExplorerState, width: Int) -> [[Segment]] {
        guard let f = s.currentFinding else { return [] }
        let usable = max(20, width - 2)
        var out: [[Segment]] = []
        out += TokenDiff.wrapWords(SafeText.clean(f.message), width: usable, style: .text)
        if let loc = f.location { out.append([("declared at ", Style(.muted)), ("\(SafeText.clean(loc.file)):\(loc.line)", Style(.accent))]) }
        if f.kind == .trend, let t = f.trend {
            out += trendLines(s, f, t, width: usable)
        } else {
            out.append([("resource ", Style(.muted)), (SafeText.clean(f.resource), .text), ("  field ", Style(.muted)),
                        (SafeText.clean(f.field), .text)])
            out += s.driftSplitActive ? splitLines(f, width: usable) : unifiedLines(f, width: usable)
        }
        return out
    }

    static func unifiedLines(_ f: DriftFinding, width: Int) -> [[Segment]] {
        var out: [[Segment]] = [[("--- declared (spec)", Style(.diffDel)), ("   ", .text), ("+++ deployed (live)", Style(.diffAdd))]]
        for line in TokenDiff.unified(f) {
            let marker: Segment
            switch line.kind {
            case .hunk: marker = ("", .text)
            case .context: marker = ("  ", Style(.diffContext))
            case .del: marker = ("- ", Style(.diffDel))
            case .add: marker = ("+ ", Style(.diffAdd))
            }
            let wrapped = TokenDiff.wrap(line.segments, width: max(8, width - 2))
            for (k, row) in wrapped.enumerated() {
                out.append([k == 0 ? marker : (String(repeating: " ", count: CellWidth.of(marker.text)), marker.style)] + row)
            }
        }
        return out
    }

    static func splitLines(_ f: DriftFinding, width: Int) -> [[Segment]] {
        let col = max(12, (width - 3) / 2)
        func pad(_ segs: [Segment]) -> [Segment] {
            let used = segs.reduce(0) { $0 + CellWidth.of($1.text) }
            return segs + [(String(repeating: " ", count: max(0, col - used)), .text)]
        }
        var out: [[Segment]] = [pad([("declared (spec)", Style(.diffDel))]) + [(" │ ", Style(.border)), ("deployed (live)", Style(.diffAdd))]]
        func side(_ line: TokenDiff.Line?) -> [[Segment]] {
            guard let line else { return [[]] }
            let marker: Segment
            switch line.kind {
            case .hunk: marker = ("", .text)
            case .context: marker = ("  ", Style(.diffContext))
            case .del: marker = ("- ", Style(.diffDel))
            case .add: marker = ("+ ", Style(.diffAdd))
            }
            return TokenDiff.wrap(line.segments, width: max(6, col - 2)).enumerated().map { k, row in
                [k == 0 ? marker : (String(repeating: " ", count: CellWidth.of(marker.text)), marker.style)] + row
            }
        }
        for row in TokenDiff.split(f) {
            let l = side(row.left), r = side(row.right)
            for k in 0..<max(l.count, r.count) {
                out.append(pad(k < l.count ? l[k] : []) + [(" │ ", Style(.border))] + (k < r.count ? r[k] : []))
            }
        }
        return out
    }

    static func trendLines(_ s: ExplorerState, _ f: DriftFinding, _ t: TrendSummary, width: Int) -> [[Segment]] {
        var out: [[Segment]] = []
        let exhaustion: String
        if let d = t.daysUntilExhaustion {
            exhaustion = d <= 0 ? "budget spent" : "exhausts in \(TrendChart.days(d)) (\(day(s.now.addingTimeInterval(d * 86_400))))"
        } else {
            exhaustion = "no exhaustion projected"
        }
        out.append([("SLO ", Style(.muted)), (SafeText.clean(t.slo), Style(.accent)), ("  ", .text),
                    (severityText(f.severity), Style(DriftBadge.role(f.severity))), ("  pattern ", Style(.muted)), (t.pattern, .text)])
        out.append([("slope ", Style(.muted)), (String(format: "%+.2f%%/week", t.slopePerWeek * 100), .text),
                    ("  R² ", Style(.muted)), (String(format: "%.2f", t.rSquared), .text),
                    ("  budget ", Style(.muted)), (Format.percent(t.currentBudget), .text),
                    ("  ", .text), (exhaustion, Style(t.daysUntilExhaustion == nil ? .muted : .statusCrit))])
        out.append([])
        let history = s.telemetry?.budgetHistory[SLOKey(service: f.service, slo: t.slo)] ?? []
        let label = 9
        let chart = TrendChart(trend: t, severity: f.severity, history: history, width: max(10, min(100, width - label - 1)))
        out.append([(CellWidth.pad("budget", to: label), Style(.muted))]
                   + (history.isEmpty ? [(Format.unknown + " no history from telemetry", Style(.muted))] : chart.history))
        out.append([(CellWidth.pad("fit", to: label), Style(.muted))] + chart.fit)
        out.append([(String(repeating: " ", count: label), .text), (chart.axis, Style(.muted))])
        out.append([(String(repeating: " ", count: label), .text),
                    ("▁▄█ budget remaining   ", Style(.budgetGauge)),
                    ("fitted slope, projected past now   ", Style(.muted)), ("✗ exhaustion", Style(.statusCrit))])
        out.append([])
        if let p = t.detail["projection"] {
            var line: [Segment] = [("projection ", Style(.muted))]
            for d in ["30d", "60d", "90d"] {
                let v = p["budget_\(d)"]?.numberText.flatMap(Double.init)
                line += [("  \(d) ", Style(.muted)), (Format.percent(v), .text)]
            }
            out.append(line)
        }
        if let r = t.detail["recommendation"]?.stringValue {
            out += TokenDiff.wrapWords(SafeText.clean(r), width: width, style: Style(.muted))
        }
        return out
    }

    static func day(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
