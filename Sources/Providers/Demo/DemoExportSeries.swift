import Foundation
import NthLayerCore

/// Which raw series `demo export` writes so that every SLO's own SLI queries, run by a real Prometheus, select
/// exactly the world's counters.
///
/// Each SLO's queries are parsed into counter selectors (`sum(rate(<selector>[w]))`) and become *scopes*: a
/// selector and the counter its matches must add up to (the service's requests, or the SLO's bad or good events),
/// optionally *split* by the numerator's selector when numerator and denominator read one metric. Label sets are
/// synthesised per scope (equality matchers copied; a value matching each regex; negative matchers left unset),
/// scopes whose label sets another scope's series also satisfy are folded into those series (cart-svc's
/// availability total over all routes and its latency SLO on one route read the same series), and every split
/// adds one label value that does and one that does not satisfy the numerator (`code="500"` / `code="200"`).
/// Finally every SLO's queries are evaluated against all series; an SLO whose ratio is not exact — a judgment
/// query over a gauge, or selectors that collide with another SLO's — is dropped with the reason, and the plan is
/// rebuilt without it.
struct DemoExportPlan {
    enum Value: Hashable, Comparable {
        case requests(String)
        case bad(SLOKey)
        case good(SLOKey)
    }

    struct Series: Hashable {
        var metric: String
        var labels: [String: String]
        var value: Value
        var owners: Set<SLOKey>
        /// `metric{a="x",b="y"}` (labels sorted): the series' identity and its line prefix.
        var text: String { metric + DemoExportPlan.labelText(labels) }
    }

    /// What an SLO's SLI reads, for verification.
    enum Query {
        /// Δnumerator / Δdenominator is the error ratio.
        case errorTotal(PromQLVectorSelector, PromQLVectorSelector)
        /// Δnumerator / Δdenominator is the good ratio.
        case goodTotal(PromQLVectorSelector, PromQLVectorSelector)
        /// The selector adds up to the requests (throughput; its SLI reads `slo:throughput:compliance`).
        case requests(PromQLVectorSelector)
    }

    struct Scope {
        var owner: SLOKey
        var metric: String
        var matchers: [PromQLLabelMatcher]
        var value: Value
        /// Same-metric numerator: series it matches carry `matched`, the others `other`.
        var split: (matchers: [PromQLLabelMatcher], matched: Value, other: Value)?
    }

    var series: [Series] = []
    var queries: [SLOKey: Query] = [:]
    /// Exported SLOs, sorted.
    var exported: [SLOKey] = []
    /// SLOs that could not be exported, with the reason.
    var skipped: [(SLOKey, String)] = []
    /// Throughput SLOs (their compliance series is written too).
    var throughput: Set<SLOKey> = []

    // MARK: Building

    static func build(world: DemoWorld, services: [ServiceSpec]) -> DemoExportPlan {
        var dropped: [SLOKey: String] = [:]
        var plan = DemoExportPlan()
        for _ in 0..<12 {
            plan = DemoExportPlan()
            let regex = RegexCache()
            var scopes: [Scope] = []
            for service in services {
                for slo in service.slos {
                    let key = SLOKey(service: service.name, slo: slo.name)
                    if dropped[key] != nil { continue }
                    switch scopesFor(service: service, slo: slo, key: key) {
                    case .success(let (s, q)):
                        scopes += s
                        plan.queries[key] = q
                        if case .requests = q { plan.throughput.insert(key) }
                    case .failure(let reason):
                        dropped[key] = reason.message
                    }
                }
            }
            let (built, conflicts) = blocks(scopes, regex: regex)
            plan.series = built
            var failures = conflicts
            if failures.isEmpty { failures = plan.verify(world: world, regex: regex) }
            if failures.isEmpty {
                plan.exported = plan.queries.keys.sorted()
                plan.skipped = dropped.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
                return plan
            }
            for (key, reason) in failures where dropped[key] == nil { dropped[key] = reason }
        }
        // Could not converge (never seen): export nothing rather than something wrong.
        plan.series = []
        plan.queries = [:]
        plan.exported = []
        plan.skipped = services.flatMap { s in s.slos.map { (SLOKey(service: s.name, slo: $0.name), dropped[SLOKey(service: s.name, slo: $0.name)] ?? "selectors could not be satisfied together") } }
        return plan
    }

    struct Reason: Error { let message: String }

    /// The scopes and verification query of one SLO.
    static func scopesFor(service: ServiceSpec, slo: SLOSpec, key: SLOKey) -> Result<([Scope], Query), Reason> {
        func ratio(_ n: PromQLExpr, _ d: PromQLExpr, errors: Bool) -> Result<([Scope], Query), Reason> {
            guard let ns = counterSelector(n), let ds = counterSelector(d) else {
                return .failure(Reason(message: "queries are not sums of rates of one counter each"))
            }
            guard let nm = ns.name, let dm = ds.name else { return .failure(Reason(message: "selector without a metric name")) }
            let numeratorValue: Value = errors ? .bad(key) : .good(key)
            let query: Query = errors ? .errorTotal(ns, ds) : .goodTotal(ns, ds)
            if nm == dm {
                let other: Value = errors ? .good(key) : .bad(key)
                return .success(([Scope(owner: key, metric: dm, matchers: ds.matchers, value: .requests(service.name),
                                        split: (ns.matchers, numeratorValue, other))], query))
            }
            return .success(([Scope(owner: key, metric: dm, matchers: ds.matchers, value: .requests(service.name)),
                              Scope(owner: key, metric: nm, matchers: ns.matchers, value: numeratorValue)], query))
        }
        func parsed(_ q: String) -> PromQLExpr? { try? PromQL.parse(q) }

        switch slo.indicator {
        case .errorTotal(let e, let t):
            guard let n = parsed(e), let d = parsed(t) else { return .failure(Reason(message: "query does not parse")) }
            return ratio(n, d, errors: true)
        case .goodTotal(let g, let t):
            guard let n = parsed(g), let d = parsed(t) else { return .failure(Reason(message: "query does not parse")) }
            return ratio(n, d, errors: false)
        case .typeDefault:
            guard let text = try? SLIExpressions(service: service, slo: slo).errorRatio(at: .minutes(5)),
                  let e = parsed(text), case .binary(let b) = unparen(e), b.op == .div else {
                return .failure(Reason(message: "default query has an unexpected shape"))
            }
            return ratio(b.lhs, b.rhs, errors: true)
        case .goodRatio(let q):
            // `1 - A / B` (A bad) or `A / B` (A good), A and B sums of rates; anything else is a judgment call.
            guard let e = parsed(q) else { return .failure(Reason(message: "query does not parse")) }
            if case .binary(let outer) = unparen(e), outer.op == .sub, case .number(1) = unparen(outer.lhs),
               case .binary(let inner) = unparen(outer.rhs), inner.op == .div {
                return ratio(inner.lhs, inner.rhs, errors: true)
            }
            if case .binary(let b) = unparen(e), b.op == .div { return ratio(b.lhs, b.rhs, errors: false) }
            return .failure(Reason(message: "judgment query is not a ratio of counters (\(q))"))
        case .latency(let histogram, let selector, let threshold):
            guard let matchers = try? PromQL.parseSelector(selector.isEmpty ? "{}" : selector) else {
                return .failure(Reason(message: "histogram selector does not parse"))
            }
            let le = DecimalText.format(threshold / 1000)
            let bucket = PromQLVectorSelector(name: "\(histogram)_bucket", matchers: matchers + [PromQLLabelMatcher(name: "le", value: le)])
            let count = PromQLVectorSelector(name: "\(histogram)_count", matchers: matchers)
            return .success(([
                Scope(owner: key, metric: count.name!, matchers: count.matchers, value: .requests(service.name)),
                Scope(owner: key, metric: bucket.name!, matchers: bucket.matchers, value: .good(key)),
                Scope(owner: key, metric: bucket.name!, matchers: matchers + [PromQLLabelMatcher(name: "le", value: "+Inf")],
                      value: .requests(service.name)),
            ], .goodTotal(bucket, count)))
        case .throughput(let q, _):
            guard let e = parsed(q), let s = counterSelector(e), let m = s.name else {
                return .failure(Reason(message: "throughput query is not a sum of rates of one counter"))
            }
            return .success(([Scope(owner: key, metric: m, matchers: s.matchers, value: .requests(service.name))], .requests(s)))
        }
    }

    static func unparen(_ e: PromQLExpr) -> PromQLExpr {
        if case .paren(let inner) = e { return unparen(inner) }
        return e
    }

    /// The selector of `sum [by/without (…)] (rate|irate|increase(<selector>[w]))` (or the bare call).
    static func counterSelector(_ e: PromQLExpr) -> PromQLVectorSelector? {
        var node = unparen(e)
        if case .aggregation(let a) = node, a.op == .sum { node = unparen(a.expr) }
        guard case .call(let call) = node, ["rate", "irate", "increase"].contains(call.name), call.args.count == 1,
              case .matrixSelector(let m) = unparen(call.args[0]), m.selector.offset == nil, m.selector.at == nil,
              m.selector.name != nil, !m.selector.matchers.contains(where: { $0.name == "__name__" }) else { return nil }
        return m.selector
    }

    // MARK: Blocks

    /// Series for all scopes, plus the owners to drop when scopes cannot share series.
    static func blocks(_ scopes: [Scope], regex: RegexCache) -> ([Series], [SLOKey: String]) {
        var out: [Series] = []
        var conflicts: [SLOKey: String] = [:]
        let byMetric = Dictionary(grouping: scopes.indices, by: { scopes[$0].metric })
        for metric in byMetric.keys.sorted() {
            let indexes = byMetric[metric]!
            // Minimal label set per scope.
            var candidates: [String: [String: String]] = [:]
            var ownKey: [Int: String] = [:]
            for i in indexes {
                guard let labels = solve(must: scopes[i].matchers, role: .neutral, regex: regex) else {
                    conflicts[scopes[i].owner] = "selector on \(metric) cannot be satisfied"
                    continue
                }
                ownKey[i] = labelText(labels)
                candidates[labelText(labels)] = labels
            }
            func matched(_ labels: [String: String]) -> [Int] {
                indexes.filter { matches(scopes[$0].matchers, labels, regex: regex) }
            }
            let keys = candidates.keys.sorted()
            let matchedBy = Dictionary(uniqueKeysWithValues: keys.map { ($0, Set(matched(candidates[$0]!))) })
            // Keep the most specific label sets: drop one whose scopes another set's series also reach.
            let kept = keys.filter { k in
                !keys.contains { o in
                    o != k && matchedBy[k]!.isSubset(of: matchedBy[o]!) && (matchedBy[k]! != matchedBy[o]! || o < k)
                }
            }
            for k in kept {
                let base = candidates[k]!
                let reached = matchedBy[k]!.sorted { (scopes[$0].owner, $0) < (scopes[$1].owner, $1) }
                // Every scope reaching these series must agree on what they add up to.
                let own = reached.first { ownKey[$0] == k } ?? reached[0]
                let total = scopes[own].value
                for i in reached where scopes[i].value != total {
                    conflicts[scopes[i].owner] = "its \(metric) selector also reaches series of \(owners(scopes, reached.filter { scopes[$0].owner != scopes[i].owner }))"
                }
                let splits = reached.filter { scopes[$0].split != nil && scopes[$0].value == total }
                for i in splits.dropFirst() where scopes[i].owner != scopes[splits[0]].owner {
                    conflicts[scopes[i].owner] = "another SLO splits the same \(metric) series (\(scopes[splits[0]].owner))"
                }
                let reachOwners = Set(reached.map { scopes[$0].owner })
                guard let s = splits.first, let split = scopes[s].split else {
                    out.append(Series(metric: metric, labels: base, value: total, owners: reachOwners))
                    continue
                }
                let common = reached.flatMap { scopes[$0].matchers }
                let matchedRole: Role = split.matched == .bad(scopes[s].owner) ? .bad : .ok
                // Labels the split is about take values that read well for their role ("500" / "200").
                let splitNames = Set(split.matchers.map(\.name))
                let prefer = base.filter { !splitNames.contains($0.key) }
                guard let yes = solve(must: common + split.matchers, role: matchedRole, prefer: prefer, regex: regex),
                      let no = solve(must: common, mustFail: split.matchers, role: matchedRole == .bad ? .ok : .bad,
                                     prefer: prefer, regex: regex) else {
                    conflicts[scopes[s].owner] = "no label value separates the numerator from the rest of \(metric)"
                    continue
                }
                out.append(Series(metric: metric, labels: yes, value: split.matched, owners: reachOwners))
                out.append(Series(metric: metric, labels: no, value: split.other, owners: reachOwners))
            }
        }
        // Two blocks must never write the same series.
        var seen: [String: Int] = [:]
        for (i, s) in out.enumerated() {
            if let j = seen[s.text] {
                for o in s.owners.union(out[j].owners) { conflicts[o] = "two SLOs would write the same series \(s.text)" }
            } else {
                seen[s.text] = i
            }
        }
        return (out.sorted { $0.text < $1.text }, conflicts)
    }

    private static func owners(_ scopes: [Scope], _ indexes: [Int]) -> String {
        Set(indexes.map { scopes[$0].owner.description }).sorted().joined(separator: ", ")
    }

    // MARK: Verification

    /// Every SLO's queries evaluated over all series at the ends of two intervals: the ratio must be the world's.
    func verify(world: DemoWorld, regex: RegexCache) -> [SLOKey: String] {
        let end = world.present
        let points = [end.addingTimeInterval(-45 * 86_400), end.addingTimeInterval(-20 * 86_400), end]
        var cache: [Value: [Double]] = [:]
        func values(_ v: Value) -> [Double] {
            if let c = cache[v] { return c }
            let r = points.map { DemoExportPlan.value(v, world: world, at: $0) }
            cache[v] = r
            return r
        }
        func sum(_ s: PromQLVectorSelector) -> [Double] {
            var total = [Double](repeating: 0, count: points.count)
            for series in self.series where series.metric == s.name && DemoExportPlan.matches(s.matchers, series.labels, regex: regex) {
                for (i, v) in values(series.value).enumerated() { total[i] += v }
            }
            return total
        }
        var failures: [SLOKey: String] = [:]
        for (key, query) in queries {
            let requests = values(.requests(key.service)), bad = values(.bad(key))
            for i in 1..<points.count {
                let dr = requests[i] - requests[i - 1], db = bad[i] - bad[i - 1]
                let ok: Bool
                switch query {
                case .errorTotal(let n, let d), .goodTotal(let n, let d):
                    let nv = sum(n), dv = sum(d)
                    let dn = nv[i] - nv[i - 1], dd = dv[i] - dv[i - 1]
                    var want = db / dr
                    if case .goodTotal = query { want = 1 - want }
                    ok = dd > 0 && abs(dn / dd - want) <= 1e-9 * max(1, abs(want))
                case .requests(let s):
                    let v = sum(s)
                    ok = abs((v[i] - v[i - 1]) - dr) <= 1e-9 * dr
                }
                if !ok {
                    failures[key] = "its queries also select other SLOs' series"
                    break
                }
            }
        }
        return failures
    }

    /// A counter's exact value (not yet rounded) at `time`.
    static func value(_ v: Value, world: DemoWorld, at time: Date) -> Double {
        switch v {
        case .requests(let service):
            guard let slo = world.services.first(where: { $0.name == service })?.slos.first else { return 0 }
            return world.counters(for: SLOKey(service: service, slo: slo.name), at: time)?.requests ?? 0
        case .bad(let key):
            return world.counters(for: key, at: time)?.bad ?? 0
        case .good(let key):
            guard let c = world.counters(for: key, at: time) else { return 0 }
            return c.requests - c.bad
        }
    }

    // MARK: Labels

    enum Role { case neutral, ok, bad }

    /// Label values satisfying every matcher of `must` and, when given, failing at least one of `mustFail`.
    /// Labels only constrained negatively stay unset (Prometheus reads a missing label as "").
    static func solve(must: [PromQLLabelMatcher], mustFail: [PromQLLabelMatcher]? = nil, role: Role,
                      prefer: [String: String] = [:], regex: RegexCache) -> [String: String]? {
        var labels: [String: String] = [:]
        var fixed = Set<String>()
        if let mustFail {
            var done = false
            for f in mustFail where !must.contains(f) {
                let on = must.filter { $0.name == f.name }
                let options = candidates(f.name, on + [f], role: role, prefer: prefer[f.name])
                if let v = options.first(where: { v in on.allSatisfy { matches($0, v, regex: regex) } && !matches(f, v, regex: regex) }) {
                    if !v.isEmpty { labels[f.name] = v }
                    fixed.insert(f.name)
                    done = true
                    break
                }
            }
            if !done { return nil }
        }
        for name in Set(must.map(\.name)).subtracting(fixed).sorted() {
            let on = must.filter { $0.name == name }
            // Only negative matchers: leave the label out, except on a split's cells (`status!~"5.."` → "200").
            if role == .neutral, on.allSatisfy({ matches($0, "", regex: regex) }),
               on.allSatisfy({ $0.op == .notEqual || $0.op == .regexNotMatch }) {
                continue
            }
            let options = candidates(name, on, role: role, prefer: prefer[name])
            guard let v = options.first(where: { v in on.allSatisfy { matches($0, v, regex: regex) } }) else { return nil }
            if !v.isEmpty { labels[name] = v }
        }
        return labels
    }

    static func candidates(_ name: String, _ matchers: [PromQLLabelMatcher], role: Role, prefer: String?) -> [String] {
        let lower = name.lowercased()
        let ok: [String], bad: [String]
        if lower.contains("grpc") {
            ok = ["OK"]; bad = ["Internal", "Unavailable", "Unknown"]
        } else if lower.contains("code") || lower.contains("status") {
            ok = ["200", "2xx", "OK"]; bad = ["500", "5xx", "error"]
        } else {
            ok = ["success", "ok", "true"]; bad = ["error", "failure", "failed", "false"]
        }
        var derived: [String] = []
        for m in matchers {
            switch m.op {
            case .equal: derived.append(m.value)
            case .regexMatch: derived += RegexExamples.examples(m.value)
            case .notEqual, .regexNotMatch: break
            }
        }
        var out: [String] = prefer.map { [$0] } ?? []
        switch role {
        case .neutral: out += ok + derived
        case .ok: out += ok + derived
        case .bad: out += bad + derived
        }
        return out + ["other", "x", "0", ""]
    }

    static func matches(_ matchers: [PromQLLabelMatcher], _ labels: [String: String], regex: RegexCache) -> Bool {
        matchers.allSatisfy { matches($0, labels[$0.name] ?? "", regex: regex) }
    }

    static func matches(_ m: PromQLLabelMatcher, _ value: String, regex: RegexCache) -> Bool {
        switch m.op {
        case .equal: return value == m.value
        case .notEqual: return value != m.value
        case .regexMatch: return regex.fullMatch(m.value, value)
        case .regexNotMatch: return !regex.fullMatch(m.value, value)
        }
    }

    /// `{a="x",b="y"}`, names sorted, values escaped as OpenMetrics and PromQL both read them.
    static func labelText(_ labels: [String: String]) -> String {
        "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }.joined(separator: ",") + "}"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Anchored regular-expression matching as Prometheus does it (`^(?:re)$`), compiled once per pattern.
final class RegexCache {
    private var compiled: [String: NSRegularExpression?] = [:]

    func fullMatch(_ pattern: String, _ value: String) -> Bool {
        let re: NSRegularExpression?
        if let c = compiled[pattern] {
            re = c
        } else {
            re = try? NSRegularExpression(pattern: "^(?:\(pattern))$")
            compiled[pattern] = re
        }
        guard let re else { return false }
        let ns = value as NSString
        return re.firstMatch(in: value, range: NSRange(location: 0, length: ns.length)) != nil
    }
}

/// Strings a simple regular expression matches: one per top-level alternative (literals kept, `.` → `x`, a class
/// → its first member, `?`/`*` → nothing, `+` → once, `{n}` → n times). Callers check candidates with a real match.
enum RegexExamples {
    static func examples(_ re: String) -> [String] {
        split(Array(re)).compactMap { example(Array($0)) }
    }

    /// Top-level alternatives.
    static func split(_ chars: [Character]) -> [[Character]] {
        var parts: [[Character]] = [[]]
        var depth = 0, inClass = false, i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count { parts[parts.count - 1] += [c, chars[i + 1]]; i += 2; continue }
            if inClass { if c == "]" { inClass = false } }
            else if c == "[" { inClass = true }
            else if c == "(" { depth += 1 }
            else if c == ")" { depth -= 1 }
            else if c == "|" && depth == 0 { parts.append([]); i += 1; continue }
            parts[parts.count - 1].append(c)
            i += 1
        }
        return parts
    }

    static func example(_ chars: [Character]) -> String? {
        var out = ""
        var last = ""      // the last atom, for quantifiers
        var i = 0
        while i < chars.count {
            let c = chars[i]
            var atom = ""
            switch c {
            case "\\":
                guard i + 1 < chars.count else { return nil }
                let e = chars[i + 1]
                switch e {
                case "d": atom = "0"
                case "w", "D", "S": atom = "a"
                case "s": atom = " "
                case "W": atom = "-"
                default: atom = String(e)
                }
                i += 2
            case ".":
                atom = "x"; i += 1
            case "[":
                var j = i + 1
                var negated = false
                if j < chars.count, chars[j] == "^" { negated = true; j += 1 }
                var members: [Character] = []
                var first = true
                while j < chars.count, chars[j] != "]" || first {
                    if chars[j] == "\\", j + 1 < chars.count { members.append(chars[j + 1]); j += 2 } else { members.append(chars[j]); j += 1 }
                    first = false
                }
                guard j < chars.count else { return nil }
                if negated {
                    atom = String(["x", "0", "a", "_", "-"].first { !members.contains($0) } ?? "x")
                } else {
                    atom = members.first.map(String.init) ?? ""
                }
                i = j + 1
            case "(":
                var depth = 0, j = i
                while j < chars.count {
                    if chars[j] == "\\" { j += 2; continue }
                    if chars[j] == "(" { depth += 1 } else if chars[j] == ")" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                guard j < chars.count else { return nil }
                var inner = Array(chars[(i + 1)..<j])
                if inner.starts(with: ["?", ":"]) { inner.removeFirst(2) }
                guard let sub = split(inner).lazy.compactMap({ example($0) }).first else { return nil }
                atom = sub
                i = j + 1
            case "^", "$":
                i += 1; continue
            case "*", "?":
                out.removeLast(last.count); last = ""; i += 1; continue
            case "+":
                i += 1; continue
            case "{":
                guard let close = chars[i...].firstIndex(of: "}") else { return nil }
                let body = String(chars[(i + 1)..<close])
                let n = Int(body.split(separator: ",", omittingEmptySubsequences: false).first ?? "") ?? 1
                out.removeLast(last.count)
                out += String(repeating: last, count: n)
                last = ""
                i = close + 1
                continue
            default:
                atom = String(c); i += 1
            }
            out += atom
            last = atom
        }
        return out
    }
}
