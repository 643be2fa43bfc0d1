/// The PromQL abstract syntax tree (Prometheus 2.42 dialect).
///
/// Values only: every node is a `Sendable`, `Hashable` value. Two trees are equal when they print the same
/// `formatted()` text; source positions and the written order of matchers, keyword case, number spelling and
/// the position of an aggregation's `by`/`without` clause are not part of the tree.
public indirect enum PromQLExpr: Sendable {
    /// A number literal (`1`, `0.5`, `1e3`, `0x1F`, `Inf`, `NaN`). A minus sign written before a literal is folded in.
    case number(Double)
    /// A string literal, unescaped.
    case string(String)
    /// `metric{label="value"}`, with optional `offset` and `@`.
    case vectorSelector(PromQLVectorSelector)
    /// `metric{…}[5m]`: a range selector. Its `offset`/`@` live on the inner selector.
    case matrixSelector(PromQLMatrixSelector)
    /// `expr[1h:5m]`.
    case subquery(PromQLSubquery)
    /// `-expr` or `+expr` (never on a number literal, which the parser folds).
    case unary(PromQLUnaryOp, PromQLExpr)
    /// `lhs op rhs` with `bool`, `on`/`ignoring` and `group_left`/`group_right`.
    case binary(PromQLBinaryExpr)
    /// `sum by (a) (expr)`, `topk(5, expr)`, `count_values("label", expr)`, …
    case aggregation(PromQLAggregation)
    /// `rate(x[5m])`, `vector(0)`, `time()`, …
    case call(PromQLCall)
    /// `( expr )` as written by the user.
    case paren(PromQLExpr)
}

/// A label matcher: `name op "value"`.
public struct PromQLLabelMatcher: Sendable, Hashable, CustomStringConvertible {
    public enum Op: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regexMatch = "=~"
        case regexNotMatch = "!~"

        /// True for `=~` and `!~`.
        public var isRegex: Bool { self == .regexMatch || self == .regexNotMatch }
    }

    public var name: String
    public var op: Op
    public var value: String

    public init(name: String, op: Op = .equal, value: String) {
        self.name = name
        self.op = op
        self.value = value
    }

    /// `name="value"` with the value double-quoted and Go-escaped.
    public var description: String { name + op.rawValue + PromQLFormat.quote(value) }
}

/// A time duration in milliseconds, printed the way Prometheus prints it (`1h30m`, `5m`, `1w`, `500ms`).
public struct PromQLDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Signed: negative only for `offset -5m`.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Parses a PromQL duration (`5m`, `1h30m`, `90s`, `250ms`, `2w`, `1y`); nil when invalid or not positive.
    public init?(_ text: String) {
        guard case .success(let ms) = PromQLDuration.parse(text) else { return nil }
        self.milliseconds = ms
    }

    public static func < (a: PromQLDuration, b: PromQLDuration) -> Bool { a.milliseconds < b.milliseconds }

    public var description: String {
        milliseconds < 0 ? "-" + PromQLDuration.format(milliseconds.magnitude) : PromQLDuration.format(milliseconds.magnitude)
    }

    /// Prometheus' `model.Duration.String()`: years and weeks only when exact.
    static func format(_ ms: UInt64) -> String {
        if ms == 0 { return "0s" }
        var rest = ms
        var out = ""
        let units: [(String, UInt64, Bool)] = [
            ("y", 365 * 24 * 3_600_000, true), ("w", 7 * 24 * 3_600_000, true),
            ("d", 24 * 3_600_000, false), ("h", 3_600_000, false), ("m", 60_000, false),
            ("s", 1000, false), ("ms", 1, false),
        ]
        for (unit, mult, exact) in units {
            if exact && rest % mult != 0 { continue }
            let v = rest / mult
            if v > 0 {
                out += "\(v)\(unit)"
                rest -= v * mult
            }
        }
        return out
    }

    /// Prometheus' `model.ParseDuration` plus the parser's "greater than 0" rule.
    static func parse(_ text: String) -> Result<Int64, PromQLDurationError> {
        let chars = Array(text.unicodeScalars)
        if chars.isEmpty { return .failure(.invalid(text)) }
        let units: [(String, Int64)] = [
            ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
            ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
        ]
        var i = 0
        var nextUnit = 0
        var total: Int64 = 0
        // time.Duration (nanoseconds) must not overflow: the limit in milliseconds.
        let limit = Int64.max / 1_000_000
        while i < chars.count {
            var digits = ""
            while i < chars.count, ("0"..."9").contains(chars[i]) {
                digits.unicodeScalars.append(chars[i])
                i += 1
            }
            if digits.isEmpty { return .failure(.invalid(text)) }
            var unit = ""
            while i < chars.count, chars[i].properties.isAlphabetic {
                unit.unicodeScalars.append(chars[i])
                i += 1
            }
            guard let index = units[nextUnit...].firstIndex(where: { $0.0 == unit }) else {
                return .failure(.invalid(text))
            }
            nextUnit = index + 1
            let mult = units[index].1
            guard let n = Int64(digits) else { return .failure(.outOfRange) }
            let (product, overflow) = n.multipliedReportingOverflow(by: mult)
            if overflow || product > limit { return .failure(.outOfRange) }
            total += product
            if total > limit { return .failure(.outOfRange) }
        }
        if total == 0 { return .failure(.notPositive) }
        return .success(total)
    }
}

enum PromQLDurationError: Error, Sendable, Hashable {
    case invalid(String), outOfRange, notPositive

    var message: String {
        switch self {
        case .invalid(let text): return "not a valid duration string: \(PromQLFormat.quote(text))"
        case .outOfRange: return "duration out of range"
        case .notPositive: return "duration must be greater than 0"
        }
    }
}

/// The `@` modifier.
public enum PromQLAtModifier: Sendable, Hashable {
    /// `@ 1609746000` (stored in milliseconds, as Prometheus does).
    case timestamp(milliseconds: Int64)
    /// `@ start()`
    case start
    /// `@ end()`
    case end
}

/// An instant vector selector.
public struct PromQLVectorSelector: Sendable, Hashable {
    /// The metric name written before the braces (or lifted from a lone `__name__="…"` matcher).
    public var name: String?
    /// The label matchers, kept sorted by label name (stable for equal names).
    public var matchers: [PromQLLabelMatcher] {
        didSet { matchers = PromQLVectorSelector.sorted(matchers) }
    }
    public var offset: PromQLDuration?
    public var at: PromQLAtModifier?

    public init(name: String?, matchers: [PromQLLabelMatcher] = [], offset: PromQLDuration? = nil,
                at: PromQLAtModifier? = nil) {
        self.name = name
        self.matchers = PromQLVectorSelector.sorted(matchers)
        self.offset = offset
        self.at = at
    }

    static func sorted(_ matchers: [PromQLLabelMatcher]) -> [PromQLLabelMatcher] {
        // Stable sort by label name, byte order.
        matchers.enumerated().sorted { a, b in
            let (x, y) = (Array(a.element.name.utf8), Array(b.element.name.utf8))
            if x != y { return x.lexicographicallyPrecedes(y) }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// A range vector selector `selector[range]`.
public struct PromQLMatrixSelector: Sendable, Hashable {
    public var selector: PromQLVectorSelector
    public var range: PromQLDuration

    public init(selector: PromQLVectorSelector, range: PromQLDuration) {
        self.selector = selector
        self.range = range
    }
}

/// A subquery `expr[range:step]`.
public struct PromQLSubquery: Sendable, Hashable {
    public var expr: PromQLExpr
    public var range: PromQLDuration
    /// nil for `[1h:]` (the evaluation interval).
    public var step: PromQLDuration?
    public var offset: PromQLDuration?
    public var at: PromQLAtModifier?

    public init(expr: PromQLExpr, range: PromQLDuration, step: PromQLDuration? = nil,
                offset: PromQLDuration? = nil, at: PromQLAtModifier? = nil) {
        self.expr = expr
        self.range = range
        self.step = step
        self.offset = offset
        self.at = at
    }
}

public enum PromQLUnaryOp: String, Sendable, Hashable {
    case plus = "+"
    case minus = "-"
}

/// Binary operators, printed in lower case.
public enum PromQLBinaryOp: String, Sendable, Hashable, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", atan2 = "atan2"
    case eql = "==", neq = "!=", gtr = ">", lss = "<", gte = ">=", lte = "<="
    case and = "and", or = "or", unless = "unless"

    /// Precedence, higher binds tighter: or 1, and/unless 2, comparisons 3, + - 4, * / % atan2 5, ^ 6.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and, .unless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    /// Only `^` is right-associative.
    public var isRightAssociative: Bool { self == .pow }
    public var isComparison: Bool { precedence == 3 }
    public var isSetOperator: Bool { self == .and || self == .or || self == .unless }

    /// The precedence of unary minus/plus (that of `*`).
    static let unaryPrecedence = 5
}

/// `group_left (labels)` / `group_right (labels)`.
public enum PromQLGroupModifier: Sendable, Hashable {
    case left([String])
    case right([String])

    public var labels: [String] {
        switch self { case .left(let l), .right(let l): return l }
    }
}

/// `on (labels)` or `ignoring (labels)`, optionally with a group modifier.
public struct PromQLVectorMatching: Sendable, Hashable {
    /// true for `on`, false for `ignoring`.
    public var on: Bool
    public var labels: [String]
    public var group: PromQLGroupModifier?

    public init(on: Bool, labels: [String], group: PromQLGroupModifier? = nil) {
        self.on = on
        self.labels = labels
        self.group = group
    }
}

public struct PromQLBinaryExpr: Sendable, Hashable {
    public var op: PromQLBinaryOp
    public var lhs: PromQLExpr
    public var rhs: PromQLExpr
    /// The `bool` modifier of a comparison.
    public var returnBool: Bool
    public var matching: PromQLVectorMatching?

    public init(op: PromQLBinaryOp, lhs: PromQLExpr, rhs: PromQLExpr, returnBool: Bool = false,
                matching: PromQLVectorMatching? = nil) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.returnBool = returnBool
        self.matching = matching
    }
}

public enum PromQLAggregateOp: String, Sendable, Hashable, CaseIterable {
    case sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk, quantile
    case countValues = "count_values"

    /// `topk`, `bottomk`, `quantile` and `count_values` take a parameter before the expression.
    public var hasParameter: Bool {
        self == .topk || self == .bottomk || self == .quantile || self == .countValues
    }
}

/// `by (labels)` or `without (labels)`.
public enum PromQLGrouping: Sendable, Hashable {
    case by([String])
    case without([String])

    public var labels: [String] {
        switch self { case .by(let l), .without(let l): return l }
    }
}

public struct PromQLAggregation: Sendable, Hashable {
    public var op: PromQLAggregateOp
    /// The parameter of `topk`, `bottomk`, `quantile`, `count_values`.
    public var param: PromQLExpr?
    public var expr: PromQLExpr
    /// nil when neither `by` nor `without` is written.
    public var grouping: PromQLGrouping?

    public init(op: PromQLAggregateOp, param: PromQLExpr? = nil, expr: PromQLExpr, grouping: PromQLGrouping? = nil) {
        self.op = op
        self.param = param
        self.expr = expr
        self.grouping = grouping
    }
}

public struct PromQLCall: Sendable, Hashable {
    /// The function name (case-sensitive, as in Prometheus).
    public var name: String
    public var args: [PromQLExpr]

    public init(name: String, args: [PromQLExpr]) {
        self.name = name
        self.args = args
    }
}

/// The four PromQL value types.
public enum PromQLValueType: Sendable, Hashable, CustomStringConvertible {
    case scalar, instantVector, rangeVector, string

    /// Prometheus' documented names: `scalar`, `instant vector`, `range vector`, `string`.
    public var description: String {
        switch self {
        case .scalar: return "scalar"
        case .instantVector: return "instant vector"
        case .rangeVector: return "range vector"
        case .string: return "string"
        }
    }
}

/// A parse (or type) error with the 0-based character offset (in `String.count` units) of the offending token.
public struct PromQLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "parse error at character \(offset + 1): \(message)" }
}

// MARK: - Equality

// Hand-written so that `NaN` literals compare equal to themselves (a parsed tree equals its re-parse).
extension PromQLExpr: Hashable {
    public static func == (a: PromQLExpr, b: PromQLExpr) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return x == y ? x.sign == y.sign : (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.vectorSelector(let x), .vectorSelector(let y)): return x == y
        case (.matrixSelector(let x), .matrixSelector(let y)): return x == y
        case (.subquery(let x), .subquery(let y)): return x == y
        case (.unary(let o1, let x), .unary(let o2, let y)): return o1 == o2 && x == y
        case (.binary(let x), .binary(let y)): return x == y
        case (.aggregation(let x), .aggregation(let y)): return x == y
        case (.call(let x), .call(let y)): return x == y
        case (.paren(let x), .paren(let y)): return x == y
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .number(let x):
            h.combine(0)
            h.combine(x.isNaN ? Double.nan.bitPattern : x.bitPattern)
        case .string(let s): h.combine(1); h.combine(s)
        case .vectorSelector(let s): h.combine(2); h.combine(s)
        case .matrixSelector(let m): h.combine(3); h.combine(m)
        case .subquery(let s): h.combine(4); h.combine(s)
        case .unary(let op, let e): h.combine(5); h.combine(op); h.combine(e)
        case .binary(let b): h.combine(6); h.combine(b)
        case .aggregation(let a): h.combine(7); h.combine(a)
        case .call(let c): h.combine(8); h.combine(c)
        case .paren(let e): h.combine(9); h.combine(e)
        }
    }
}

extension PromQLExpr: CustomStringConvertible {
    /// Same as `formatted()`.
    public var description: String { formatted() }
}
