import Foundation
import Testing
@testable import NthLayerCore

/// The technology templates against the reference (slo-and-generation.md §6) and against the real
/// promtool 2.42, which is what users' Prometheus will run the generated rules through.
@Suite struct TechnologyTemplateTests {
    /// One row of the reference's conditions table: fragments the expression must contain, its class and `for`.
    struct ExpectedAlert: Sendable, CustomStringConvertible {
        let fragments: [String]
        let alertClass: AlertClass
        let forDuration: String?
        init(_ alertClass: AlertClass, _ fragments: String..., for forDuration: String? = nil) {
            self.fragments = fragments; self.alertClass = alertClass; self.forDuration = forDuration
        }
        func matches(_ alert: AlertTemplate) -> Bool {
            alert.alertClass == alertClass && alert.forDuration == forDuration
                && fragments.allSatisfy { alert.expr.contains($0) }
        }
        var description: String { "\(fragments) \(alertClass) for \(forDuration ?? "none")" }
    }

    static let expectedAlerts: [Technology: [ExpectedAlert]] = [
        .postgresql: [
            .init(.critical, "pg_up == 0"),
            .init(.info, "time() - pg_postmaster_start_time_seconds < 60"),
            .init(.warning, "pg_exporter_last_scrape_error > 0"),
            .init(.warning, "(pg_stat_activity_count) > 0.8 *", "(pg_settings_max_connections)", for: "2m"),
            .init(.warning, "increase(pg_stat_database_deadlocks[1m]) > 5"),
            .init(.warning, "pg_stat_database_xact_rollback[3m]", "pg_stat_database_xact_commit[3m]", "> 0.02"),
            .init(.warning, "pg_stat_user_tables_n_dead_tup", "pg_stat_user_tables_n_live_tup", ">= 0.1", for: "2m"),
            .init(.warning, "pg_replication_slots_active == 0", for: "1m"),
        ],
        .mysql: [
            .init(.critical, "mysql_up == 0"),
            .init(.warning, "mysql_global_status_threads_connected / mysql_global_variables_max_connections > 0.8", for: "2m"),
            .init(.warning, "mysql_global_status_threads_running / mysql_global_variables_max_connections > 0.6", for: "2m"),
            .init(.critical, "mysql_slave_status_slave_io_running == 0", "mysql_slave_status_master_server_id > 0"),
            .init(.critical, "mysql_slave_status_slave_sql_running == 0", "mysql_slave_status_master_server_id > 0"),
            .init(.critical, "mysql_slave_status_seconds_behind_master - mysql_slave_status_sql_delay > 30", for: "1m"),
            .init(.warning, "increase(mysql_global_status_slow_queries[1m]) > 0", for: "2m"),
            .init(.info, "mysql_global_status_uptime < 60"),
        ],
        .redis: [
            .init(.critical, "redis_up == 0"),
            .init(.critical, #"(count(redis_instance_info{role="master"}) or vector(0)) < 1"#),
            .init(.warning, "redis_memory_used_bytes / redis_memory_max_bytes > 0.9", "redis_memory_max_bytes > 0", for: "2m"),
            .init(.critical, "increase(redis_rejected_connections_total[1m]) > 0"),
            .init(.critical, "delta(redis_connected_slaves[1m]) < 0"),
            .init(.critical, "time() - redis_rdb_last_save_timestamp_seconds > 86400"),
        ],
        .mongodb: [
            .init(.critical, "mongodb_up == 0"),
            .init(.critical, "mongodb_rs_members_health == 0"),
            .init(.critical, #"mongodb_rs_members_optimeDate{member_state="PRIMARY"}"#, "/ 1000 > 10"),
            .init(.warning, #"mongodb_ss_metrics_cursor_open{csr_type="total"} > 10000"#, for: "2m"),
            .init(.warning, "increase(mongodb_ss_metrics_cursor_timedOut[1m]) > 100", for: "2m"),
            .init(.warning, #"conn_type="current""#, #"conn_type="available""#, "> 0.8", for: "2m"),
        ],
        .elasticsearch: [
            .init(.critical, #"elasticsearch_cluster_health_status{color="red"} == 1"#),
            .init(.warning, #"elasticsearch_cluster_health_status{color="yellow"} == 1"#),
            .init(.critical, "elasticsearch_jvm_memory_used_bytes", "elasticsearch_jvm_memory_max_bytes", "> 0.9", for: "2m"),
            .init(.warning, "elasticsearch_jvm_memory_used_bytes", "elasticsearch_jvm_memory_max_bytes", "> 0.8", for: "2m"),
            .init(.critical, "elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes < 0.1"),
            .init(.warning, "elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes < 0.2", for: "2m"),
            .init(.critical, "elasticsearch_cluster_health_unassigned_shards > 0"),
            .init(.warning, "elasticsearch_cluster_health_number_of_pending_tasks > 0", for: "15m"),
        ],
        .kafka: [
            .init(.critical, "kafka_topic_partition_under_replicated_partition > 0",
                  "kafka_topic_partition_in_sync_replica < kafka_topic_partition_replicas"),
            .init(.critical, "consumergroup) (kafka_consumergroup_lag) > 50", for: "1m"),
        ],
        .rabbitmq: [
            .init(.warning, "rabbitmq_process_resident_memory_bytes / rabbitmq_resident_memory_limit_bytes > 0.9", for: "2m"),
            .init(.warning, "rabbitmq_process_open_fds / rabbitmq_process_max_fds > 0.9", for: "2m"),
            .init(.warning, "queue) (rabbitmq_queue_messages_ready) > 1000", for: "1m"),
            .init(.warning, "queue) (rabbitmq_queue_messages_unacked) > 1000", for: "1m"),
            .init(.warning, "(rabbitmq_queue_consumers) < 1", for: "1m"),
            .init(.warning, "rabbitmq_channel_messages_unroutable_returned_total", "rabbitmq_channel_messages_unroutable_dropped_total",
                  "> 0", for: "2m"),
            .init(.critical, "sum(rabbitmq_build_info) <"),
        ],
        .nats: [
            .init(.critical, "gnatsd_varz_slow_consumers > 0", for: "3m"),
            .init(.critical, "absent(gnatsd_varz_connections)", for: "5m"),
            .init(.warning, "gnatsd_connz_pending_bytes > 100000", for: "3m"),
            .init(.warning, "gnatsd_varz_jetstream_stats_storage / gnatsd_varz_jetstream_config_max_storage > 0.8", for: "5m"),
        ],
        .pulsar: [
            .init(.warning, "subscription) (pulsar_subscription_back_log) > 5000", for: "1h"),
            .init(.critical, "subscription) (pulsar_subscription_back_log) > 100000", for: "1h"),
            .init(.warning, "topic) (pulsar_storage_size) > 5 * 1024 ^ 3", for: "1h"),
            .init(.critical, "topic) (pulsar_storage_size) > 20 * 1024 ^ 3", for: "1h"),
            .init(.critical, "pulsar_storage_write_latency_overflow > 0", for: "1h"),
        ],
        .http: [], .grpc: [], .worker: [],
        .nginx: [
            .init(.critical, "nginx_up == 0"),
            .init(.warning, "rate(nginx_connections_accepted[5m]) - rate(nginx_connections_handled[5m]) > 0", for: "5m"),
            .init(.critical, #"nginx_http_requests_total{status=~"5.."}"#, "> 0.05", for: "1m"),
            .init(.warning, "histogram_quantile(0.99", "nginx_http_request_duration_seconds_bucket", "> 3", for: "2m"),
        ],
        .haproxy: [
            .init(.critical, "haproxy_backend_active_servers + haproxy_backend_backup_servers == 0"),
            .init(.critical, "proxy) (rate(haproxy_backend_http_responses_total{code=\"5xx\"}", "> 0.05", for: "1m"),
            .init(.critical, "haproxy_backend_connection_errors_total", "> 100", for: "1m"),
            .init(.warning, "haproxy_backend_current_queue > 0", for: "2m"),
            .init(.warning, "haproxy_backend_max_total_time_seconds > 1", for: "1m"),
            .init(.warning, "increase(haproxy_server_check_failures_total[1m]) > 0", for: "1m"),
        ],
        .traefik: [
            .init(.critical, "service) (traefik_service_server_up) == 0"),
            .init(.critical, #"service) (rate(traefik_service_requests_total{code=~"5.."}[3m]))"#, "> 0.05", for: "1m"),
        ],
        .consul: [
            .init(.critical, "consul_up == 0"),
            .init(.critical, "consul_catalog_service_node_healthy == 0", for: "1m"),
            .init(.critical, "consul_raft_peers < 3"),
            .init(.critical, #"consul_health_node_status{status="critical"} == 1"#),
        ],
        .etcd: [
            .init(.critical, "etcd_server_has_leader == 0"),
            .init(.critical, "(etcd_server_id) % 2 == 0"),
            .init(.warning, "increase(etcd_server_leader_changes_seen_total[10m]) > 2"),
            .init(.warning, "increase(etcd_server_proposals_failed_total[1h]) > 5", for: "2m"),
            .init(.warning, "histogram_quantile(0.99", "etcd_disk_wal_fsync_duration_seconds_bucket", "> 0.5", for: "2m"),
            .init(.critical, "histogram_quantile(0.99", "etcd_disk_wal_fsync_duration_seconds_bucket", "> 1"),
            .init(.warning, "histogram_quantile(0.99", "etcd_disk_backend_commit_duration_seconds_bucket", "> 0.25", for: "2m"),
            .init(.critical, "etcd_mvcc_db_total_size_in_bytes / etcd_server_quota_backend_bytes > 0.95", for: "10m"),
        ],
    ]

    /// The metric names of the reference's panel column, which must appear somewhere in the panels.
    static let expectedPanelMetrics: [Technology: [String]] = [
        .postgresql: ["pg_up", "pg_stat_activity_count", "pg_settings_max_connections", "pg_stat_database_xact_commit",
                      "pg_stat_database_xact_rollback", "pg_stat_database_blks_hit", "pg_stat_database_blks_read",
                      "pg_stat_database_deadlocks", "pg_database_size_bytes", "pg_stat_user_tables_n_dead_tup",
                      "pg_replication_lag_seconds", "(pg_replication_lag)"],
        .mysql: ["mysql_up", "mysql_global_status_threads_connected", "mysql_global_status_threads_running",
                 "mysql_global_variables_max_connections", "mysql_global_status_questions",
                 "mysql_global_status_slow_queries", "mysql_slave_status_seconds_behind_master",
                 "mysql_global_status_innodb_buffer_pool_read_requests", "mysql_global_status_innodb_buffer_pool_reads"],
        .redis: ["redis_up", "redis_memory_used_bytes", "redis_memory_max_bytes", "redis_connected_clients",
                 "redis_keyspace_hits_total", "redis_keyspace_misses_total", "redis_evicted_keys_total",
                 "redis_expired_keys_total", "redis_commands_processed_total", "redis_db_keys"],
        .mongodb: ["mongodb_up", #"mongodb_ss_connections{conn_type="current"}"#,
                   #"mongodb_ss_connections{conn_type="available"}"#, "by (legacy_op_type) (rate(mongodb_ss_opcounters",
                   "mongodb_rs_members_health", "mongodb_rs_members_optimeDate",
                   #"mongodb_ss_metrics_cursor_open{csr_type="total"}"#],
        .elasticsearch: ["elasticsearch_cluster_health_status", "elasticsearch_cluster_health_number_of_nodes",
                         "elasticsearch_cluster_health_number_of_data_nodes", "elasticsearch_cluster_health_unassigned_shards",
                         "elasticsearch_cluster_health_relocating_shards", "elasticsearch_cluster_health_initializing_shards",
                         #"elasticsearch_jvm_memory_used_bytes{area="heap"}"#, "elasticsearch_jvm_memory_max_bytes",
                         "elasticsearch_filesystem_data_available_bytes", "elasticsearch_filesystem_data_size_bytes",
                         "elasticsearch_indices_indexing_index_total", "elasticsearch_indices_search_query_total"],
        .kafka: ["sum by (consumergroup, topic) (kafka_consumergroup_lag)", "kafka_topic_partition_in_sync_replica",
                 "kafka_topic_partition_replicas", "kafka_topic_partition_under_replicated_partition",
                 "rate(kafka_topic_partition_current_offset[", "rate(kafka_consumergroup_current_offset[", "kafka_brokers"],
        .rabbitmq: ["rabbitmq_queue_messages_ready", "rabbitmq_queue_messages_unacked", "rabbitmq_queue_consumers",
                    "rabbitmq_connections", "rabbitmq_channel_messages_published_total",
                    "rabbitmq_channel_messages_acked_total", "rabbitmq_process_resident_memory_bytes",
                    "rabbitmq_resident_memory_limit_bytes", "rabbitmq_process_open_fds", "rabbitmq_process_max_fds"],
        .nats: ["gnatsd_varz_connections", "gnatsd_varz_in_msgs", "gnatsd_varz_out_msgs", "gnatsd_varz_in_bytes",
                "gnatsd_varz_out_bytes", "gnatsd_varz_slow_consumers", "gnatsd_connz_pending_bytes",
                "gnatsd_varz_jetstream_stats_storage", "gnatsd_varz_jetstream_config_max_storage"],
        .pulsar: ["pulsar_rate_in", "pulsar_rate_out", "pulsar_throughput_in", "pulsar_throughput_out",
                  "pulsar_subscription_back_log", "pulsar_storage_size", "pulsar_producers_count", "pulsar_consumers_count"],
        .http: ["http_requests_total", "http_request_duration_seconds_bucket", "http_server_request_duration_seconds_count",
                "http_server_request_duration_seconds_bucket", "http_response_status_code"],
        .grpc: ["grpc_server_started_total", "grpc_server_handled_total", #"grpc_code!="OK""#,
                "grpc_server_handling_seconds_bucket"],
        .worker: ["jobs_processed_total", "job_duration_seconds_bucket"],
        .nginx: ["nginx_up", "nginx_connections_active", "nginx_connections_reading", "nginx_connections_writing",
                 "nginx_connections_waiting", "nginx_connections_accepted", "nginx_connections_handled",
                 "nginx_http_requests_total"],
        .haproxy: ["haproxy_frontend_http_requests_total", #"haproxy_backend_http_responses_total{code="5xx"}"#,
                   "haproxy_backend_active_servers", "haproxy_backend_backup_servers", "haproxy_backend_current_queue",
                   "haproxy_frontend_current_sessions", "haproxy_frontend_limit_sessions",
                   "haproxy_backend_max_total_time_seconds"],
        .traefik: ["traefik_service_requests_total", "traefik_service_request_duration_seconds_bucket",
                   "traefik_service_server_up", "traefik_entrypoint_requests_total"],
        .consul: ["consul_up", "consul_raft_peers", "consul_raft_leader", "consul_serf_lan_members",
                  "consul_catalog_service_node_healthy", "consul_health_service_status", "consul_health_node_status"],
        .etcd: ["etcd_server_has_leader", "etcd_server_leader_changes_seen_total", "etcd_server_proposals_failed_total",
                "etcd_server_proposals_pending", "etcd_disk_wal_fsync_duration_seconds_bucket",
                "etcd_disk_backend_commit_duration_seconds_bucket", "etcd_mvcc_db_total_size_in_bytes",
                "etcd_server_quota_backend_bytes", "etcd_network_peer_round_trip_time_seconds_bucket"],
    ]

    /// Every technology NthLayer generates for, memcached's extra template included.
    static let allTemplates = Technology.allCases.map(TechnologyCatalog.template(for:))

    @Test(arguments: Technology.withTemplates)
    func panelsCoverTheReference(technology: Technology) throws {
        let template = TechnologyCatalog.template(for: technology)
        #expect(template.technology == technology)
        #expect(!template.exporter.isEmpty)
        let minimum = [.http, .grpc, .worker].contains(technology) ? 3 : 4
        #expect(template.panels.count >= minimum)
        let queries = template.panels.flatMap(\.queries).map(\.expr).joined(separator: "\n")
        for metric in try #require(Self.expectedPanelMetrics[technology]) {
            #expect(queries.contains(metric), "\(technology): no panel reads \(metric)")
        }
        for panel in template.panels {
            #expect(!panel.title.isEmpty && !panel.unit.isEmpty && !panel.queries.isEmpty, "\(technology): \(panel.title)")
        }
    }

    @Test(arguments: Technology.withTemplates)
    func alertsMatchTheReferenceConditions(technology: Technology) throws {
        let alerts = TechnologyCatalog.template(for: technology).alerts
        let expected = try #require(Self.expectedAlerts[technology])
        #expect(alerts.count == expected.count, "\(technology): \(alerts.map(\.name))")
        var unmatched = alerts
        for condition in expected {
            if let index = unmatched.firstIndex(where: condition.matches) {
                unmatched.remove(at: index)
            } else {
                Issue.record("\(technology): no alert for \(condition)")
            }
        }
    }

    @Test func alertsAreWellFormed() {
        for template in Self.allTemplates {
            let names = template.alerts.map(\.name)
            #expect(Set(names).count == names.count, "\(template.technology): duplicate alert names \(names)")
            for alert in template.alerts {
                #expect(alert.name.first?.isUppercase == true && alert.name.allSatisfy { $0.isLetter || $0.isNumber },
                        "not PascalCase: \(alert.name)")
                #expect(!alert.summary.isEmpty && !alert.description.isEmpty, "\(alert.name)")
                if let duration = alert.forDuration {
                    #expect(Window(duration: duration) != nil, "\(alert.name): bad for \(duration)")
                }
            }
        }
        #expect(TechnologyCatalog.template(for: .memcached).alerts.map(\.name) == ["MemcachedDown"])
    }

    /// The generator scopes every selector itself; a template must not pin a job, and every
    /// quantile must aggregate buckets by `le` first.
    @Test func expressionsAreUnscopedAndQuantilesAggregateBuckets() throws {
        let quantileWithLe = try Regex(#"histogram_quantile\([0-9.]+, sum by \([^)]*\ble\b[^)]*\) \(rate\("#)
        for template in Self.allTemplates {
            let exprs = template.panels.flatMap(\.queries).map(\.expr) + template.alerts.map(\.expr)
            for expr in exprs {
                #expect(!expr.contains("job="), "scoped expression: \(expr)")
                let quantiles = expr.ranges(of: "histogram_quantile(").count
                #expect(expr.matches(of: quantileWithLe).count == quantiles, "quantile without sum by (le): \(expr)")
            }
        }
    }

    /// Writes every panel query as a recording rule and every alert as an alerting rule, then asks the
    /// real promtool to check the file.
    @Test func promtoolAcceptsEveryExpression() throws {
        guard let promtool = Self.executableInPath("promtool") else {
            // promtool is a Debian `prometheus` package tool; it is only required where CI is set.
            if ProcessInfo.processInfo.environment["CI"] != nil {
                Issue.record("promtool not found in PATH; install the prometheus package")
            }
            return
        }
        let (yaml, ruleCount) = Self.rulesFile(for: Self.allTemplates)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nthlayer-tech-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("technology-rules.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = promtool
        process.arguments = ["check", "rules", "--lint-fatal", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("SUCCESS: \(ruleCount) rules found"), "\(text)")
    }

    // MARK: - Helpers

    static func executableInPath(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// One group per technology; recording-rule names only need to be valid and unique.
    static func rulesFile(for templates: [TechnologyTemplate]) -> (yaml: String, ruleCount: Int) {
        var lines = ["groups:"]
        var count = 0
        for template in templates {
            let tech = template.technology.rawValue
            lines.append("  - name: \(quoted("technology:\(tech)"))")
            lines.append("    rules:")
            for (p, panel) in template.panels.enumerated() {
                for (q, query) in panel.queries.enumerated() {
                    lines.append("      - record: \(quoted("tech:\(tech):panel\(p)_query\(q)"))")
                    lines.append("        expr: \(quoted(query.expr))")
                    count += 1
                }
            }
            for alert in template.alerts {
                lines.append("      - alert: \(quoted(alert.name))")
                lines.append("        expr: \(quoted(alert.expr))")
                if let duration = alert.forDuration { lines.append("        for: \(duration)") }
                lines.append("        labels:")
                lines.append("          severity: \(alert.alertClass.rawValue)")
                lines.append("        annotations:")
                lines.append("          summary: \(quoted(alert.summary))")
                lines.append("          description: \(quoted(alert.description))")
                count += 1
            }
        }
        return (lines.joined(separator: "\n") + "\n", count)
    }

    /// A YAML double-quoted scalar (the JSON subset), so braces, quotes and `{{ }}` survive.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
