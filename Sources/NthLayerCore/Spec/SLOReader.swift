import Foundation

/// Reads one SLO from any dialect. Fields may sit directly on the SLO or inside `indicator:`.
struct SLOReader {
    static let sloKeys = ["name", "type", "kind", "objective", "target", "window", "good_query", "error_query",
                          "total_query", "query", "threshold_ms", "percentile", "histogram", "selector", "minimum",
                          "threshold_rps", "unit", "description", "indicator", "indicators", "labels"]
    static let indicatorKeys = ["type", "query", "good_query", "error_query", "total_query", "percentile",
                                "threshold_ms", "histogram", "selector", "latency_query", "success_ratio", "minimum"]
    static let judgmentNames = ["reversal_rate", "high_confidence_failure", "calibration", "feedback_latency"]

    let reader: SpecReader
    let service: ServiceContext

    /// Context an SLO needs from its service.
    struct ServiceContext {
        var name: String
        var team: String
        var tier: Tier?
        var type: ServiceType?
        var environment: String?
    }

    /// `node` is the SLO's body: a mapping, or a bare number (flat form: the objective).
    func read(name: String, nameLocation: SourceLocation, node: SpecNode, field: String) -> SLOSpec? {
        let errorsBefore = reader.diagnostics.filter(\.isError).count
        if !SLOReader.isValidName(name) {
            reader.error("E111", nameLocation, field,
                         "\"\(name)\" is not a valid SLO name: lower-case letters, digits, \"-\" and \"_\", starting with a letter")
        }
        // Flat shorthand: `availability: 99.0`.
        var body: [SpecNode.Entry] = []
        var bareObjective: SpecNode?
        if node.scalar != nil, !node.isNull {
            bareObjective = node
        } else if let entries = reader.mapping(node, field) {
            body = entries
            reader.checkKeys(entries, known: SLOReader.sloKeys, field)
        } else {
            return nil
        }
        func value(_ key: String) -> SpecNode? { body.first { $0.key == key }?.value }
        var indicator: [SpecNode.Entry] = []
        var indicatorField = field
        if let ind = value("indicator") {
            indicatorField = field.dot("indicator")
            indicator = reader.mapping(ind, indicatorField) ?? []
            reader.checkKeys(indicator, known: SLOReader.indicatorKeys, indicatorField)
        }
        // Legacy alternate form: indicators: [{success_ratio: {good_query, total_query}}, {latency_query, threshold_ms}]
        if let list = value("indicators"), let items = reader.sequence(list, field.dot("indicators")) {
            for (i, item) in items.enumerated() {
                let itemField = field.dot("indicators").index(i)
                guard let entries = reader.mapping(item, itemField) else { continue }
                for entry in entries {
                    if entry.key == "success_ratio", let inner = reader.mapping(entry.value, itemField.dot("success_ratio")) {
                        indicator += inner
                        indicatorField = itemField.dot("success_ratio")
                    } else {
                        indicator.append(entry)
                    }
                }
            }
        }
        /// A field from the SLO body or, failing that, its indicator, with the path it was found at.
        func lookup(_ keys: String...) -> (node: SpecNode, field: String)? {
            for key in keys {
                if let v = value(key) { return (v, field.dot(key)) }
                if let v = indicator.first(where: { $0.key == key })?.value { return (v, indicatorField.dot(key)) }
            }
            return nil
        }

        // Type
        let typeText = lookup("type", "kind").flatMap { found in reader.string(found.node, found.field).map { t in (t, found) } }
        var type: SLOType?
        if let (text, found) = typeText {
            type = SLOType(rawValue: text.lowercased().replacingOccurrences(of: "-", with: "_"))
            if type == nil {
                let names = SLOType.allCases.map(\.rawValue)
                reader.error("E209", found.node.location, found.field,
                             "unknown SLO type \"\(text)\"; expected \(names.joined(separator: ", "))\(Suggestion.hint(for: text, in: names))")
                return nil
            }
        }
        let hasThreshold = lookup("threshold_ms") != nil || lookup("histogram") != nil
        let hasMinimum = lookup("minimum", "threshold_rps") != nil
        let hasRatioQueries = lookup("good_query", "error_query", "total_query", "query") != nil
        if type == nil { type = SLOReader.inferType(name: name, hasThreshold: hasThreshold, hasMinimum: hasMinimum,
                                                    hasRatioQueries: hasRatioQueries) }
        guard let type else {
            reader.error("E211", nameLocation, field,
                         "cannot tell what SLO \"\(name)\" measures; set type: availability, latency, throughput, error_rate or judgment")
            return nil
        }
        if type == .judgment, service.type != nil, service.type != .aiGate {
            reader.error("E212", nameLocation, field, "judgment SLOs are only for services of type ai-gate")
        }

        // Percentile (latency)
        var percentile: Decimal?
        if let found = lookup("percentile"), let text = reader.string(found.node, found.field) {
            let digits = text.lowercased().hasPrefix("p") ? String(text.dropFirst()) : text
            if let p = DecimalText.parse(digits), p > 0, p < 100 {
                percentile = p
            } else {
                reader.error("E206", found.node.location, found.field, "percentile must lie strictly between p0 and p100")
            }
        }

        // Objective
        var objective: Decimal?
        if let bare = bareObjective {
            objective = checkedObjective(bare, field)
        } else if let found = lookup("objective", "target") {
            objective = checkedObjective(found.node, found.field)
        } else if type == .latency {
            objective = percentile ?? 99
        } else if type == .availability || type == .errorRate {
            objective = service.tier?.defaultAvailability
        } else if type == .throughput {
            objective = 99
        }

        // Window
        var window = Window.days(30)
        if let found = lookup("window") {
            if let text = reader.string(found.node, found.field) {
                if let w = Window(period: text), w >= .days(1), w <= .days(365) {
                    window = w
                } else {
                    reader.error("E204", found.node.location, found.field,
                                 "\"\(text)\" is not a window; use Nd, Nw or Nh (e.g. 30d)")
                }
            }
        }

        // Queries, with placeholders substituted.
        var values = ["service": service.name, "team": service.team, "window": window.description,
                      "env": service.environment ?? "prod"]
        if let tier = service.tier { values["tier"] = tier.rawValue }
        var queryLocations: [String: SourceLocation] = [:]
        func query(_ key: String, selector: Bool = false) -> String? {
            guard let found = lookup(key), let text = reader.string(found.node, found.field) else { return nil }
            queryLocations[key] = found.node.location
            return QueryChecker(reader: reader).check(text, node: found.node, field: found.field, values: values,
                                                       isSelector: selector, keepsRanges: type == .throughput)
        }
        let good = query("good_query"), bad = query("error_query"), total = query("total_query")
        let raw = query("query")
        let indicatorValue: Indicator
        switch type {
        case .latency:
            if let bad, let total { indicatorValue = .errorTotal(error: bad, total: total) }
            else if let good, let total { indicatorValue = .goodTotal(good: good, total: total) }
            else if let raw { indicatorValue = .goodRatio(query: raw) }
            else {
                var threshold: Decimal
                if let found = lookup("threshold_ms"), let t = reader.decimal(found.node, found.field) {
                    if t <= 0 { reader.error("E201", found.node.location, found.field, "threshold_ms must be greater than 0") }
                    threshold = t
                } else {
                    let tier = service.tier ?? .standard
                    threshold = Decimal(tier.defaultLatencyMs)
                    reader.warning("W205", nameLocation, field,
                                   "no threshold_ms; using the tier default of \(tier.defaultLatencyMs) ms (\(tier.rawValue))")
                }
                let histogram = lookup("histogram").flatMap { reader.string($0.node, $0.field) } ?? "http_request_duration_seconds"
                let selector = query("selector", selector: true) ?? "{service=\"\(PromQLText.escape(service.name))\"}"
                indicatorValue = .latency(histogram: histogram, selector: selector, thresholdMs: threshold)
            }
        case .throughput:
            var minimum: Decimal = 0
            if let found = lookup("minimum", "threshold_rps"), let m = reader.decimal(found.node, found.field) {
                if m <= 0 { reader.error("E208", found.node.location, found.field, "minimum must be greater than 0 requests per second") }
                minimum = m
            } else {
                reader.error("E208", nameLocation, field, "throughput SLO needs minimum (requests per second)")
            }
            let q = raw ?? total ?? "sum(rate(http_requests_total{service=\"\(PromQLText.escape(service.name))\"}[5m]))"
            indicatorValue = .throughput(query: q, minimum: minimum)
        default:
            if let bad, let total { indicatorValue = .errorTotal(error: bad, total: total) }
            else if let good, let total { indicatorValue = .goodTotal(good: good, total: total) }
            else if let raw { indicatorValue = .goodRatio(query: raw) }
            else if good != nil || bad != nil || total != nil {
                // A query that did not parse (E207) is the problem already reported; do not add a second one.
                if reader.diagnostics.filter(\.isError).count == errorsBefore {
                    reader.error("E210", nameLocation, field,
                                 "a ratio SLO needs total_query with good_query or error_query, or a single query")
                }
                return nil
            } else {
                if type == .judgment {
                    reader.error("E210", nameLocation, field, "a judgment SLO needs a query")
                }
                indicatorValue = .typeDefault
            }
        }

        let errorsAfter = reader.diagnostics.filter(\.isError).count
        guard errorsAfter == errorsBefore, let objective else { return nil }
        var slo = SLOSpec(name: name, type: type, objective: objective, window: window, indicator: indicatorValue,
                          location: nameLocation)
        slo.percentile = percentile
        slo.queryLocations = queryLocations
        return slo
    }

    private func checkedObjective(_ node: SpecNode, _ field: String) -> Decimal? {
        guard let x = reader.decimal(node, field) else { return nil }
        if x > 0 && x <= 1 {
            reader.error("E202", node.location, field,
                         "\(DecimalText.format(x)) looks like a ratio; objectives are percentages — write \(DecimalText.format(x * 100))")
            return nil
        }
        if x == 100 {
            reader.error("E203", node.location, field, "an objective of 100 leaves no error budget; use at most 99.999")
            return nil
        }
        if x <= 0 || x > 100 {
            reader.error("E201", node.location, field, "objective must be greater than 0 and below 100 (percent)")
            return nil
        }
        return x
    }

    static func inferType(name: String, hasThreshold: Bool, hasMinimum: Bool, hasRatioQueries: Bool) -> SLOType? {
        let n = name.lowercased()
        if judgmentNames.contains(n) { return .judgment }
        switch n {
        case "availability": return .availability
        case "error_rate", "error-rate": return .errorRate
        case "latency", "latency_p50", "latency_p95", "latency_p99": return .latency
        case "throughput": return .throughput
        default: break
        }
        if n.contains("latency") || n.contains("duration") { return .latency }
        if n.contains("avail") { return .availability }
        if n.contains("error") { return .errorRate }
        if n.contains("throughput") || n.contains("rps") { return .throughput }
        if hasThreshold { return .latency }
        if hasMinimum { return .throughput }
        if hasRatioQueries { return .availability }
        return nil
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase, name.count <= 63 else { return false }
        return name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
    }
}

/// Checks one PromQL query of a spec: placeholders, parse errors mapped to the written column, value type.
struct QueryChecker {
    let reader: SpecReader

    /// Returns the query with placeholders substituted, or nil when it does not parse.
    func check(_ text: String, node: SpecNode, field: String, values: [String: String],
               isSelector: Bool = false, keepsRanges: Bool = false) -> String? {
        let substitution = PlaceholderSubstitution(text, values: values)
        for (name, offset) in substitution.unknown {
            let hint = Suggestion.hint(for: name, in: PlaceholderSubstitution.known, quoted: false)
            let suggestion = hint.isEmpty ? "" : " (did you mean ${\(Suggestion.closest(to: name, in: PlaceholderSubstitution.known)!)}?)"
            reader.warning("W210", node.location(ofOffset: offset), field, "unknown placeholder ${\(name)}\(suggestion)")
        }
        for (name, offset) in substitution.environmentNames {
            reader.warning("W214", node.location(ofOffset: offset), field,
                           "${\(name)} is an environment variable; they are expanded only in alerting.channels")
        }
        let query = substitution.text
        if query.count > 20_000 || PromQLLimits.nestingDepth(query) > PromQLLimits.maximumDepth {
            reader.error("E207", node.location, field, "query is too large or nested too deeply to be a real SLI")
            return nil
        }
        if isSelector {
            do {
                _ = try PromQL.parseSelector(query)
            } catch let error as PromQLParseError {
                let at = node.location(ofOffset: substitution.originalOffset(error.offset))
                reader.error("E207", at, field, "label selector parse error: \(error.message)")
                return nil
            } catch {
                reader.error("E207", node.location, field, "label selector parse error: \(error)")
                return nil
            }
            return query
        }
        do {
            let expr = try PromQL.parse(query)
            if expr.valueType != .instantVector {
                reader.error("E207", node.location, field,
                             "query must return an instant vector, but returns a \(expr.valueType.displayName)")
                return nil
            }
            if !keepsRanges, expr.rewritingRanges(to: "5m").sawSubquery {
                reader.warning("W215", node.location, field,
                               "subquery ranges are kept as written; only plain range selectors follow the alert windows")
            }
        } catch {
            let at = node.location(ofOffset: substitution.originalOffset(error.offset))
            reader.error("E207", at, field, "PromQL parse error: \(error.message)")
            return nil
        }
        return query
    }
}

/// Building PromQL text from untrusted names.
public enum PromQLText {
    /// Escapes a label value for a double-quoted PromQL string (the PromQL printer's own escaping).
    public static func escape(_ value: String) -> String { PromQL.escapeLabelValue(value) }
}

extension PromQLValueType {
    var displayName: String {
        switch self {
        case .scalar: return "scalar"
        case .instantVector: return "instant vector"
        case .rangeVector: return "range vector"
        case .string: return "string"
        }
    }
}

/// Bounds on user queries: the parser and printer recurse, so depth is checked before parsing.
enum PromQLLimits {
    static let maximumDepth = 128

    /// Brackets nest, and so do unary signs: `----1` recurses once per sign in the parser.
    static func nestingDepth(_ text: String) -> Int {
        var depth = 0, deepest = 0, signs = 0
        var quote: Character?
        var escaped = false
        for ch in text {
            if let q = quote {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "\"", "'", "`": quote = ch; signs = 0
            case "(", "[", "{": depth += 1; deepest = max(deepest, depth); signs = 0
            case ")", "]", "}": depth = max(0, depth - 1); signs = 0
            case "-", "+": signs += 1; deepest = max(deepest, depth + signs)
            case " ", "\t", "\n", "\r": break
            default: signs = 0
            }
        }
        return deepest
    }
}
