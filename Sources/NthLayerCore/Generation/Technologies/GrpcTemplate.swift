/// A gRPC service instrumented in the go-grpc-prometheus style. No alerts: the service's burn-rate
/// alerts cover gRPC dependencies.
extension TechnologyCatalog {
    private static func grpcLatencyQuantile(_ q: String) -> PanelQuery {
        PanelQuery("histogram_quantile(\(q), sum by (le) (rate(grpc_server_handling_seconds_bucket[5m])))",
                   legend: "p\(q.dropFirst(2))")
    }

    static let grpc = TechnologyTemplate(
        technology: .grpc,
        exporter: "go-grpc-prometheus style server metrics",
        panels: [
            .timeseries("Requests started", unit: "reqps",
                        PanelQuery("sum by (grpc_service, grpc_method) (rate(grpc_server_started_total[5m]))",
                                   legend: "{{grpc_service}}/{{grpc_method}}")),
            // Any code but OK counts as an error, as in the reference convention.
            .timeseries("Error ratio", unit: "percentunit",
                        PanelQuery(#"sum(rate(grpc_server_handled_total{grpc_code!="OK"}[5m])) / sum(rate(grpc_server_handled_total[5m]))"#,
                                   legend: "error ratio")),
            .timeseries("Latency", unit: "s",
                        grpcLatencyQuantile("0.50"), grpcLatencyQuantile("0.95"), grpcLatencyQuantile("0.99")),
            .timeseries("Responses by code", unit: "reqps",
                        PanelQuery("sum by (grpc_code) (rate(grpc_server_handled_total[5m]))", legend: "{{grpc_code}}")),
        ],
        alerts: [])
}
