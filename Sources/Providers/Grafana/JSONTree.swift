import Foundation
import NthLayerCore

/// Parses JSON into the core's `JSONValue`: object keys keep their order, numbers keep their exact text (so a
/// dashboard read back compares with a generated one without float noise), and a truncated or malformed body
/// fails with the byte offset and what was expected.
public enum JSONTree {
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "\(message) at byte \(offset)" }
    }

    public static func parse(_ data: Data) throws(ParseError) -> JSONValue {
        var p = Parser(bytes: [UInt8](data))
        p.skipSpace()
        if p.i == 0, p.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3; p.skipSpace() }
        guard p.i < p.bytes.count else { throw ParseError(offset: 0, message: "empty body") }
        let value = try p.value(depth: 0)
        p.skipSpace()
        if p.i < p.bytes.count { throw p.fail("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ text: String) throws(ParseError) -> JSONValue { try parse(Data(text.utf8)) }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        func fail(_ message: String) -> ParseError {
            ParseError(offset: i, message: i >= bytes.count ? "truncated JSON (unexpected end of input)" : message)
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func value(depth: Int) throws(ParseError) -> JSONValue {
            guard depth < 512 else { throw fail("JSON nested too deeply") }
            skipSpace()
            guard i < bytes.count else { throw fail("") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[i])))', expected a JSON value")
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            for b in word.utf8 {
                guard i < bytes.count else { throw fail("") }
                guard bytes[i] == b else { throw fail("invalid literal, expected \(word)") }
                i += 1
            }
        }

        mutating func object(depth: Int) throws(ParseError) -> JSONValue {
            i += 1
            var pairs: [(String, JSONValue)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard i < bytes.count else { throw fail("") }
                guard bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted object key") }
                let key = try string()
                skipSpace()
                guard i < bytes.count else { throw fail("") }
                guard bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after object key") }
                i += 1
                pairs.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard i < bytes.count else { throw fail("") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                throw fail("expected ',' or '}' in object")
            }
        }

        mutating func array(depth: Int) throws(ParseError) -> JSONValue {
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw fail("expected ',' or ']' in array")
            }
        }

        mutating func number() throws(ParseError) -> String {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            func digits(_ p: inout Parser) -> Int {
                let s = p.i
                while p.i < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.i]) { p.i += 1 }
                return p.i - s
            }
            guard i < bytes.count else { throw fail("") }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits(&self) == 0 { throw fail("invalid number") }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                if digits(&self) == 0 { throw fail("invalid number: digits expected after '.'") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                if digits(&self) == 0 { throw fail("invalid number: exponent digits expected") }
            }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func string() throws(ParseError) -> String {
            i += 1
            var out = [UInt8]()
            while true {
                guard i < bytes.count else { throw fail("") }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; break }
                if b < 0x20 { throw fail("control character in string") }
                if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
                i += 1
                guard i < bytes.count else { throw fail("") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                       bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            out.append(contentsOf: Array("\u{FFFD}".utf8))
                            code = low
                        }
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: i -= 1; throw fail("invalid escape in string")
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard i < bytes.count else { throw fail("") }
                let b = bytes[i]
                let d: UInt32
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
                default: throw fail("invalid \\u escape")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}

/// An integer member of a JSON number (`3`, `3.0`), else nil.
func jsonInt(_ value: JSONValue?) -> Int? {
    guard case .number(let n)? = value else { return nil }
    return Int(n) ?? Double(n).flatMap { $0.rounded() == $0 ? Int(exactly: $0) : nil }
}
