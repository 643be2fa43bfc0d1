import Foundation

extension PromQLExpr {
    /// A normalised print for comparing expressions (drift detection): two expressions Prometheus evaluates the
    /// same way print identically, any real change prints differently.
    ///
    /// On top of `formatted()`: only the parentheses precedence needs; matchers sorted by (name, operator,
    /// value) without duplicates and a lone `__name__="m"` written as `m`; `by`/`without`/`on`/`ignoring`/
    /// `group_left`/`group_right` label lists sorted without duplicates; `by ()` and a bare `ignoring ()`
    /// dropped, as is vector matching next to a scalar; unary `+` dropped; number-only arithmetic folded
    /// with decimal maths (`14.4 * 0.0005` → `0.0072`). The result parses, and its canonical form is itself.
    public func canonical() -> String { PromQLPrinter.print(canonicalized()) }

    /// The tree `canonical()` prints.
    public func canonicalized() -> PromQLExpr {
        switch self {
        case .number, .string:
            return self
        case .paren(let inner):
            return inner.canonicalized()
        case .vectorSelector(let s):
            return .vectorSelector(s.canonicalized())
        case .matrixSelector(var m):
            m.selector = m.selector.canonicalized()
            return .matrixSelector(m)
        case .subquery(var s):
            s.expr = s.expr.canonicalized()
            return .subquery(s)
        case .unary(let op, let operand):
            let inner = operand.canonicalized()
            if op == .plus { return inner }
            if case .number(let v) = inner { return .number(-v) }
            return .unary(.minus, inner)
        case .binary(var b):
            b.lhs = b.lhs.canonicalized()
            b.rhs = b.rhs.canonicalized()
            if case .number(let x) = b.lhs, case .number(let y) = b.rhs,
               let folded = PromQLFolding.fold(b.op, x, y, returnBool: b.returnBool) {
                return .number(folded)
            }
            if var m = b.matching {
                let scalarSide = b.lhs.valueType == .scalar || b.rhs.valueType == .scalar
                if scalarSide || (!m.on && m.labels.isEmpty && m.group == nil) {
                    b.matching = nil
                } else {
                    m.labels = PromQLCanonical.labelSet(m.labels)
                    switch m.group {
                    case .left(let l): m.group = .left(PromQLCanonical.labelSet(l))
                    case .right(let l): m.group = .right(PromQLCanonical.labelSet(l))
                    case nil: break
                    }
                    b.matching = m
                }
            }
            return .binary(b)
        case .aggregation(var a):
            a.param = a.param?.canonicalized()
            a.expr = a.expr.canonicalized()
            switch a.grouping {
            case .by(let labels): a.grouping = labels.isEmpty ? nil : .by(PromQLCanonical.labelSet(labels))
            case .without(let labels): a.grouping = .without(PromQLCanonical.labelSet(labels))
            case nil: break
            }
            return .aggregation(a)
        case .call(var c):
            c.args = c.args.map { $0.canonicalized() }
            return .call(c)
        }
    }
}

extension PromQLVectorSelector {
    func canonicalized() -> PromQLVectorSelector {
        var s = self
        let order: [PromQLLabelMatcher.Op: Int] = [.equal: 0, .notEqual: 1, .regexMatch: 2, .regexNotMatch: 3]
        var seen = Set<PromQLLabelMatcher>()
        let unique = matchers.filter { seen.insert($0).inserted }
        s.matchers = unique.sorted { a, b in
            let (x, y) = (Array(a.name.utf8), Array(b.name.utf8))
            if x != y { return x.lexicographicallyPrecedes(y) }
            if a.op != b.op { return order[a.op]! < order[b.op]! }
            return Array(a.value.utf8).lexicographicallyPrecedes(Array(b.value.utf8))
        }
        return s.liftingName()
    }
}

enum PromQLCanonical {
    /// Sorted (byte order), without duplicates.
    static func labelSet(_ labels: [String]) -> [String] {
        Array(Set(labels)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}

/// Constant folding of number-only arithmetic.
enum PromQLFolding {
    /// The value Prometheus computes for `x op y` on two scalars, with `+ - * /` done in decimal so that
    /// `14.4 * 0.0005` gives `0.0072`, not `0.0072000000000000005`. nil for what is not folded
    /// (`atan2`, comparisons without `bool`, set operators).
    static func fold(_ op: PromQLBinaryOp, _ x: Double, _ y: Double, returnBool: Bool) -> Double? {
        switch op {
        case .add, .sub, .mul, .div:
            if let exact = decimal(op, x, y) { return exact }
            switch op {
            case .add: return x + y
            case .sub: return x - y
            case .mul: return x * y
            default: return x / y
            }
        case .mod:
            return fmod(x, y)
        case .pow:
            return pow(x, y)
        case .eql, .neq, .gtr, .lss, .gte, .lte:
            guard returnBool else { return nil }
            let r: Bool
            switch op {
            case .eql: r = x == y
            case .neq: r = x != y
            case .gtr: r = x > y
            case .lss: r = x < y
            case .gte: r = x >= y
            default: r = x <= y
            }
            return r ? 1 : 0
        case .atan2, .and, .or, .unless:
            return nil
        }
    }

    private static func decimal(_ op: PromQLBinaryOp, _ x: Double, _ y: Double) -> Double? {
        guard x.isFinite, y.isFinite, !(op == .div && y == 0) else { return nil }
        let (tx, ty) = (PromQLFormat.number(x), PromQLFormat.number(y))
        guard !tx.contains("e"), !ty.contains("e"),
              let a = Decimal(string: tx, locale: Locale(identifier: "en_US_POSIX")),
              let b = Decimal(string: ty, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        let r: Decimal
        switch op {
        case .add: r = a + b
        case .sub: r = a - b
        case .mul: r = a * b
        default: r = a / b
        }
        guard !r.isNaN, let v = Double(r.description), v.isFinite else { return nil }
        // Zero results keep IEEE's sign rules (-0 only from -0 operands), decided by plain arithmetic.
        if v == 0 {
            switch op {
            case .add: return x + y
            case .sub: return x - y
            case .mul: return x * y
            default: return x / y
            }
        }
        return v
    }
}
