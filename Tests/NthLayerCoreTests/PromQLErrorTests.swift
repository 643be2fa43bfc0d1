import Testing
@testable import NthLayerCore

@Suite("PromQL parse errors")
struct PromQLErrorTests {
    /// (input, message, offset of the offending token in characters). Prometheus rejects every input too
    /// (checked with promtool in `PromQLPromtoolTests`).
    static let cases: [(String, String, Int)] = [
        // Syntax: what was found, where, and what was expected.
        (#"up{job="x"[5m]"#, #"unexpected "[" in label matchers, expected "," or "}""#, 10),
        (#"up{job=x}"#, #"unexpected identifier "x" in label matchers, expected string"#, 7),
        (#"up{="x"}"#, #"unexpected "=" in label matchers, expected label name or "}""#, 3),
        (#"up{job}"#, #"unexpected "}" in label matchers, expected "=", "!=", "=~" or "!~""#, 6),
        (#"up{job="a" env="b"}"#, #"unexpected identifier "env" in label matchers, expected "," or "}""#, 11),
        (#"up{job="a",,}"#, #"unexpected "," in label matchers, expected label name or "}""#, 11),
        (#"up{a:b="c"}"#, #"unexpected ":" in label matchers, expected "=", "!=", "=~" or "!~""#, 4),
        (#"up{"a"="b"}"#, #"unexpected string "a" in label matchers, expected label name or "}""#, 3),
        (#"up{job="a""#, #"unexpected end of input in label matchers, expected "," or "}""#, 10),
        ("", "no expression found in input", 0),
        ("  # only a comment", "no expression found in input", 0),
        ("sum(rate(x[5m])", #"unexpected end of input in aggregation, expected "," or ")""#, 15),
        ("rate(x[5m]", #"unexpected end of input in call to function "rate", expected "," or ")""#, 10),
        ("rate(x[5m] y)", #"unexpected identifier "y" in call to function "rate", expected "," or ")""#, 11),
        ("(up", #"unexpected end of input in parenthesized expression, expected operator or ")""#, 3),
        ("up)", #"unexpected right parenthesis ")""#, 2),
        ("up +", "unexpected end of input, expected expression", 4),
        ("up + * 2", #"unexpected "*", expected expression"#, 5),
        ("up foo", #"unexpected identifier "foo", expected operator or end of input"#, 3),
        ("up = 1", #"unexpected "=", expected operator or end of input"#, 3),
        ("up{a=\"b\"}{c=\"d\"}", #"unexpected "{", expected operator or end of input"#, 9),
        ("on", #"unexpected "on", expected expression"#, 0),
        ("x * group_left y", #"unexpected "group_left", expected "on" or "ignoring" before it"#, 4),
        ("sum by (job (x)", #"unexpected "(" in grouping labels, expected "," or ")""#, 12),
        ("sum by job (x)", #"unexpected identifier "job" in grouping labels, expected "(""#, 7),
        ("sum by (a:b) (x)", #"unexpected metric identifier "a:b" in grouping labels, expected label name or ")""#, 8),
        ("sum by (without) (x)", #"unexpected "without" in grouping labels, expected label name or ")""#, 8),
        ("sum by (job) x", #"unexpected identifier "x" in aggregation, expected "(""#, 13),
        ("sum(x) by (a) by (b)", #"unexpected "by", expected operator or end of input"#, 14),
        ("x + on y", #"unexpected identifier "y" in grouping labels, expected "(""#, 7),
        ("sum(x,)", "trailing commas not allowed in function call args", 5),
        // Ranges, subqueries, offsets, @.
        ("rate(x[5])", #"unexpected number "5" in range or subquery, expected duration"#, 7),
        ("rate(x[5m)", #"unexpected ")" in range or subquery, expected ":" or "]""#, 9),
        ("x[5m:1m", #"unexpected end of input in subquery, expected "]""#, 7),
        ("x[5m:", #"unexpected end of input in subquery, expected duration or "]""#, 5),
        ("x[5m:1m:1m]", #"unexpected ":" in subquery, expected "]""#, 7),
        ("x[0s]", "duration must be greater than 0", 2),
        ("x[1.5m]", #"not a valid duration string: "1.5m""#, 2),
        ("x[1m1h]", #"not a valid duration string: "1m1h""#, 2),
        ("x[5x]", #"bad number or duration syntax: "5x""#, 2),
        ("x[300y]", "duration out of range", 2),
        ("x offset", "unexpected end of input in offset, expected duration", 8),
        ("x offset 5", #"unexpected number "5" in offset, expected duration"#, 9),
        ("x offset +5m", #"unexpected "+" in offset, expected duration"#, 9),
        ("x @ foo", #"unexpected identifier "foo" in @ modifier, expected timestamp, "start()" or "end()""#, 4),
        ("x @ start", #"unexpected end of input in @ modifier, expected "(""#, 9),
        ("x @ Inf", "timestamp out of bounds for @ modifier: Inf", 4),
        ("x @ 1 @ 2", "@ <timestamp> may not be set multiple times", 6),
        ("x offset 5m offset 1m", "offset may not be set multiple times", 12),
        ("x[5m] offset 5m offset 1m", "offset may not be set multiple times", 16),
        ("x offset 5m[5m]", "no offset modifiers allowed before range", 11),
        ("x @ 1 [5m]", "no @ modifiers allowed before range", 6),
        ("(x)[5m]", "ranges only allowed for vector selectors", 3),
        ("rate(x[5m])[5m]", "ranges only allowed for vector selectors", 11),
        ("sum(x) offset 5m", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery", 7),
        ("(x) @ 1", "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery", 4),
        // Types.
        ("rate(x)", #"expected type range vector in call to function "rate", got instant vector"#, 5),
        ("abs(x[5m])", #"expected type instant vector in call to function "abs", got range vector"#, 4),
        ("vector(x)", #"expected type scalar in call to function "vector", got instant vector"#, 7),
        ("label_replace(x, \"a\", \"b\", \"c\", 1)", #"expected type string in call to function "label_replace", got scalar"#, 32),
        ("foo(x)", #"unknown function with name "foo""#, 0),
        ("RATE(x[5m])", #"unknown function with name "RATE""#, 0),
        ("histogram_quantile(x)", #"expected 2 argument(s) in call to "histogram_quantile", got 1"#, 0),
        ("label_join(x, \"a\")", #"expected at least 3 argument(s) in call to "label_join", got 2"#, 0),
        ("round(x, 1, 2)", #"expected at most 2 argument(s) in call to "round", got 3"#, 0),
        ("time(1)", #"expected 0 argument(s) in call to "time", got 1"#, 0),
        ("sum(x, y)", "wrong number of arguments for aggregate expression provided, expected 1, got 2", 0),
        ("topk(x)", "wrong number of arguments for aggregate expression provided, expected 2, got 1", 0),
        ("sum()", "no arguments for aggregate expression provided", 0),
        ("topk(\"5\", x)", "expected type scalar in aggregation parameter, got string", 5),
        ("count_values(1, x)", "expected type string in aggregation parameter, got scalar", 13),
        ("quantile(0.5, x[5m])", "expected type instant vector in aggregation expression, got range vector", 14),
        ("x + \"a\"", "binary expression must contain only scalar and instant vector types", 4),
        ("x[5m] + 1", "binary expression must contain only scalar and instant vector types", 0),
        ("1 > 2", "comparisons between scalars must use BOOL modifier", 2),
        ("x + bool y", "bool modifier can only be used on comparison operators", 2),
        ("1 and x", #"set operator "and" not allowed in binary scalar expression"#, 0),
        ("1 + on(a) x", "vector matching only allowed between instant vectors", 0),
        ("x and on(a) group_left y", #"no grouping allowed for "and" operation"#, 0),
        ("x * on(a) group_left(a) y", #"label "a" must not occur in ON and GROUP clause at once"#, 2),
        ("x[5m][1h:]", "subquery is only allowed on instant vector, got range vector instead", 0),
        ("1[1h:]", "subquery is only allowed on instant vector, got scalar instead", 0),
        ("-x[5m]", "unary expression only allowed on expressions of type scalar or instant vector, got range vector", 0),
        ("-\"a\"", "unary expression only allowed on expressions of type scalar or instant vector, got string", 0),
        // Selectors.
        ("{}", "vector selector must contain at least one non-empty matcher", 0),
        (#"{job=~".*"}"#, "vector selector must contain at least one non-empty matcher", 0),
        (#"x + {job=""}"#, "vector selector must contain at least one non-empty matcher", 4),
        (#"foo{__name__="bar"}"#, #"metric name must not be set twice: "foo" or "bar""#, 0),
        (#"up{a=~"(a"}"#, #"error parsing regexp: invalid regular expression "(a""#, 3),
        (#"up{a=~"a)(b"}"#, #"error parsing regexp: invalid regular expression "a)(b""#, 3),
        (#"up{a=~"*"}"#, #"error parsing regexp: invalid regular expression "*""#, 3),
        (#"up{a=~"(?!x)"}"#, "error parsing regexp: invalid or unsupported Perl syntax: `(?!`", 3),
        (#"up{a=~"(?<=x)y"}"#, "error parsing regexp: invalid or unsupported Perl syntax: `(?<=`", 3),
        (#"up{a=~"(a)\\1"}"#, "error parsing regexp: invalid escape sequence: `\\1`", 3),
        (#"up{a=~"a\\Z"}"#, "error parsing regexp: invalid escape sequence: `\\Z`", 3),
        (#"up{a=~"\\C"}"#, "error parsing regexp: invalid escape sequence: `\\C`", 3),
        (#"up{a=~"[\\é]"}"#, "error parsing regexp: invalid escape sequence: `\\é`", 3),
        (#"up{a=~"x{1001}"}"#, "error parsing regexp: invalid repeat count: `{1001}`", 3),
        (#"up{a=~"a\\"}"#, "error parsing regexp: trailing backslash at end of expression", 3),
        // Lexical.
        (#"up{job="x"#, "unterminated quoted string", 9),
        (#"up{job='x"#, "unterminated quoted string", 9),
        ("up{job=`x", "unterminated raw string", 9),
        (#"up{job="日本"#, "unterminated quoted string", 10),
        ("up{job=\"a\nb\"}", "unterminated quoted string", 9),
        (#"up{a="\q"}"#, #"unknown escape sequence "\\q""#, 6),
        (#"up{a="\'"}"#, #"unknown escape sequence "\\'""#, 6),
        (#"up{a="\u12"}"#, #"illegal character "\"" in escape sequence"#, 10),
        (#"up{a="\uD800"}"#, "escape sequence is an invalid Unicode code point", 6),
        (#"up{a="\400"}"#, "escape sequence is an invalid Unicode code point", 6),
        (#"up{a="\"#, "escape sequence not terminated", 7),
        ("x ! y", #"unexpected character "!", expected "!=" or "!~""#, 2),
        (#"up{job="x"} $ 1"#, #"unexpected character "$""#, 12),
        ("rate(x[${window}])", #"unexpected character "$""#, 7),
        (#"up{job="${service}"} > ${threshold}"#, #"unexpected character "$""#, 23),
        ("1e", #"invalid number "1e""#, 0),
        ("0x", #"invalid number "0x""#, 0),
        ("1_000", #"bad number or duration syntax: "1_000""#, 0),
        ("x > 5mm", #"bad number or duration syntax: "5mm""#, 4),
        ("x > 5m", #"unexpected duration "5m", expected expression"#, 4),
        ("x ~ 1", #"unexpected character "~""#, 2),
    ]

    @Test(arguments: cases)
    func messagesAndOffsets(_ input: String, _ message: String, _ offset: Int) {
        do {
            let expr = try PromQL.parse(input)
            Issue.record("parsed as \(expr.formatted())")
        } catch {
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
    }

    @Test func typedThrowsAndDescription() {
        let result = Result { () throws(PromQLParseError) -> PromQLExpr in try PromQL.parse("sum(") }
        guard case .failure(let error) = result else {
            Issue.record("parsed")
            return
        }
        #expect(error == PromQLParseError(message: "unexpected end of input, expected expression", offset: 4))
        #expect(error.description == "parse error at character 5: unexpected end of input, expected expression")
    }

    /// Offsets are in `Character`s (`String.count` units), not bytes or UTF-16 units.
    @Test func offsetsCountCharacters() throws {
        let prefix = "{a=\"e\u{301}👍🏽\"} + "
        let input = prefix + "foo(x)"
        #expect(prefix.count == 11)
        #expect(prefix.utf16.count != 11 && prefix.utf8.count != 11)
        do {
            _ = try PromQL.parse(input)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 11)
            #expect(error.message == #"unknown function with name "foo""#)
            let index = input.index(input.startIndex, offsetBy: error.offset)
            #expect(input[index...].hasPrefix("foo"))
        }
        // "\r\n" is one character.
        let crlf = "up\r\n+\r\nfoo(x)"
        do {
            _ = try PromQL.parse(crlf)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 5)
        }
        // A string that never ends is reported at the end of the input.
        let open = "sum(rate(http_requests_total{job=\"日本語👍🏽"
        do {
            _ = try PromQL.parse(open)
            Issue.record("parsed")
        } catch {
            #expect(error.message == "unterminated quoted string")
            #expect(error.offset == open.count)
        }
    }

    /// The first error in reading order wins, even when a later token would not lex.
    @Test func firstErrorWins() {
        do {
            _ = try PromQL.parse(#"up{job="x"[5m] + "unterminated"#)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 10)
        }
    }
}
