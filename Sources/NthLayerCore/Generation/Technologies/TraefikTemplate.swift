/// Traefik v2/v3 through its built-in Prometheus metrics.
extension TechnologyCatalog {
    static let traefik = TechnologyTemplate(
        technology: .traefik,
        exporter: "traefik built-in metrics (v2/v3)",
        panels: [
            .timeseries("Requests by service", unit: "reqps",
                        PanelQuery("sum by (service) (rate(traefik_service_requests_total[5m]))", legend: "{{service}}")),
            .timeseries("5xx ratio by service", unit: "percentunit",
                        PanelQuery(#"sum by (service) (rate(traefik_service_requests_total{code=~"5.."}[5m])) / sum by (service) (rate(traefik_service_requests_total[5m]))"#,
                                   legend: "{{service}}"),
                        thresholds: [0.05]),
            .timeseries("p99 latency by service", unit: "s",
                        PanelQuery("histogram_quantile(0.99, sum by (le, service) (rate(traefik_service_request_duration_seconds_bucket[5m])))",
                                   legend: "{{service}}")),
            .timeseries("Servers up", unit: "short",
                        PanelQuery("sum by (service) (traefik_service_server_up)", legend: "{{service}}")),
            .timeseries("Entrypoint requests", unit: "reqps",
                        PanelQuery("sum by (entrypoint) (rate(traefik_entrypoint_requests_total[5m]))", legend: "{{entrypoint}}")),
        ],
        alerts: [
            AlertTemplate(
                name: "TraefikServiceDown", expr: "max by (job, service) (traefik_service_server_up) == 0",
                alertClass: .critical,
                summary: "Traefik service {{ $labels.service }} has no server up",
                description: "Every server behind {{ $labels.service }} fails its health check, so Traefik cannot route to it. Check those servers."),
            AlertTemplate(
                name: "TraefikServiceHigh5xxRate",
                expr: #"sum by (job, service) (rate(traefik_service_requests_total{code=~"5.."}[3m])) / sum by (job, service) (rate(traefik_service_requests_total[3m])) > 0.05"#,
                forDuration: "1m", alertClass: .critical,
                summary: "Traefik service {{ $labels.service }} returns many 5xx",
                description: "{{ $value | humanizePercentage }} of its responses over 3 minutes are 5xx. Check the servers behind it."),
        ])
}
