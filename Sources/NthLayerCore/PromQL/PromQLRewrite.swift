extension PromQLExpr {
    /// The type the expression evaluates to (function return types from `PromQL.functions`).
    public var valueType: PromQLValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector, .aggregation: return .instantVector
        case .matrixSelector, .subquery: return .rangeVector
        case .unary(_, let e), .paren(let e): return e.valueType
        case .binary(let b):
            return b.lhs.valueType == .scalar && b.rhs.valueType == .scalar ? .scalar : .instantVector
        case .call(let c):
            return PromQL.functions[c.name]?.returnType ?? .instantVector
        }
    }

    /// Sets the range of every range selector (`x[5m]`, also inside subqueries) to `window` (`"30m"`, `"1h"`,
    /// `"30d"`), on the tree. Subquery ranges and steps are left as written; `sawSubquery` says whether there
    /// was one. A `window` that is not a valid positive PromQL duration leaves the expression unchanged.
    public func rewritingRanges(to window: String) -> (expr: PromQLExpr, sawSubquery: Bool) {
        guard let duration = PromQLDuration(window) else { return (self, containsSubquery) }
        return rewritingRanges(to: duration)
    }

    /// `rewritingRanges(to:)` with an already parsed window.
    public func rewritingRanges(to window: PromQLDuration) -> (expr: PromQLExpr, sawSubquery: Bool) {
        var sawSubquery = false
        let expr = transformed { node in
            switch node {
            case .matrixSelector(var m):
                m.range = window
                return .matrixSelector(m)
            case .subquery:
                sawSubquery = true
                return node
            default:
                return node
            }
        }
        return (expr, sawSubquery)
    }

    /// Whether the expression contains a subquery.
    public var containsSubquery: Bool {
        var found = false
        visit { if case .subquery = $0 { found = true } }
        return found
    }

    /// Adds `matchers` to every vector selector (range selectors' included). A matcher whose label the
    /// selector already matches on (any operator; for `__name__`, also a metric name) is not added: the
    /// selector's own matcher is kept as written. Of several given matchers for one label, the first is used.
    public func addingMatchers(_ matchers: [PromQLLabelMatcher]) -> PromQLExpr {
        transformed { node in
            switch node {
            case .vectorSelector(let s):
                return .vectorSelector(s.adding(matchers))
            case .matrixSelector(var m):
                m.selector = m.selector.adding(matchers)
                return .matrixSelector(m)
            default:
                return node
            }
        }
    }

    /// The metric names of all selectors, in order of appearance, each once. A selector without a metric name
    /// contributes its `__name__="…"` matcher's value, if any.
    public var metricNames: [String] {
        var names: [String] = []
        var seen = Set<String>()
        visit { node in
            let selector: PromQLVectorSelector
            switch node {
            case .vectorSelector(let s): selector = s
            case .matrixSelector(let m): selector = m.selector
            default: return
            }
            let name = selector.name ?? selector.matchers.first { $0.name == "__name__" && $0.op == .equal }?.value
            if let name, seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    /// Every vector selector (range selectors' included), in order of appearance.
    public var vectorSelectors: [PromQLVectorSelector] {
        var result: [PromQLVectorSelector] = []
        visit { node in
            switch node {
            case .vectorSelector(let s): result.append(s)
            case .matrixSelector(let m): result.append(m.selector)
            default: break
            }
        }
        return result
    }

    /// The direct sub-expressions, in source order.
    public var children: [PromQLExpr] {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: return []
        case .subquery(let s): return [s.expr]
        case .unary(_, let e), .paren(let e): return [e]
        case .binary(let b): return [b.lhs, b.rhs]
        case .aggregation(let a): return (a.param.map { [$0] } ?? []) + [a.expr]
        case .call(let c): return c.args
        }
    }

    /// Calls `body` on every node, parents before children, in source order.
    public func visit(_ body: (PromQLExpr) -> Void) {
        body(self)
        for child in children { child.visit(body) }
    }

    /// Rebuilds the tree bottom-up: children first, then `transform` on the rebuilt node.
    public func transformed(_ transform: (PromQLExpr) -> PromQLExpr) -> PromQLExpr {
        let rebuilt: PromQLExpr
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector:
            rebuilt = self
        case .subquery(var s):
            s.expr = s.expr.transformed(transform)
            rebuilt = .subquery(s)
        case .unary(let op, let e):
            rebuilt = .unary(op, e.transformed(transform))
        case .paren(let e):
            rebuilt = .paren(e.transformed(transform))
        case .binary(var b):
            b.lhs = b.lhs.transformed(transform)
            b.rhs = b.rhs.transformed(transform)
            rebuilt = .binary(b)
        case .aggregation(var a):
            a.param = a.param?.transformed(transform)
            a.expr = a.expr.transformed(transform)
            rebuilt = .aggregation(a)
        case .call(var c):
            c.args = c.args.map { $0.transformed(transform) }
            rebuilt = .call(c)
        }
        return transform(rebuilt)
    }
}

extension PromQLVectorSelector {
    /// This selector plus the given matchers for labels it does not match on yet.
    public func adding(_ new: [PromQLLabelMatcher]) -> PromQLVectorSelector {
        var result = self
        for m in new {
            if m.name == "__name__" && result.name != nil { continue }
            if result.matchers.contains(where: { $0.name == m.name }) { continue }
            result.matchers.append(m)
        }
        return result
    }
}
