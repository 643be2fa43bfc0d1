/// HAProxy 2.x through its built-in Prometheus exporter; every series carries the `proxy` label.
extension TechnologyCatalog {
    static let haproxy = TechnologyTemplate(
        technology: .haproxy,
        exporter: "haproxy built-in exporter (2.x)",
        panels: [
            .timeseries("Frontend requests", unit: "reqps",
                        PanelQuery("sum by (proxy) (rate(haproxy_frontend_http_requests_total[5m]))", legend: "{{proxy}}")),
            .timeseries("Backend responses by class", unit: "reqps",
                        PanelQuery("sum by (code) (rate(haproxy_backend_http_responses_total[5m]))", legend: "{{code}}")),
            .timeseries("Backend 5xx ratio", unit: "percentunit",
                        PanelQuery(#"sum by (proxy) (rate(haproxy_backend_http_responses_total{code="5xx"}[5m])) / sum by (proxy) (rate(haproxy_backend_http_responses_total[5m]))"#,
                                   legend: "{{proxy}}"),
                        thresholds: [0.05]),
            .timeseries("Servers up", unit: "short",
                        PanelQuery("sum by (proxy) (haproxy_backend_active_servers)", legend: "active {{proxy}}"),
                        PanelQuery("sum by (proxy) (haproxy_backend_backup_servers)", legend: "backup {{proxy}}")),
            .timeseries("Backend queue", unit: "short",
                        PanelQuery("sum by (proxy) (haproxy_backend_current_queue)", legend: "{{proxy}}")),
            .timeseries("Frontend sessions", unit: "short",
                        PanelQuery("sum by (proxy) (haproxy_frontend_current_sessions)", legend: "current {{proxy}}"),
                        PanelQuery("sum by (proxy) (haproxy_frontend_limit_sessions)", legend: "limit {{proxy}}")),
            .timeseries("Backend max total time", unit: "s",
                        PanelQuery("max by (proxy) (haproxy_backend_max_total_time_seconds)", legend: "{{proxy}}"),
                        thresholds: [1]),
        ],
        alerts: [
            // Per HAProxy instance: each one routes on its own view of the servers.
            AlertTemplate(
                name: "HaproxyBackendNoServers",
                expr: "haproxy_backend_active_servers + haproxy_backend_backup_servers == 0",
                alertClass: .critical,
                summary: "HAProxy backend {{ $labels.proxy }} has no servers up",
                description: "{{ $labels.instance }} has no active or backup server for {{ $labels.proxy }}, so every request to it fails. Check the servers' health checks."),
            AlertTemplate(
                name: "HaproxyBackendHigh5xxRate",
                expr: #"sum by (job, proxy) (rate(haproxy_backend_http_responses_total{code="5xx"}[5m])) / sum by (job, proxy) (rate(haproxy_backend_http_responses_total[5m])) > 0.05"#,
                forDuration: "1m", alertClass: .critical,
                summary: "HAProxy backend {{ $labels.proxy }} returns many 5xx",
                description: "{{ $value | humanizePercentage }} of its responses are 5xx. Check the backend servers' logs."),
            AlertTemplate(
                name: "HaproxyBackendConnectionErrors",
                expr: "sum by (job, proxy) (rate(haproxy_backend_connection_errors_total[5m])) > 100",
                forDuration: "1m", alertClass: .critical,
                summary: "HAProxy cannot connect to backend {{ $labels.proxy }}",
                description: "{{ $value | humanize }} connection errors per second to its servers. They refuse connections or are unreachable."),
            AlertTemplate(
                name: "HaproxyBackendQueueing", expr: "haproxy_backend_current_queue > 0",
                forDuration: "2m", alertClass: .warning,
                summary: "Requests queue in HAProxy for backend {{ $labels.proxy }}",
                description: "{{ $value | humanize }} requests wait for a free server slot. Its servers are saturated or maxconn is too low."),
            AlertTemplate(
                name: "HaproxyBackendSlowResponses", expr: "haproxy_backend_max_total_time_seconds > 1",
                forDuration: "1m", alertClass: .warning,
                summary: "HAProxy backend {{ $labels.proxy }} is slow",
                description: "The slowest recent request took {{ $value | humanizeDuration }}. Check the backend servers' latency."),
            AlertTemplate(
                name: "HaproxyServerHealthCheckFailing",
                expr: "increase(haproxy_server_check_failures_total[1m]) > 0",
                forDuration: "1m", alertClass: .warning,
                summary: "HAProxy health checks fail for {{ $labels.proxy }}/{{ $labels.server }}",
                description: "{{ $value | humanize }} failed checks in the last minute; the server may flap in and out of rotation."),
        ])
}
