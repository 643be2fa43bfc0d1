import Foundation
import Testing
@testable import NthLayerCore

private func parse(_ text: String) throws -> PromQLExpr { try PromQL.parse(text) }
private func sel(_ name: String?, _ matchers: [PromQLLabelMatcher] = [], offset: PromQLDuration? = nil,
                 at: PromQLAtModifier? = nil) -> PromQLExpr {
    .vectorSelector(PromQLVectorSelector(name: name, matchers: matchers, offset: offset, at: at))
}
private func m(_ name: String, _ op: PromQLLabelMatcher.Op, _ value: String) -> PromQLLabelMatcher {
    PromQLLabelMatcher(name: name, op: op, value: value)
}
private func m(_ name: String, _ value: String) -> PromQLLabelMatcher { PromQLLabelMatcher(name: name, value: value) }
private func bin(_ op: PromQLBinaryOp, _ lhs: PromQLExpr, _ rhs: PromQLExpr, bool: Bool = false,
                 matching: PromQLVectorMatching? = nil) -> PromQLExpr {
    .binary(PromQLBinaryExpr(op: op, lhs: lhs, rhs: rhs, returnBool: bool, matching: matching))
}
private func range(_ e: PromQLExpr, _ d: String) -> PromQLExpr {
    guard case .vectorSelector(let s) = e else { fatalError() }
    return .matrixSelector(PromQLMatrixSelector(selector: s, range: PromQLDuration(d)!))
}
private func call(_ name: String, _ args: PromQLExpr...) -> PromQLExpr { .call(PromQLCall(name: name, args: args)) }

@Suite("PromQL parser: tree shapes")
struct PromQLTreeTests {
    @Test func histogramQuantileTree() throws {
        let expr = try parse(#"histogram_quantile(0.99, sum by (le) (rate(x_bucket{job="api"}[5m])))"#)
        let expected = call("histogram_quantile", .number(0.99),
                            .aggregation(PromQLAggregation(op: .sum, expr: call("rate", range(sel("x_bucket", [m("job", "api")]), "5m")),
                                                           grouping: .by(["le"]))))
        #expect(expr == expected)
        #expect(expr.formatted() == #"histogram_quantile(0.99, sum by (le) (rate(x_bucket{job="api"}[5m])))"#)
    }

    @Test func groupingBeforeOrAfterIsTheSameTree() throws {
        #expect(try parse("sum(rate(x[5m])) by (le, job)") == parse("sum by (le, job) (rate(x[5m]))"))
        #expect(try parse("topk(5, x) without (a)") == parse("topk without (a) (5, x)"))
        #expect(try parse("count_values(\"v\", x) by (a)") == parse("count_values by (a) (\"v\", x)"))
        let topk = try parse("topk(5, x)")
        #expect(topk == .aggregation(PromQLAggregation(op: .topk, param: .number(5), expr: sel("x"))))
        #expect(try parse("count_values('version', build_info)")
            == .aggregation(PromQLAggregation(op: .countValues, param: .string("version"), expr: sel("build_info"))))
    }

    @Test(arguments: [
        ("a + b * c", bin(.add, sel("a"), bin(.mul, sel("b"), sel("c")))),
        ("a * b + c", bin(.add, bin(.mul, sel("a"), sel("b")), sel("c"))),
        ("a - b - c", bin(.sub, bin(.sub, sel("a"), sel("b")), sel("c"))),
        ("a / b / c", bin(.div, bin(.div, sel("a"), sel("b")), sel("c"))),
        ("a ^ b ^ c", bin(.pow, sel("a"), bin(.pow, sel("b"), sel("c")))),
        ("-a ^ b", .unary(.minus, bin(.pow, sel("a"), sel("b")))),
        ("-a * b", bin(.mul, .unary(.minus, sel("a")), sel("b"))),
        ("a * -b", bin(.mul, sel("a"), .unary(.minus, sel("b")))),
        ("a + -b * c", bin(.add, sel("a"), bin(.mul, .unary(.minus, sel("b")), sel("c")))),
        ("a or b and c", bin(.or, sel("a"), bin(.and, sel("b"), sel("c")))),
        ("a and b unless c", bin(.unless, bin(.and, sel("a"), sel("b")), sel("c"))),
        ("a > b + c", bin(.gtr, sel("a"), bin(.add, sel("b"), sel("c")))),
        ("a == b and c != d", bin(.and, bin(.eql, sel("a"), sel("b")), bin(.neq, sel("c"), sel("d")))),
        ("a atan2 b * c", bin(.mul, bin(.atan2, sel("a"), sel("b")), sel("c"))),
        ("a % b ^ c", bin(.mod, sel("a"), bin(.pow, sel("b"), sel("c")))),
        ("a unless b or c", bin(.or, bin(.unless, sel("a"), sel("b")), sel("c"))),
        ("(a + b) * c", bin(.mul, .paren(bin(.add, sel("a"), sel("b"))), sel("c"))),
        ("-2 ^ 2", .unary(.minus, bin(.pow, .number(2), .number(2)))),
        ("2 ^ -1", bin(.pow, .number(2), .number(-1))),
        ("- -1", .number(1)),
        ("-(1)", .unary(.minus, .paren(.number(1)))),
        ("+a", .unary(.plus, sel("a"))),
        ("-a offset 5m", .unary(.minus, sel("a", offset: PromQLDuration("5m")))),
        ("a + b offset 5m", bin(.add, sel("a"), sel("b", offset: PromQLDuration("5m")))),
    ] as [(String, PromQLExpr)])
    func precedenceAndAssociativity(_ text: String, _ expected: PromQLExpr) throws {
        let expr = try parse(text)
        #expect(expr == expected)
        #expect(try parse(expr.formatted()) == expected)
    }

    @Test func vectorMatchingTree() throws {
        let expr = try parse("a / ON(x, y) GROUP_LEFT(z) b")
        #expect(expr == bin(.div, sel("a"), sel("b"),
                            matching: PromQLVectorMatching(on: true, labels: ["x", "y"], group: .left(["z"]))))
        #expect(try parse("a * ignoring(i) group_right b")
            == bin(.mul, sel("a"), sel("b"), matching: PromQLVectorMatching(on: false, labels: ["i"], group: .right([]))))
        #expect(try parse("a * on(i) group_left() b") == parse("a * on(i) group_left b"))
        #expect(try parse("a > bool on(i) b")
            == bin(.gtr, sel("a"), sel("b"), bool: true, matching: PromQLVectorMatching(on: true, labels: ["i"])))
        // `and on() (…)`: the parenthesis after on() is the right operand.
        let andOn = try parse("up{job=\"a\"} and on() (vector(1) > 0)")
        #expect(andOn == bin(.and, sel("up", [m("job", "a")]),
                             .paren(bin(.gtr, call("vector", .number(1)), .number(0))),
                             matching: PromQLVectorMatching(on: true, labels: [])))
        #expect(andOn.formatted() == #"up{job="a"} and on () (vector(1) > 0)"#)
        // After group_left a parenthesis is its label list.
        #expect(try parse("a * on(i) group_left (b) c")
            == bin(.mul, sel("a"), sel("c"), matching: PromQLVectorMatching(on: true, labels: ["i"], group: .left(["b"]))))
    }

    @Test func offsetsAndAtModifiers() throws {
        #expect(try parse("up offset -5m") == sel("up", offset: PromQLDuration(milliseconds: -300_000)))
        #expect(try parse("up offset 1h @ 100") == parse("up @ 100 offset 1h"))
        #expect(try parse("up @ 1609746000.5") == sel("up", at: .timestamp(milliseconds: 1_609_746_000_500)))
        #expect(try parse("up @ -1") == sel("up", at: .timestamp(milliseconds: -1000)))
        #expect(try parse("up @ start()") == sel("up", at: .start))
        #expect(try parse("up @ END()") == sel("up", at: .end))
        let r = try parse("rate(up[5m] offset 1w @ end())")
        var s = PromQLVectorSelector(name: "up", offset: PromQLDuration("1w"), at: .end)
        s.matchers = []
        #expect(r == call("rate", .matrixSelector(PromQLMatrixSelector(selector: s, range: PromQLDuration("5m")!))))
        #expect(r.formatted() == "rate(up[5m] @ end() offset 1w)")
        let sq = try parse("max_over_time(rate(x[5m])[1h:1m] offset 5m)")
        #expect(sq == call("max_over_time", .subquery(PromQLSubquery(expr: call("rate", range(sel("x"), "5m")),
                                                                      range: PromQLDuration("1h")!,
                                                                      step: PromQLDuration("1m"),
                                                                      offset: PromQLDuration("5m")))))
        #expect(try parse("x[1h:]") == .subquery(PromQLSubquery(expr: sel("x"), range: PromQLDuration("1h")!)))
        #expect(try parse("x offset 5m[1h:]")
            == .subquery(PromQLSubquery(expr: sel("x", offset: PromQLDuration("5m")), range: PromQLDuration("1h")!)))
    }

    @Test func metricNamesWithColonsAndNameMatchers() throws {
        #expect(try parse("slo:sli_error:ratio_rate5m") == sel("slo:sli_error:ratio_rate5m"))
        #expect(try parse(":a:b") == sel(":a:b"))
        #expect(try parse(#"{__name__="up",job="api"}"#) == parse(#"up{job="api"}"#))
        #expect(try parse(#"{__name__="slo:x:y"}"#) == sel("slo:x:y"))
        // Names that cannot be written bare stay matchers.
        #expect(try parse(#"{__name__="on"}"#) == sel(nil, [m("__name__", "on")]))
        #expect(try parse(#"{__name__="foo-bar"}"#).formatted() == #"{__name__="foo-bar"}"#)
        #expect(try parse(#"{__name__="Inf"}"#).formatted() == #"{__name__="Inf"}"#)
        #expect(try parse(#"{__name__=~"http_.*"}"#) == sel(nil, [m("__name__", .regexMatch, "http_.*")]))
        #expect(try parse(#"{__name__="a",__name__="b"}"#).formatted() == #"{__name__="a",__name__="b"}"#)
    }

    @Test func keywordsAsMetricAndLabelNames() throws {
        #expect(try parse("sum") == sel("sum"))
        #expect(try parse("by") == sel("by"))
        #expect(try parse("offset") == sel("offset"))
        #expect(try parse("and") == sel("and"))
        #expect(try parse("start{a=\"b\"}") == sel("start", [m("a", "b")]))
        #expect(try parse("rate(count[5m])") == call("rate", range(sel("count"), "5m")))
        #expect(try parse("sum(sum)") == .aggregation(PromQLAggregation(op: .sum, expr: sel("sum"))))
        #expect(try parse(#"up{on="a",bool="b",by="c",sum="d",inf="e",offset="f"}"#)
            == sel("up", [m("bool", "b"), m("by", "c"), m("inf", "e"), m("offset", "f"), m("on", "a"), m("sum", "d")]))
        #expect(try parse("sum by (on, bool, by, and, offset, group_left, start) (x)")
            == .aggregation(PromQLAggregation(op: .sum, expr: sel("x"),
                                              grouping: .by(["on", "bool", "by", "and", "offset", "group_left", "start"]))))
        #expect(try parse("x * on(sum, by) y")
            == bin(.mul, sel("x"), sel("y"), matching: PromQLVectorMatching(on: true, labels: ["sum", "by"])))
        // Keyword case does not matter, metric names keep theirs.
        #expect(try parse("SUM BY (job) (x) AND ON(a) y") == parse("sum by (job) (x) and on(a) y"))
        #expect(try parse("Sum") == sel("Sum"))
    }

    @Test func commentsAndWhitespace() throws {
        #expect(try parse("up # the up metric") == sel("up"))
        #expect(try parse("sum(\n  # comment ( [ {\n  rate(x[5m])\n)\n") == parse("sum(rate(x[5m]))"))
        #expect(try parse("sum ( rate ( x [ 5m ] ) )") == parse("sum(rate(x[5m]))"))
        #expect(try parse("up{\n job = \"a\" ,\n}") == parse("up{job=\"a\"}"))
        #expect(try parse("a\r\n+\tb") == bin(.add, sel("a"), sel("b")))
    }

    @Test func labelMatchersKeepEveryOperator() throws {
        let expr = try parse(#"x{d!~"4..", a="1", c=~"3|4", b!="2"}"#)
        #expect(expr == sel("x", [m("a", "1"), m("b", .notEqual, "2"), m("c", .regexMatch, "3|4"), m("d", .regexNotMatch, "4..")]))
        #expect(expr.formatted() == #"x{a="1",b!="2",c=~"3|4",d!~"4.."}"#)
        // Several matchers on one label keep their written order.
        #expect(try parse(#"x{a!="2",a=~"1|2"}"#).formatted() == #"x{a!="2",a=~"1|2"}"#)
    }
}

@Suite("PromQL parser: literals")
struct PromQLLiteralTests {
    @Test(arguments: [
        ("1", 1.0), ("1.5", 1.5), (".5", 0.5), ("5.", 5), ("1e3", 1000), ("1E-3", 0.001), ("2.5e+2", 250),
        ("0x1F", 31), ("0XaB", 171), ("010", 8), ("09", 9), ("007", 7), ("Inf", .infinity), ("inf", .infinity),
        ("+Inf", .infinity), ("-Inf", -.infinity), ("-1", -1), ("+1", 1), ("- 2.5", -2.5),
        ("123456789012345678901234", 123456789012345678901234.0), ("1e308", 1e308), ("0.0009999999999999432", 0.0009999999999999432),
    ] as [(String, Double)])
    func numbers(_ text: String, _ value: Double) throws {
        #expect(try parse(text) == .number(value))
    }

    @Test func nanLiteralsEqualThemselves() throws {
        let a = try parse("NaN"), b = try parse("nan")
        guard case .number(let v) = a else { Issue.record("not a number"); return }
        #expect(v.isNaN)
        #expect(a == b)
        #expect(Set([a, b, try parse("x != NaN")]).count == 2)
        #expect(a.formatted() == "NaN")
    }

    @Test(arguments: [
        (0.5, "0.5"), (1000, "1000"), (0.999, "0.999"), (1 - 0.001, "0.999"), (0.1 + 0.2, "0.30000000000000004"),
        (0.0144, "0.0144"), (1.44e-2, "0.0144"), (-3, "-3"), (1e-25, "1e-25"), (1e-20, "0.00000000000000000001"),
        (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.5e300, "1.5e+300"), (-0.0, "-0"), (0, "0"),
        (.infinity, "Inf"), (-.infinity, "-Inf"), (.nan, "NaN"), (Double.leastNonzeroMagnitude, "5e-324"), (123.456, "123.456"),
        (0.9990000000000001, "0.9990000000000001"), (99.95, "99.95"), (604800, "604800"),
    ] as [(Double, String)])
    func numberPrinting(_ value: Double, _ text: String) throws {
        #expect(PromQLFormat.number(value) == text)
        if !value.isNaN { #expect(try parse(text) == .number(value)) }
    }

    @Test(arguments: [
        ("5m", 300_000, "5m"), ("300s", 300_000, "5m"), ("90s", 90_000, "1m30s"), ("60m", 3_600_000, "1h"),
        ("1h0m", 3_600_000, "1h"), ("1h30m", 5_400_000, "1h30m"), ("7d", 604_800_000, "1w"), ("14d", 1_209_600_000, "2w"),
        ("30d", 2_592_000_000, "30d"), ("365d", 31_536_000_000, "1y"), ("250ms", 250, "250ms"), ("1500ms", 1500, "1s500ms"),
        ("1y2w3d4h5m6s7ms", 33_019_506_007, "382d4h5m6s7ms"), ("2w", 1_209_600_000, "2w"), ("1d", 86_400_000, "1d"),
        ("0h5m", 300_000, "5m"),
    ] as [(String, Int64, String)])
    func durations(_ text: String, _ ms: Int64, _ printed: String) throws {
        let d = try #require(PromQLDuration(text))
        #expect(d.milliseconds == ms)
        #expect(d.description == printed)
        #expect(try parse("rate(x[\(text)])").formatted() == "rate(x[\(printed)])")
    }

    @Test(arguments: ["", "5", "1.5m", "1m1h", "1h1h", "5M", "0s", "0", "-5m", "5m ", "1y1y", "5mm", "10000000y", "1d2y"])
    func invalidDurations(_ text: String) {
        #expect(PromQLDuration(text) == nil)
    }

    @Test func negativeDurationsPrintWithSign() {
        #expect(PromQLDuration(milliseconds: -90_000).description == "-1m30s")
        #expect(PromQLDuration(milliseconds: 0).description == "0s")
    }

    @Test(arguments: [
        (#""plain""#, "plain"), (#"'single'"#, "single"), ("`raw`", "raw"),
        (#""a\"b""#, "a\"b"), (#"'a\'b'"#, "a'b"), (#"'a"b'"#, "a\"b"), (#""a'b""#, "a'b"),
        ("`a\\nb`", "a\\nb"), ("`a\"b'c`", "a\"b'c"), ("`multi\nline`", "multi\nline"),
        (#""\a\b\f\n\r\t\v\\""#, "\u{07}\u{08}\u{0C}\n\r\t\u{0B}\\"),
        (#""\x41\x62""#, "Ab"), (#""\101\142""#, "Ab"), (#""\u00e9\U0001F600""#, "é😀"), (#""\xc3\xa9""#, "é"),
        (#""日本語""#, "日本語"), (#""e\u0301""#, "e\u{301}"), (#""""#, ""),
    ] as [(String, String)])
    func strings(_ literal: String, _ value: String) throws {
        #expect(try parse(literal) == .string(value))
        let selector = try parse("up{a=\(literal)}")
        if value.isEmpty {
            #expect(selector == sel("up", [m("a", "")]))
        } else {
            #expect(selector == sel("up", [m("a", value)]))
        }
        // Printed with double quotes and Go escaping, and read back the same.
        let printed = try parse(literal).formatted()
        #expect(printed.hasPrefix("\"") && printed.hasSuffix("\""))
        #expect(try parse(printed) == .string(value))
    }

    @Test(arguments: [
        ("a\"b", #""a\"b""#), ("a\\b", #""a\\b""#), ("line\nbreak", #""line\nbreak""#), ("tab\t", #""tab\t""#),
        ("\u{07}\u{08}\u{0C}\r\u{0B}", #""\a\b\f\r\v""#), ("\u{01}\u{1f}\u{7f}", #""\x01\x1f\x7f""#),
        ("\u{2028}\u{200B}\u{FEFF}", #""\u2028\u200b\ufeff""#), ("\u{E000}", #""\ue000""#),
        ("é日本😀", #""é日本😀""#), ("it's", #""it's""#), ("`", #""`""#), ("$1", #""$1""#),
    ] as [(String, String)])
    func goQuoting(_ value: String, _ quoted: String) throws {
        #expect(PromQLFormat.quote(value) == quoted)
        #expect(try parse(quoted) == .string(value))
    }

    @Test func timestampsPrintInSeconds() throws {
        #expect(PromQLFormat.timestamp(milliseconds: 1_609_746_000_000) == "1609746000")
        #expect(PromQLFormat.timestamp(milliseconds: 1_609_746_000_500) == "1609746000.5")
        #expect(PromQLFormat.timestamp(milliseconds: 5) == "0.005")
        #expect(PromQLFormat.timestamp(milliseconds: -1) == "-0.001")
        #expect(try parse("up @ 1609746000.000").formatted() == "up @ 1609746000")
        #expect(try parse("up @ 1e3").formatted() == "up @ 1000")
        #expect(try parse("up @ 0.0005").formatted() == "up @ 0.001")
    }
}

@Suite("PromQL parser: functions and value types")
struct PromQLTypeTests {
    @Test(arguments: [
        ("rate(x[5m])", PromQLValueType.instantVector), ("x[5m]", .rangeVector), ("x[5m:]", .rangeVector),
        ("x[5m:1m] offset 1h", .rangeVector), ("1", .scalar), ("-1", .scalar), ("\"a\"", .string), ("time()", .scalar),
        ("scalar(x)", .scalar), ("1 + 2", .scalar), ("x + 1", .instantVector), ("1 - x", .instantVector),
        ("-(x)", .instantVector), ("(x[5m])", .rangeVector), ("vector(1)", .instantVector), ("sum(x)", .instantVector),
        ("absent(x)", .instantVector), ("pi()", .scalar), ("x > bool 1", .instantVector), ("1 > bool 2", .scalar),
        ("count_values(\"a\", x)", .instantVector), ("histogram_quantile(0.9, sum by (le) (rate(x[5m])))", .instantVector),
        ("label_replace(x, \"a\", \"b\", \"c\", \"d\")", .instantVector), ("timestamp(x)", .instantVector),
        ("max_over_time(x[5m:])", .instantVector), ("x and y", .instantVector), ("(1)", .scalar), ("((\"s\"))", .string),
        ("time() - 3600", .scalar), ("x offset 5m", .instantVector), ("topk(3, x)", .instantVector),
        ("year()", .instantVector), ("-x[5m:]", .rangeVector) /* not valid PromQL: checked below */,
    ] as [(String, PromQLValueType)])
    func valueTypes(_ text: String, _ type: PromQLValueType) throws {
        if text == "-x[5m:]" {
            #expect(throws: PromQLParseError.self) { try parse(text) }
            let built = PromQLExpr.unary(.minus, .subquery(PromQLSubquery(expr: sel("x"), range: PromQLDuration("5m")!)))
            #expect(built.valueType == .rangeVector)
            return
        }
        #expect(try parse(text).valueType == type)
    }

    @Test func valueTypeNames() {
        #expect(PromQLValueType.scalar.description == "scalar")
        #expect(PromQLValueType.instantVector.description == "instant vector")
        #expect(PromQLValueType.rangeVector.description == "range vector")
        #expect(PromQLValueType.string.description == "string")
    }

    /// Every function of the table parses with arguments of its declared types, returns its declared type,
    /// and rejects one argument too many or too few.
    @Test(arguments: PromQL.functions.values.sorted { $0.name < $1.name })
    func everyFunctionTypeChecks(_ fn: PromQLFunction) throws {
        func arg(_ t: PromQLValueType) -> String {
            switch t {
            case .scalar: return "1"
            case .instantVector: return "up"
            case .rangeVector: return "up[5m]"
            case .string: return "\"a\""
            }
        }
        var counts = [fn.minArgs]
        if let max = fn.maxArgs { counts.append(max) } else { counts.append(fn.minArgs + 3) }
        for n in counts {
            let args = (0..<n).map { arg(fn.argType(at: $0)!) }
            let expr = try PromQL.parse("\(fn.name)(\(args.joined(separator: ", ")))")
            #expect(expr.valueType == fn.returnType)
            #expect(try PromQL.parse(expr.formatted()) == expr)
        }
        if let max = fn.maxArgs {
            let args = (0...max).map { arg(fn.argType(at: $0) ?? fn.argTypes.last ?? .scalar) }
            #expect(throws: PromQLParseError.self) { try PromQL.parse("\(fn.name)(\(args.joined(separator: ", ")))") }
        }
        if fn.minArgs > 0 {
            let args = (0..<(fn.minArgs - 1)).map { arg(fn.argType(at: $0)!) }
            #expect(throws: PromQLParseError.self) { try PromQL.parse("\(fn.name)(\(args.joined(separator: ", ")))") }
        }
        // Wrong type in the first argument.
        if let first = fn.argTypes.first {
            var args = (0..<fn.minArgs).map { arg(fn.argType(at: $0)!) }
            if args.isEmpty { args = [arg(first)] }
            args[0] = first == .string ? "1" : "\"wrong\""
            #expect(throws: PromQLParseError.self) { try PromQL.parse("\(fn.name)(\(args.joined(separator: ", ")))") }
        }
    }

    @Test func functionTableMatchesPrometheus() throws {
        #expect(PromQL.functions.count >= 70)
        let rate = try #require(PromQL.functions["rate"])
        #expect(rate.argTypes == [.rangeVector] && rate.returnType == .instantVector)
        let labelJoin = try #require(PromQL.functions["label_join"])
        #expect(labelJoin.minArgs == 3 && labelJoin.maxArgs == nil)
        let round = try #require(PromQL.functions["round"])
        #expect(round.minArgs == 1 && round.maxArgs == 2)
        let hour = try #require(PromQL.functions["hour"])
        #expect(hour.minArgs == 0 && hour.maxArgs == 1)
        #expect(PromQL.functions["time"]?.returnType == .scalar)
        #expect(PromQL.functions["scalar"]?.returnType == .scalar)
        #expect(PromQL.functions["holt_winters"]?.argTypes == [.rangeVector, .scalar, .scalar])
        // Only later Prometheus versions have these; they are marked.
        #expect(PromQL.functions["histogram_avg"]?.since == "2.50")
        #expect(PromQL.functions.values.filter { $0.since > "2.42" }.count == 3)
    }
}

@Suite("PromQL printer: formatted()")
struct PromQLFormattedTests {
    @Test(arguments: [
        (#"sum(rate(x{b="2",a="1"}[5m])) by (le)"#, #"sum by (le) (rate(x{a="1",b="2"}[5m]))"#),
        (#"SUM(x) WITHOUT (b, a)"#, #"sum without (b, a) (x)"#),
        (#"x and on() (y)"#, #"x and on () (y)"#),
        (#"a / on(x) group_left b"#, #"a / on (x) group_left b"#),
        (#"a / on(x) group_left(c, b) b"#, #"a / on (x) group_left (c, b) b"#),
        (#"{__name__="up"}"#, "up"),
        (#"x offset 1h @ 100"#, "x @ 100 offset 1h"),
        (#"label_replace(up, 'a', 'b', 'c', 'd')"#, #"label_replace(up, "a", "b", "c", "d")"#),
        ("x > 1e3", "x > 1000"), ("x > 0.50", "x > 0.5"), ("x>bool 1", "x > bool 1"),
        ("((x))", "((x))"), ("(1 - 0.999) * 14.4", "(1 - 0.999) * 14.4"),
        ("x[300s]", "x[5m]"), ("x[5m:60s]", "x[5m:1m]"), ("x[5m:]", "x[5m:]"),
        ("topk by(a)(5,x)", "topk by (a) (5, x)"), ("sum by () (x)", "sum by () (x)"),
        ("-x", "-x"), ("- (x + y)", "-(x + y)"), ("1-1", "1 - 1"), ("a atan2 b", "a atan2 b"),
        ("up{job=\"a\",}", #"up{job="a"}"#), ("{job=\"a\"}", #"{job="a"}"#),
        ("x @ start()", "x @ start()"), ("x offset -1h30m", "x offset -1h30m"),
        ("a * ignoring() group_left b", "a * ignoring () group_left b"),
        ("a * on (i) group_left () (b)", "a * on (i) group_left () (b)"),
    ] as [(String, String)])
    func prometheusStyle(_ input: String, _ expected: String) throws {
        let expr = try parse(input)
        #expect(expr.formatted() == expected)
        #expect(expr.description == expected)
        #expect(try parse(expected) == expr)
    }

    /// Trees built by hand get the parentheses their shape needs.
    @Test func handBuiltTreesGetNeededParentheses() throws {
        let a = sel("a"), b = sel("b"), c = sel("c")
        let cases: [(PromQLExpr, String)] = [
            (bin(.mul, bin(.add, a, b), c), "(a + b) * c"),
            (bin(.sub, a, bin(.sub, b, c)), "a - (b - c)"),
            (bin(.pow, bin(.pow, a, b), c), "(a ^ b) ^ c"),
            (bin(.pow, a, bin(.pow, b, c)), "a ^ b ^ c"),
            (bin(.pow, .number(-2), .number(2)), "(-2) ^ 2"),
            (bin(.pow, .unary(.minus, a), b), "(-a) ^ b"),
            (.unary(.minus, bin(.mul, a, b)), "-(a * b)"),
            (.unary(.minus, bin(.pow, a, b)), "-a ^ b"),
            (.subquery(PromQLSubquery(expr: bin(.add, a, b), range: PromQLDuration("1h")!)), "(a + b)[1h:]"),
            (.subquery(PromQLSubquery(expr: .unary(.minus, a), range: PromQLDuration("1h")!)), "(-a)[1h:]"),
            (bin(.and, bin(.or, a, b), c), "(a or b) and c"),
            (bin(.mul, a, .paren(b), matching: PromQLVectorMatching(on: true, labels: ["x"], group: .left([]))),
             "a * on (x) group_left () (b)"),
            (bin(.mul, a, bin(.add, b, c), matching: PromQLVectorMatching(on: true, labels: ["x"], group: .left([]))),
             "a * on (x) group_left () (b + c)"),
        ]
        for (tree, text) in cases {
            #expect(tree.formatted() == text)
            #expect(try parse(text).canonicalized() == tree.canonicalized(), "\(text)")
        }
    }
}
