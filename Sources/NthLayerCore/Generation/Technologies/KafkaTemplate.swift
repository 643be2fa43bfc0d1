/// Kafka (and Redpanda), as seen by kafka_exporter.
extension TechnologyCatalog {
    static let kafka = TechnologyTemplate(
        technology: .kafka,
        exporter: "kafka_exporter",
        panels: [
            .timeseries("Consumer lag", unit: "short",
                        PanelQuery("sum by (consumergroup, topic) (kafka_consumergroup_lag)",
                                   legend: "{{consumergroup}} / {{topic}}"),
                        thresholds: [50]),
            .timeseries("In-sync replicas vs replicas", unit: "short",
                        PanelQuery("sum(kafka_topic_partition_in_sync_replica)", legend: "in sync"),
                        PanelQuery("sum(kafka_topic_partition_replicas)", legend: "replicas")),
            .timeseries("Under-replicated partitions", unit: "short",
                        PanelQuery("sum by (topic) (kafka_topic_partition_under_replicated_partition)", legend: "{{topic}}")),
            .timeseries("Produce rate", unit: "ops",
                        PanelQuery("sum by (topic) (rate(kafka_topic_partition_current_offset[5m]))", legend: "{{topic}}")),
            .timeseries("Consume rate", unit: "ops",
                        PanelQuery("sum by (consumergroup, topic) (rate(kafka_consumergroup_current_offset[5m]))",
                                   legend: "{{consumergroup}} / {{topic}}")),
            .stat("Brokers", unit: "short", PanelQuery("max(kafka_brokers)", legend: "brokers")),
        ],
        alerts: [
            // Two views of one problem, merged so a degraded partition pages once.
            AlertTemplate(
                name: "KafkaPartitionUnderReplicated",
                expr: "kafka_topic_partition_under_replicated_partition > 0 or kafka_topic_partition_in_sync_replica < kafka_topic_partition_replicas",
                alertClass: .critical,
                summary: "Kafka partition {{ $labels.topic }}/{{ $labels.partition }} is under-replicated",
                description: "Fewer replicas are in sync than configured, so a broker loss could lose acknowledged messages. Check broker health and disk on {{ $labels.job }}."),
            // 50 messages is the reference default; a dependency with bursty traffic wants its own value.
            AlertTemplate(
                name: "KafkaConsumerGroupLag", expr: "sum by (job, consumergroup) (kafka_consumergroup_lag) > 50",
                forDuration: "1m", alertClass: .critical,
                summary: "Kafka consumer group {{ $labels.consumergroup }} is falling behind",
                description: "The group is {{ $value | humanize }} messages behind. Check that its consumers are running and not failing on a poison message, then scale them."),
        ])
}
