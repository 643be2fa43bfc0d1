import Foundation

extension PromQL {
    /// Parses a label selector: `{job="x",env=~"prod|stage"}`, optionally with a metric name before the braces
    /// (returned first, as a `__name__` matcher). Matchers come back in the written order; `{}` gives `[]`.
    public static func parseSelector(_ text: String) throws -> [PromQLLabelMatcher] {
        try parseSelectorTyped(text)
    }

    /// `parseSelector` with its typed error.
    public static func parseSelectorTyped(_ text: String) throws(PromQLParseError) -> [PromQLLabelMatcher] {
        var parser = try PromQLParser(text)
        var result: [PromQLLabelMatcher] = []
        var name: String?
        switch parser.tok.kind {
        case .identifier, .metricIdentifier:
            name = parser.tok.text
        case .keyword(let k) where k.canBeMetricName:
            name = parser.tok.text
        case .leftBrace:
            break
        default:
            throw parser.unexpected("label selector", "\"{\" or a metric name")
        }
        let start = parser.tok.offset
        if let name {
            result.append(PromQLLabelMatcher(name: "__name__", op: .equal, value: name))
            try parser.advance()
        }
        if parser.tok.kind == .leftBrace {
            let matchers = try parser.parseLabelMatchers()
            if let name, let m = matchers.first(where: { $0.name == "__name__" }) {
                throw PromQLParseError(message: "metric name must not be set twice: \(PromQLFormat.quote(name)) or \(PromQLFormat.quote(m.value))",
                                       offset: start)
            }
            result += matchers
        }
        if parser.tok.kind != .eof {
            throw parser.unexpected("label selector", name == nil ? "end of input" : "\"{\" or end of input")
        }
        return result
    }

    /// Escapes a label value for use between double quotes in PromQL (Go escaping: `\\`, `\"`, `\n`, …),
    /// without adding the quotes. `"{job=\"" + escapeLabelValue(name) + "\"}"` is always a valid selector.
    public static func escapeLabelValue(_ s: String) -> String {
        let quoted = PromQLFormat.quote(s)
        return String(quoted.dropFirst().dropLast())
    }

    /// The value as a double-quoted PromQL string literal.
    public static func quoteString(_ s: String) -> String { PromQLFormat.quote(s) }
}

extension PromQLVectorSelector {
    /// Moves a lone `__name__="metric"` matcher to `name` when the name can be written bare.
    func liftingName() -> PromQLVectorSelector {
        guard name == nil else { return self }
        let named = matchers.filter { $0.name == "__name__" }
        guard named.count == 1, named[0].op == .equal, PromQLVectorSelector.canWriteBare(named[0].value) else {
            return self
        }
        var copy = self
        copy.name = named[0].value
        copy.matchers = matchers.filter { $0.name != "__name__" }
        return copy
    }

    /// Whether `name` reads back as a metric name when printed without braces.
    static func canWriteBare(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        func ok(_ c: Unicode.Scalar, digits: Bool) -> Bool {
            c == "_" || c == ":" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (digits && ("0"..."9").contains(c))
        }
        guard ok(first, digits: false), name.unicodeScalars.allSatisfy({ ok($0, digits: true) }) else { return false }
        let lower = name.lowercased()
        if lower == "inf" || lower == "nan" { return false }
        if let keyword = PromQLKeyword(rawValue: lower), !keyword.canBeMetricName { return false }
        return true
    }
}

/// Label-matcher regular expressions: Prometheus anchors them (`^(?:re)$`) and compiles them with Go's RE2.
/// Validation here uses ICU (Foundation) plus the RE2 restrictions ICU does not have.
enum PromQLRegex {
    /// nil when `pattern` compiles, else what is wrong.
    static func problem(in pattern: String) -> String? {
        if let unsupported = unsupportedSyntax(pattern) { return unsupported }
        if compile(pattern) == nil { return "invalid regular expression \(PromQLFormat.quote(pattern))" }
        return nil
    }

    /// Whether the matcher matches the empty string (a selector needs at least one that does not).
    static func matchesEmpty(_ m: PromQLLabelMatcher) -> Bool {
        switch m.op {
        case .equal: return m.value.isEmpty
        case .notEqual: return !m.value.isEmpty
        case .regexMatch, .regexNotMatch:
            guard let re = compile(m.value) else { return false }
            let matches = re.firstMatch(in: "", options: [], range: NSRange(location: 0, length: 0)) != nil
            return m.op == .regexMatch ? matches : !matches
        }
    }

    /// The anchored matcher, or nil when the pattern does not compile (alone or anchored, as Prometheus checks).
    static func compile(_ pattern: String) -> NSRegularExpression? {
        let icu = toICU(pattern)
        guard icu.isEmpty || (try? NSRegularExpression(pattern: icu, options: [])) != nil else { return nil }
        return try? NSRegularExpression(pattern: "^(?:" + icu + ")$", options: [])
    }

    /// RE2 syntax ICU reads differently: `(?P<name>` is `(?<name>`; a `{` or `}` outside a repetition
    /// (`x{,3}`, `{foo}`) is a literal; `\pL` is `\p{L}`; octal `\101` is `\x{41}`.
    static func toICU(_ pattern: String) -> String {
        let s = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var inClass = false
        while i < s.count {
            let c = s[i]
            if c == "\\", i + 1 < s.count {
                let e = s[i + 1]
                if e == "Q" {
                    // `\Q…\E` is literal text: copied as is.
                    var j = i + 2
                    while j + 1 < s.count, !(s[j] == "\\" && s[j + 1] == "E") { j += 1 }
                    let end = min(j + 2, s.count)
                    out.append(contentsOf: s[i..<max(end, min(i + 2, s.count))])
                    i = max(end, i + 2)
                    continue
                }
                if e == "p" || e == "P" || e == "x", i + 2 < s.count, s[i + 2] == "{" {
                    // `\p{Greek}`, `\x{263a}`: copied through the closing brace.
                    var j = i + 2
                    while j < s.count, s[j] != "}" { j += 1 }
                    out.append(contentsOf: s[i..<min(j + 1, s.count)])
                    i = j + 1
                    continue
                }
                if e == "p" || e == "P", i + 2 < s.count {
                    // `\pL` is `\p{L}` to ICU.
                    out.append(contentsOf: "\\\(e){\(s[i + 2])}".unicodeScalars)
                    i += 3
                    continue
                }
                if ("0"..."7").contains(e) {
                    // Octal `\123` is `\x{53}` to ICU.
                    var j = i + 1
                    var value: UInt32 = 0
                    while j < s.count, j < i + 4, ("0"..."7").contains(s[j]) {
                        value = value * 8 + (s[j].value - 48)
                        j += 1
                    }
                    out.append(contentsOf: "\\x{\(String(value, radix: 16))}".unicodeScalars)
                    i = j
                    continue
                }
                out.append(c)
                out.append(e)
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
                out.append(c)
                i += 1
                // `[]…]` and `[^]…]`: a leading `]` is literal.
                if i < s.count, s[i] == "^" {
                    out.append(s[i])
                    i += 1
                }
                if i < s.count, s[i] == "]" {
                    out.append(s[i])
                    i += 1
                }
                continue
            } else if c == "(", i + 2 < s.count, s[i + 1] == "?", s[i + 2] == "P" {
                out.append(contentsOf: "(?".unicodeScalars)
                i += 3
                continue
            } else if c == "{", let end = repetitionEnd(s, from: i) {
                out.append(contentsOf: s[i...end])
                i = end + 1
                continue
            } else if c == "{" || c == "}" {
                out.append("\\")
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    /// The index of the `}` closing `{n}`, `{n,}` or `{n,m}` at `index`, if that is what starts there.
    private static func repetitionEnd(_ s: [Unicode.Scalar], from index: Int) -> Int? {
        var i = index + 1
        var digits = 0
        while i < s.count, ("0"..."9").contains(s[i]) { i += 1; digits += 1 }
        guard digits > 0, i < s.count else { return nil }
        if s[i] == "}" { return i }
        guard s[i] == "," else { return nil }
        i += 1
        while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
        return i < s.count && s[i] == "}" ? i : nil
    }

    /// What RE2 (Go's `regexp/syntax`) rejects but ICU accepts: look-arounds, atomic groups, back-references,
    /// escapes RE2 does not know (`\\Z`, `\\e`, `\\k`, …) and repeat counts over 1000.
    static func unsupportedSyntax(_ pattern: String) -> String? {
        let s = Array(pattern.unicodeScalars)
        let knownLetters = Set("aftnrvxdDsSwWbBAzpPQE".unicodeScalars)
        var i = 0
        var inClass = false
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                guard i + 1 < s.count else { return "trailing backslash at end of expression" }
                let e = s[i + 1]
                if e == "Q" {
                    // \Q…\E is literal text.
                    var j = i + 2
                    while j + 1 < s.count, !(s[j] == "\\" && s[j + 1] == "E") { j += 1 }
                    i = j + 2
                    continue
                }
                let octal: ClosedRange<Unicode.Scalar> = "0"..."7"
                let isBackReference = ("8"..."9").contains(e)
                    || (("1"..."7").contains(e) && !(i + 2 < s.count && octal.contains(s[i + 2])))
                let isUnknownLetter = e.isASCII && e.properties.isAlphabetic && !knownLetters.contains(e)
                if isBackReference || isUnknownLetter || !e.isASCII {
                    return "invalid escape sequence: `\\\(e)`"
                }
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
                // `[]…]` and `[^]…]`: a leading `]` is literal.
                if i + 1 < s.count, s[i + 1] == "^" { i += 1 }
                if i + 1 < s.count, s[i + 1] == "]" { i += 1 }
            } else if c == "(", i + 2 < s.count, s[i + 1] == "?" {
                let next = s[i + 2]
                let lookbehind = next == "<" && i + 3 < s.count && (s[i + 3] == "=" || s[i + 3] == "!")
                if next == "=" || next == "!" || next == ">" || lookbehind {
                    let text = String(String.UnicodeScalarView(s[i..<min(s.count, i + (lookbehind ? 4 : 3))]))
                    return "invalid or unsupported Perl syntax: `\(text)`"
                }
            } else if c == "{", let end = repetitionEnd(s, from: i) {
                let text = String(String.UnicodeScalarView(s[i...end]))
                let counts = text.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
                if counts.contains(where: { ($0.isEmpty ? 0 : Int($0) ?? Int.max) > 1000 }) {
                    return "invalid repeat count: `\(text)`"
                }
                i = end + 1
                continue
            }
            i += 1
        }
        return nil
    }
}
