/// Elasticsearch (and OpenSearch), as seen by elasticsearch_exporter.
extension TechnologyCatalog {
    private static let elasticsearchHeapRatio =
        #"elasticsearch_jvm_memory_used_bytes{area="heap"} / elasticsearch_jvm_memory_max_bytes{area="heap"}"#
    private static let elasticsearchDiskAvailableRatio =
        "elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes"

    static let elasticsearch = TechnologyTemplate(
        technology: .elasticsearch,
        exporter: "elasticsearch_exporter",
        panels: [
            // One series per colour; the one at 1 is the cluster's current status.
            .stat("Cluster health", unit: "short",
                  PanelQuery("max by (color) (elasticsearch_cluster_health_status)", legend: "{{color}}")),
            .timeseries("Nodes", unit: "short",
                        PanelQuery("max(elasticsearch_cluster_health_number_of_nodes)", legend: "nodes"),
                        PanelQuery("max(elasticsearch_cluster_health_number_of_data_nodes)", legend: "data nodes")),
            .timeseries("Shards", unit: "short",
                        PanelQuery("max(elasticsearch_cluster_health_unassigned_shards)", legend: "unassigned"),
                        PanelQuery("max(elasticsearch_cluster_health_relocating_shards)", legend: "relocating"),
                        PanelQuery("max(elasticsearch_cluster_health_initializing_shards)", legend: "initializing")),
            .timeseries("JVM heap used", unit: "percentunit",
                        PanelQuery(elasticsearchHeapRatio, legend: "{{name}}"),
                        thresholds: [0.8, 0.9]),
            .timeseries("Disk available", unit: "percentunit",
                        PanelQuery(elasticsearchDiskAvailableRatio, legend: "{{name}} {{mount}}"),
                        thresholds: [0.1, 0.2]),
            .timeseries("Indexing / search rate", unit: "ops",
                        PanelQuery("sum(rate(elasticsearch_indices_indexing_index_total[5m]))", legend: "indexed docs"),
                        PanelQuery("sum(rate(elasticsearch_indices_search_query_total[5m]))", legend: "search queries")),
        ],
        alerts: [
            AlertTemplate(
                name: "ElasticsearchClusterRed", expr: #"elasticsearch_cluster_health_status{color="red"} == 1"#,
                alertClass: .critical,
                summary: "Elasticsearch cluster {{ $labels.cluster }} is red",
                description: "At least one primary shard is unassigned: some data cannot be searched or written. Check unassigned shards and missing nodes."),
            AlertTemplate(
                name: "ElasticsearchClusterYellow", expr: #"elasticsearch_cluster_health_status{color="yellow"} == 1"#,
                alertClass: .warning,
                summary: "Elasticsearch cluster {{ $labels.cluster }} is yellow",
                description: "Some replica shards are unassigned, so one more node loss could lose data. Check node count and disk watermarks."),
            AlertTemplate(
                name: "ElasticsearchHeapCritical", expr: "\(elasticsearchHeapRatio) > 0.9",
                forDuration: "2m", alertClass: .critical,
                summary: "Elasticsearch node {{ $labels.name }} heap above 90%",
                description: "Heap use is {{ $value | humanizePercentage }}; long GC pauses and circuit-breaker errors follow. Reduce load or heavy aggregations, or add memory."),
            AlertTemplate(
                name: "ElasticsearchHeapHigh", expr: "\(elasticsearchHeapRatio) > 0.8",
                forDuration: "2m", alertClass: .warning,
                summary: "Elasticsearch node {{ $labels.name }} heap above 80%",
                description: "Heap use is {{ $value | humanizePercentage }}. Watch GC time and look for expensive queries before it reaches 90%."),
            AlertTemplate(
                name: "ElasticsearchDiskCritical", expr: "\(elasticsearchDiskAvailableRatio) < 0.1",
                alertClass: .critical,
                summary: "Elasticsearch node {{ $labels.name }} has under 10% disk left",
                description: "Only {{ $value | humanizePercentage }} of {{ $labels.mount }} is free; past the flood-stage watermark indices become read-only. Free space or add nodes now."),
            AlertTemplate(
                name: "ElasticsearchDiskLow", expr: "\(elasticsearchDiskAvailableRatio) < 0.2",
                forDuration: "2m", alertClass: .warning,
                summary: "Elasticsearch node {{ $labels.name }} has under 20% disk left",
                description: "{{ $value | humanizePercentage }} of {{ $labels.mount }} is free; shards stop being allocated to this node at the high watermark. Delete old indices or add capacity."),
            AlertTemplate(
                name: "ElasticsearchUnassignedShards", expr: "elasticsearch_cluster_health_unassigned_shards > 0",
                alertClass: .critical,
                summary: "Elasticsearch cluster {{ $labels.cluster }} has unassigned shards",
                description: "{{ $value | humanize }} shards are unassigned. The allocation explain API says why."),
            AlertTemplate(
                name: "ElasticsearchPendingTasks", expr: "elasticsearch_cluster_health_number_of_pending_tasks > 0",
                forDuration: "15m", alertClass: .warning,
                summary: "Elasticsearch cluster {{ $labels.cluster }} has pending tasks",
                description: "{{ $value | humanize }} cluster-state tasks have been queued for 15 minutes; the master is overloaded or stuck. Check the pending tasks API."),
        ])
}
