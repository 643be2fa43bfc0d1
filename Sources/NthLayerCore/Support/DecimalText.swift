import Foundation

/// Exact decimal arithmetic and printing for objectives, budgets and thresholds.
///
/// Objectives are written in percent (99.9) and used as ratios (0.001). Binary floats turn that into
/// `0.0009999999999999432`; `Decimal` keeps it exact, and this file prints it in the shortest form.
public enum DecimalText {
    /// Parses a plain decimal literal ("99.95", "-0.3", "1e-3"). Returns nil for anything else.
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty,
              trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")),
              !value.isNaN
        else { return nil }
        return value
    }

    /// The shortest exact text of a decimal: `99.9`, `0.001`, `14.4`, `1`.
    public static func format(_ value: Decimal) -> String {
        var v = value
        if v.isZero { return "0" }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, 12, .plain)
        return plain(rounded)
    }

    /// Rounds to `digits` significant digits (used for non-terminating factors such as 28/30).
    public static func format(_ value: Decimal, significantDigits digits: Int) -> String {
        if value.isZero { return "0" }
        let magnitude = Int(floor(log10(abs(NSDecimalNumber(decimal: value).doubleValue))))
        let scale = max(0, digits - 1 - magnitude)
        var v = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &v, scale, .plain)
        return plain(rounded)
    }

    /// Formats a Double that came from measurement (rates, ratios) with up to `maxFractionDigits`.
    public static func format(_ value: Double, maxFractionDigits: Int = 6) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf") }
        var d = Decimal(value)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &d, maxFractionDigits, .plain)
        return plain(rounded)
    }

    private static func plain(_ value: Decimal) -> String {
        // Decimal's description is locale-independent and never uses exponent notation.
        var text = value.description
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { return "0" }
        return text
    }
}

extension Decimal {
    public var doubleValue: Double { NSDecimalNumber(decimal: self).doubleValue }
}
