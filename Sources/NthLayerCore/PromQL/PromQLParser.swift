/// Entry points of the PromQL parser.
public enum PromQL {
    /// Parses and type-checks a PromQL expression the way Prometheus 2.42 does (`promql.ParseExpr`).
    ///
    /// Errors carry the character offset of the offending token (the end of the input for a string or
    /// expression that ends early) and a message naming what was found and what was expected.
    public static func parse(_ text: String) throws(PromQLParseError) -> PromQLExpr {
        var parser = try PromQLParser(text)
        return try parser.parseTop()
    }
}

/// Recursive descent over Prometheus' grammar (`generated_parser.y`), with its type checks (`checkAST`) done as
/// each node is built.
struct PromQLParser {
    /// A parsed node with what the checks need: where it starts and its value type.
    struct Node {
        var expr: PromQLExpr
        var start: Int
        var type: PromQLValueType
    }

    var lexer: PromQLLexer
    var tok: PromQLToken
    var lookahead: PromQLToken?

    init(_ text: String) throws(PromQLParseError) {
        lexer = PromQLLexer(text)
        tok = try lexer.next()
    }

    // MARK: Tokens

    mutating func advance() throws(PromQLParseError) {
        if let next = lookahead {
            tok = next
            lookahead = nil
        } else {
            tok = try lexer.next()
        }
    }

    mutating func peekNext() throws(PromQLParseError) -> PromQLToken {
        if let next = lookahead { return next }
        let next = try lexer.next()
        lookahead = next
        return next
    }

    func fail(_ message: String, _ offset: Int) -> PromQLParseError {
        PromQLParseError(message: message, offset: offset)
    }

    /// `unexpected <token> in <context>, expected <expected>`, at the current token.
    func unexpected(_ context: String?, _ expected: String) -> PromQLParseError {
        var message = "unexpected \(tok.describe)"
        if let context { message += " in \(context)" }
        message += ", expected \(expected)"
        return fail(message, tok.offset)
    }

    func isKeyword(_ k: PromQLKeyword) -> Bool { tok.kind == .keyword(k) }

    // MARK: Expressions

    mutating func parseTop() throws(PromQLParseError) -> PromQLExpr {
        if tok.kind == .eof { throw fail("no expression found in input", 0) }
        let node = try parseBinary(0)
        if tok.kind != .eof {
            if tok.kind == .rightParen { throw fail("unexpected right parenthesis \")\"", tok.offset) }
            throw unexpected(nil, "operator or end of input")
        }
        return node.expr
    }

    static func binaryOp(_ tok: PromQLToken) -> PromQLBinaryOp? {
        switch tok.kind {
        case .op(let op): return op
        case .keyword(let k): return k.binaryOp
        default: return nil
        }
    }

    mutating func parseBinary(_ minPrecedence: Int) throws(PromQLParseError) -> Node {
        var lhs = try parseUnary()
        while let op = PromQLParser.binaryOp(tok), op.precedence >= minPrecedence {
            let opTok = tok
            try advance()
            var returnBool = false
            if isKeyword(.bool) {
                returnBool = true
                try advance()
            }
            var matching: PromQLVectorMatching?
            if isKeyword(.on) || isKeyword(.ignoring) {
                let on = isKeyword(.on)
                try advance()
                let labels = try parseGroupingLabels()
                var group: PromQLGroupModifier?
                if isKeyword(.groupLeft) || isKeyword(.groupRight) {
                    let left = isKeyword(.groupLeft)
                    try advance()
                    let include = tok.kind == .leftParen ? try parseGroupingLabels() : []
                    group = left ? .left(include) : .right(include)
                }
                matching = PromQLVectorMatching(on: on, labels: labels, group: group)
            } else if isKeyword(.groupLeft) || isKeyword(.groupRight) {
                throw fail("unexpected \(tok.describe), expected \"on\" or \"ignoring\" before it", tok.offset)
            }
            let rhs = try parseBinary(op.isRightAssociative ? op.precedence : op.precedence + 1)
            lhs = try makeBinary(op, opTok, lhs, rhs, returnBool, matching)
        }
        return lhs
    }

    func makeBinary(_ op: PromQLBinaryOp, _ opTok: PromQLToken, _ lhs: Node, _ rhs: Node, _ returnBool: Bool,
                    _ matching: PromQLVectorMatching?) throws(PromQLParseError) -> Node {
        if returnBool && !op.isComparison {
            throw fail("bool modifier can only be used on comparison operators", opTok.offset)
        }
        if op.isComparison && !returnBool && lhs.type == .scalar && rhs.type == .scalar {
            throw fail("comparisons between scalars must use BOOL modifier", opTok.offset)
        }
        if let m = matching, m.on, let group = m.group {
            for label in m.labels where group.labels.contains(label) {
                throw fail("label \(PromQLFormat.quote(label)) must not occur in ON and GROUP clause at once",
                           opTok.offset)
            }
        }
        for side in [lhs, rhs] where side.type != .scalar && side.type != .instantVector {
            throw fail("binary expression must contain only scalar and instant vector types", side.start)
        }
        if lhs.type != .instantVector || rhs.type != .instantVector, let m = matching, !m.labels.isEmpty {
            throw fail("vector matching only allowed between instant vectors", lhs.start)
        }
        if op.isSetOperator {
            if lhs.type == .scalar || rhs.type == .scalar {
                throw fail("set operator \(PromQLFormat.quote(op.rawValue)) not allowed in binary scalar expression",
                           lhs.start)
            }
            if matching?.group != nil {
                throw fail("no grouping allowed for \(PromQLFormat.quote(op.rawValue)) operation", lhs.start)
            }
        }
        let expr = PromQLExpr.binary(PromQLBinaryExpr(op: op, lhs: lhs.expr, rhs: rhs.expr, returnBool: returnBool,
                                                       matching: matching))
        let type: PromQLValueType = lhs.type == .scalar && rhs.type == .scalar ? .scalar : .instantVector
        return Node(expr: expr, start: lhs.start, type: type)
    }

    mutating func parseUnary() throws(PromQLParseError) -> Node {
        if case .op(let op) = tok.kind, op == .add || op == .sub {
            let opTok = tok
            try advance()
            // `unary_op expr %prec MUL`: the operand takes in only what binds tighter than `*`, i.e. `^`.
            let operand = try parseBinary(PromQLBinaryOp.pow.precedence)
            if case .number(let v) = operand.expr {
                return Node(expr: .number(op == .sub ? -v : v), start: opTok.offset, type: .scalar)
            }
            if operand.type != .scalar && operand.type != .instantVector {
                throw fail("unary expression only allowed on expressions of type scalar or instant vector, got \(operand.type)",
                           opTok.offset)
            }
            return Node(expr: .unary(op == .sub ? .minus : .plus, operand.expr), start: opTok.offset, type: operand.type)
        }
        return try parsePostfix(try parsePrimary())
    }

    mutating func parsePrimary() throws(PromQLParseError) -> Node {
        let start = tok.offset
        switch tok.kind {
        case .number:
            let v = tok.number
            try advance()
            return Node(expr: .number(v), start: start, type: .scalar)
        case .string:
            let s = tok.string
            try advance()
            return Node(expr: .string(s), start: start, type: .string)
        case .leftParen:
            try advance()
            let inner = try parseBinary(0)
            guard tok.kind == .rightParen else { throw unexpected("parenthesized expression", "operator or \")\"") }
            try advance()
            return Node(expr: .paren(inner.expr), start: start, type: inner.type)
        case .leftBrace:
            return try parseVectorSelector()
        case .identifier:
            if try peekNext().kind == .leftParen { return try parseCall() }
            return try parseVectorSelector()
        case .metricIdentifier:
            return try parseVectorSelector()
        case .keyword(let k):
            if let op = k.aggregateOp {
                let next = try peekNext().kind
                if next == .leftParen || next == .keyword(.by) || next == .keyword(.without) {
                    return try parseAggregation(op)
                }
            }
            if k.canBeMetricName { return try parseVectorSelector() }
            throw unexpected(nil, "expression")
        default:
            throw unexpected(nil, "expression")
        }
    }

    // MARK: Selectors

    /// At a metric name or `{`.
    mutating func parseVectorSelector() throws(PromQLParseError) -> Node {
        let start = tok.offset
        var name: String?
        if tok.kind != .leftBrace {
            name = tok.text
            try advance()
        }
        var matchers: [PromQLLabelMatcher] = []
        if tok.kind == .leftBrace { matchers = try parseLabelMatchers() }
        if let name {
            if let m = matchers.first(where: { $0.name == "__name__" }) {
                throw fail("metric name must not be set twice: \(PromQLFormat.quote(name)) or \(PromQLFormat.quote(m.value))",
                           start)
            }
        } else {
            if !matchers.contains(where: { !PromQLRegex.matchesEmpty($0) }) {
                throw fail("vector selector must contain at least one non-empty matcher", start)
            }
        }
        let selector = PromQLVectorSelector(name: name, matchers: matchers).liftingName()
        return Node(expr: .vectorSelector(selector), start: start, type: .instantVector)
    }

    /// At `{`; consumes through `}`.
    mutating func parseLabelMatchers() throws(PromQLParseError) -> [PromQLLabelMatcher] {
        let context = "label matchers"
        try advance()
        var result: [PromQLLabelMatcher] = []
        if tok.kind == .rightBrace {
            try advance()
            return result
        }
        while true {
            guard tok.kind == .identifier else { throw unexpected(context, "label name or \"}\"") }
            let nameTok = tok
            try advance()
            let op: PromQLLabelMatcher.Op
            switch tok.kind {
            case .assign: op = .equal
            case .op(.neq): op = .notEqual
            case .regexMatch: op = .regexMatch
            case .regexNotMatch: op = .regexNotMatch
            default: throw unexpected(context, "\"=\", \"!=\", \"=~\" or \"!~\"")
            }
            try advance()
            guard tok.kind == .string else { throw unexpected(context, "string") }
            let matcher = PromQLLabelMatcher(name: nameTok.text, op: op, value: tok.string)
            if op.isRegex, let problem = PromQLRegex.problem(in: matcher.value) {
                throw fail("error parsing regexp: \(problem)", nameTok.offset)
            }
            result.append(matcher)
            try advance()
            if tok.kind == .comma {
                try advance()
                if tok.kind == .rightBrace {
                    try advance()
                    return result
                }
                continue
            }
            if tok.kind == .rightBrace {
                try advance()
                return result
            }
            throw unexpected(context, "\",\" or \"}\"")
        }
    }

    /// At `(`; consumes through `)`. Labels of `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`.
    mutating func parseGroupingLabels() throws(PromQLParseError) -> [String] {
        let context = "grouping labels"
        guard tok.kind == .leftParen else { throw unexpected(context, "\"(\"") }
        try advance()
        var labels: [String] = []
        if tok.kind == .rightParen {
            try advance()
            return labels
        }
        while true {
            switch tok.kind {
            case .identifier: labels.append(tok.text)
            case .keyword(let k) where k.canBeGroupingLabel: labels.append(tok.text)
            default: throw unexpected(context, "label name or \")\"")
            }
            try advance()
            if tok.kind == .comma {
                try advance()
                if tok.kind == .rightParen {
                    try advance()
                    return labels
                }
                continue
            }
            if tok.kind == .rightParen {
                try advance()
                return labels
            }
            throw unexpected(context, "\",\" or \")\"")
        }
    }

    // MARK: Calls and aggregations

    /// At `(`; consumes through `)`.
    mutating func parseArguments(_ context: String) throws(PromQLParseError) -> [Node] {
        try advance()
        var args: [Node] = []
        if tok.kind == .rightParen {
            try advance()
            return args
        }
        while true {
            args.append(try parseBinary(0))
            if tok.kind == .comma {
                let comma = tok
                try advance()
                if tok.kind == .rightParen { throw fail("trailing commas not allowed in function call args", comma.offset) }
                continue
            }
            if tok.kind == .rightParen {
                try advance()
                return args
            }
            throw unexpected(context, "\",\" or \")\"")
        }
    }

    mutating func parseCall() throws(PromQLParseError) -> Node {
        let nameTok = tok
        let name = nameTok.text
        guard let fn = PromQL.functions[name] else {
            throw fail("unknown function with name \(PromQLFormat.quote(name))", nameTok.offset)
        }
        try advance()
        let args = try parseArguments("call to function \(PromQLFormat.quote(name))")
        let quoted = PromQLFormat.quote(name)
        if fn.variadic == 0, args.count != fn.argTypes.count {
            throw fail("expected \(fn.argTypes.count) argument(s) in call to \(quoted), got \(args.count)", nameTok.offset)
        }
        if args.count < fn.minArgs {
            throw fail("expected at least \(fn.minArgs) argument(s) in call to \(quoted), got \(args.count)", nameTok.offset)
        }
        if let max = fn.maxArgs, args.count > max {
            throw fail("expected at most \(max) argument(s) in call to \(quoted), got \(args.count)", nameTok.offset)
        }
        for (i, arg) in args.enumerated() {
            if let want = fn.argType(at: i), arg.type != want {
                throw fail("expected type \(want) in call to function \(quoted), got \(arg.type)", arg.start)
            }
        }
        return Node(expr: .call(PromQLCall(name: name, args: args.map(\.expr))), start: nameTok.offset,
                    type: fn.returnType)
    }

    mutating func parseAggregation(_ op: PromQLAggregateOp) throws(PromQLParseError) -> Node {
        let opTok = tok
        try advance()
        var grouping: PromQLGrouping?
        if isKeyword(.by) || isKeyword(.without) {
            grouping = try parseGroupingClause()
            guard tok.kind == .leftParen else { throw unexpected("aggregation", "\"(\"") }
        }
        let args = try parseArguments("aggregation")
        if grouping == nil, isKeyword(.by) || isKeyword(.without) {
            grouping = try parseGroupingClause()
        }
        if args.isEmpty { throw fail("no arguments for aggregate expression provided", opTok.offset) }
        let want = op.hasParameter ? 2 : 1
        if args.count != want {
            throw fail("wrong number of arguments for aggregate expression provided, expected \(want), got \(args.count)",
                       opTok.offset)
        }
        let body = args[want - 1]
        if body.type != .instantVector {
            throw fail("expected type instant vector in aggregation expression, got \(body.type)", body.start)
        }
        var param: PromQLExpr?
        if op.hasParameter {
            let p = args[0]
            let wantType: PromQLValueType = op == .countValues ? .string : .scalar
            if p.type != wantType {
                throw fail("expected type \(wantType) in aggregation parameter, got \(p.type)", p.start)
            }
            param = p.expr
        }
        let agg = PromQLAggregation(op: op, param: param, expr: body.expr, grouping: grouping)
        return Node(expr: .aggregation(agg), start: opTok.offset, type: .instantVector)
    }

    /// At `by` or `without`.
    mutating func parseGroupingClause() throws(PromQLParseError) -> PromQLGrouping {
        let without = isKeyword(.without)
        try advance()
        let labels = try parseGroupingLabels()
        return without ? .without(labels) : .by(labels)
    }

    // MARK: Postfix: ranges, subqueries, offset, @

    mutating func parsePostfix(_ node: Node) throws(PromQLParseError) -> Node {
        var node = node
        while true {
            switch tok.kind {
            case .leftBracket: node = try parseRangeOrSubquery(node)
            case .keyword(.offset): node = try parseOffset(node)
            case .at: node = try parseAt(node)
            default: return node
            }
        }
    }

    mutating func duration() throws(PromQLParseError) -> PromQLDuration {
        switch PromQLDuration.parse(tok.text) {
        case .success(let ms):
            try advance()
            return PromQLDuration(milliseconds: ms)
        case .failure(let error):
            throw fail(error.message, tok.offset)
        }
    }

    mutating func parseRangeOrSubquery(_ node: Node) throws(PromQLParseError) -> Node {
        let bracket = tok
        try advance()
        guard tok.kind == .duration else { throw unexpected("range or subquery", "duration") }
        let range = try duration()
        if tok.kind == .rightBracket {
            try advance()
            guard case .vectorSelector(let selector) = node.expr else {
                throw fail("ranges only allowed for vector selectors", bracket.offset)
            }
            if selector.offset != nil { throw fail("no offset modifiers allowed before range", bracket.offset) }
            if selector.at != nil { throw fail("no @ modifiers allowed before range", bracket.offset) }
            return Node(expr: .matrixSelector(PromQLMatrixSelector(selector: selector, range: range)),
                        start: node.start, type: .rangeVector)
        }
        guard tok.kind == .colon else { throw unexpected("range or subquery", "\":\" or \"]\"") }
        try advance()
        var step: PromQLDuration?
        if tok.kind == .duration { step = try duration() }
        guard tok.kind == .rightBracket else {
            throw unexpected("subquery", step == nil ? "duration or \"]\"" : "\"]\"")
        }
        try advance()
        if node.type != .instantVector {
            throw fail("subquery is only allowed on instant vector, got \(node.type) instead", node.start)
        }
        return Node(expr: .subquery(PromQLSubquery(expr: node.expr, range: range, step: step)), start: node.start,
                    type: .rangeVector)
    }

    mutating func parseOffset(_ node: Node) throws(PromQLParseError) -> Node {
        let keyword = tok
        try advance()
        var negative = false
        if tok.kind == .op(.sub) {
            negative = true
            try advance()
        }
        guard tok.kind == .duration else { throw unexpected("offset", "duration") }
        let d = try duration()
        let offset = PromQLDuration(milliseconds: negative ? -d.milliseconds : d.milliseconds)
        let twice = "offset may not be set multiple times"
        switch node.expr {
        case .vectorSelector(var s):
            if s.offset != nil { throw fail(twice, keyword.offset) }
            s.offset = offset
            return Node(expr: .vectorSelector(s), start: node.start, type: node.type)
        case .matrixSelector(var m):
            if m.selector.offset != nil { throw fail(twice, keyword.offset) }
            m.selector.offset = offset
            return Node(expr: .matrixSelector(m), start: node.start, type: node.type)
        case .subquery(var s):
            if s.offset != nil { throw fail(twice, keyword.offset) }
            s.offset = offset
            return Node(expr: .subquery(s), start: node.start, type: node.type)
        default:
            throw fail("offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                       keyword.offset)
        }
    }

    mutating func parseAt(_ node: Node) throws(PromQLParseError) -> Node {
        let atTok = tok
        try advance()
        let context = "@ modifier"
        let at: PromQLAtModifier
        switch tok.kind {
        case .number, .op(.add), .op(.sub):
            var sign = 1.0
            if case .op(let op) = tok.kind {
                sign = op == .sub ? -1 : 1
                try advance()
                guard tok.kind == .number else { throw unexpected(context, "number") }
            }
            let seconds = sign * tok.number
            let ms = (seconds * 1000).rounded()
            guard ms.isFinite, ms.magnitude < 9.2e18 else {
                throw fail("timestamp out of bounds for @ modifier: \(PromQLFormat.number(seconds))", tok.offset)
            }
            try advance()
            at = .timestamp(milliseconds: Int64(ms))
        case .keyword(.start), .keyword(.end):
            let isStart = isKeyword(.start)
            try advance()
            guard tok.kind == .leftParen else { throw unexpected(context, "\"(\"") }
            try advance()
            guard tok.kind == .rightParen else { throw unexpected(context, "\")\"") }
            try advance()
            at = isStart ? .start : .end
        default:
            throw unexpected(context, "timestamp, \"start()\" or \"end()\"")
        }
        let twice = "@ <timestamp> may not be set multiple times"
        switch node.expr {
        case .vectorSelector(var s):
            if s.at != nil { throw fail(twice, atTok.offset) }
            s.at = at
            return Node(expr: .vectorSelector(s), start: node.start, type: node.type)
        case .matrixSelector(var m):
            if m.selector.at != nil { throw fail(twice, atTok.offset) }
            m.selector.at = at
            return Node(expr: .matrixSelector(m), start: node.start, type: node.type)
        case .subquery(var s):
            if s.at != nil { throw fail(twice, atTok.offset) }
            s.at = at
            return Node(expr: .subquery(s), start: node.start, type: node.type)
        default:
            throw fail("@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                       atTok.offset)
        }
    }
}
