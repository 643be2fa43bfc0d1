/// MongoDB, as seen by the Percona mongodb_exporter (v2 metric names).
extension TechnologyCatalog {
    /// Seconds each secondary is behind its replica set's primary. Every exporter reports every member,
    /// so both sides are reduced to one series per member before subtracting; optimeDate is in ms.
    private static let mongodbReplicationLagSeconds =
        #"(max by (job, rs_nm) (mongodb_rs_members_optimeDate{member_state="PRIMARY"}) - on (job, rs_nm) group_right max by (job, rs_nm, member_idx) (mongodb_rs_members_optimeDate{member_state="SECONDARY"})) / 1000"#

    static let mongodb = TechnologyTemplate(
        technology: .mongodb,
        exporter: "percona mongodb_exporter",
        panels: [
            .stat("Up", unit: "short", PanelQuery("mongodb_up", legend: "{{instance}}")),
            .timeseries("Connections", unit: "short",
                        PanelQuery(#"mongodb_ss_connections{conn_type="current"}"#, legend: "current {{instance}}"),
                        PanelQuery(#"mongodb_ss_connections{conn_type="available"}"#, legend: "available {{instance}}")),
            .timeseries("Operations per second", unit: "ops",
                        PanelQuery("sum by (legacy_op_type) (rate(mongodb_ss_opcounters[5m]))", legend: "{{legacy_op_type}}")),
            .timeseries("Replica set member health", unit: "short",
                        PanelQuery("max by (rs_nm, member_idx) (mongodb_rs_members_health)", legend: "{{rs_nm}} {{member_idx}}")),
            .timeseries("Replication lag", unit: "s",
                        PanelQuery(mongodbReplicationLagSeconds, legend: "{{rs_nm}} {{member_idx}}"),
                        thresholds: [10]),
            .timeseries("Open cursors", unit: "short",
                        PanelQuery(#"mongodb_ss_metrics_cursor_open{csr_type="total"}"#, legend: "{{instance}}"),
                        thresholds: [10000]),
        ],
        alerts: [
            AlertTemplate(
                name: "MongodbDown", expr: "mongodb_up == 0", alertClass: .critical,
                summary: "MongoDB {{ $labels.job }} is down",
                description: "mongodb_exporter on {{ $labels.instance }} cannot reach mongod. Check the process, its log and whether the replica set elected a new primary."),
            AlertTemplate(
                name: "MongodbReplicaMemberUnhealthy", expr: "mongodb_rs_members_health == 0", alertClass: .critical,
                summary: "MongoDB replica set member {{ $labels.member_idx }} is unhealthy",
                description: "Replica set {{ $labels.rs_nm }} sees member {{ $labels.member_idx }} as down, leaving less redundancy and possibly no majority for writes."),
            AlertTemplate(
                name: "MongodbReplicationLag", expr: "\(mongodbReplicationLagSeconds) > 10", alertClass: .critical,
                summary: "MongoDB secondary {{ $labels.member_idx }} is lagging",
                description: "It is {{ $value | humanizeDuration }} behind the primary of {{ $labels.rs_nm }}. Reads from secondaries are stale and majority writes slow down; check its disk and network."),
            AlertTemplate(
                name: "MongodbTooManyCursors", expr: #"mongodb_ss_metrics_cursor_open{csr_type="total"} > 10000"#,
                forDuration: "2m", alertClass: .warning,
                summary: "MongoDB {{ $labels.instance }} has many open cursors",
                description: "{{ $value | humanize }} cursors are open. Clients are probably not closing or exhausting their cursors, which holds server memory."),
            AlertTemplate(
                name: "MongodbCursorsTimingOut", expr: "increase(mongodb_ss_metrics_cursor_timedOut[1m]) > 100",
                forDuration: "2m", alertClass: .warning,
                summary: "MongoDB {{ $labels.instance }} is timing out cursors",
                description: "{{ $value | humanize }} cursors timed out in the last minute: clients open cursors and abandon them. Find the query pattern in the application."),
            AlertTemplate(
                name: "MongodbTooManyConnections",
                expr: #"sum by (job, instance) (mongodb_ss_connections{conn_type="current"}) / (sum by (job, instance) (mongodb_ss_connections{conn_type="current"}) + sum by (job, instance) (mongodb_ss_connections{conn_type="available"})) > 0.8"#,
                forDuration: "2m", alertClass: .warning,
                summary: "MongoDB {{ $labels.instance }} is above 80% of its connection limit",
                description: "{{ $value | humanizePercentage }} of the connection limit is in use; new clients will be refused at the limit. Check driver pool sizes."),
        ])
}
