import Foundation
import NthLayerCore

/// The trend finding's picture on one time axis: the budget history as a sparkline, under it the fitted
/// line (the OLS slope through the current budget) over the history and projected past now to the horizon,
/// the exhaustion day marked `✗`, and an axis row labelling the window start, now and the exhaustion day.
public struct TrendChart: Sendable {
    public typealias Segment = TokenDiff.Segment
    public let history: [Segment]
    public let fit: [Segment]
    public let axis: String
    /// Days shown before and after now.
    public let pastDays: Double
    public let futureDays: Double

    /// - Parameters:
    ///   - history: budget remaining samples (fractions), oldest first; only the last `pastDays` are drawn.
    ///   - width: cells for the plot (both rows and the axis have exactly this width).
    public init(trend: TrendSummary, severity: DriftSeverity, history: [Sample], width: Int) {
        let w = max(10, width)
        let samples = history.filter { $0.value.isFinite }
        // The analysed span: from the finding's detail, else the history's, else 30 days.
        var span = TrendChart.detailSpanDays(trend.detail) ?? 0
        if span <= 0, let first = samples.first, let last = samples.last {
            span = last.time.timeIntervalSince(first.time) / 86_400
        }
        if span <= 0 { span = 30 }
        pastDays = span
        let slopePerDay = trend.slopePerWeek / 7
        let exhaustion = trend.daysUntilExhaustion
        // Project far enough to show the exhaustion day when it is within 90 days, else 30 days.
        let future: Double
        if let d = exhaustion, d <= 90 { future = max(3, (d * 1.15).rounded(.up) + 1) } else { future = 30 }
        futureDays = future
        let total = span + future
        let dt = total / Double(w)
        func col(_ rel: Double) -> Int { max(0, min(w - 1, Int(((rel + span) / dt).rounded(.down)))) }
        let nowCol = col(0)

        // History buckets, times relative to the last sample (so any clock offset between sources cancels).
        var sums = Array(repeating: 0.0, count: w), counts = Array(repeating: 0, count: w)
        if let last = samples.last?.time {
            for sm in samples {
                let rel = sm.time.timeIntervalSince(last) / 86_400
                guard rel >= -span - 1e-9 else { continue }
                let c = min(col(rel), nowCol)
                sums[c] += sm.value; counts[c] += 1
            }
        }
        var histValues: [Double?] = (0..<w).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : nil }
        // Sparse history (fewer points than columns): hold each value until the next, never past now.
        if let firstCol = histValues.firstIndex(where: { $0 != nil }) {
            var last = histValues[firstCol]
            for c in firstCol...nowCol { if let v = histValues[c] { last = v } else { histValues[c] = last } }
        }
        let fitValues: [Double] = (0..<w).map { c in trend.currentBudget + slopePerDay * (-span + (Double(c) + 0.5) * dt) }

        let known = histValues.compactMap { $0 }
        // Scale to what is drawn: the history and the line down to zero (where it ends), so a slow slide shows.
        let drawnFit = fitValues.map { max(0, $0) }
        let lo = min(known.min() ?? trend.currentBudget, drawnFit.min() ?? 0, trend.currentBudget)
        var hi = max(known.max() ?? trend.currentBudget, trend.currentBudget, fitValues[0])
        if hi - lo < 0.01 { hi = lo + 0.01 }
        func tick(_ v: Double) -> String {
            let t = (max(lo, min(hi, v)) - lo) / (hi - lo)
            return String(Sparkline.ticks[min(7, Int((t * 7).rounded()))])
        }

        var h: [Segment] = []
        func add(_ seg: inout [Segment], _ text: String, _ role: Role) {
            if let l = seg.last, l.style.role == role { seg[seg.count - 1].text += text } else { seg.append((text, Style(role))) }
        }
        for c in 0..<w {
            if let v = histValues[c] { add(&h, tick(v), .budgetGauge) } else { add(&h, " ", .muted) }
        }
        self.history = h

        let exCol: Int? = exhaustion.flatMap { d in d <= future ? col(d) : nil }
        let projRole = DriftBadge.role(severity == .none ? .info : severity)
        var f: [Segment] = []
        for c in 0..<w {
            if c == exCol { add(&f, "✗", .statusCrit); continue }
            if let e = exCol, c > e { add(&f, " ", .muted); continue }
            let v = fitValues[c]
            if c > nowCol && v < 0 { add(&f, " ", .muted); continue }
            add(&f, tick(v), c <= nowCol ? .muted : projRole)
        }
        fit = f

        // Axis labels, placed only where they do not overlap.
        var cells = Array(repeating: Character(" "), count: w)
        func place(_ label: String, at start: Int) -> Bool {
            let chars = Array(label)
            let a = max(0, min(start, w - chars.count))
            guard a >= 0, a + chars.count <= w else { return false }
            let lo = max(0, a - 1), hi = min(w - 1, a + chars.count)
            guard (lo...hi).allSatisfy({ cells[$0] == " " }) else { return false }
            for (k, ch) in chars.enumerated() { cells[a + k] = ch }
            return true
        }
        _ = place("↑now", at: nowCol)
        if let e = exCol, let d = exhaustion {
            let label = "↑✗ " + TrendChart.days(d)
            if !place(label, at: e) { _ = place("✗ " + TrendChart.days(d), at: e + 1) }
        }
        _ = place("-" + TrendChart.days(span), at: 0)
        _ = place("+" + TrendChart.days(future), at: w - 1)
        axis = String(cells)
    }

    /// `23.7 d`, `310 d`.
    public static func days(_ d: Double) -> String {
        d >= 100 || d == d.rounded() ? String(format: "%.0f d", d) : String(format: "%.1f d", d)
    }

    /// `data_end − data_start` of the finding's detail, in days.
    static func detailSpanDays(_ detail: JSONValue) -> Double? {
        guard let a = detail["data_start"]?.stringValue.flatMap(parse),
              let b = detail["data_end"]?.stringValue.flatMap(parse) else { return nil }
        return b.timeIntervalSince(a) / 86_400
    }

    static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}
