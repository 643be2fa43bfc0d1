/// PostgreSQL, as seen by postgres_exporter.
extension TechnologyCatalog {
    static let postgresql = TechnologyTemplate(
        technology: .postgresql,
        exporter: "postgres_exporter",
        panels: [
            .stat("Up", unit: "short", PanelQuery("pg_up", legend: "{{instance}}")),
            .timeseries("Connections", unit: "short",
                        PanelQuery("sum(pg_stat_activity_count)", legend: "connections"),
                        PanelQuery("min(pg_settings_max_connections)", legend: "max connections")),
            .timeseries("Commits / rollbacks per second", unit: "ops",
                        PanelQuery("sum(rate(pg_stat_database_xact_commit[5m]))", legend: "commits"),
                        PanelQuery("sum(rate(pg_stat_database_xact_rollback[5m]))", legend: "rollbacks")),
            .timeseries("Cache hit ratio", unit: "percentunit",
                        PanelQuery("sum(rate(pg_stat_database_blks_hit[5m])) / (sum(rate(pg_stat_database_blks_hit[5m])) + sum(rate(pg_stat_database_blks_read[5m])))",
                                   legend: "hit ratio")),
            .timeseries("Deadlocks per second", unit: "ops",
                        PanelQuery("sum by (datname) (rate(pg_stat_database_deadlocks[5m]))", legend: "{{datname}}")),
            .timeseries("Database size", unit: "bytes",
                        PanelQuery("sum by (datname) (pg_database_size_bytes)", legend: "{{datname}}")),
            // Ten worst tables only: a database can have thousands.
            .timeseries("Dead tuples (top 10 tables)", unit: "short",
                        PanelQuery("topk(10, sum by (datname, relname) (pg_stat_user_tables_n_dead_tup))",
                                   legend: "{{datname}}.{{relname}}")),
            // The metric was renamed; `or` keeps the panel working with either exporter generation.
            .timeseries("Replication lag", unit: "s",
                        PanelQuery("max by (instance) (pg_replication_lag_seconds) or max by (instance) (pg_replication_lag)",
                                   legend: "{{instance}}")),
        ],
        alerts: [
            AlertTemplate(
                name: "PostgresqlDown", expr: "pg_up == 0", alertClass: .critical,
                summary: "PostgreSQL {{ $labels.job }} is down",
                description: "postgres_exporter on {{ $labels.instance }} cannot connect to the database. Check that the server is running and accepting connections, then its logs for a crash or failover."),
            AlertTemplate(
                name: "PostgresqlRestarted", expr: "time() - pg_postmaster_start_time_seconds < 60", alertClass: .info,
                summary: "PostgreSQL {{ $labels.job }} restarted",
                description: "The server on {{ $labels.instance }} started less than a minute ago. If nobody planned it, look for a crash, an OOM kill or a failover."),
            AlertTemplate(
                name: "PostgresqlExporterScrapeError", expr: "pg_exporter_last_scrape_error > 0", alertClass: .warning,
                summary: "postgres_exporter for {{ $labels.job }} fails to read metrics",
                description: "The last scrape on {{ $labels.instance }} reported an error, so PostgreSQL dashboards and alerts may be blind. Check the exporter's logs and its database permissions."),
            // Per server: max_connections is a per-server limit; `job` keeps the dependency in the alert.
            AlertTemplate(
                name: "PostgresqlTooManyConnections",
                expr: "sum by (job, instance) (pg_stat_activity_count) > 0.8 * min by (job, instance) (pg_settings_max_connections)",
                forDuration: "2m", alertClass: .warning,
                summary: "PostgreSQL {{ $labels.job }} is above 80% of max_connections",
                description: "{{ $value }} connections are open on {{ $labels.instance }}. New connections will be refused at the limit; look for connection leaks or pool sizes that grew."),
            AlertTemplate(
                name: "PostgresqlDeadlocks", expr: "increase(pg_stat_database_deadlocks[1m]) > 5", alertClass: .warning,
                summary: "Deadlocks in PostgreSQL database {{ $labels.datname }}",
                description: "{{ $value | humanize }} deadlocks in the last minute on {{ $labels.instance }}. Find the conflicting transactions in the server log and make them take locks in the same order."),
            AlertTemplate(
                name: "PostgresqlHighRollbackRate",
                expr: "rate(pg_stat_database_xact_rollback[3m]) / (rate(pg_stat_database_xact_rollback[3m]) + rate(pg_stat_database_xact_commit[3m])) > 0.02",
                alertClass: .warning,
                summary: "Many rollbacks in PostgreSQL database {{ $labels.datname }}",
                description: "{{ $value | humanizePercentage }} of transactions on {{ $labels.instance }} rolled back over 3 minutes. Application errors or serialization failures are the usual cause."),
            AlertTemplate(
                name: "PostgresqlDeadTuples",
                expr: "pg_stat_user_tables_n_dead_tup / (pg_stat_user_tables_n_live_tup + pg_stat_user_tables_n_dead_tup) >= 0.1",
                forDuration: "2m", alertClass: .warning,
                summary: "Table {{ $labels.relname }} in {{ $labels.datname }} is bloated with dead tuples",
                description: "{{ $value | humanizePercentage }} of its tuples are dead. Autovacuum is not keeping up; check for long-running transactions holding back cleanup."),
            AlertTemplate(
                name: "PostgresqlReplicationSlotInactive", expr: "pg_replication_slots_active == 0",
                forDuration: "1m", alertClass: .warning,
                summary: "Replication slot {{ $labels.slot_name }} on {{ $labels.job }} is inactive",
                description: "No consumer is attached to the slot, so the primary keeps WAL for it and its disk fills up. Reconnect the replica or drop the slot."),
        ])
}
