import Foundation
import NthLayerCore

/// The `/` filter: space-separated terms, all of which must match.
///
/// - `pay`: regex on the name, case-insensitive unless the term has an upper-case letter; an
///   invalid regex falls back to a substring match (with a warning).
/// - `!term`: inverts any term.
/// - `team:payments`, `team=payments`, `team!=payments`, `team~^pay` on name, team, tier (aliases
///   accepted), type, status, owner.
/// - `budget<25`, `budget>=50` (percent remaining), `burn>2`, `deps>3`, `drift>0` (findings).
/// - `drift=critical` / `drift=warn` / `drift!=none`: the worst drift severity.
public struct ServiceFilter {
    public let text: String
    public private(set) var warning: String?
    private var terms: [Term] = []

    enum Field: String, CaseIterable { case name, team, tier, type, status, owner, drift }
    enum Numeric: String, CaseIterable { case budget, burn, deps, drift }
    enum Comparison: String, CaseIterable { case le = "<=", ge = ">=", lt = "<", gt = ">", eq = "=" }

    enum Matcher {
        case regex(NSRegularExpression)
        case substring(String, caseSensitive: Bool)
        case equals(String)
    }

    struct Term {
        var negated: Bool
        var kind: Kind
        enum Kind {
            case name(Matcher)
            case field(Field, Matcher)
            case number(Numeric, Comparison, Double)
        }
    }

    public init(_ text: String) {
        self.text = text
        for raw in text.split(separator: " ") {
            var word = String(raw)
            var negated = false
            if word.hasPrefix("!") && word.count > 1 && !word.hasPrefix("!=") { negated = true; word.removeFirst() }
            if let term = parseFielded(word, negated: negated) {
                terms.append(term)
            } else {
                terms.append(Term(negated: negated, kind: .name(matcher(for: word))))
            }
        }
    }

    public var isEmpty: Bool { terms.isEmpty }

    private mutating func parseFielded(_ word: String, negated: Bool) -> Term? {
        let lower = word.lowercased()
        for n in Numeric.allCases where lower.hasPrefix(n.rawValue) {
            let rest = lower.dropFirst(n.rawValue.count)
            for c in Comparison.allCases where rest.hasPrefix(c.rawValue) {
                let numText = rest.dropFirst(c.rawValue.count).trimmingCharacters(in: CharacterSet(charactersIn: "%x×"))
                guard let value = Double(numText) else {
                    // `drift=critical` is the severity field, not the count.
                    if Field(rawValue: n.rawValue) != nil, c == .eq { break }
                    warning = "`\(word)`: not a number"; return nil
                }
                return Term(negated: negated, kind: .number(n, c, value))
            }
        }
        for f in Field.allCases where lower.hasPrefix(f.rawValue) {
            let rest = word.dropFirst(f.rawValue.count)
            if rest.hasPrefix("!=") {
                return Term(negated: !negated, kind: .field(f, .equals(canonical(f, String(rest.dropFirst(2))))))
            }
            if rest.hasPrefix(":") || rest.hasPrefix("=") {
                return Term(negated: negated, kind: .field(f, .equals(canonical(f, String(rest.dropFirst())))))
            }
            if rest.hasPrefix("~") {
                return Term(negated: negated, kind: .field(f, matcher(for: String(rest.dropFirst()))))
            }
        }
        return nil
    }

    /// Tier aliases (`t1`, `1`) and status spellings collapse to their canonical names.
    private func canonical(_ field: Field, _ value: String) -> String {
        switch field {
        case .tier: return Tier(alias: value)?.rawValue ?? value.lowercased()
        case .status:
            let v = value.lowercased()
            switch v {
            case "ok", "healthy": return "healthy"
            case "warn": return "warning"
            case "crit": return "critical"
            case "nodata", "no-data", "none": return "no_data"
            default: return v
            }
        case .drift:
            let v = value.lowercased()
            switch v {
            case "crit": return "critical"
            case "warning": return "warn"
            case "ok", "no", "0": return "none"
            default: return v
            }
        default: return value.lowercased()
        }
    }

    private mutating func matcher(for pattern: String) -> Matcher {
        let caseSensitive = pattern.contains { $0.isUppercase }
        do {
            let re = try NSRegularExpression(pattern: pattern, options: caseSensitive ? [] : [.caseInsensitive])
            return .regex(re)
        } catch {
            warning = "`\(pattern)` is not a valid regex: matching it as text"
            return .substring(pattern, caseSensitive: caseSensitive)
        }
    }

    public func matches(_ row: ServiceRow) -> Bool {
        terms.allSatisfy { term in term.negated != Self.test(term.kind, row) }
    }

    private static func test(_ kind: Term.Kind, _ row: ServiceRow) -> Bool {
        switch kind {
        case let .name(m): return test(m, row.name)
        case let .field(f, m): return test(m, value(f, row))
        case let .number(n, c, target):
            let v: Double?
            switch n {
            case .budget: v = row.budgetRemaining.map { $0 * 100 }
            case .burn: v = row.fastestBurn
            case .deps: v = Double(row.dependencyCount)
            case .drift: v = row.drift.map { Double($0.count) }
            }
            guard let v else { return false }
            switch c {
            case .lt: return v < target
            case .le: return v <= target
            case .gt: return v > target
            case .ge: return v >= target
            case .eq: return abs(v - target) < 0.0001
            }
        }
    }

    private static func value(_ f: Field, _ row: ServiceRow) -> String {
        switch f {
        case .name: return row.name
        case .team: return row.team
        case .tier: return row.tier.rawValue
        case .type: return row.type.rawValue
        case .status: return row.status.rawValue
        case .owner: return row.owner ?? ""
        case .drift: return row.drift.map { $0.count == 0 ? "none" : $0.worst.rawValue } ?? ""
        }
    }

    private static func test(_ m: Matcher, _ value: String) -> Bool {
        switch m {
        case let .regex(re):
            return re.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        case let .substring(s, caseSensitive):
            return caseSensitive ? value.contains(s) : value.lowercased().contains(s.lowercased())
        case let .equals(s):
            return value.lowercased() == s
        }
    }

    /// Where the name part of the filter matches inside `name` (for `filter.match` highlighting).
    public func highlight(in name: String) -> Range<String.Index>? {
        for term in terms where !term.negated {
            if case let .name(m) = term.kind {
                switch m {
                case let .regex(re):
                    if let r = re.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)),
                       r.range.length > 0, let range = Range(r.range, in: name) { return range }
                case let .substring(s, cs):
                    if let range = name.range(of: s, options: cs ? [] : [.caseInsensitive]) { return range }
                case .equals: break
                }
            }
        }
        return nil
    }
}
