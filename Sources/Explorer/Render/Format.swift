import Foundation
import NthLayerCore

/// Number and status formatting shared by the panes. Unknown values are `—`, never guessed.
public enum Format {
    public static let unknown = "—"

    public static func percent(_ fraction: Double?, digits: Int = 1) -> String {
        guard let f = fraction, f.isFinite else { return unknown }
        return String(format: "%.\(digits)f%%", f * 100)
    }

    public static func burn(_ rate: Double?) -> String {
        guard let r = rate, r.isFinite else { return unknown }
        if r >= 100 { return String(format: "%.0f×", r) }
        if r >= 10 { return String(format: "%.1f×", r) }
        return String(format: "%.2f×", r)
    }

    public static func minutes(_ m: Double?) -> String {
        guard let m, m.isFinite else { return unknown }
        if abs(m) >= 100 { return String(format: "%.0f min", m) }
        return String(format: "%.1f min", m)
    }

    public static func decimal(_ d: Decimal) -> String { DecimalText.format(d) }

    public static func age(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60 == 0 ? "" : String(format: "%02ds", seconds % 60))" }
        return "\(seconds / 3600)h\(seconds % 3600 / 60)m"
    }

    public static func clock(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02dZ", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Status glyph and word; colour comes from `role(for:)` so mono still reads.
    public static func status(_ s: BudgetStatus) -> String {
        switch s {
        case .healthy: return "✓ healthy"
        case .warning: return "! warning"
        case .critical: return "✗ critical"
        case .exhausted: return "✗ exhausted"
        case .noData: return "○ no data"
        case .error: return "? error"
        }
    }

    public static func statusGlyph(_ s: BudgetStatus) -> String { String(status(s).first!) }

    public static func role(for s: BudgetStatus) -> Role {
        switch s {
        case .healthy: return .statusOK
        case .warning: return .statusWarn
        case .critical: return .statusCrit
        case .exhausted: return .statusExhausted
        case .noData, .error: return .statusUnknown
        }
    }

    public static func burnRole(_ rate: Double?) -> Role {
        guard let r = rate else { return .statusUnknown }
        if r >= 6 { return .burnHigh }
        if r >= 1 { return .burnMed }
        return .burnLow
    }

    /// A horizontal gauge of `width` cells for a fraction 0…1 (clamped).
    public static func gauge(_ fraction: Double?, width: Int) -> (filled: String, empty: String) {
        guard width > 0 else { return ("", "") }
        guard let f = fraction, f.isFinite else { return ("", String(repeating: "·", count: width)) }
        let n = Int((max(0, min(1, f)) * Double(width)).rounded())
        return (String(repeating: "█", count: n), String(repeating: "░", count: width - n))
    }
}

/// Block sparklines (`▁▂▃▄▅▆▇█`): one cell per bucket, each bucket the mean of its samples.
public enum Sparkline {
    static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func render(_ values: [Double], width: Int, floor lo: Double? = nil, ceiling hi: Double? = nil) -> String {
        let finite = values.filter(\.isFinite)
        guard width > 0, !finite.isEmpty else { return "" }
        let buckets = resample(finite, to: min(width, finite.count))
        let minV = lo ?? buckets.min()!
        let maxV = hi ?? buckets.max()!
        let span = maxV - minV
        return String(buckets.map { v in
            guard span > 0 else { return ticks[0] }
            let t = (max(minV, min(maxV, v)) - minV) / span
            return ticks[min(7, Int((t * 7).rounded()))]
        })
    }

    static func resample(_ v: [Double], to n: Int) -> [Double] {
        guard v.count > n, n > 0 else { return v }
        return (0..<n).map { i in
            let a = i * v.count / n, b = max(a + 1, (i + 1) * v.count / n)
            let slice = v[a..<b]
            return slice.reduce(0, +) / Double(slice.count)
        }
    }
}
