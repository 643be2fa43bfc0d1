/// NGINX through nginx-prometheus-exporter (stub_status). stub_status has no status codes or latency;
/// the 5xx and p99 alerts use the nginx-lua-prometheus names and stay silent without that exporter.
extension TechnologyCatalog {
    static let nginx = TechnologyTemplate(
        technology: .nginx,
        exporter: "nginx-prometheus-exporter (stub_status)",
        panels: [
            .stat("Up", unit: "short", PanelQuery("nginx_up", legend: "{{instance}}")),
            .timeseries("Connections", unit: "short",
                        PanelQuery("sum(nginx_connections_active)", legend: "active"),
                        PanelQuery("sum(nginx_connections_reading)", legend: "reading"),
                        PanelQuery("sum(nginx_connections_writing)", legend: "writing"),
                        PanelQuery("sum(nginx_connections_waiting)", legend: "waiting")),
            .timeseries("Accepted vs handled connections", unit: "ops",
                        PanelQuery("sum(rate(nginx_connections_accepted[5m]))", legend: "accepted"),
                        PanelQuery("sum(rate(nginx_connections_handled[5m]))", legend: "handled")),
            .timeseries("Requests", unit: "reqps",
                        PanelQuery("sum(rate(nginx_http_requests_total[5m]))", legend: "requests")),
        ],
        alerts: [
            AlertTemplate(
                name: "NginxDown", expr: "nginx_up == 0", alertClass: .critical,
                summary: "NGINX {{ $labels.job }} is down",
                description: "The exporter on {{ $labels.instance }} cannot read stub_status: NGINX is down or the status endpoint moved. Check the process and its error log."),
            // Accepted but not handled means NGINX dropped the connection, usually at worker_connections.
            AlertTemplate(
                name: "NginxDroppedConnections",
                expr: "rate(nginx_connections_accepted[5m]) - rate(nginx_connections_handled[5m]) > 0",
                forDuration: "5m", alertClass: .warning,
                summary: "NGINX {{ $labels.instance }} drops connections",
                description: "{{ $value | humanize }} connections per second are accepted but never handled. Raise worker_connections or the open file limit."),
            AlertTemplate(
                name: "NginxHigh5xxRate",
                expr: #"sum by (job) (rate(nginx_http_requests_total{status=~"5.."}[5m])) / sum by (job) (rate(nginx_http_requests_total[5m])) > 0.05"#,
                forDuration: "1m", alertClass: .critical,
                summary: "NGINX {{ $labels.job }} serves many 5xx responses",
                description: "{{ $value | humanizePercentage }} of responses are 5xx. Check the upstreams NGINX proxies to and its error log."),
            AlertTemplate(
                name: "NginxHighLatency",
                expr: "histogram_quantile(0.99, sum by (job, le) (rate(nginx_http_request_duration_seconds_bucket[5m]))) > 3",
                forDuration: "2m", alertClass: .warning,
                summary: "NGINX {{ $labels.job }} p99 latency above 3s",
                description: "The slowest 1% of requests take over {{ $value | humanizeDuration }}. Check upstream latency and NGINX worker saturation."),
        ])
}
