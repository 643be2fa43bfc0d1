/// etcd through its built-in metrics endpoint.
extension TechnologyCatalog {
    private static func etcdP99(_ bucket: String, by labels: String) -> String {
        "histogram_quantile(0.99, sum by (\(labels)) (rate(\(bucket)[5m])))"
    }

    static let etcd = TechnologyTemplate(
        technology: .etcd,
        exporter: "etcd built-in metrics",
        panels: [
            .stat("Has leader", unit: "short", PanelQuery("etcd_server_has_leader", legend: "{{instance}}")),
            .timeseries("Leader changes", unit: "ops",
                        PanelQuery("sum(rate(etcd_server_leader_changes_seen_total[5m]))", legend: "leader changes")),
            .timeseries("Proposals", unit: "short",
                        PanelQuery("sum(rate(etcd_server_proposals_failed_total[5m]))", legend: "failed per second"),
                        PanelQuery("sum(etcd_server_proposals_pending)", legend: "pending")),
            .timeseries("Disk p99", unit: "s",
                        PanelQuery(etcdP99("etcd_disk_wal_fsync_duration_seconds_bucket", by: "le, instance"),
                                   legend: "WAL fsync {{instance}}"),
                        PanelQuery(etcdP99("etcd_disk_backend_commit_duration_seconds_bucket", by: "le, instance"),
                                   legend: "backend commit {{instance}}"),
                        thresholds: [0.25, 0.5, 1]),
            .timeseries("DB size vs quota", unit: "bytes",
                        PanelQuery("etcd_mvcc_db_total_size_in_bytes", legend: "size {{instance}}"),
                        PanelQuery("etcd_server_quota_backend_bytes", legend: "quota {{instance}}")),
            .timeseries("Peer round-trip p99", unit: "s",
                        PanelQuery(etcdP99("etcd_network_peer_round_trip_time_seconds_bucket", by: "le, instance, To"),
                                   legend: "{{instance}} → {{To}}")),
        ],
        alerts: [
            AlertTemplate(
                name: "EtcdNoLeader", expr: "etcd_server_has_leader == 0", alertClass: .critical,
                summary: "etcd member {{ $labels.instance }} has no leader",
                description: "The member cannot serve writes or linearizable reads. Check connectivity between members and whether a quorum is up."),
            // An even member count adds a voter without adding failure tolerance.
            AlertTemplate(
                name: "EtcdEvenMemberCount", expr: "count by (job) (etcd_server_id) % 2 == 0", alertClass: .critical,
                summary: "etcd cluster {{ $labels.job }} has an even number of members",
                description: "An even-sized cluster tolerates no more failures than one member smaller, and a member is probably missing. Check which one stopped reporting."),
            AlertTemplate(
                name: "EtcdFrequentLeaderChanges", expr: "increase(etcd_server_leader_changes_seen_total[10m]) > 2",
                alertClass: .warning,
                summary: "etcd {{ $labels.job }} changes leader often",
                description: "{{ $value | humanize }} leader changes in 10 minutes on {{ $labels.instance }}. Slow disks or network drops trigger elections; check fsync latency and peer RTT."),
            AlertTemplate(
                name: "EtcdFailedProposals", expr: "increase(etcd_server_proposals_failed_total[1h]) > 5",
                forDuration: "2m", alertClass: .warning,
                summary: "etcd {{ $labels.instance }} fails proposals",
                description: "{{ $value | humanize }} proposals failed in the last hour, usually during leader elections or a lost quorum."),
            AlertTemplate(
                name: "EtcdSlowWalFsync",
                expr: "\(etcdP99("etcd_disk_wal_fsync_duration_seconds_bucket", by: "job, instance, le")) > 0.5",
                forDuration: "2m", alertClass: .warning,
                summary: "etcd {{ $labels.instance }} WAL fsync is slow",
                description: "p99 WAL fsync takes {{ $value | humanizeDuration }}. The disk is too slow for etcd; move it to faster storage or reduce noisy neighbours."),
            AlertTemplate(
                name: "EtcdWalFsyncCritical",
                expr: "\(etcdP99("etcd_disk_wal_fsync_duration_seconds_bucket", by: "job, instance, le")) > 1",
                alertClass: .critical,
                summary: "etcd {{ $labels.instance }} WAL fsync takes over a second",
                description: "p99 WAL fsync takes {{ $value | humanizeDuration }}, long enough to lose leadership and stall writes. Check the disk now."),
            AlertTemplate(
                name: "EtcdSlowBackendCommit",
                expr: "\(etcdP99("etcd_disk_backend_commit_duration_seconds_bucket", by: "job, instance, le")) > 0.25",
                forDuration: "2m", alertClass: .warning,
                summary: "etcd {{ $labels.instance }} backend commits are slow",
                description: "p99 backend commit takes {{ $value | humanizeDuration }}. The disk is saturated; check its latency and other workloads on it."),
            AlertTemplate(
                name: "EtcdDatabaseNearQuota",
                expr: "etcd_mvcc_db_total_size_in_bytes / etcd_server_quota_backend_bytes > 0.95",
                forDuration: "10m", alertClass: .critical,
                summary: "etcd {{ $labels.instance }} database is near its quota",
                description: "The database uses {{ $value | humanizePercentage }} of its quota; at the quota etcd raises NOSPACE and refuses writes. Compact and defragment, or raise the quota."),
        ])
}
