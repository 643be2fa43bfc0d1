/// An HTTP service. Two instrumentation conventions are common, so every panel query reads the
/// Prometheus-client names first and falls back (`or`) to the OpenTelemetry ones. No alerts: the
/// service's burn-rate alerts cover HTTP dependencies.
extension TechnologyCatalog {
    private static func httpLatencyQuantile(_ q: String) -> PanelQuery {
        PanelQuery("histogram_quantile(\(q), sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) or histogram_quantile(\(q), sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))",
                   legend: "p\(q.dropFirst(2))")
    }

    static let http = TechnologyTemplate(
        technology: .http,
        exporter: "app instrumentation (Prometheus client or OpenTelemetry)",
        panels: [
            .timeseries("Request rate", unit: "reqps",
                        PanelQuery("sum(rate(http_requests_total[5m])) or sum(rate(http_server_request_duration_seconds_count[5m]))",
                                   legend: "requests")),
            .timeseries("Error ratio (5xx)", unit: "percentunit",
                        PanelQuery(#"sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) or sum(rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m])) / sum(rate(http_server_request_duration_seconds_count[5m]))"#,
                                   legend: "5xx ratio")),
            .timeseries("Latency", unit: "s",
                        httpLatencyQuantile("0.50"), httpLatencyQuantile("0.95"), httpLatencyQuantile("0.99")),
            // Label names differ between the conventions, so one query each; only one returns data.
            .timeseries("Responses by status", unit: "reqps",
                        PanelQuery("sum by (status) (rate(http_requests_total[5m]))", legend: "{{status}}"),
                        PanelQuery("sum by (http_response_status_code) (rate(http_server_request_duration_seconds_count[5m]))",
                                   legend: "{{http_response_status_code}}")),
        ],
        alerts: [])
}
