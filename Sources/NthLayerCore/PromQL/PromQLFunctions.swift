/// A PromQL function signature, as in Prometheus' `promql/parser/functions.go`.
public struct PromQLFunction: Sendable, Hashable {
    public let name: String
    public let argTypes: [PromQLValueType]
    /// 0: exactly `argTypes.count` arguments; n > 0: the last argument may be omitted or repeated up to n
    /// times in all (`round`, `hour`); -1: the last argument may repeat without limit (`label_join`).
    public let variadic: Int
    public let returnType: PromQLValueType
    /// The first Prometheus release that has the function; `promtool` 2.42 rejects later ones.
    public let since: String

    init(_ name: String, _ argTypes: [PromQLValueType], _ returnType: PromQLValueType = .instantVector,
         variadic: Int = 0, since: String = "2.0") {
        self.name = name
        self.argTypes = argTypes
        self.variadic = variadic
        self.returnType = returnType
        self.since = since
    }

    /// Smallest number of arguments.
    public var minArgs: Int { variadic == 0 ? argTypes.count : argTypes.count - 1 }
    /// Largest number of arguments, nil when unlimited.
    public var maxArgs: Int? {
        if variadic == 0 { return argTypes.count }
        if variadic < 0 { return nil }
        return argTypes.count - 1 + variadic
    }

    /// The expected type of argument `index` (the last type repeats for variadic functions).
    public func argType(at index: Int) -> PromQLValueType? {
        if index < 0 { return nil }
        if index < argTypes.count { return argTypes[index] }
        return variadic != 0 ? argTypes.last : nil
    }
}

extension PromQL {
    /// The functions the parser accepts: those of Prometheus 2.42 plus the non-experimental native-histogram
    /// helpers added since (their `since` says so).
    public static let functions: [String: PromQLFunction] = {
        let v: PromQLValueType = .instantVector, m: PromQLValueType = .rangeVector
        let s: PromQLValueType = .scalar, str: PromQLValueType = .string
        let list: [PromQLFunction] = [
            .init("abs", [v]), .init("absent", [v]), .init("absent_over_time", [m]),
            .init("acos", [v]), .init("acosh", [v]), .init("asin", [v]), .init("asinh", [v]),
            .init("atan", [v]), .init("atanh", [v]),
            .init("avg_over_time", [m]), .init("ceil", [v]), .init("changes", [m]),
            .init("clamp", [v, s, s]), .init("clamp_max", [v, s]), .init("clamp_min", [v, s]),
            .init("cos", [v]), .init("cosh", [v]), .init("count_over_time", [m]),
            .init("days_in_month", [v], variadic: 1), .init("day_of_month", [v], variadic: 1),
            .init("day_of_week", [v], variadic: 1), .init("day_of_year", [v], variadic: 1),
            .init("deg", [v]), .init("delta", [m]), .init("deriv", [m]), .init("exp", [v]),
            .init("floor", [v]),
            .init("histogram_count", [v], since: "2.40"), .init("histogram_sum", [v], since: "2.40"),
            .init("histogram_fraction", [s, s, v], since: "2.40"),
            .init("histogram_quantile", [s, v]),
            .init("histogram_avg", [v], since: "2.50"), .init("histogram_stddev", [v], since: "2.50"),
            .init("histogram_stdvar", [v], since: "2.50"),
            .init("holt_winters", [m, s, s]),
            .init("hour", [v], variadic: 1), .init("idelta", [m]), .init("increase", [m]),
            .init("irate", [m]),
            .init("label_replace", [v, str, str, str, str]),
            .init("label_join", [v, str, str, str], variadic: -1),
            .init("last_over_time", [m]), .init("ln", [v]), .init("log10", [v]), .init("log2", [v]),
            .init("max_over_time", [m]), .init("min_over_time", [m]),
            .init("minute", [v], variadic: 1), .init("month", [v], variadic: 1),
            .init("pi", [], s), .init("predict_linear", [m, s]), .init("present_over_time", [m]),
            .init("quantile_over_time", [s, m]), .init("rad", [v]), .init("rate", [m]),
            .init("resets", [m]), .init("round", [v, s], variadic: 1), .init("scalar", [v], s),
            .init("sgn", [v]), .init("sin", [v]), .init("sinh", [v]), .init("sort", [v]),
            .init("sort_desc", [v]), .init("sqrt", [v]),
            .init("stddev_over_time", [m]), .init("stdvar_over_time", [m]), .init("sum_over_time", [m]),
            .init("tan", [v]), .init("tanh", [v]), .init("time", [], s), .init("timestamp", [v]),
            .init("vector", [s]), .init("year", [v], variadic: 1),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()
}
