extension PromQLExpr {
    /// Valid PromQL in Prometheus' own style: `sum by (le) (rate(x[5m]))`, lower-case keywords, the user's
    /// parentheses, matchers sorted by label name (`metric{a="1",b=~"2"}`), double-quoted strings with Go
    /// escaping, shortest numbers (`0.5`, `1000`), Prometheus durations (`1h30m`).
    ///
    /// Parsing the result gives back an equal tree. Parentheses the tree's shape needs (only possible in
    /// trees built by hand) are added.
    public func formatted() -> String { PromQLPrinter.print(self) }
}

/// Text forms of numbers, strings, timestamps.
enum PromQLFormat {
    /// Go's `strconv.Quote`: double quotes, `\"`, `\\`, `\n`-style escapes, `\xHH` for other control bytes,
    /// `\uHHHH` for non-printing characters.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F {
                    out += "\\x" + hex(v, width: 2)
                } else if v >= 0x80 && !isPrintable(scalar) {
                    out += v > 0xFFFF ? "\\U" + hex(v, width: 8) : "\\u" + hex(v, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Roughly Go's `unicode.IsPrint` for non-ASCII: letters, marks, numbers, punctuation, symbols.
    private static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
             .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// The shortest decimal that reads back as the same `Double`, without exponent for everyday magnitudes:
    /// `0.5`, `1000`, `0.0144`, `-3`, `Inf`, `-Inf`, `NaN`; `1e+30` and `1e-25` outside 1e-20…1e21.
    static func number(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x < 0 ? "-Inf" : "Inf" }
        let sign = x.sign == .minus ? "-" : ""
        if x == 0 { return sign + "0" }
        let (digits, point) = shortestDigits(x.magnitude)
        return sign + layout(digits: digits, point: point)
    }

    /// Significant digits (no leading/trailing zeros) and the position of the decimal point relative to them:
    /// value = 0.d1d2… × 10^point.
    static func shortestDigits(_ x: Double) -> (digits: [Character], point: Int) {
        let text = "\(x)" // Swift prints the shortest round-tripping representation.
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [Character] = []
        var point = 0
        var seenDot = false
        for c in mantissa {
            if c == "." {
                seenDot = true
                continue
            }
            digits.append(c)
            if !seenDot { point += 1 }
        }
        point += exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits, point)
    }

    static func layout(digits: [Character], point: Int) -> String {
        if digits.isEmpty { return "0" }
        if point > 21 || point < -19 {
            var s = String(digits[0])
            if digits.count > 1 { s += "." + String(digits[1...]) }
            let e = point - 1
            return s + "e" + (e < 0 ? "-" : "+") + String(e.magnitude)
        }
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return String(digits) + String(repeating: "0", count: point - digits.count) }
        return String(digits[..<point]) + "." + String(digits[point...])
    }

    /// Seconds with up to three decimals: `1609746000`, `1609746000.5`, `-0.001`.
    static func timestamp(milliseconds ms: Int64) -> String {
        let sign = ms < 0 ? "-" : ""
        let magnitude = ms.magnitude
        var s = sign + String(magnitude / 1000)
        let frac = magnitude % 1000
        if frac != 0 {
            var f = String(frac)
            f = String(repeating: "0", count: 3 - f.count) + f
            while f.last == "0" { f.removeLast() }
            s += "." + f
        }
        return s
    }
}

/// Prints a tree with the parentheses its shape needs and no others.
enum PromQLPrinter {
    static func print(_ e: PromQLExpr) -> String {
        switch e {
        case .number(let v):
            return PromQLFormat.number(v)
        case .string(let s):
            return PromQLFormat.quote(s)
        case .vectorSelector(let s):
            return selector(s) + modifiers(at: s.at, offset: s.offset)
        case .matrixSelector(let m):
            return selector(m.selector) + "[\(m.range)]" + modifiers(at: m.selector.at, offset: m.selector.offset)
        case .subquery(let s):
            let inner = needsParensAsPostfixOperand(s.expr) ? "(\(print(s.expr)))" : print(s.expr)
            return inner + "[\(s.range):\(s.step?.description ?? "")]" + modifiers(at: s.at, offset: s.offset)
        case .unary(let op, let operand):
            let inner = needsParensAsUnaryOperand(operand) ? "(\(print(operand)))" : print(operand)
            return op.rawValue + inner
        case .binary(let b):
            return binary(b)
        case .aggregation(let a):
            var s = a.op.rawValue
            switch a.grouping {
            case .by(let labels): s += " by (\(labels.joined(separator: ", "))) "
            case .without(let labels): s += " without (\(labels.joined(separator: ", "))) "
            case nil: break
            }
            s += "("
            if let p = a.param { s += print(p) + ", " }
            return s + print(a.expr) + ")"
        case .call(let c):
            return c.name + "(" + c.args.map(print).joined(separator: ", ") + ")"
        case .paren(let inner):
            return "(" + print(inner) + ")"
        }
    }

    static func selector(_ s: PromQLVectorSelector) -> String {
        var out = s.name ?? ""
        let matchers = PromQLVectorSelector.sorted(s.matchers)
        if !matchers.isEmpty || s.name == nil {
            out += "{" + matchers.map(\.description).joined(separator: ",") + "}"
        }
        return out
    }

    static func modifiers(at: PromQLAtModifier?, offset: PromQLDuration?) -> String {
        var out = ""
        switch at {
        case .timestamp(let ms): out += " @ " + PromQLFormat.timestamp(milliseconds: ms)
        case .start: out += " @ start()"
        case .end: out += " @ end()"
        case nil: break
        }
        if let offset { out += " offset \(offset)" }
        return out
    }

    static func binary(_ b: PromQLBinaryExpr) -> String {
        var lhs = print(b.lhs)
        if needsParensAsLeftOperand(b.lhs, of: b.op) { lhs = "(\(lhs))" }
        var rhs = print(b.rhs)
        if needsParensAsRightOperand(b.rhs, of: b.op) { rhs = "(\(rhs))" }
        var out = lhs + " " + b.op.rawValue
        if b.returnBool { out += " bool" }
        if let m = b.matching {
            out += (m.on ? " on (" : " ignoring (") + m.labels.joined(separator: ", ") + ")"
            if let group = m.group {
                switch group {
                case .left: out += " group_left"
                case .right: out += " group_right"
                }
                // A bare `group_left` followed by `(` would read the parenthesis as its label list.
                if !group.labels.isEmpty || rhs.hasPrefix("(") {
                    out += " (" + group.labels.joined(separator: ", ") + ")"
                }
            }
        }
        return out + " " + rhs
    }

    private static func isNegativeNumber(_ e: PromQLExpr) -> Bool {
        if case .number(let v) = e { return v.sign == .minus && !v.isNaN }
        return false
    }

    static func needsParensAsLeftOperand(_ e: PromQLExpr, of op: PromQLBinaryOp) -> Bool {
        switch e {
        case .binary(let child):
            return child.op.precedence < op.precedence || (child.op.precedence == op.precedence && op.isRightAssociative)
        case .unary:
            return op.precedence > PromQLBinaryOp.unaryPrecedence
        default:
            return op.precedence > PromQLBinaryOp.unaryPrecedence && isNegativeNumber(e)
        }
    }

    static func needsParensAsRightOperand(_ e: PromQLExpr, of op: PromQLBinaryOp) -> Bool {
        guard case .binary(let child) = e else { return false }
        return child.op.precedence < op.precedence || (child.op.precedence == op.precedence && !op.isRightAssociative)
    }

    static func needsParensAsUnaryOperand(_ e: PromQLExpr) -> Bool {
        if case .binary(let child) = e { return child.op.precedence <= PromQLBinaryOp.unaryPrecedence }
        return isNegativeNumber(e)
    }

    static func needsParensAsPostfixOperand(_ e: PromQLExpr) -> Bool {
        switch e {
        case .binary, .unary: return true
        default: return isNegativeNumber(e)
        }
    }
}
