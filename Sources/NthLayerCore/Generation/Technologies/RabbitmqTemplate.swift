/// RabbitMQ, as seen by its built-in rabbitmq_prometheus plugin. Per-queue series need the plugin's
/// per-object metrics; without them the queue panels show one aggregated series.
extension TechnologyCatalog {
    private static let rabbitmqMemoryRatio = "rabbitmq_process_resident_memory_bytes / rabbitmq_resident_memory_limit_bytes"
    private static let rabbitmqFileDescriptorRatio = "rabbitmq_process_open_fds / rabbitmq_process_max_fds"

    static let rabbitmq = TechnologyTemplate(
        technology: .rabbitmq,
        exporter: "rabbitmq_prometheus plugin",
        panels: [
            .timeseries("Ready / unacked messages", unit: "short",
                        PanelQuery("sum by (vhost, queue) (rabbitmq_queue_messages_ready)", legend: "ready {{vhost}}/{{queue}}"),
                        PanelQuery("sum by (vhost, queue) (rabbitmq_queue_messages_unacked)", legend: "unacked {{vhost}}/{{queue}}"),
                        thresholds: [1000]),
            .timeseries("Consumers", unit: "short",
                        PanelQuery("sum by (vhost, queue) (rabbitmq_queue_consumers)", legend: "{{vhost}}/{{queue}}")),
            .timeseries("Connections", unit: "short",
                        PanelQuery("sum(rabbitmq_connections)", legend: "connections")),
            .timeseries("Publish / ack rate", unit: "ops",
                        PanelQuery("sum(rate(rabbitmq_channel_messages_published_total[5m]))", legend: "published"),
                        PanelQuery("sum(rate(rabbitmq_channel_messages_acked_total[5m]))", legend: "acked")),
            .timeseries("Memory", unit: "bytes",
                        PanelQuery("rabbitmq_process_resident_memory_bytes", legend: "resident {{instance}}"),
                        PanelQuery("rabbitmq_resident_memory_limit_bytes", legend: "limit {{instance}}")),
            .timeseries("File descriptors used", unit: "percentunit",
                        PanelQuery(rabbitmqFileDescriptorRatio, legend: "{{instance}}"),
                        thresholds: [0.9]),
        ],
        alerts: [
            AlertTemplate(
                name: "RabbitmqMemoryHigh", expr: "\(rabbitmqMemoryRatio) > 0.9",
                forDuration: "2m", alertClass: .warning,
                summary: "RabbitMQ node {{ $labels.instance }} is near its memory limit",
                description: "Resident memory is {{ $value | humanizePercentage }} of the high watermark; at the limit the node blocks publishers. Drain long queues or add memory."),
            AlertTemplate(
                name: "RabbitmqFileDescriptorsHigh", expr: "\(rabbitmqFileDescriptorRatio) > 0.9",
                forDuration: "2m", alertClass: .warning,
                summary: "RabbitMQ node {{ $labels.instance }} is running out of file descriptors",
                description: "{{ $value | humanizePercentage }} of file descriptors are open; new connections will fail. Look for clients that open a connection per message."),
            AlertTemplate(
                name: "RabbitmqQueueReadyBacklog",
                expr: "sum by (job, vhost, queue) (rabbitmq_queue_messages_ready) > 1000",
                forDuration: "1m", alertClass: .warning,
                summary: "RabbitMQ queue {{ $labels.queue }} is building a backlog",
                description: "{{ $value | humanize }} messages wait for delivery in {{ $labels.vhost }}/{{ $labels.queue }}. Consumers are too slow or too few."),
            AlertTemplate(
                name: "RabbitmqQueueUnackedBacklog",
                expr: "sum by (job, vhost, queue) (rabbitmq_queue_messages_unacked) > 1000",
                forDuration: "1m", alertClass: .warning,
                summary: "RabbitMQ queue {{ $labels.queue }} has many unacknowledged messages",
                description: "{{ $value | humanize }} messages in {{ $labels.vhost }}/{{ $labels.queue }} were delivered but not acked. Consumers may be stuck or prefetching too much."),
            AlertTemplate(
                name: "RabbitmqQueueWithoutConsumers",
                expr: "sum by (job, vhost, queue) (rabbitmq_queue_consumers) < 1",
                forDuration: "1m", alertClass: .warning,
                summary: "RabbitMQ queue {{ $labels.queue }} has no consumers",
                description: "Nothing consumes {{ $labels.vhost }}/{{ $labels.queue }}, so its messages pile up. Check the consuming service's deployment."),
            // Either counter may be missing on older brokers; `or` alerts on whichever exists.
            AlertTemplate(
                name: "RabbitmqUnroutableMessages",
                expr: "increase(rabbitmq_channel_messages_unroutable_returned_total[1m]) > 0 or increase(rabbitmq_channel_messages_unroutable_dropped_total[1m]) > 0",
                forDuration: "2m", alertClass: .warning,
                summary: "RabbitMQ {{ $labels.job }} receives messages it cannot route",
                description: "Publishers send messages that match no binding, so they are returned or silently dropped. Check exchange bindings and routing keys."),
            // The plugin exposes no configured cluster size, so the largest node count of the last day stands in for it.
            AlertTemplate(
                name: "RabbitmqClusterNodeMissing",
                expr: "sum(rabbitmq_build_info) < max_over_time(sum(rabbitmq_build_info)[1d:5m])",
                alertClass: .critical,
                summary: "A RabbitMQ cluster node is missing",
                description: "Only {{ $value }} nodes report, fewer than earlier today. Quorum queues may lose their majority; check the missing node and the network partition status."),
        ])
}
