/// A time window written as `Nd`, `Nw` or `Nh` (SLO periods, drift windows) or, for PromQL ranges, `Nm`/`Ns`.
public struct Window: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }
    public static func minutes(_ n: Int) -> Window { Window(seconds: n * 60) }
    public static func hours(_ n: Int) -> Window { Window(seconds: n * 3600) }
    public static func days(_ n: Int) -> Window { Window(seconds: n * 86400) }

    /// Parses an SLO-period text: `30d`, `4w`, `12h` (minutes are rejected: an SLO window is at least a day).
    public init?(period text: String) {
        guard let w = Window(duration: text), !text.hasSuffix("m"), !text.hasSuffix("s") else { return nil }
        self = w
    }

    /// Parses any single-unit duration: `30s`, `5m`, `2h`, `1d`, `4w`.
    public init?(duration text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let unit = t.last, let n = Int(t.dropLast()), n > 0, t.dropLast().allSatisfy(\.isNumber) else { return nil }
        let unitSeconds: Int
        switch unit {
        case "s": unitSeconds = 1
        case "m": unitSeconds = 60
        case "h": unitSeconds = 3600
        case "d": unitSeconds = 86400
        case "w": unitSeconds = 7 * 86400
        default: return nil
        }
        // `9223372036854775807d` is a typo, not a reason to trap.
        let (product, overflow) = n.multipliedReportingOverflow(by: unitSeconds)
        guard !overflow else { return nil }
        seconds = product
    }

    public var minutes: Int { seconds / 60 }
    public var hours: Double { Double(seconds) / 3600 }
    public var days: Double { Double(seconds) / 86400 }

    /// The shortest PromQL duration text: `5m`, `1h`, `30d` (weeks print as days).
    public var description: String {
        if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }

    public static func < (a: Window, b: Window) -> Bool { a.seconds < b.seconds }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let w = Window(duration: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad duration \(text)"))
        }
        self = w
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
