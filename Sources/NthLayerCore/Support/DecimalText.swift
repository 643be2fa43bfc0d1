import Foundation

/// Exact decimal arithmetic and printing for objectives, budgets and thresholds.
///
/// Objectives are written in percent (99.9) and used as ratios (0.001). Binary floats turn that into
/// `0.0009999999999999432`; `Decimal` keeps it exact, and this file prints it in the shortest form.
public enum DecimalText {
    /// Parses a plain decimal literal ("99.95", "-0.3", "1e-3"). Returns nil for anything else.
    public static func parse(_ text: String) -> Decimal? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard isDecimalLiteral(trimmed),
              let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX")),
              !value.isNaN
        else { return nil }
        return value
    }

    /// `[+-]digits[.digits][(e|E)[+-]digits]`, with at least one digit before or after the point. Checked by hand
    /// because `Decimal(string:)` accepts the longest valid prefix and would read `99..9` as 99.
    static func isDecimalLiteral(_ text: String) -> Bool {
        var chars = Array(text.utf8)[...]
        func digits() -> Int {
            var n = 0
            while let c = chars.first, c >= 48 && c <= 57 { chars.removeFirst(); n += 1 }
            return n
        }
        if let c = chars.first, c == 43 || c == 45 { chars.removeFirst() }
        var mantissa = digits()
        if chars.first == 46 { chars.removeFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if let c = chars.first, c == 101 || c == 69 {
            chars.removeFirst()
            if let sign = chars.first, sign == 43 || sign == 45 { chars.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return chars.isEmpty
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
