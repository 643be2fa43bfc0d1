import Foundation
import Testing
@testable import NthLayerCore
import Providers

/// spec-format.md §9: every row of the diagnostics table, fed through the one loader, with the exact
/// `file:line:column: severity code field: message` the table prescribes.
@Suite struct ValidationTableTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let code: String
        let file: String
        let text: String
        /// `Diagnostic.description` exactly.
        let expected: String
        /// (line, text that line must hold): guards the fixture against miscounted lines.
        let line: (Int, String)
        /// Codes of other diagnostics the input may legitimately produce (the table's `a.yaml` never matches a
        /// service name, hence W130).
        var alsoAllowed: Set<String> = ["W130"]
        var testDescription: String { "\(code) \(file)" }
    }

    // MARK: Shared realistic bodies

    /// §8.1 payment-api (legacy), lines 1–39 before the deployment gate's spec body.
    static func paymentAPI(gateSpec: String, drift: String = "") -> String {
        """
        service:
          name: payment-api
          team: payments
          tier: critical
          type: api
          description: Authorises and captures card payments for every storefront
          slack_channel: "#payments-oncall"
          runbook_url: https://runbooks.example.com/payment-api
          pagerduty: {service_id: PX7Q2LM, escalation_policy: payments-primary}
        resources:
          - kind: SLO
            name: availability
            spec:
              objective: 99.95
              window: 30d
              indicator:
                good_query: sum(rate(http_requests_total{service="${service}",status!~"5.."}[${window}]))
                total_query: sum(rate(http_requests_total{service="${service}"}[${window}]))
          - kind: SLO
            name: authorise-latency
            spec:
              objective: 99.0
              indicator: {type: latency, threshold_ms: 250, selector: '{service="${service}",route="/v1/authorise"}'}
          - kind: Dependencies
            name: upstream
            spec:
              services:
                - {name: fraud-scorer, criticality: high, slo: {availability: 99.9}}
                - {name: ledger-writer, criticality: critical, slo: {availability: 99.99}}
              databases: [{name: payments-db, type: postgresql, criticality: critical, sla: 99.99, selector: '{job="payments-db"}'}]
              caches: [{name: token-cache, type: redis}]
              queues: [{name: payment-events, type: kafka, criticality: high}]
              external_apis: [{name: card-network, criticality: critical, sla: 99.95}]
          - kind: Alerts
            name: burn
            spec: {min_rps: 0.5, for_duration: {page: 2m, ticket: 15m}}
          - kind: DeploymentGate
            name: budget
            spec:
        \(gateSpec)
        \(drift)
        """
    }

    static let validGate = """
              thresholds: {warning: 25, blocking: 10}
              timezone: Europe/Berlin
              conditions:
              - name: peak-hours
                when: "peak_traffic() AND weekday"
                blocking: 20
              on_exhausted: [freeze_deploys, notify]
        """

    /// §8.2 checkout-svc (srm/v1) up to its dependencies, which start at line 30.
    static func checkoutSvc(dependencies: String) -> String {
        """
        apiVersion: srm/v1
        kind: ServiceReliabilityManifest
        metadata: {name: checkout-svc, team: orders, tier: t1, description: Turns a basket into a confirmed order}
        spec:
          type: api
          slos:
            availability:
              target: 99.95
              indicator:
                error_query: sum(rate(http_server_request_duration_seconds_count{service_name="checkout-svc",http_response_status_code=~"5.."}[5m]))
                total_query: sum(rate(http_server_request_duration_seconds_count{service_name="checkout-svc"}[5m]))
            latency:
              target: 99.5
              threshold_ms: 400
              indicator: {histogram: http_server_request_duration_seconds, selector: '{service_name="checkout-svc",http_route="/checkout"}'}
            orders-per-second:
              type: throughput
              minimum: 5
              target: 99
              window: 7d
              indicator: {query: 'sum(rate(orders_created_total{service="checkout-svc"}[5m]))'}
          contract: {availability: 99.9}
          ownership:
            slack: "#orders-alerts"
            pagerduty: {service_id: PCHK001, escalation_policy_id: PEPORD1}
            runbook: https://runbooks.example.com/checkout-svc
          observability: {grafana_url: https://grafana.example.com}
          alerting: {min_rps: 1}
          dependencies:
        \(dependencies)
        """
    }

    /// An srm/v1 service whose availability SLO body starts at line 10 (`      target: …`).
    static func srmAvailability(_ body: String, more: String = "") -> String {
        """
        apiVersion: srm/v1
        kind: ServiceReliabilityManifest
        metadata:
          name: checkout-svc
          team: orders
          tier: critical
        spec:
          slos:
            availability:
        \(body)
        \(more)
          type: api
        """
    }

    static let srmLatencyPrefix = """
        apiVersion: srm/v1
        kind: ServiceReliabilityManifest
        metadata:
          name: checkout-svc
          team: orders
          tier: critical
        spec:
          type: api
          slos:
            availability:
              target: 99.95
              window: 30d
              indicator: {error_query: 'sum(rate(http_requests_total{service="checkout-svc",code=~"5.."}[5m]))', total_query: 'sum(rate(http_requests_total{service="checkout-svc"}[5m]))'}
        """

    static func srmQuery(goodQuery: String) -> String {
        """
        apiVersion: srm/v1
        kind: ServiceReliabilityManifest
        metadata: {name: checkout-svc, team: orders, tier: critical}
        spec:
          type: api
          slos:
            availability:
              indicator:
                good_query: \(goodQuery)
                total_query: sum(rate(http_requests_total{service="${service}"}[${window}]))
              target: 99.95
        """
    }

    static let slo = """
        resources:
          - kind: SLO
            name: availability
            spec: {objective: 99.95}
        """

    // MARK: The table

    static let rows: [Row] = [
        Row(code: "E100", file: "a.yaml",
            text: "service:\n  name: payment-api\n  tier: critical\n  type: api\n\tteam: payments\n" + slo,
            expected: "a.yaml:5:1: error E100: YAML: tab character used for indentation",
            line: (5, "\tteam: payments")),
        Row(code: "E101", file: "a.yaml",
            text: """
            kind: Deployment
            metadata:
              name: payment-api
            spec:
              replicas: 3
            """,
            expected: "a.yaml:1:1: error E101 (document): not an NthLayer spec: expected `service:`, `apiVersion: srm/v1`, or top-level `name` + `tier`",
            line: (1, "kind: Deployment")),
        Row(code: "E102", file: "a.yaml",
            text: """
            apiVersion: opensrm.nthlayer.io/v2
            kind: ServiceReliabilityManifest
            metadata: {name: checkout-svc, team: orders, tier: critical}
            spec:
              type: api
            """,
            expected: #"a.yaml:1:13: error E102 apiVersion: "opensrm.nthlayer.io/v2" is not supported yet; use srm/v1 or opensrm/v1"#,
            line: (1, "apiVersion: opensrm.nthlayer.io/v2")),
        Row(code: "E103", file: "a.yaml",
            text: """
            apiVersion: srm/v1
            kind: ServiceManifest
            metadata: {name: checkout-svc, team: orders, tier: critical}
            spec:
              type: api
            """,
            expected: #"a.yaml:2:7: error E103 kind: expected "ServiceReliabilityManifest" for apiVersion srm/v1"#,
            line: (2, "kind: ServiceManifest")),
        Row(code: "E110", file: "a.yaml",
            text: "service:\n  name: payment-api\n  tier: critical\n  type: api\n" + slo,
            expected: "a.yaml:1:1: error E110 service.team: required field is missing",
            line: (1, "service:")),
        Row(code: "E111", file: "a.yaml",
            text: "service:\n  name: Payment_API\n  team: payments\n  tier: critical\n  type: api\n" + slo,
            expected: #"a.yaml:2:9: error E111 service.name: "Payment_API" is not a valid service name: lower-case letters, digits and "-", starting with a letter (e.g. "payment-api")"#,
            line: (2, "  name: Payment_API")),
        Row(code: "E112", file: "a.yaml",
            text: "service:\n  name: payment-api\n  team: payments\n  tier: gold\n  type: api\n" + slo,
            expected: #"a.yaml:4:9: error E112 service.tier: unknown tier "gold"; expected critical, high, standard, low (aliases 1–3, tier-1..3, t1..t3)"#,
            line: (4, "  tier: gold")),
        Row(code: "E113", file: "a.yaml",
            text: "service:\n  name: payment-api\n  team: payments\n  tier: critical\n  type: lambda\n" + slo,
            expected: #"a.yaml:5:9: error E113 service.type: unknown type "lambda"; expected api, worker, stream, ai-gate, batch, database, web"#,
            line: (5, "  type: lambda")),
        Row(code: "E201", file: "a.yaml",
            text: """
            service:
              name: payment-api
              team: payments
              tier: critical
              type: api
              description: Authorises and captures card payments
              runbook_url: https://runbooks.example.com/payment-api
            resources:
              - kind: SLO
                name: availability
                spec:
                  objective: 999.5
                  window: 30d
            """,
            expected: "a.yaml:12:18: error E201 resources[0].spec.objective: objective must be greater than 0 and below 100 (percent)",
            line: (12, "      objective: 999.5")),
        Row(code: "E202", file: "a.yaml",
            text: srmAvailability("      target: 0.999\n      window: 30d"),
            expected: "a.yaml:10:15: error E202 spec.slos.availability.target: 0.999 looks like a ratio; objectives are percentages — write 99.9",
            line: (10, "      target: 0.999")),
        Row(code: "E203", file: "a.yaml",
            text: srmAvailability("      target: 100\n      window: 30d"),
            expected: "a.yaml:10:15: error E203 spec.slos.availability.target: an objective of 100 leaves no error budget; use at most 99.999",
            line: (10, "      target: 100")),
        Row(code: "E204", file: "a.yaml",
            text: srmAvailability("      target: 99.9\n      window: 30 days"),
            expected: #"a.yaml:11:15: error E204 spec.slos.availability.window: "30 days" is not a window; use Nd, Nw or Nh (e.g. 30d)"#,
            line: (11, "      window: 30 days")),
        Row(code: "W205", file: "a.yaml",
            text: srmLatencyPrefix + "\n    latency: {target: 99}\n",
            expected: "a.yaml:14:5: warning W205 spec.slos.latency: no threshold_ms; using the tier default of 200 ms (critical)",
            line: (14, "    latency: {target: 99}")),
        Row(code: "E206", file: "a.yaml",
            text: srmLatencyPrefix + "\n    latency:\n      target: 99\n      percentile: p100\n      threshold_ms: 300\n",
            expected: "a.yaml:16:19: error E206 spec.slos.latency.percentile: percentile must lie strictly between p0 and p100",
            line: (16, "      percentile: p100")),
        Row(code: "E207", file: "a.yaml",
            text: srmQuery(goodQuery: #"sum(rate(http_requests_total{service="${service}"[${window}]))"#),
            expected: #"a.yaml:9:70: error E207 spec.slos.availability.indicator.good_query: PromQL parse error: unexpected "[" in label matchers, expected "," or "}""#,
            line: (9, #"        good_query: sum(rate(http_requests_total{service="${service}"[${window}]))"#)),
        Row(code: "W210", file: "a.yaml",
            text: srmQuery(goodQuery: #"sum(rate(http_requests_total{service="${servce}",code!~"5.."}[${window}]))"#),
            expected: "a.yaml:9:59: warning W210 spec.slos.availability.indicator.good_query: unknown placeholder ${servce} (did you mean ${service}?)",
            line: (9, #"        good_query: sum(rate(http_requests_total{service="${servce}",code!~"5.."}[${window}]))"#)),
        Row(code: "E208", file: "a.yaml",
            text: """
            apiVersion: srm/v1
            kind: ServiceReliabilityManifest
            metadata: {name: checkout-svc, team: orders, tier: critical}
            spec:
              type: api
              slos:
                availability:
                  target: 99.95
                  window: 30d
                  indicator:
                    error_query: sum(rate(http_requests_total{service="checkout-svc",code=~"5.."}[5m]))
                    total_query: sum(rate(http_requests_total{service="checkout-svc"}[5m]))
                latency:
                  target: 99.5
                  window: 30d
                  threshold_ms: 400
                  indicator:
                    histogram: http_server_request_duration_seconds
                    selector: '{service="checkout-svc",route="/checkout"}'
                orders-per-second:
                  type: throughput
                  target: 99
                  window: 7d
                  indicator: {query: 'sum(rate(orders_created_total{service="checkout-svc"}[5m]))'}
            """,
            expected: "a.yaml:20:5: error E208 spec.slos.orders-per-second: throughput SLO needs minimum (requests per second)",
            line: (20, "    orders-per-second:")),
        Row(code: "E120", file: "a.yaml",
            text: """
            service:
              name: payment-api
              team: payments
              tier: critical
              type: api
              runbook_url: https://runbooks.example.com/payment-api
            resources:
              - kind: SLO
                name: availability
                spec: {objective: 99.95}
              - kind: SLO
                name: latency
                spec: {objective: 99, threshold_ms: 250}
              - kind: Alerts
                name: burn
                spec: {min_rps: 0.5}
              - kind: SLO
                name: availability
                spec: {objective: 99.9}
            """,
            expected: "a.yaml:18:11: error E120 resources[3].name: duplicate resource SLO/availability (first defined at line 9)",
            line: (18, "    name: availability")),
        Row(code: "E121", file: "a.yaml",
            text: """
            service:
              name: payment-api
              team: payments
              tier: critical
              type: api
              slack_channel: "#payments-oncall"
              runbook_url: https://runbooks.example.com/payment-api
              pagerduty: {service_id: PX7Q2LM, escalation_policy: payments-primary}
            resources:
              - kind: SLO
                name: availability
                spec: {objective: 99.95}
              - kind: SLO
                name: latency
                spec: {objective: 99, threshold_ms: 250}
              - kind: Dependencies
                name: upstream
                spec: {databases: [{name: payments-db, type: postgresql}]}
              - kind: DeploymentGate
                name: budget
                spec: {thresholds: {warning: 25, blocking: 10}}
              - kind: Alert
                name: burn
                spec: {min_rps: 0.5}
            """,
            expected: #"a.yaml:22:11: error E121 resources[4].kind: unknown resource kind "Alert" (did you mean "Alerts"?)"#,
            line: (22, "  - kind: Alert")),
        Row(code: "E301", file: "a.yaml",
            text: checkoutSvc(dependencies: """
                - {name: payment-api, type: api, critical: true}
                - {type: database, critical: true}
                - {name: basket-cache, type: cache, technology: redis}
            """),
            expected: "a.yaml:31:7: error E301 spec.dependencies[1].name: dependency name is required",
            line: (31, "    - {type: database, critical: true}")),
        Row(code: "E302", file: "a.yaml",
            text: checkoutSvc(dependencies: """
                - {name: payment-api, type: api, critical: true}
                - {name: cart-db, type: database, database_type: postgresql, critical: true}
                - name: order-events
                  criticality: severe
                  type: queue
                  technology: kafka
            """),
            expected: #"a.yaml:33:20: error E302 spec.dependencies[2].criticality: unknown criticality "severe"; expected critical, high, medium, low"#,
            line: (33, "      criticality: severe")),
        Row(code: "E303", file: "a.yaml",
            text: checkoutSvc(dependencies: """
                - {name: checkout-svc}
                - {name: cart-db, type: database, database_type: postgresql, critical: true}
            """),
            expected: "a.yaml:30:7: error E303 spec.dependencies[0].name: a service cannot depend on itself",
            line: (30, "    - {name: checkout-svc}")),
        Row(code: "E401", file: "a.yaml",
            text: paymentAPI(gateSpec: "      thresholds: {warning: 5, blocking: 10}\n      timezone: Europe/Berlin"),
            expected: "a.yaml:40:19: error E401 resources[4].spec.thresholds: warning (5) must be greater than or equal to blocking (10)",
            line: (40, "      thresholds: {warning: 5, blocking: 10}")),
        Row(code: "E402", file: "a.yaml",
            text: paymentAPI(gateSpec: "      thresholds: {warning: 25, blocking: 10}\n      timezone: Europe/Berlin\n      on_exhausted: [rollback]"),
            expected: #"a.yaml:42:22: error E402 resources[4].spec.on_exhausted[0]: unknown action "rollback"; expected freeze_deploys, require_approval, notify"#,
            line: (42, "      on_exhausted: [rollback]")),
        Row(code: "E403", file: "a.yaml",
            text: paymentAPI(gateSpec: """
                  thresholds: {warning: 25, blocking: 10}
                  timezone: Europe/Berlin
                  conditions:
                  - name: peak
                    when: "hour >= 9 AND"
                    blocking: 20
            """),
            // "end of the string": the column just past the last character, i.e. the closing quote.
            expected: #"a.yaml:44:29: error E403 resources[4].spec.conditions[0].when: condition "peak": expression ends after AND"#,
            line: (44, #"        when: "hour >= 9 AND""#)),
        Row(code: "E404", file: "a.yaml",
            text: paymentAPI(gateSpec: validGate, drift: """
            drift:
              window: 28d
              thresholds:
                warn: -0.3
                critical: "-1.0%/week"
            """),
            expected: #"a.yaml:50:11: error E404 drift.thresholds.warn: expected a weekly rate such as "-0.3%/week""#,
            line: (50, "    warn: -0.3")),
        Row(code: "E405", file: "a.yaml",
            text: paymentAPI(gateSpec: validGate, drift: """
            drift:
              window: 28d
              thresholds:
                warn: "-1.0%/week"
                critical: "-0.5%/week"
            """),
            expected: "a.yaml:50:11: error E405 drift.thresholds: warn must be above (less negative than) critical",
            line: (50, #"    warn: "-1.0%/week""#)),
        Row(code: "W406", file: "a.yaml",
            text: paymentAPI(gateSpec: validGate, drift: """
            drift:
              enabled: true
              window: 7d
              patterns:
                detect_step_change: true
                detect_seasonal: true
            """),
            expected: "a.yaml:52:22: warning W406 drift.patterns.detect_seasonal: seasonal detection needs ≥ 14 days of data; the window is 7d",
            line: (52, "    detect_seasonal: true")),
        Row(code: "W130", file: "payments.yaml",
            text: paymentAPI(gateSpec: validGate),
            expected: #"payments.yaml:2:9: warning W130 service.name: file name does not match service name "payment-api""#,
            line: (2, "  name: payment-api"), alsoAllowed: []),
    ]

    @Test(arguments: rows)
    func tableRow(_ row: Row) throws {
        let lines = row.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count >= row.line.0, "fixture too short")
        try #require(lines[row.line.0 - 1] == row.line.1, "fixture line \(row.line.0) is \"\(lines[row.line.0 - 1])\"")

        let result = SpecParser.parse(text: row.text, path: row.file, explicit: true)
        let matching = result.diagnostics.filter { $0.code == row.code }
        #expect(matching.map(\.description) == [row.expected], "all: \(result.diagnostics.map(\.description))")
        let others = result.diagnostics.filter { $0.code != row.code && !row.alsoAllowed.contains($0.code) }
        #expect(others.isEmpty, "unexpected: \(others.map(\.description))")
        if row.code.hasPrefix("E") {
            #expect(result.hasErrors)
            #expect(result.service == nil, "a spec with errors yields no service")
        } else {
            #expect(!result.hasErrors)
            #expect(result.service != nil)
        }
    }

    /// `environments/Prod_EU.yaml` → `…/Prod_EU.yaml:1:1` E501 (environment).
    @Test func environmentFileWithInvalidName() throws {
        let dir = try TempDir()
        try dir.write("services/payment-api.yaml", Self.paymentAPI(gateSpec: Self.validGate))
        try dir.write("services/environments/Prod_EU.yaml", "service:\n  tier: high\n")
        try dir.write("services/environments/prod.yaml", "service:\n  tier: critical\n")
        let result = SpecFiles.load(paths: [dir.path("services")])
        let e501 = result.diagnostics.filter { $0.code == "E501" }.map(\.description)
        #expect(e501 == [#"\#(dir.path("services"))/environments/Prod_EU.yaml:1:1: error E501 (environment): environment name "prod_eu" is invalid: use a-z, 0-9 and "-""#])
        #expect(result.services.map(\.name) == ["payment-api"])
    }

    /// Inline environment names are checked by the parser itself.
    @Test func inlineEnvironmentWithInvalidName() {
        let text = """
            name: docs-search
            team: devex
            tier: t3
            type: web
            slos:
              availability: 99.0
            environments:
              Prod_EU: {slos: {availability: 99.5}}
            """
        let result = SpecParser.parse(text: text, path: "docs-search.yaml")
        #expect(result.diagnostics.map(\.description) == [
            #"docs-search.yaml:8:3: error E501 environments.Prod_EU: environment name "prod_eu" is invalid: use a-z, 0-9 and "-""#,
        ])
    }

    // MARK: Beyond the table

    @Test func unknownFieldsWarnWithDidYouMean() {
        let text = """
            name: docs-search
            team: devex
            tier: t3
            type: web
            descripton: Full-text search over the developer docs
            slos:
              availability: {objectve: 99.5}
            ownership: {slack: "#devex", run_book: https://runbooks.example.com/docs-search}
            """
        let result = SpecParser.parse(text: text, path: "docs-search.yaml")
        #expect(result.diagnostics.map(\.description) == [
            #"docs-search.yaml:5:1: warning W131 descripton: unknown field "descripton" (did you mean "description"?)"#,
            #"docs-search.yaml:7:18: warning W131 slos.availability.objectve: unknown field "objectve" (did you mean "objective"?)"#,
            #"docs-search.yaml:8:30: warning W131 ownership.run_book: unknown field "run_book" (did you mean "runbook"?)"#,
        ])
        #expect(result.service != nil, "warnings do not stop the service from loading")
    }

    @Test func unknownFieldWithoutCloseMatchHasNoHint() {
        let text = "name: docs-search\nteam: devex\ntier: low\ntype: web\nslos: {availability: 99.0}\nx-internal-cost-centre: 4711\n"
        let result = SpecParser.parse(text: text, path: "docs-search.yaml")
        #expect(result.diagnostics.map(\.description) == [
            #"docs-search.yaml:6:1: warning W131 x-internal-cost-centre: unknown field "x-internal-cost-centre""#,
        ])
    }

    @Test func duplicateSLONamesInAList() {
        let text = """
            name: docs-search
            team: devex
            tier: low
            type: web
            slos:
              - name: availability
                objective: 99.0
              - name: latency
                threshold_ms: 1500
              - name: availability
                objective: 99.5
            """
        let result = SpecParser.parse(text: text, path: "docs-search.yaml")
        #expect(result.diagnostics.map(\.description) == [
            #"docs-search.yaml:10:11: error E213 slos[2].name: duplicate SLO "availability" (first defined at line 6)"#,
        ])
        #expect(result.service == nil)
    }

    @Test func duplicateSLONamesInAMapAreAYAMLError() throws {
        let text = """
            apiVersion: srm/v1
            kind: ServiceReliabilityManifest
            metadata: {name: checkout-svc, team: orders, tier: critical}
            spec:
              type: api
              slos:
                availability: {target: 99.95}
                latency: {target: 99, threshold_ms: 300}
                availability: {target: 99.9}
            """
        let result = SpecParser.parse(text: text, path: "checkout-svc.yaml")
        let d = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(d.code == "E100")
        #expect(d.message.contains("\"availability\""), "\(d)")
        #expect(d.location.line >= 6 && d.location.line <= 9, "\(d)")
        #expect(result.service == nil)
    }

    struct TypeCase: Sendable, CustomTestStringConvertible {
        let line: String
        let expected: String
        var testDescription: String { line }
    }

    static let typeCases: [TypeCase] = [
        .init(line: "team: [devex, search]", expected: "docs-search.yaml:2:7: error E114 team: expected a string, found a list"),
        .init(line: "slos: 99.0", expected: "docs-search.yaml:5:7: error E114 slos: expected a list, found a scalar"),
        .init(line: "slos: {latency: {threshold_ms: fast}}",
              expected: #"docs-search.yaml:5:32: error E114 slos.latency.threshold_ms: expected a number, found "fast""#),
        .init(line: "slos: {availability: {objective: [99, 9]}}",
              expected: "docs-search.yaml:5:34: error E114 slos.availability.objective: expected a number, found a list"),
        .init(line: ##"ownership: "#devex""##, expected: "docs-search.yaml:6:12: error E114 ownership: expected a mapping, found a scalar"),
        .init(line: "dependencies: {elasticsearch: true}",
              expected: "docs-search.yaml:7:15: error E114 dependencies: expected a list, found a mapping"),
        .init(line: "labels: [cost-centre]", expected: "docs-search.yaml:8:9: error E114 labels: expected a mapping, found a list"),
    ]

    /// A flat spec with one line replaced by a value of the wrong shape.
    @Test(arguments: typeCases)
    func wrongTypes(_ c: TypeCase) {
        var lines = ["name: docs-search", "team: devex", "tier: t3", "type: web", "slos: {availability: 99.0}",
                     ##"ownership: {slack: "#devex"}"##, "dependencies: [elasticsearch]", "labels: {cost-centre: docs}"]
        let key = c.line.prefix { $0 != ":" }
        let i = lines.firstIndex { $0.hasPrefix(key + ":") }!
        lines[i] = c.line
        let result = SpecParser.parse(text: lines.joined(separator: "\n") + "\n", path: "docs-search.yaml")
        let errors = result.diagnostics.filter(\.isError).map(\.description)
        #expect(errors == [c.expected], "all: \(result.diagnostics.map(\.description))")
    }

    // MARK: A folder: one bad file never hides the others

    @Test func folderReportsEveryFile() throws {
        let root = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let folder = root.appendingPathComponent("mixed-folder").path
        let result = SpecFiles.load(paths: [folder])
        // Good files load although bad files sit between them in bytewise order.
        #expect(result.services.map(\.name) == ["docs-search", "order-worker", "web-storefront"])
        let byFile = Dictionary(grouping: result.diagnostics, by: { ($0.location.file as NSString).lastPathComponent })
        #expect(byFile["inventory-svc.yaml"]?.map(\.code) == ["E112", "E113"], "both errors of one file are reported")
        #expect(byFile["payment-api.yaml"]?.map(\.code) == ["E100"])
        #expect(byFile["search-api.yaml"]?.map(\.code) == ["E202"])
        #expect(Set(byFile.keys) == ["inventory-svc.yaml", "payment-api.yaml", "search-api.yaml"],
                "\(result.diagnostics.map(\.description))")
        #expect(result.skipped.map { ($0 as NSString).lastPathComponent } == ["k8s-deployment.yaml"],
                "Kubernetes YAML in a scanned folder is skipped silently")
        #expect(result.unreadable.isEmpty)
        #expect(result.errorCount == 4)
        // Every diagnostic names its own file, not the folder.
        for d in result.diagnostics { #expect(d.location.file.hasPrefix(folder + "/"), "\(d)") }
    }

    @Test func missingPathIsUnreadable() {
        let result = SpecFiles.load(paths: ["/nonexistent/nthlayer/specs"])
        #expect(result.unreadable == ["/nonexistent/nthlayer/specs"])
        #expect(result.errorCount == 1)
    }
}

/// A scratch folder removed when the value goes away.
final class TempDir: @unchecked Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }
    func write(_ relative: String, _ text: String) throws {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
    }
}
