import Testing
@testable import NthLayerCore

@Suite("PromQL rewriting: ranges")
struct PromQLRangeRewriteTests {
    @Test(arguments: [
        ("sum(rate(x[5m])) / sum(rate(y[5m]))", "30m", "sum(rate(x[30m])) / sum(rate(y[30m]))"),
        (#"sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[1h]))"#, "6h",
         #"sum(rate(http_requests_total{code=~"5.."}[6h])) / sum(rate(http_requests_total[6h]))"#),
        ("rate(x[5m] offset 1h)", "1h", "rate(x[1h] offset 1h)"),
        ("rate(x[5m] @ 100 offset 5m)", "2h", "rate(x[2h] @ 100 offset 5m)"),
        ("x offset 5m", "1h", "x offset 5m"),
        ("up", "1h", "up"),
        ("1 - avg_over_time(slo:throughput:compliance[30d])", "3d", "1 - avg_over_time(slo:throughput:compliance[3d])"),
        ("histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))", "1h30m",
         "histogram_quantile(0.99, sum by (le) (rate(x_bucket[1h30m])))"),
        ("increase(x[1h])", "30d", "increase(x[30d])"),
        ("increase(x[1h])", "7d", "increase(x[1w])"),
        ("increase(x[1h])", "90s", "increase(x[1m30s])"),
        ("(sum(rate(x[5m])))", "1h", "(sum(rate(x[1h])))"),
        ("topk(5, rate(x[5m])) and on () (count_over_time(y[10m]) > 0)", "1h",
         "topk(5, rate(x[1h])) and on () (count_over_time(y[1h]) > 0)"),
    ] as [(String, String, String)])
    func rewritesEveryRangeSelector(_ input: String, _ window: String, _ expected: String) throws {
        let (expr, sawSubquery) = try PromQL.parse(input).rewritingRanges(to: window)
        #expect(expr.formatted() == expected)
        #expect(!sawSubquery)
        #expect(try PromQL.parse(expected) == expr)
    }

    @Test func subqueryRangesAreLeftAndReported() throws {
        let input = "max_over_time(rate(x[5m])[1h:1m]) / min_over_time(sum(rate(y[5m]))[30m:] offset 1h)"
        let (expr, sawSubquery) = try PromQL.parse(input).rewritingRanges(to: "30m")
        #expect(sawSubquery)
        #expect(expr.formatted() == "max_over_time(rate(x[30m])[1h:1m]) / min_over_time(sum(rate(y[30m]))[30m:] offset 1h)")
        #expect(try PromQL.parse(input).containsSubquery)
        #expect(try !PromQL.parse("rate(x[5m])").containsSubquery)
        // A subquery without inner ranges.
        let plain = try PromQL.parse("max_over_time(up[1h:])").rewritingRanges(to: "5m")
        #expect(plain.sawSubquery && plain.expr.formatted() == "max_over_time(up[1h:])")
    }

    @Test func invalidWindowLeavesTheExpressionUnchanged() throws {
        let expr = try PromQL.parse("rate(x[5m])")
        for window in ["", "abc", "${window}", "0s", "-5m", "5", "1.5h"] {
            let result = expr.rewritingRanges(to: window)
            #expect(result.expr == expr)
            #expect(!result.sawSubquery)
        }
        let sq = try PromQL.parse("max_over_time(x[1h:])").rewritingRanges(to: "bad")
        #expect(sq.sawSubquery)
    }

    @Test func typedWindow() throws {
        let window = try #require(PromQLDuration("45m"))
        #expect(try PromQL.parse("rate(x[5m])").rewritingRanges(to: window).expr.formatted() == "rate(x[45m])")
    }

    /// How the generator uses it: parse, rewrite, format.
    @Test func generatorStyleUse() throws {
        let query = #"sum(rate(http_requests_total{service="checkout-svc",status=~"5.."}[5m]))"#
        let windows = ["5m", "30m", "1h", "6h", "1d", "3d", "30d"]
        for window in windows {
            let text = try PromQL.parse(query).rewritingRanges(to: window).expr.formatted()
            #expect(text == #"sum(rate(http_requests_total{service="checkout-svc",status=~"5.."}[\#(window)]))"#)
        }
    }
}

@Suite("PromQL rewriting: matchers")
struct PromQLMatcherRewriteTests {
    let job = PromQLLabelMatcher(name: "job", value: "payments-db")

    @Test(arguments: [
        ("pg_up == 0", #"pg_up{job="payments-db"} == 0"#),
        (#"pg_up{instance="a"} == 0"#, #"pg_up{instance="a",job="payments-db"} == 0"#),
        (#"pg_up{job="other"}"#, #"pg_up{job="other"}"#),
        (#"pg_up{job=~"pay.*"}"#, #"pg_up{job=~"pay.*"}"#),
        (#"pg_up{job!=""}"#, #"pg_up{job!=""}"#),
        ("rate(pg_stat_database_xact_commit[5m])", #"rate(pg_stat_database_xact_commit{job="payments-db"}[5m])"#),
        ("sum by (datname) (pg_stat_activity_count) > on (datname) group_left pg_settings_max_connections * 0.8",
         #"sum by (datname) (pg_stat_activity_count{job="payments-db"}) > on (datname) group_left pg_settings_max_connections{job="payments-db"} * 0.8"#),
        ("max_over_time(rate(x[5m])[1h:])", #"max_over_time(rate(x{job="payments-db"}[5m])[1h:])"#),
        (#"{__name__=~"pg_.*"}"#, #"{__name__=~"pg_.*",job="payments-db"}"#),
        ("topk(5, x) or vector(0)", #"topk(5, x{job="payments-db"}) or vector(0)"#),
        ("x offset 5m @ 100", #"x{job="payments-db"} @ 100 offset 5m"#),
        (#"label_replace(x, "job", "$1", "instance", "(.*)")"#, #"label_replace(x{job="payments-db"}, "job", "$1", "instance", "(.*)")"#),
    ] as [(String, String)])
    func mergesIntoEverySelector(_ template: String, _ expected: String) throws {
        let expr = try PromQL.parse(template).addingMatchers([job])
        #expect(expr.formatted() == expected)
        #expect(try PromQL.parse(expected) == expr)
    }

    @Test func severalMatchersSortedAndFirstWins() throws {
        let matchers = try PromQL.parseSelector(#"{job="payments-db",env=~"prod|stage",job="ignored"}"#)
        let expr = try PromQL.parse(#"redis_up{instance="r1"}"#).addingMatchers(matchers)
        #expect(expr.formatted() == #"redis_up{env=~"prod|stage",instance="r1",job="payments-db"}"#)
        // A metric name given as a matcher does not replace the selector's.
        let named = try PromQL.parse("up").addingMatchers([PromQLLabelMatcher(name: "__name__", value: "down")])
        #expect(named.formatted() == "up")
        // Nothing to add: unchanged.
        #expect(try PromQL.parse("up").addingMatchers([]) == PromQL.parse("up"))
    }

    @Test func untrustedValuesAreEscaped() throws {
        let nasty = PromQLLabelMatcher(name: "job", value: "a\"b\\c\nd}")
        let expr = try PromQL.parse("up").addingMatchers([nasty])
        #expect(expr.formatted() == #"up{job="a\"b\\c\nd}"}"#)
        #expect(try PromQL.parse(expr.formatted()) == expr)
    }
}

@Suite("PromQL helpers")
struct PromQLHelperTests {
    @Test(arguments: [
        ("sum(rate(a[5m])) / sum(rate(b[5m])) + a", ["a", "b"]),
        (#"{__name__="c"} or {__name__=~"d.*"} or {__name__="on"}"#, ["c", "on"]),
        ("topk(5, x) or y", ["x", "y"]),
        ("max_over_time(rate(z[5m])[1h:]) * on () group_left w", ["z", "w"]),
        ("sum(x) by (a) / count(y)", ["x", "y"]),
        ("histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))", ["h_bucket"]),
        ("slo:sli_error:ratio_rate5m > 0.001 and slo:sli_error:ratio_rate1h > 0.001", ["slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate1h"]),
        ("sum(sum) + count", ["sum", "count"]),
        ("vector(1) + time()", []),
        (#"{job="a"}"#, []),
    ] as [(String, [String])])
    func metricNames(_ text: String, _ names: [String]) throws {
        #expect(try PromQL.parse(text).metricNames == names)
    }

    @Test func vectorSelectorsAndChildren() throws {
        let expr = try PromQL.parse(#"sum(rate(a{x="1"}[5m])) / b offset 1h"#)
        #expect(expr.vectorSelectors.map(\.name) == ["a", "b"])
        #expect(expr.vectorSelectors[1].offset == PromQLDuration("1h"))
        #expect(expr.children.count == 2)
        var count = 0
        expr.visit { _ in count += 1 }
        #expect(count == 5) // binary, sum, rate, a[5m], b
        let doubled = expr.transformed { node in
            if case .number(let v) = node { return .number(v * 2) }
            return node
        }
        #expect(doubled == expr)
    }

    @Test(arguments: [
        (#"{job="x",env=~"prod|stage"}"#, [PromQLLabelMatcher(name: "job", value: "x"), PromQLLabelMatcher(name: "env", op: .regexMatch, value: "prod|stage")]),
        ("{}", []),
        ("  { }  ", []),
        (#"{job="x",}"#, [PromQLLabelMatcher(name: "job", value: "x")]),
        (#"{service="checkout-svc", status!~"5..", zone!="a"}"#, [
            PromQLLabelMatcher(name: "service", value: "checkout-svc"),
            PromQLLabelMatcher(name: "status", op: .regexNotMatch, value: "5.."),
            PromQLLabelMatcher(name: "zone", op: .notEqual, value: "a"),
        ]),
        (#"up{job="x"}"#, [PromQLLabelMatcher(name: "__name__", value: "up"), PromQLLabelMatcher(name: "job", value: "x")]),
        ("slo:x:y", [PromQLLabelMatcher(name: "__name__", value: "slo:x:y")]),
        (#"{job='a"b'}"#, [PromQLLabelMatcher(name: "job", value: "a\"b")]),
        (#"{job=~".*"}"#, [PromQLLabelMatcher(name: "job", op: .regexMatch, value: ".*")]),
        (#"{on="x",by="y"}"#, [PromQLLabelMatcher(name: "on", value: "x"), PromQLLabelMatcher(name: "by", value: "y")]),
    ] as [(String, [PromQLLabelMatcher])])
    func parseSelector(_ text: String, _ matchers: [PromQLLabelMatcher]) throws {
        #expect(try PromQL.parseSelector(text) == matchers)
    }

    @Test(arguments: [
        (#"{job="x""#, #"unexpected end of input in label matchers, expected "," or "}""#, 8),
        (#"{job=x}"#, #"unexpected identifier "x" in label matchers, expected string"#, 5),
        (#"job="x""#, #"unexpected "=" in label selector, expected "{" or end of input"#, 3),
        (#"{job="x"} + 1"#, #"unexpected "+" in label selector, expected end of input"#, 10),
        (#""x""#, #"unexpected string "x" in label selector, expected "{" or a metric name"#, 0),
        ("", #"unexpected end of input in label selector, expected "{" or a metric name"#, 0),
        (#"{job=~"(x"}"#, #"error parsing regexp: invalid regular expression "(x""#, 1),
        (#"up{__name__="x"}"#, #"metric name must not be set twice: "up" or "x""#, 0),
        (#"{job="${service}}"#, "unterminated quoted string", 17),
    ] as [(String, String, Int)])
    func parseSelectorErrors(_ text: String, _ message: String, _ offset: Int) {
        do {
            let matchers = try PromQL.parseSelectorTyped(text)
            Issue.record("parsed as \(matchers)")
        } catch {
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
        #expect(throws: PromQLParseError.self) { try PromQL.parseSelector(text) }
    }

    @Test(arguments: [
        "plain", "a\"b", "back\\slash", "new\nline", "tab\there", "\u{07}bell", "\u{7f}", "日本語", "emoji 👍🏽",
        "e\u{301}", "\u{2028}", "\u{FEFF}bom", "} or vector(1) or {a=\"", "${service}", "'single'", "`raw`", "",
    ])
    func escapeLabelValueRoundTrips(_ value: String) throws {
        let escaped = PromQL.escapeLabelValue(value)
        #expect(!escaped.contains("\n"))
        let matchers = try PromQL.parseSelector("{job=\"" + escaped + "\"}")
        #expect(matchers == [PromQLLabelMatcher(name: "job", value: value)])
        #expect(PromQL.quoteString(value) == "\"" + escaped + "\"")
    }

    @Test func escapeLabelValueExamples() {
        #expect(PromQL.escapeLabelValue(#"a"b\c"#) == #"a\"b\\c"#)
        #expect(PromQL.escapeLabelValue("x\ny\t") == #"x\ny\t"#)
        #expect(PromQL.escapeLabelValue("payments-db") == "payments-db")
    }

    @Test func matcherDescription() {
        #expect(PromQLLabelMatcher(name: "job", op: .regexNotMatch, value: "a\"b").description == #"job!~"a\"b""#)
        #expect(PromQLLabelMatcher.Op.allCases.map(\.rawValue) == ["=", "!=", "=~", "!~"])
        #expect(PromQLLabelMatcher.Op.regexMatch.isRegex && !PromQLLabelMatcher.Op.notEqual.isRegex)
    }
}
