/// Apache Pulsar, as seen by the broker's own metrics endpoint (per-topic metrics enabled).
extension TechnologyCatalog {
    static let pulsar = TechnologyTemplate(
        technology: .pulsar,
        exporter: "pulsar broker metrics",
        panels: [
            // Pulsar exports these as ready-made per-second gauges, so no rate().
            .timeseries("Message rate in / out", unit: "ops",
                        PanelQuery("sum(pulsar_rate_in)", legend: "in"),
                        PanelQuery("sum(pulsar_rate_out)", legend: "out")),
            .timeseries("Throughput in / out", unit: "Bps",
                        PanelQuery("sum(pulsar_throughput_in)", legend: "in"),
                        PanelQuery("sum(pulsar_throughput_out)", legend: "out")),
            .timeseries("Subscription backlog", unit: "short",
                        PanelQuery("sum by (topic, subscription) (pulsar_subscription_back_log)",
                                   legend: "{{topic}} / {{subscription}}"),
                        thresholds: [5000, 100000]),
            .timeseries("Storage size", unit: "bytes",
                        PanelQuery("sum by (topic) (pulsar_storage_size)", legend: "{{topic}}")),
            .timeseries("Producers / consumers", unit: "short",
                        PanelQuery("sum(pulsar_producers_count)", legend: "producers"),
                        PanelQuery("sum(pulsar_consumers_count)", legend: "consumers")),
        ],
        alerts: [
            // Summed over brokers so a topic bundle moving between brokers does not restart the `for`.
            AlertTemplate(
                name: "PulsarSubscriptionBacklogHigh",
                expr: "sum by (job, topic, subscription) (pulsar_subscription_back_log) > 5000",
                forDuration: "1h", alertClass: .warning,
                summary: "Pulsar subscription {{ $labels.subscription }} is building a backlog",
                description: "{{ $value | humanize }} messages have waited on {{ $labels.topic }} for an hour. Its consumers are too slow or stopped."),
            AlertTemplate(
                name: "PulsarSubscriptionBacklogCritical",
                expr: "sum by (job, topic, subscription) (pulsar_subscription_back_log) > 100000",
                forDuration: "1h", alertClass: .critical,
                summary: "Pulsar subscription {{ $labels.subscription }} has a very large backlog",
                description: "{{ $value | humanize }} messages wait on {{ $labels.topic }}. Scale or restart its consumers before retention or quotas start dropping or blocking messages."),
            AlertTemplate(
                name: "PulsarTopicStorageHigh",
                expr: "sum by (job, topic) (pulsar_storage_size) > 5 * 1024 ^ 3",
                forDuration: "1h", alertClass: .warning,
                summary: "Pulsar topic {{ $labels.topic }} stores over 5 GiB",
                description: "The topic holds {{ $value | humanize1024 }}B. Check retention and whether a subscription stopped acknowledging."),
            AlertTemplate(
                name: "PulsarTopicStorageCritical",
                expr: "sum by (job, topic) (pulsar_storage_size) > 20 * 1024 ^ 3",
                forDuration: "1h", alertClass: .critical,
                summary: "Pulsar topic {{ $labels.topic }} stores over 20 GiB",
                description: "The topic holds {{ $value | humanize1024 }}B and BookKeeper disks fill up. Drain or skip the stuck subscription's backlog, or tighten retention."),
            AlertTemplate(
                name: "PulsarStorageWriteLatencyOverflow", expr: "pulsar_storage_write_latency_overflow > 0",
                forDuration: "1h", alertClass: .critical,
                summary: "Pulsar writes to {{ $labels.topic }} are extremely slow",
                description: "Some writes took longer than the largest latency bucket (over a second) for an hour. Check BookKeeper bookies' disks and journal."),
        ])
}
