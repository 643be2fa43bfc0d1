/// Redis, as seen by redis_exporter.
extension TechnologyCatalog {
    static let redis = TechnologyTemplate(
        technology: .redis,
        exporter: "redis_exporter",
        panels: [
            .stat("Up", unit: "short", PanelQuery("redis_up", legend: "{{instance}}")),
            .timeseries("Memory", unit: "bytes",
                        PanelQuery("redis_memory_used_bytes", legend: "used {{instance}}"),
                        PanelQuery("redis_memory_max_bytes", legend: "max {{instance}}")),
            .timeseries("Connected clients", unit: "short",
                        PanelQuery("redis_connected_clients", legend: "{{instance}}")),
            .timeseries("Keyspace hit ratio", unit: "percentunit",
                        PanelQuery("sum(rate(redis_keyspace_hits_total[5m])) / (sum(rate(redis_keyspace_hits_total[5m])) + sum(rate(redis_keyspace_misses_total[5m])))",
                                   legend: "hit ratio")),
            .timeseries("Evicted / expired keys per second", unit: "ops",
                        PanelQuery("sum(rate(redis_evicted_keys_total[5m]))", legend: "evicted"),
                        PanelQuery("sum(rate(redis_expired_keys_total[5m]))", legend: "expired")),
            .timeseries("Commands per second", unit: "ops",
                        PanelQuery("sum(rate(redis_commands_processed_total[5m]))", legend: "commands")),
            .timeseries("Keys", unit: "short",
                        PanelQuery("sum by (db) (redis_db_keys)", legend: "{{db}}")),
        ],
        alerts: [
            AlertTemplate(
                name: "RedisDown", expr: "redis_up == 0", alertClass: .critical,
                summary: "Redis {{ $labels.job }} is down",
                description: "redis_exporter on {{ $labels.instance }} cannot reach Redis. Check the process and its logs; callers fall back to the origin or fail."),
            // `or vector(0)` makes the rule fire when no master reports at all, not only when one says replica.
            AlertTemplate(
                name: "RedisMissingMaster",
                expr: #"(count(redis_instance_info{role="master"}) or vector(0)) < 1"#,
                alertClass: .critical,
                summary: "No Redis master for this dependency",
                description: "No instance reports role=master, so writes fail. Check Sentinel or cluster failover and promote a replica if needed."),
            // A max of 0 means no limit is configured; the ratio would be meaningless.
            AlertTemplate(
                name: "RedisMemoryNearLimit",
                expr: "redis_memory_used_bytes / redis_memory_max_bytes > 0.9 and redis_memory_max_bytes > 0",
                forDuration: "2m", alertClass: .warning,
                summary: "Redis {{ $labels.instance }} is close to maxmemory",
                description: "Redis uses {{ $value | humanizePercentage }} of maxmemory. Past the limit it evicts keys or rejects writes, depending on its policy; raise the limit or find what grew."),
            AlertTemplate(
                name: "RedisRejectedConnections", expr: "increase(redis_rejected_connections_total[1m]) > 0",
                alertClass: .critical,
                summary: "Redis {{ $labels.instance }} rejects connections",
                description: "{{ $value | humanize }} connections were refused in the last minute because maxclients was reached. Check client pools for leaks or raise maxclients."),
            AlertTemplate(
                name: "RedisReplicaLost", expr: "delta(redis_connected_slaves[1m]) < 0", alertClass: .critical,
                summary: "Redis {{ $labels.instance }} lost a replica",
                description: "Fewer replicas are connected than a minute ago, leaving less redundancy for a failover. Check the replica's process and network."),
            AlertTemplate(
                name: "RedisBackupStale", expr: "time() - redis_rdb_last_save_timestamp_seconds > 86400",
                alertClass: .critical,
                summary: "Redis {{ $labels.instance }} has no RDB snapshot for over a day",
                description: "The last successful save was {{ $value | humanizeDuration }} ago; a restart now would lose that data. Check BGSAVE errors and free disk space."),
        ])
}
