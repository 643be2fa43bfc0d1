import Foundation

/// The deploy-gate condition language: `peak_traffic() AND weekday`, `hour >= 9 AND hour < 17`,
/// `freeze_period('2026-12-20', '2027-01-02')`. Parsed once; a parse error is a validation error, never "false".
public indirect enum ConditionExpression: Sendable, Hashable {
    case number(Double)
    case string(String)
    case boolean(Bool)
    case variable(String)
    case call(String, [ConditionExpression])
    case not(ConditionExpression)
    case and(ConditionExpression, ConditionExpression)
    case or(ConditionExpression, ConditionExpression)
    case compare(String, ConditionExpression, ConditionExpression)

    public static let variables = ["hour", "minute", "weekday", "day_of_week", "date", "month", "day", "year",
                                   "budget_remaining", "budget_consumed", "burn_rate", "tier", "env", "environment",
                                   "service", "team", "downstream_count", "high_criticality_downstream"]
    public static let functions = ["business_hours", "weekday", "peak_traffic", "freeze_period"]

    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        /// Character offset in the expression.
        public let offset: Int
        public var description: String { message }
    }

    public static func parse(_ text: String) throws(ParseError) -> ConditionExpression {
        // The parser recurses; a condition is a line of logic, so anything huge is refused before parsing.
        if text.count > 2_000 || PromQLLimits.nestingDepth(text) > 64
            || text.uppercased().components(separatedBy: "NOT").count > 65 {
            throw ParseError(message: "condition is too long or nested too deeply", offset: 0)
        }
        var parser = ConditionParser(tokens: try ConditionLexer.tokens(text), length: text.count)
        let expr = try parser.parseOr()
        if let extra = parser.peek {
            throw ParseError(message: "unexpected \(extra.text.debugDescription) after the end of the expression",
                             offset: extra.offset)
        }
        return expr
    }
}

struct ConditionToken {
    enum Kind { case number, string, identifier, op, lparen, rparen, comma }
    let kind: Kind
    let text: String
    let offset: Int
}

enum ConditionLexer {
    static func tokens(_ text: String) throws(ConditionExpression.ParseError) -> [ConditionToken] {
        let chars = Array(text)
        var tokens: [ConditionToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c == "(" { tokens.append(.init(kind: .lparen, text: "(", offset: i)); i += 1; continue }
            if c == ")" { tokens.append(.init(kind: .rparen, text: ")", offset: i)); i += 1; continue }
            if c == "," { tokens.append(.init(kind: .comma, text: ",", offset: i)); i += 1; continue }
            if c == "'" || c == "\"" {
                i += 1
                while i < chars.count, chars[i] != c { i += 1 }
                guard i < chars.count else {
                    throw .init(message: "unterminated string", offset: chars.count)
                }
                tokens.append(.init(kind: .string, text: String(chars[(start + 1)..<i]), offset: start))
                i += 1; continue
            }
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                tokens.append(.init(kind: .number, text: String(chars[start..<i]), offset: start)); continue
            }
            if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                tokens.append(.init(kind: .identifier, text: String(chars[start..<i]), offset: start)); continue
            }
            if "=!<>".contains(c) {
                i += 1
                if i < chars.count, chars[i] == "=" { i += 1 }
                let op = String(chars[start..<i])
                guard ["==", "!=", ">=", "<=", ">", "<"].contains(op) else {
                    throw .init(message: "unknown operator \"\(op)\"; use ==, !=, >=, <=, > or <", offset: start)
                }
                tokens.append(.init(kind: .op, text: op, offset: start)); continue
            }
            throw .init(message: "unexpected character \"\(c)\"", offset: i)
        }
        return tokens
    }
}

struct ConditionParser {
    let tokens: [ConditionToken]
    let length: Int
    var position = 0

    var peek: ConditionToken? { position < tokens.count ? tokens[position] : nil }
    mutating func next() -> ConditionToken? { defer { position += 1 }; return peek }

    func isKeyword(_ token: ConditionToken?, _ word: String) -> Bool {
        token?.kind == .identifier && token?.text.uppercased() == word
    }

    func endError(after word: String) -> ConditionExpression.ParseError {
        .init(message: "expression ends after \(word)", offset: length)
    }

    mutating func parseOr() throws(ConditionExpression.ParseError) -> ConditionExpression {
        var lhs = try parseAnd()
        while isKeyword(peek, "OR") {
            _ = next()
            guard peek != nil else { throw endError(after: "OR") }
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    mutating func parseAnd() throws(ConditionExpression.ParseError) -> ConditionExpression {
        var lhs = try parseNot()
        while isKeyword(peek, "AND") {
            _ = next()
            guard peek != nil else { throw endError(after: "AND") }
            lhs = .and(lhs, try parseNot())
        }
        return lhs
    }

    mutating func parseNot() throws(ConditionExpression.ParseError) -> ConditionExpression {
        if isKeyword(peek, "NOT") {
            _ = next()
            guard peek != nil else { throw endError(after: "NOT") }
            return .not(try parseNot())
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(ConditionExpression.ParseError) -> ConditionExpression {
        let lhs = try parsePrimary()
        if let op = peek, op.kind == .op {
            _ = next()
            guard peek != nil else { throw endError(after: op.text) }
            return .compare(op.text, lhs, try parsePrimary())
        }
        return lhs
    }

    mutating func parsePrimary() throws(ConditionExpression.ParseError) -> ConditionExpression {
        guard let token = next() else { throw .init(message: "expression is empty", offset: length) }
        switch token.kind {
        case .number:
            guard let v = Double(token.text) else { throw .init(message: "bad number \"\(token.text)\"", offset: token.offset) }
            return .number(v)
        case .string:
            return .string(token.text)
        case .lparen:
            let inner = try parseOr()
            guard let close = next(), close.kind == .rparen else {
                throw .init(message: "missing \")\"", offset: peek?.offset ?? length)
            }
            return inner
        case .identifier:
            let word = token.text
            if ["AND", "OR"].contains(word.uppercased()) {
                throw .init(message: "unexpected \(word.uppercased())", offset: token.offset)
            }
            if word.lowercased() == "true" { return .boolean(true) }
            if word.lowercased() == "false" { return .boolean(false) }
            if peek?.kind == .lparen {
                _ = next()
                guard ConditionExpression.functions.contains(word) else {
                    throw .init(message: "unknown function \(word)()\(Suggestion.hint(for: word, in: ConditionExpression.functions))",
                                offset: token.offset)
                }
                var args: [ConditionExpression] = []
                if peek?.kind == .rparen { _ = next(); return .call(word, args) }
                while true {
                    args.append(try parseOr())
                    guard let t = next() else { throw .init(message: "missing \")\" after \(word)(", offset: length) }
                    if t.kind == .rparen { break }
                    guard t.kind == .comma else { throw .init(message: "expected \",\" or \")\"", offset: t.offset) }
                }
                if word == "freeze_period" {
                    guard args.count == 2, args.allSatisfy({ if case .string(let s) = $0 { return ConditionClock.date(s) != nil }; return false }) else {
                        throw .init(message: "freeze_period takes two dates: freeze_period('YYYY-MM-DD', 'YYYY-MM-DD')", offset: token.offset)
                    }
                }
                return .call(word, args)
            }
            guard ConditionExpression.variables.contains(word) else {
                throw .init(message: "unknown variable \"\(word)\"\(Suggestion.hint(for: word, in: ConditionExpression.variables))",
                            offset: token.offset)
            }
            return .variable(word)
        default:
            throw .init(message: "unexpected \(token.text.debugDescription)", offset: token.offset)
        }
    }
}

/// Values a condition is evaluated against.
public struct ConditionContext: Sendable {
    public var now: Date
    public var timeZone: TimeZone
    public var values: [String: ConditionValue]

    public init(now: Date, timeZone: TimeZone, values: [String: ConditionValue] = [:]) {
        self.now = now; self.timeZone = timeZone; self.values = values
    }
}

public enum ConditionValue: Sendable, Hashable {
    case number(Double), string(String), boolean(Bool)
}

enum ConditionClock {
    static func date(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return DateComponents(year: parts[0], month: parts[1], day: parts[2])
    }
}

extension ConditionExpression {
    /// Evaluates to a boolean. Type mismatches compare as false rather than crash.
    public func isTrue(in context: ConditionContext) -> Bool {
        if case .boolean(let b) = value(in: context) { return b }
        return false
    }

    func value(in context: ConditionContext) -> ConditionValue {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: context.now)
        let hour = parts.hour ?? 0
        let isWeekday = (2...6).contains(parts.weekday ?? 1)
        switch self {
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .boolean(let b): return .boolean(b)
        case .variable(let name):
            if let v = context.values[name] { return v }
            switch name {
            case "hour": return .number(Double(hour))
            case "minute": return .number(Double(parts.minute ?? 0))
            case "weekday": return .boolean(isWeekday)
            case "day_of_week": return .number(Double(((parts.weekday ?? 1) + 5) % 7 + 1)) // Monday = 1
            case "month": return .number(Double(parts.month ?? 0))
            case "day": return .number(Double(parts.day ?? 0))
            case "year": return .number(Double(parts.year ?? 0))
            case "date":
                return .string(String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0))
            case "environment": return context.values["env"] ?? .string("")
            default: return .string("")
            }
        case .call(let name, let args):
            switch name {
            case "business_hours": return .boolean(isWeekday && hour >= 9 && hour < 17)
            case "weekday": return .boolean(isWeekday)
            case "peak_traffic": return .boolean((10..<12).contains(hour) || (14..<16).contains(hour))
            case "freeze_period":
                guard args.count == 2, case .string(let a) = args[0], case .string(let b) = args[1] else { return .boolean(false) }
                let today = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
                return .boolean(a <= today && today <= b)
            default: return .boolean(false)
            }
        case .not(let e): return .boolean(!e.isTrue(in: context))
        case .and(let a, let b): return .boolean(a.isTrue(in: context) && b.isTrue(in: context))
        case .or(let a, let b): return .boolean(a.isTrue(in: context) || b.isTrue(in: context))
        case .compare(let op, let a, let b):
            let l = a.value(in: context), r = b.value(in: context)
            switch (l, r) {
            case (.number(let x), .number(let y)):
                switch op {
                case "==": return .boolean(x == y)
                case "!=": return .boolean(x != y)
                case ">=": return .boolean(x >= y)
                case "<=": return .boolean(x <= y)
                case ">": return .boolean(x > y)
                default: return .boolean(x < y)
                }
            case (.string(let x), .string(let y)):
                switch op {
                case "==": return .boolean(x == y)
                case "!=": return .boolean(x != y)
                case ">=": return .boolean(x >= y)
                case "<=": return .boolean(x <= y)
                case ">": return .boolean(x > y)
                default: return .boolean(x < y)
                }
            case (.boolean(let x), .boolean(let y)):
                return .boolean(op == "==" ? x == y : op == "!=" ? x != y : false)
            default:
                return .boolean(op == "!=")
            }
        }
    }
}
