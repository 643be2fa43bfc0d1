/// NATS, as seen by prometheus-nats-exporter (varz, connz and JetStream endpoints).
extension TechnologyCatalog {
    private static let natsJetstreamStorageRatio =
        "gnatsd_varz_jetstream_stats_storage / gnatsd_varz_jetstream_config_max_storage"

    static let nats = TechnologyTemplate(
        technology: .nats,
        exporter: "prometheus-nats-exporter",
        panels: [
            .timeseries("Connections", unit: "short",
                        PanelQuery("gnatsd_varz_connections", legend: "{{instance}}")),
            .timeseries("Messages in / out", unit: "ops",
                        PanelQuery("sum(rate(gnatsd_varz_in_msgs[5m]))", legend: "in"),
                        PanelQuery("sum(rate(gnatsd_varz_out_msgs[5m]))", legend: "out")),
            .timeseries("Bytes in / out", unit: "Bps",
                        PanelQuery("sum(rate(gnatsd_varz_in_bytes[5m]))", legend: "in"),
                        PanelQuery("sum(rate(gnatsd_varz_out_bytes[5m]))", legend: "out")),
            .timeseries("Slow consumers", unit: "short",
                        PanelQuery("gnatsd_varz_slow_consumers", legend: "{{instance}}")),
            .timeseries("Pending bytes", unit: "bytes",
                        PanelQuery("gnatsd_connz_pending_bytes", legend: "{{instance}}"),
                        thresholds: [100000]),
            .timeseries("JetStream storage used", unit: "percentunit",
                        PanelQuery(natsJetstreamStorageRatio, legend: "{{instance}}"),
                        thresholds: [0.8]),
        ],
        alerts: [
            AlertTemplate(
                name: "NatsSlowConsumers", expr: "gnatsd_varz_slow_consumers > 0",
                forDuration: "3m", alertClass: .critical,
                summary: "NATS {{ $labels.instance }} has slow consumers",
                description: "The server reports {{ $value | humanize }} slow consumers and drops their messages. Find the subscribers that cannot keep up and scale them or use a queue group."),
            // With the dependency selector merged in, absent() names the dependency in its labels.
            AlertTemplate(
                name: "NatsServerAbsent", expr: "absent(gnatsd_varz_connections)",
                forDuration: "5m", alertClass: .critical,
                summary: "No NATS metrics from {{ $labels.job }}",
                description: "No server behind this dependency has reported for 5 minutes: NATS or its exporter is down. Check both."),
            AlertTemplate(
                name: "NatsPendingBytesHigh", expr: "gnatsd_connz_pending_bytes > 100000",
                forDuration: "3m", alertClass: .warning,
                summary: "NATS {{ $labels.instance }} has a large outbound backlog",
                description: "{{ $value | humanize1024 }}B wait to be sent to clients. Slow readers are close to being cut off as slow consumers."),
            AlertTemplate(
                name: "NatsJetstreamStorageHigh", expr: "\(natsJetstreamStorageRatio) > 0.8",
                forDuration: "5m", alertClass: .warning,
                summary: "NATS JetStream storage on {{ $labels.instance }} above 80%",
                description: "{{ $value | humanizePercentage }} of the configured JetStream storage is used; streams stop accepting messages when it is full. Tighten retention or raise max_storage."),
        ])
}
