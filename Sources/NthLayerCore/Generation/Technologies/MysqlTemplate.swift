/// MySQL and MariaDB, as seen by mysqld_exporter.
extension TechnologyCatalog {
    static let mysql = TechnologyTemplate(
        technology: .mysql,
        exporter: "mysqld_exporter",
        panels: [
            .stat("Up", unit: "short", PanelQuery("mysql_up", legend: "{{instance}}")),
            .timeseries("Threads", unit: "short",
                        PanelQuery("mysql_global_status_threads_connected", legend: "connected {{instance}}"),
                        PanelQuery("mysql_global_status_threads_running", legend: "running {{instance}}"),
                        PanelQuery("mysql_global_variables_max_connections", legend: "max connections {{instance}}")),
            .timeseries("Queries per second", unit: "ops",
                        PanelQuery("rate(mysql_global_status_questions[5m])", legend: "{{instance}}")),
            .timeseries("Slow queries per second", unit: "ops",
                        PanelQuery("rate(mysql_global_status_slow_queries[5m])", legend: "{{instance}}")),
            .timeseries("Replica lag", unit: "s",
                        PanelQuery("mysql_slave_status_seconds_behind_master", legend: "{{instance}}"),
                        thresholds: [30]),
            // Hit ratio = logical reads not served from disk.
            .timeseries("InnoDB buffer pool hit ratio", unit: "percentunit",
                        PanelQuery("1 - rate(mysql_global_status_innodb_buffer_pool_reads[5m]) / rate(mysql_global_status_innodb_buffer_pool_read_requests[5m])",
                                   legend: "{{instance}}")),
        ],
        alerts: [
            AlertTemplate(
                name: "MysqlDown", expr: "mysql_up == 0", alertClass: .critical,
                summary: "MySQL {{ $labels.job }} is down",
                description: "mysqld_exporter on {{ $labels.instance }} cannot connect to the server. Check that mysqld is running and reachable, then its error log."),
            AlertTemplate(
                name: "MysqlTooManyConnections",
                expr: "mysql_global_status_threads_connected / mysql_global_variables_max_connections > 0.8",
                forDuration: "2m", alertClass: .warning,
                summary: "MySQL {{ $labels.job }} is above 80% of max_connections",
                description: "{{ $value | humanizePercentage }} of max_connections are in use on {{ $labels.instance }}. At the limit clients get 'Too many connections'; check pool sizes and leaked connections."),
            AlertTemplate(
                name: "MysqlHighThreadsRunning",
                expr: "mysql_global_status_threads_running / mysql_global_variables_max_connections > 0.6",
                forDuration: "2m", alertClass: .warning,
                summary: "MySQL {{ $labels.job }} has many threads running at once",
                description: "Running threads are {{ $value | humanizePercentage }} of max_connections on {{ $labels.instance }}: queries are piling up. Look at the processlist for slow or locked queries."),
            // Only replicas report a master server id; a primary has no replication threads to watch.
            AlertTemplate(
                name: "MysqlReplicaIoThreadStopped",
                expr: "mysql_slave_status_slave_io_running == 0 and mysql_slave_status_master_server_id > 0",
                alertClass: .critical,
                summary: "MySQL replica {{ $labels.instance }} stopped its IO thread",
                description: "The replica no longer receives changes from {{ $labels.master_host }}. Run SHOW REPLICA STATUS for the last IO error and restart replication once it is fixed."),
            AlertTemplate(
                name: "MysqlReplicaSqlThreadStopped",
                expr: "mysql_slave_status_slave_sql_running == 0 and mysql_slave_status_master_server_id > 0",
                alertClass: .critical,
                summary: "MySQL replica {{ $labels.instance }} stopped its SQL thread",
                description: "Received changes are no longer applied, so reads from this replica get staler. Run SHOW REPLICA STATUS for the last SQL error."),
            // A deliberately delayed replica is not lagging: subtract its configured delay.
            AlertTemplate(
                name: "MysqlReplicationLag",
                expr: "mysql_slave_status_seconds_behind_master - mysql_slave_status_sql_delay > 30",
                forDuration: "1m", alertClass: .critical,
                summary: "MySQL replica {{ $labels.instance }} is behind its primary",
                description: "The replica is {{ $value | humanizeDuration }} behind beyond its configured delay. Reads from it return stale data; check for long transactions or an overloaded replica."),
            AlertTemplate(
                name: "MysqlSlowQueries", expr: "increase(mysql_global_status_slow_queries[1m]) > 0",
                forDuration: "2m", alertClass: .warning,
                summary: "MySQL {{ $labels.job }} is logging slow queries",
                description: "{{ $value | humanize }} slow queries in the last minute on {{ $labels.instance }}. The slow query log names them; check for missing indexes or new query patterns."),
            AlertTemplate(
                name: "MysqlRestarted", expr: "mysql_global_status_uptime < 60", alertClass: .info,
                summary: "MySQL {{ $labels.job }} restarted",
                description: "The server on {{ $labels.instance }} has been up for under a minute. If nobody planned it, check the error log for a crash or an OOM kill."),
        ])
}
