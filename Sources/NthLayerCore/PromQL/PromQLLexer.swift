/// PromQL keywords (case-insensitive in the input, printed in lower case).
enum PromQLKeyword: String, Sendable, Hashable {
    case and, or, unless, atan2
    case sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk, quantile
    case countValues = "count_values"
    case offset, by, without, on, ignoring
    case groupLeft = "group_left", groupRight = "group_right"
    case bool, start, end

    var aggregateOp: PromQLAggregateOp? { PromQLAggregateOp(rawValue: rawValue) }

    var binaryOp: PromQLBinaryOp? {
        switch self {
        case .and: return .and
        case .or: return .or
        case .unless: return .unless
        case .atan2: return .atan2
        default: return nil
        }
    }

    /// Keywords Prometheus accepts as a metric name (`metric_identifier` in its grammar).
    var canBeMetricName: Bool {
        switch self {
        case .on, .ignoring, .groupLeft, .groupRight, .bool, .atan2: return false
        default: return true
        }
    }

    /// Keywords Prometheus accepts as a label name in `by (…)`, `on (…)`, … (`maybe_label` in its grammar).
    var canBeGroupingLabel: Bool { self != .without }
}

struct PromQLToken: Sendable {
    enum Kind: Sendable, Hashable {
        case eof
        /// A word without a colon; inside braces every word, keywords included.
        case identifier
        /// A word containing a colon.
        case metricIdentifier
        case keyword(PromQLKeyword)
        case number
        case duration
        case string
        case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket, comma, colon, at
        /// `=`
        case assign
        /// `=~`
        case regexMatch
        /// `!~`
        case regexNotMatch
        /// `+ - * / % ^ == != > < >= <=`
        case op(PromQLBinaryOp)
    }

    var kind: Kind
    /// The text as written.
    var text: String
    /// Strings: the unescaped value. Numbers: the value. Other tokens: the text.
    var string: String = ""
    var number: Double = 0
    /// 0-based character offset.
    var offset: Int

    /// How error messages name this token: `identifier "foo"`, `"["`, `end of input`, …
    var describe: String {
        switch kind {
        case .eof: return "end of input"
        case .identifier: return "identifier \(PromQLFormat.quote(text))"
        case .metricIdentifier: return "metric identifier \(PromQLFormat.quote(text))"
        case .number: return "number \(PromQLFormat.quote(text))"
        case .duration: return "duration \(PromQLFormat.quote(text))"
        case .string: return "string \(PromQLFormat.quote(string))"
        default: return PromQLFormat.quote(text)
        }
    }
}

/// Turns PromQL text into tokens on demand, tracking `{…}` and `[…]` like Prometheus' lexer does. Works on
/// `Character`s so that offsets are `String.count` units.
struct PromQLLexer {
    let chars: [Character]
    var pos = 0
    var braceOpen = false
    var bracketOpen = false

    init(_ text: String) { chars = Array(text) }

    var endOffset: Int { chars.count }

    private func peek(_ ahead: Int = 0) -> Character? {
        pos + ahead < chars.count ? chars[pos + ahead] : nil
    }

    static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n"
    }

    static func isAlpha(_ c: Character?) -> Bool {
        guard let c, c.isASCII else { return false }
        return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    static func isDigit(_ c: Character?) -> Bool {
        guard let c, c.isASCII else { return false }
        return ("0"..."9").contains(c)
    }

    static func isHexDigit(_ c: Character?) -> Bool {
        guard let c, c.isASCII else { return false }
        return ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }

    static func isAlphaNumeric(_ c: Character?) -> Bool { isAlpha(c) || isDigit(c) }

    private func text(_ from: Int) -> String { String(chars[from..<pos]) }

    private func error(_ message: String, _ offset: Int) -> PromQLParseError {
        PromQLParseError(message: message, offset: offset)
    }

    mutating func next() throws(PromQLParseError) -> PromQLToken {
        // Spaces and comments.
        while let c = peek() {
            if PromQLLexer.isSpace(c) {
                pos += 1
            } else if c == "#" {
                while let d = peek(), d != "\n", d != "\r", d != "\r\n" { pos += 1 }
            } else {
                break
            }
        }
        let start = pos
        guard let c = peek() else { return PromQLToken(kind: .eof, text: "", offset: pos) }

        func simple(_ kind: PromQLToken.Kind, _ length: Int = 1) -> PromQLToken {
            pos += length
            return PromQLToken(kind: kind, text: text(start), offset: start)
        }

        switch c {
        case "(": return simple(.leftParen)
        case ")": return simple(.rightParen)
        case "{":
            braceOpen = true
            return simple(.leftBrace)
        case "}":
            braceOpen = false
            return simple(.rightBrace)
        case "[":
            bracketOpen = true
            return simple(.leftBracket)
        case "]":
            bracketOpen = false
            return simple(.rightBracket)
        case ",": return simple(.comma)
        case "@": return simple(.at)
        case "+": return simple(.op(.add))
        case "-": return simple(.op(.sub))
        case "*": return simple(.op(.mul))
        case "/": return simple(.op(.div))
        case "%": return simple(.op(.mod))
        case "^": return simple(.op(.pow))
        case "=":
            if peek(1) == "=" { return simple(.op(.eql), 2) }
            if peek(1) == "~" { return simple(.regexMatch, 2) }
            return simple(.assign)
        case "!":
            if peek(1) == "=" { return simple(.op(.neq), 2) }
            if peek(1) == "~" { return simple(.regexNotMatch, 2) }
            throw error("unexpected character \(PromQLFormat.quote("!")), expected \"!=\" or \"!~\"", start)
        case "<":
            if peek(1) == "=" { return simple(.op(.lte), 2) }
            return simple(.op(.lss))
        case ">":
            if peek(1) == "=" { return simple(.op(.gte), 2) }
            return simple(.op(.gtr))
        case "\"", "'":
            return try lexString(quote: c)
        case "`":
            return try lexRawString()
        case ":":
            if bracketOpen || braceOpen { return simple(.colon) }
            return lexWord()
        default:
            break
        }
        if PromQLLexer.isDigit(c) || (c == "." && PromQLLexer.isDigit(peek(1))) {
            return try lexNumberOrDuration()
        }
        if PromQLLexer.isAlpha(c) {
            return lexWord()
        }
        throw error("unexpected character \(PromQLFormat.quote(String(c)))", start)
    }

    private mutating func lexWord() -> PromQLToken {
        let start = pos
        if braceOpen {
            while PromQLLexer.isAlphaNumeric(peek()) { pos += 1 }
            return PromQLToken(kind: .identifier, text: text(start), offset: start)
        }
        while PromQLLexer.isAlphaNumeric(peek()) || peek() == ":" { pos += 1 }
        let word = text(start)
        let lower = word.lowercased()
        if lower == "inf" {
            return PromQLToken(kind: .number, text: word, number: .infinity, offset: start)
        }
        if lower == "nan" {
            return PromQLToken(kind: .number, text: word, number: .nan, offset: start)
        }
        if let keyword = PromQLKeyword(rawValue: lower) {
            return PromQLToken(kind: .keyword(keyword), text: word, offset: start)
        }
        if word.contains(":") {
            return PromQLToken(kind: .metricIdentifier, text: word, offset: start)
        }
        return PromQLToken(kind: .identifier, text: word, offset: start)
    }

    /// Prometheus 2.42's `scanNumber` followed by `acceptRemainingDuration`.
    private mutating func lexNumberOrDuration() throws(PromQLParseError) -> PromQLToken {
        let start = pos
        var hex = false
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            pos += 2
            hex = true
        }
        func isDigit(_ c: Character?) -> Bool { hex ? PromQLLexer.isHexDigit(c) : PromQLLexer.isDigit(c) }
        while isDigit(peek()) { pos += 1 }
        if peek() == "." {
            pos += 1
            while isDigit(peek()) { pos += 1 }
        }
        if peek() == "e" || peek() == "E", !hex {
            pos += 1
            if peek() == "+" || peek() == "-" { pos += 1 }
            while PromQLLexer.isDigit(peek()) { pos += 1 }
        }
        if !PromQLLexer.isAlphaNumeric(peek()) {
            let t = text(start)
            guard let value = PromQLLexer.numberValue(t) else {
                throw error("invalid number \(PromQLFormat.quote(t))", start)
            }
            return PromQLToken(kind: .number, text: t, number: value, offset: start)
        }
        // A duration: unit letters, then optionally more number+unit pairs.
        let units: Set<Character> = ["s", "m", "h", "d", "w", "y"]
        func badSyntax(_ lexer: inout PromQLLexer) -> PromQLParseError {
            while PromQLLexer.isAlphaNumeric(lexer.peek()) || lexer.peek() == "." { lexer.pos += 1 }
            return PromQLParseError(message: "bad number or duration syntax: \(PromQLFormat.quote(lexer.text(start)))",
                                    offset: start)
        }
        guard let u = peek(), units.contains(u) else { throw badSyntax(&self) }
        pos += 1
        if peek() == "s" { pos += 1 }
        while PromQLLexer.isDigit(peek()) {
            while PromQLLexer.isDigit(peek()) { pos += 1 }
            guard let u = peek(), units.contains(u), u != "y" else { throw badSyntax(&self) }
            pos += 1
            if peek() == "s" { pos += 1 }
        }
        if PromQLLexer.isAlphaNumeric(peek()) { throw badSyntax(&self) }
        return PromQLToken(kind: .duration, text: text(start), offset: start)
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` then `strconv.ParseFloat(s, 64)`, as Prometheus does.
    static func numberValue(_ text: String) -> Double? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") {
            let digits = lower.dropFirst(2)
            guard !digits.isEmpty, let v = UInt64(digits, radix: 16), v <= UInt64(Int64.max) else { return nil }
            return Double(v)
        }
        // A leading zero means octal to ParseInt ("010" is 8); "09" fails there and is read as a float.
        if lower.count > 1, lower.hasPrefix("0"), lower.allSatisfy({ ("0"..."7").contains($0) }) {
            if let v = Int64(lower.dropFirst(), radix: 8) { return Double(v) }
        }
        // Go's ParseFloat needs a digit somewhere, and a digit after the exponent marker.
        guard lower.contains(where: { ("0"..."9").contains($0) }) else { return nil }
        if let e = lower.firstIndex(of: "e") {
            let exponent = lower[lower.index(after: e)...].drop(while: { $0 == "+" || $0 == "-" })
            if exponent.isEmpty { return nil }
        }
        guard let v = Double(lower), v.isFinite else { return nil }
        return v
    }

    private mutating func lexString(quote: Character) throws(PromQLParseError) -> PromQLToken {
        let start = pos
        pos += 1
        var bytes: [UInt8] = []
        while true {
            guard let c = peek() else {
                throw error("unterminated quoted string", chars.count)
            }
            if c == quote {
                pos += 1
                break
            }
            if c == "\n" || c == "\r" || c == "\r\n" {
                throw error("unterminated quoted string", pos)
            }
            if c == "\\" {
                try lexEscape(quote: quote, into: &bytes)
                continue
            }
            bytes.append(contentsOf: Array(String(c).utf8))
            pos += 1
        }
        let value = String(decoding: bytes, as: UTF8.self)
        return PromQLToken(kind: .string, text: text(start), string: value, offset: start)
    }

    /// Go's escapes: `\a \b \f \n \r \t \v \\`, the quote, `\NNN` octal, `\xHH`, `\uHHHH`, `\UHHHHHHHH`.
    private mutating func lexEscape(quote: Character, into bytes: inout [UInt8]) throws(PromQLParseError) {
        let start = pos
        pos += 1
        guard let c = peek() else { throw error("escape sequence not terminated", chars.count) }
        let simple: [Character: UInt8] = ["a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92]
        if let b = simple[c] {
            bytes.append(b)
            pos += 1
            return
        }
        if c == quote {
            bytes.append(contentsOf: Array(String(c).utf8))
            pos += 1
            return
        }
        var count = 0, base: UInt32 = 0, max: UInt32 = 0
        switch c {
        case "0"..."7": (count, base, max) = (3, 8, 255)
        case "x": (count, base, max) = (2, 16, 255); pos += 1
        case "u": (count, base, max) = (4, 16, 0x10FFFF); pos += 1
        case "U": (count, base, max) = (8, 16, 0x10FFFF); pos += 1
        default:
            throw error("unknown escape sequence \(PromQLFormat.quote("\\" + String(c)))", start)
        }
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let d = peek() else { throw error("escape sequence not terminated", chars.count) }
            guard d.isASCII, let digit = d.hexDigitValue, UInt32(digit) < base else {
                throw error("illegal character \(PromQLFormat.quote(String(d))) in escape sequence", pos)
            }
            value = value * base + UInt32(digit)
            pos += 1
        }
        if value > max || (0xD800..<0xE000).contains(value) {
            throw error("escape sequence is an invalid Unicode code point", start)
        }
        if c == "u" || c == "U" {
            bytes.append(contentsOf: Array(String(Unicode.Scalar(value)!).utf8))
        } else {
            bytes.append(UInt8(value))
        }
    }

    private mutating func lexRawString() throws(PromQLParseError) -> PromQLToken {
        let start = pos
        pos += 1
        while true {
            guard let c = peek() else { throw error("unterminated raw string", chars.count) }
            pos += 1
            if c == "`" { break }
        }
        let inner = String(chars[(start + 1)..<(pos - 1)])
        return PromQLToken(kind: .string, text: text(start), string: inner, offset: start)
    }
}
