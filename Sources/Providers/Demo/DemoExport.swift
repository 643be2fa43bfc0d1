import Foundation
import NthLayerCore

/// `nthlayer demo export`: the demo world as real inputs for a real Prometheus, Grafana and PagerDuty
/// (drift.md §5). Same world and options → identical bytes.
///
/// - `history.om` — OpenMetrics: the raw counters every exported SLO's own SLI queries select (see
///   `DemoExportPlan`), `slo:throughput:compliance` for throughput SLOs, and the recorded
///   `slo:error_budget_remaining:ratio` hourly, so trend drift works right after a backfill.
/// - `rules/<service>/recording-rules.yaml`, `alerts.yaml` — the *deployed* rules (`DemoDeployedState`, with the
///   injected drift), promtool-valid.
/// - `grafana/dashboards/<uid>.json` — `GET /api/dashboards/uid/<uid>` bodies of the deployed dashboards.
/// - `pagerduty/services.json` — a `GET /services` page of the deployed PagerDuty services.
/// - `prometheus.yml` — loads the rule files; `README.txt` — what is where, what was skipped and why.
public enum DemoExport {
    public struct Options: Sendable, Hashable {
        /// Days of history before the present.
        public var days: Int
        /// The last days before the present at `fineStep`; older history at `coarseStep`.
        public var fineDays: Int
        public var fineStep: Int
        public var coarseStep: Int
        /// Only these services (nil = all).
        public var services: [String]?

        /// 35 days: a 30-day window at the present plus five days of slack (the trend window of every tier is
        /// ≤ 30 days). The last 3 days every 5 minutes — the longest burn-rate window is 3 days, its shortest 5
        /// minutes — and hourly before that, the step trend drift reads at. Every series of an SLO shares one
        /// time grid, so `rate()`'s extrapolation scales numerator and denominator alike and the 30-day ratio is
        /// exact; hourly history keeps the full export near 20 MB instead of ~150 MB at 5 minutes throughout.
        public init(days: Int = 35, fineDays: Int = 3, fineStep: Int = 300, coarseStep: Int = 3600, services: [String]? = nil) {
            self.days = days; self.fineDays = fineDays; self.fineStep = fineStep; self.coarseStep = coarseStep
            self.services = services
        }
    }

    public struct Summary: Sendable {
        public var files: [GeneratedFile]
        public var exportedSLOs: [SLOKey]
        public var skippedSLOs: [(SLOKey, String)]
        public var seriesCount: Int
        public var sampleCount: Int
        /// First and last sample time of the counters.
        public var start: Date
        public var end: Date
    }

    public struct ExportError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Sample times: coarse steps from `present − days` up to `present − fineDays`, then fine steps to `present`.
    public static func grid(world: DemoWorld, options: Options) -> [Date] {
        let end = Int(world.present.timeIntervalSince1970)
        let start = end - options.days * 86_400
        let fineStart = end - min(options.fineDays, options.days) * 86_400
        var times: [Int] = []
        var t = start
        while t < fineStart { times.append(t); t += options.coarseStep }
        t = fineStart
        while t <= end { times.append(t); t += options.fineStep }
        return times.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// Everything the export writes, in memory (paths relative to the output folder).
    public static func files(world: DemoWorld, options: Options = Options()) throws -> Summary {
        var services = world.services
        if let wanted = options.services {
            let known = Set(world.services.map(\.name))
            if let unknown = wanted.first(where: { !known.contains($0) }) {
                throw ExportError(description: "unknown demo service \(unknown)")
            }
            services = world.services.filter { wanted.contains($0.name) }
        }
        let plan = DemoExportPlan.build(world: world, services: services)
        let grid = grid(world: world, options: options)
        let (history, samples) = openMetrics(world: world, services: services, plan: plan, grid: grid, options: options)
        let deployed = DemoDeployedState(world: world)

        var files: [GeneratedFile] = [GeneratedFile(path: "history.om", contents: history)]
        var ruleFiles: [String] = []
        for service in services {
            let rules = deployed.ruleFiles(for: service.name)
            let header = "Deployed state of the NthLayer demo world: \(service.name), injected drift included (see README.txt)."
            for (name, groups) in [("recording-rules.yaml", rules.recording), ("alerts.yaml", rules.alerts)] {
                let path = "rules/\(service.name)/\(name)"
                files.append(GeneratedFile(path: path, contents: RuleFile(header: header, groups: groups).rendered()))
                ruleFiles.append(path)
            }
            if let body = deployed.dashboardResponse(for: service.name) {
                files.append(GeneratedFile(path: "grafana/dashboards/\(DashboardGenerator.uid(for: service.name)).json",
                                           contents: body.rendered() + "\n"))
            }
        }
        files.append(GeneratedFile(path: "pagerduty/services.json",
                                   contents: deployed.pagerDutyServicesResponse(services: services.map(\.name)).rendered() + "\n"))
        var yml = "# Prometheus configuration for the NthLayer demo world's deployed rules (nthlayer demo export).\n"
        yml += "global:\n  evaluation_interval: 30s\nrule_files:\n"
        for f in ruleFiles { yml += "  - \(f)\n" }
        files.append(GeneratedFile(path: "prometheus.yml", contents: yml))
        files.append(GeneratedFile(path: "README.txt", contents: readme(world: world, services: services, plan: plan,
                                                                        deployed: deployed, grid: grid, options: options)))
        return Summary(files: files, exportedSLOs: plan.exported, skippedSLOs: plan.skipped, seriesCount: plan.series.count,
                       sampleCount: samples, start: grid.first ?? world.present, end: grid.last ?? world.present)
    }

    /// Writes the export under `directory` (each file atomically; unchanged files are left alone).
    @discardableResult
    public static func write(world: DemoWorld, options: Options = Options(), to directory: String) throws -> Summary {
        let summary = try files(world: world, options: options)
        for file in summary.files {
            try AtomicFile.write(file.contents, to: (directory as NSString).appendingPathComponent(file.path))
        }
        return summary
    }

    // MARK: OpenMetrics

    static func openMetrics(world: DemoWorld, services: [ServiceSpec], plan: DemoExportPlan, grid: [Date],
                            options: Options) -> (String, Int) {
        var out = ""
        var samples = 0
        let stamps = grid.map { String(Int($0.timeIntervalSince1970)) }
        // Counters, floored to whole events (as a real counter) and kept monotonic.
        var cache: [DemoExportPlan.Value: [Int64]] = [:]
        func values(_ v: DemoExportPlan.Value) -> [Int64] {
            if let c = cache[v] { return c }
            let r: [Int64]
            if case .good(let key) = v {
                let requests = values(.requests(key.service)), bad = values(.bad(key))
                var last: Int64 = 0
                r = zip(requests, bad).map { last = max(last, $0 - $1); return last }
            } else {
                var last: Int64 = 0
                r = grid.map { last = max(last, Int64(DemoExportPlan.value(v, world: world, at: $0).rounded(.down))); return last }
            }
            cache[v] = r
            return r
        }
        let byMetric = Dictionary(grouping: plan.series, by: \.metric)
        out.reserveCapacity(plan.series.count * grid.count * 100)
        for metric in byMetric.keys.sorted() {
            if metric.hasSuffix("_total") {
                out += "# TYPE \(metric.dropLast(6)) counter\n"
            } else {
                out += "# TYPE \(metric) unknown\n"
            }
            for series in byMetric[metric]!.sorted(by: { $0.text < $1.text }) {
                let prefix = series.text + " "
                for (value, stamp) in zip(values(series.value), stamps) {
                    out += prefix
                    out += String(value)
                    out += " "
                    out += stamp
                    out += "\n"
                }
                samples += grid.count
            }
        }

        // Throughput compliance: 1 − the 5-minute error ratio, every 5 minutes (its SLI averages it over time).
        let throughput = plan.exported.filter { plan.throughput.contains($0) }
        if !throughput.isEmpty {
            out += "# TYPE slo:throughput:compliance gauge\n"
            let end = world.present.timeIntervalSince1970
            let fine = stride(from: end - Double(options.days * 86_400), through: end, by: Double(options.fineStep)).map { $0 }
            for key in throughput {
                guard let service = services.first(where: { $0.name == key.service }), let slo = service.slo(named: key.slo) else { continue }
                let prefix = "slo:throughput:compliance" + DemoExportPlan.labelText(RecordingRules.labels(service, slo)) + " "
                for t in fine {
                    let ratio = world.errorRatio(for: key, from: Date(timeIntervalSince1970: t - Double(options.fineStep)),
                                                 to: Date(timeIntervalSince1970: t)) ?? 0
                    out += prefix + gauge(1 - ratio) + " " + String(Int(t)) + "\n"
                    samples += 1
                }
            }
        }

        // The recorded budget, hourly, for every SLO (judgment and skipped ones too: it is the rule's output).
        out += "# TYPE slo:error_budget_remaining:ratio gauge\n"
        for service in services.sorted(by: { $0.name < $1.name }) {
            for slo in service.slos.sorted(by: { $0.name < $1.name }) {
                let key = SLOKey(service: service.name, slo: slo.name)
                let prefix = "slo:error_budget_remaining:ratio" + DemoExportPlan.labelText(RecordingRules.labels(service, slo)) + " "
                for s in world.budgetHistory(for: key, span: .days(options.days), step: .hours(1), at: world.present) {
                    out += prefix + gauge(s.value) + " " + String(Int(s.time.timeIntervalSince1970)) + "\n"
                    samples += 1
                }
            }
        }
        out += "# EOF\n"
        return (out, samples)
    }

    /// Ten significant digits, `C` locale.
    static func gauge(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "+Inf" : "-Inf") }
        return String(format: "%.10g", v)
    }

    // MARK: README

    static func readme(world: DemoWorld, services: [ServiceSpec], plan: DemoExportPlan, deployed: DemoDeployedState,
                       grid: [Date], options: Options) -> String {
        let iso = { (d: Date) in DemoDeployedState.iso8601(d) }
        let present = iso(world.present)
        var out = """
        NthLayer demo world export
        ==========================

        Written by `nthlayer demo export`: the built-in demo world (seed \(world.seed)) as inputs for a real
        Prometheus, Grafana and PagerDuty. The world's present is \(present); every time below is UTC.

        history.om
          OpenMetrics (ends with `# EOF`). Raw counters from \(iso(grid.first ?? world.present)) to \(present):
          hourly, then every \(options.fineStep / 60) minutes for the last \(options.fineDays) days (the longest
          burn-rate window is 3d, the shortest 5m; trend drift reads hourly). All series of an SLO share the same
          timestamps, so rate() over the SLO window gives the world's exact error ratio. Counter values are whole
          events since the simulation epoch \(iso(world.epoch)).
          For each exported SLO the counters are the series its own SLI queries select: equality matchers copied,
          a matching value for each regex (5.. -> "500"), a non-matching one for the rest of a split ("200").
          Also: slo:throughput:compliance (throughput SLOs, every \(options.fineStep / 60) minutes) and the recorded
          slo:error_budget_remaining:ratio (every SLO, hourly), so trend drift works straight after a backfill.

          promtool tsdb create-blocks-from openmetrics --max-block-duration=720h history.om data/
          prometheus --config.file=prometheus.yml --storage.tsdb.path=data/ --storage.tsdb.retention.time=3650d
          (promtool re-reads the whole file once per block: without the hidden --max-block-duration flag it writes
          2-hour blocks, ~420 passes, about 90 s for the full export instead of about 1 s.)

        rules/<service>/recording-rules.yaml, alerts.yaml
          What is "deployed": the generator's rules with the drift cases below (promtool check rules accepts them).
        grafana/dashboards/<uid>.json
          GET /api/dashboards/uid/<uid> bodies ({dashboard, meta}); missing dashboards have no file.
        pagerduty/services.json
          A GET /services page ({services, limit, offset, total, more}).
        prometheus.yml
          Loads the rule files (paths relative to this folder).

        Then, with the specs (examples/services or the embedded catalog):
          nthlayer slo status examples/services --prometheus http://127.0.0.1:9090 --at \(present)
          nthlayer drift examples/services --prometheus http://127.0.0.1:9090 --at \(present)
          nthlayer drift --demo        (the same drift without any provider)


        """
        out += "Services (\(services.count)):\n"
        for s in services { out += "  \(s.name)\n" }
        out += "\nExported SLOs (\(plan.exported.count)):\n"
        for key in plan.exported { out += "  \(key)\n" }
        out += "\nSkipped SLOs (\(plan.skipped.count)) — no counters written for them, their budget gauge still is; where\n"
        out += "their queries read another SLO's counters, evaluating them over the counters gives that SLO's ratio:\n"
        for (key, reason) in plan.skipped { out += "  \(key): \(reason)\n" }
        let names = Set(services.map(\.name))
        out += "\nInjected drift (DemoDeployedState):\n"
        for c in deployed.cases where names.contains(c.service) {
            out += "  \(c.provider.rawValue)  \(c.service): \(c.summary)\n"
        }
        return out
    }
}
