import Testing
@testable import NthLayerCore

private func canonical(_ text: String) throws -> String { try PromQL.parse(text).canonical() }

@Suite("PromQL canonical form")
struct PromQLCanonicalTests {
    /// Spellings Prometheus treats as the same expression: they must print identically.
    @Test(arguments: [
        // Matcher order, whitespace, comments, duplicates, quoting.
        (#"up{a="1",b="2"}"#, #"up{b="2",a="1"}"#),
        (#"up{a="1",b=~"2",c!="3"}"#, #"up{ c != "3" , b =~ "2" , a = "1" , }"#),
        ("sum(rate(x[5m]))", "sum ( rate( x[ 5m ] ) )"),
        ("sum(rate(x[5m]))", "sum(\n  rate(x[5m]) # per second\n)\n"),
        (#"up{a="1"}"#, #"up{a="1",a="1"}"#),
        (#"x{status=~"5.."}"#, #"x{status=~'5..'}"#),
        (#"x{status=~"5.."}"#, "x{status=~`5..`}"),
        (#"label_replace(x, "a", "$1", "b", "(.*)")"#, #"label_replace(x, 'a', '$1', 'b', `(.*)`)"#),
        (#"x{a="\u00e9"}"#, #"x{a="é"}"#),
        // __name__.
        (#"up{job="api"}"#, #"{__name__="up",job="api"}"#),
        (#"up{job="api"}"#, #"{job="api",__name__="up"}"#),
        // Numbers.
        ("x > 1000", "x > 1e3"), ("x > 1000", "x > 1000.0"), ("x > 1000", "x > 1E+3"), ("x > 1000", "x > 0x3E8"),
        ("x > 0.5", "x > 0.50"), ("x > 0.5", "x > .5"), ("x > 0.5", "x > 5e-1"),
        ("x > 0.0144", "x > 1.44e-2"), ("x > 0.0144", "x > 14.4 * 0.001"), ("x > 0.0144", "x > (14.4*0.001)"),
        ("x > 0.0072", "x > 14.4 * 0.0005"), ("x > 0.001", "x > (1 - 0.999)"), ("x > 0.3", "x > 0.1 + 0.2"),
        ("x > 0.14", "x > (14 * (1-0.99))"), ("x > 0.006", "x > 6 * (1 - 0.999)"),
        ("x * 16", "x * 0x10"), ("x * 8", "x * 010"), ("x * -1", "x * -(1)"), ("x * 2", "x * +2"),
        ("x > 345600", "x > 4 * 24 * 3600"), ("x > 0.25", "x > ( 25 / 100 )"), ("x > Inf", "x > inf"),
        ("x > Inf", "x > +Inf"), ("x > Inf", "x > 1 / 0"), ("x != NaN", "x != nan"), ("x > 1", "x > (1 > bool 0)"),
        ("topk(5, x)", "topk(5.0, x)"), ("quantile(0.9, x)", "quantile(0.90, x)"),
        ("histogram_quantile(0.99, x)", "histogram_quantile((0.99), x)"),
        // Durations.
        ("rate(x[1h])", "rate(x[60m])"), ("rate(x[5m])", "rate(x[300s])"), ("rate(x[1h])", "rate(x[1h0m])"),
        ("rate(x[1m30s])", "rate(x[90s])"), ("rate(x[1w])", "rate(x[7d])"), ("rate(x[1s500ms])", "rate(x[1500ms])"),
        ("x offset 1h", "x offset 60m"), ("max_over_time(x[1h:1m])", "max_over_time(x[60m:60s])"),
        // Parentheses.
        ("sum(a) / sum(b)", "(sum(a)) / (sum(b))"), ("x", "((x))"), ("a + b + c", "(a + b) + c"),
        ("a * b + c", "(a * b) + c"), ("a ^ b ^ c", "a ^ (b ^ c)"), ("-a ^ b", "-(a ^ b)"),
        ("rate(x[5m])[1h:]", "(rate(x[5m]))[1h:]"), ("a > 1 and b", "(a > 1) and (b)"),
        ("1 - a / b", "1 - (a / b)"), ("sum(rate(x[5m]))", "sum((rate(x[5m])))"),
        // Grouping lists and position, keyword case.
        ("sum by (a, b) (x)", "sum(x) by (b,a)"), ("sum by (a, b) (x)", "SUM BY (b, a, a) (x)"),
        ("sum(x)", "sum by () (x)"), ("sum(x)", "sum(x) by ()"),
        ("sum without (a, b) (x)", "sum(x) without (b,a)"), ("topk by (a) (5, x)", "TopK(5, x) By (a)"),
        ("a and on (a, b) b", "a AND ON(b,a) b"), ("a or b", "a OR b"), ("a unless b", "a UNLESS b"),
        ("a atan2 b", "a ATAN2 b"), ("x > bool 1", "x > BOOL 1"), ("x offset 5m", "x OFFSET 5m"),
        ("x @ start()", "x @ START()"), ("x @ end()", "x @ End()"),
        ("a / on (x) group_left (b, c) b", "a / ON(x) GROUP_LEFT(c,b) b"),
        ("a / on (x) group_left b", "a / on(x) group_left() b"),
        ("a / ignoring (x) group_right (y) b", "a / ignoring(x,x) group_right(y,y) b"),
        // Modifiers that change nothing.
        ("a + b", "a + ignoring() b"), ("1 + x", "1 + on() x"), ("x", "+x"), ("a - b", "a - +b"),
        ("x @ 100 offset 5m", "x offset 5m @ 100"), ("x @ 100", "x @ 100.000"),
        ("rate(x[5m] @ 100 offset 1h)", "rate(x[5m] offset 1h @ 100.0)"),
        // drift.md §1.2 examples, both ways round.
        (#"up{job="api"}"#, #"{__name__="up",job="api"}"#),
        ("sum by (y, z) (rate(x[5m]))", "sum(rate(x[5m])) by (z,y)"),
        ("A and on (a, b) B", "A AND ON(b,a) B"),
        // A realistic burn alert, written two ways.
        (#"slo:sli_error:ratio_rate1h{service="checkout-svc",slo="availability"} > 0.0144 and slo:sli_error:ratio_rate5m{service="checkout-svc",slo="availability"} > 0.0144"#,
         #"(slo:sli_error:ratio_rate1h{slo='availability', service='checkout-svc'} > (14.4 * (1 - 0.999))) AND (slo:sli_error:ratio_rate5m{slo="availability",service="checkout-svc"} > 1.44e-2)"#),
        (#"sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m]))"#,
         #"sum(rate(http_request_duration_seconds_bucket{job='api'}[300s])) BY (le)"#),
    ] as [(String, String)])
    func equivalentSpellingsPrintIdentically(_ a: String, _ b: String) throws {
        let ca = try canonical(a), cb = try canonical(b)
        #expect(ca == cb)
        #expect(try canonical(ca) == ca)
    }

    /// Real changes: must print differently.
    @Test(arguments: [
        ("x > 0.001", "x > 0.005"), ("x > 14.4 * 0.001", "x > 14.4 * 0.0005"), ("x > 0.999", "x > 0.9990000000000001"),
        ("x > 14.4 * 0.001", "x > 14.4 * 0.0009999999999999432"), ("x > 1", "x > -1"), ("x > 1", "x > 1 / 1000"),
        (#"up{job="a"}"#, #"up{job="b"}"#), (#"up{job="a"}"#, #"up{instance="a"}"#), (#"up{job="a"}"#, #"up{job="a",env="p"}"#),
        (#"up{job="a"}"#, #"up{job=~"a"}"#), (#"up{job!="a"}"#, #"up{job!~"a"}"#), (#"up{job="a"}"#, #"up{job="A"}"#),
        (#"up{job="a"}"#, #"{__name__=~"up",job="a"}"#), ("up", "down"), ("up", "UP"),
        ("x > 1", "x >= 1"), ("x == 1", "x != 1"), ("x < 1", "x <= 1"), ("a + b", "a - b"), ("a * b", "a / b"),
        ("a % b", "a ^ b"), ("a and b", "a or b"), ("a and b", "a unless b"), ("a * b", "a atan2 b"),
        ("rate(x[5m])", "rate(x[1h])"), ("rate(x[5m])", "rate(x[5m1s])"), ("x[1h:]", "x[1h:1m]"), ("x[1h:1m]", "x[1h:2m]"),
        ("x[1h:1m]", "x[2h:1m]"), ("x", "x offset 5m"), ("x offset 5m", "x offset -5m"), ("x offset 1h", "x offset 1h1s"),
        ("x @ start()", "x @ end()"), ("x @ 100", "x @ 100.001"), ("x", "x @ 100"),
        ("rate(x[5m])", "irate(x[5m])"), ("rate(x[5m])", "increase(x[5m])"), ("sum(x)", "avg(x)"), ("min(x)", "max(x)"),
        ("sum by (a) (x)", "sum without (a) (x)"), ("sum by (a) (x)", "sum by (a, b) (x)"), ("sum by (a) (x)", "sum(x)"),
        ("sum without () (x)", "sum(x)"), ("topk(5, x)", "topk(10, x)"), ("topk(5, x)", "bottomk(5, x)"),
        ("quantile(0.9, x)", "quantile(0.99, x)"), (#"count_values("a", x)"#, #"count_values("b", x)"#),
        ("x > bool 1", "x > 1"), ("a + on (x) b", "a + ignoring (x) b"), ("a + on () b", "a + b"),
        ("a * on (x) group_left b", "a * on (x) group_right b"), ("a * on (x) group_left (y) b", "a * on (x) group_left b"),
        ("a * on (x) b", "a * on (x) group_left b"), ("a * ignoring () group_left b", "a * b"),
        ("a / b", "b / a"), ("a - b", "b - a"), ("(a + b) * c", "a + b * c"), ("a - (b - c)", "a - b - c"),
        ("(2 ^ 3) ^ 2", "2 ^ 3 ^ 2"), ("-x", "x"), ("-(-x)", "x"), ("a or b and c", "(a or b) and c"),
        (#"label_replace(x, "a", "$1", "b", "(.*)")"#, #"label_replace(x, "a", "$2", "b", "(.*)")"#),
        ("histogram_quantile(0.99, x)", "histogram_quantile(0.95, x)"), ("vector(0)", "vector(1)"),
        ("absent(up)", "absent_over_time(up[5m])"), ("time()", "vector(time())"), ("x", "sum(x)"),
        (#"x{a=""}"#, #"x{a!=""}"#), ("clamp_min(x, 0)", "clamp_max(x, 0)"), (#""a""#, #""b""#), ("1", "-1"),
    ] as [(String, String)])
    func realChangesPrintDifferently(_ a: String, _ b: String) throws {
        #expect(try canonical(a) != canonical(b))
    }

    /// Exact canonical text, from drift.md §1.2 and beyond.
    @Test(arguments: [
        (#"{__name__="up",job="api"}"#, #"up{job="api"}"#),
        ("sum(rate(x[5m])) by (z,y)", "sum by (y, z) (rate(x[5m]))"),
        ("rate(x[300s])", "rate(x[5m])"), ("rate(x[60m])", "rate(x[1h])"), ("rate(x[1h0m])", "rate(x[1h])"),
        ("rate(x[90s])", "rate(x[1m30s])"),
        ("x > 1.44e-2", "x > 0.0144"), ("x > 14.4 * 0.0005", "x > 0.0072"),
        ("(sum(a)) / (sum(b))", "sum(a) / sum(b)"),
        ("A AND ON(b,a) B", "A and on (a, b) B"),
        ("x{s=~'5..'}", #"x{s=~"5.."}"#),
        (#"x{b="2",a=~"1",a="1",a!="0"}"#, #"x{a="1",a!="0",a=~"1",b="2"}"#),
        ("(a + b) * c", "(a + b) * c"), ("a + (b * c)", "a + b * c"), ("-(a * b)", "-(a * b)"), ("(-a) * b", "-a * b"),
        ("(a)[1h:]", "a[1h:]"), ("(a + b)[1h:]", "(a + b)[1h:]"), ("sum by () (x)", "sum(x)"),
        ("a + ignoring () b", "a + b"), ("a * ignoring () group_left b", "a * ignoring () group_left b"),
        ("a * on(x) group_left() (b)", "a * on (x) group_left b"),
        ("a * on(x) group_left() (b + c)", "a * on (x) group_left () (b + c)"),
        ("(-2) ^ 2", "4"), ("2 ^ 0.5", "1.4142135623730951"), ("7 % 4", "3"), ("1 / 3", "0.3333333333333333"),
        ("1 == bool 1", "1"), ("2 < bool 1", "0"), ("1 atan2 2", "1 atan2 2"), ("0 * -1", "-0"), ("1 - 1", "0"),
        ("1e300 * 1e300", "Inf"), ("1e-300 * 1e-300", "0"), ("0 / 0", "NaN"), ("-1 / 0", "-Inf"),
        ("vector(1 - 0.999)", "vector(0.001)"), ("x * (1 - 0.9995)", "x * 0.0005"),
    ] as [(String, String)])
    func exactCanonicalText(_ input: String, _ expected: String) throws {
        #expect(try canonical(input) == expected)
        #expect(try canonical(expected) == expected)
    }

    @Test func canonicalizedTreeHasNoParentheses() throws {
        let expr = try PromQL.parse("((a) + (sum((b))))")
        var parens = 0
        expr.canonicalized().visit { if case .paren = $0 { parens += 1 } }
        #expect(parens == 0)
        // Formatting keeps them.
        #expect(expr.formatted() == "((a) + (sum((b))))")
    }
}
