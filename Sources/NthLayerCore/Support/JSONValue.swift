import Foundation

/// A JSON value with ordered object keys, printed deterministically (2-space indent, LF, no float noise).
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)          // already formatted: exact decimal text
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    public static func int(_ v: Int) -> JSONValue { .number(String(v)) }
    public static func decimal(_ v: Decimal) -> JSONValue { .number(DecimalText.format(v)) }
    /// Non-finite doubles are not JSON numbers: they print as null.
    public static func double(_ v: Double?, digits: Int = 6) -> JSONValue {
        guard let v, v.isFinite else { return .null }
        return .number(DecimalText.format(v, maxFractionDigits: digits))
    }
    public static func optionalString(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: 0, pretty: pretty)
        return out
    }

    private func write(into out: inout String, indent: Int, pretty: Bool) {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let newline = pretty ? "\n" : ""
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad
                item.write(into: &out, indent: indent + 1, pretty: pretty)
                if i < items.count - 1 { out += "," }
                out += newline
            }
            out += closePad + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{" + newline
            for (i, (key, value)) in pairs.enumerated() {
                out += pad + JSONValue.quote(key) + (pretty ? ": " : ":")
                value.write(into: &out, indent: indent + 1, pretty: pretty)
                if i < pairs.count - 1 { out += "," }
                out += newline
            }
            out += closePad + "}"
        }
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f || (0x2028...0x2029).contains(scalar.value) {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension JSONValue {
    /// Parses JSON text (outside data: Grafana, PagerDuty). Object key order follows the parser's, so compare
    /// values by key, never by position.
    public static func parse(_ data: Data) throws -> JSONValue {
        let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return from(object)
    }

    static func from(_ any: Any) -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .double(n.doubleValue, digits: 9)
        case let s as String: return .string(s)
        case let a as [Any]: return .array(a.map(from))
        case let d as [String: Any]: return .object(d.keys.sorted().map { ($0, from(d[$0]!)) })
        default: return .null
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var numberText: String? { if case .number(let n) = self { return n }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
}
