import Foundation
import Testing
@testable import NthLayerCore

/// Real-world PromQL: SLO recording and burn-rate rules (Sloth, Pyrra, the SRE workbook), kube-prometheus,
/// node-exporter, mysqld, postgres, redis, kafka, etcd and Prometheus self-monitoring alerts, and every
/// construct of the language. Each must survive parse → print → parse.
enum PromQLCorpus {
    static let expressions: [String] = slo + kubernetes + nodeExporter + databases + messaging + etcd + prometheus
        + constructs + literals + functions + regexes

    static let slo: [String] = [
        #"sum(rate(http_requests_total{job="api",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="api"}[5m]))"#,
        #"1 - (sum(rate(http_requests_total{service="checkout",status!~"5.."}[30m])) / sum(rate(http_requests_total{service="checkout"}[30m])))"#,
        #"(sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[5m]))) / (sum(rate(http_request_duration_seconds_count{job="myservice"}[5m])))"#,
        #"sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability"}[30d]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m{sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability"}[30d])"#,
        #"(max(slo:sli_error:ratio_rate5m{sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability"} > (14.4 * 0.0009999999999999432)) without (sloth_window) and max(slo:sli_error:ratio_rate1h{sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability"} > (14.4 * 0.0009999999999999432)) without (sloth_window)) or (max(slo:sli_error:ratio_rate30m{sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability"} > (6 * 0.0009999999999999432)) without (sloth_window) and max(slo:sli_error:ratio_rate6h{sloth_id="myservice-requests-availability", sloth_service="myservice", sloth_slo="requests-availability"} > (6 * 0.0009999999999999432)) without (sloth_window))"#,
        #"vector(0.9990000000000001)"#,
        #"slo:sli_error:ratio_rate30d{sloth_service="myservice"} / on(sloth_id, sloth_slo, sloth_service) group_left slo:error_budget:ratio{sloth_service="myservice"}"#,
        #"1 - slo:current_burn_rate:ratio{sloth_id="myservice-requests-availability"} * on(sloth_id) group_left slo:time_period:days{sloth_id="myservice-requests-availability"} / 30"#,
        #"sum(rate(http_requests_total{job="api",code=~"5.."}[1h4m])) / sum(rate(http_requests_total{job="api"}[1h4m]))"#,
        #"http_requests:burnrate5m{job="api",slo="api-errors"} > (14 * (1-0.99)) and http_requests:burnrate1h{job="api",slo="api-errors"} > (14 * (1-0.99))"#,
        #"(sum(rate(http_request_duration_seconds_count{job="api"}[5m])) - sum(rate(http_request_duration_seconds_bucket{job="api",le="0.5"}[5m]))) / sum(rate(http_request_duration_seconds_count{job="api"}[5m]))"#,
        #"histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m])))"#,
        #"histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) by (le, service))"#,
        #"1 - sum(rate(http_request_duration_seconds_bucket{service="checkout",le="0.25"}[5m])) / sum(rate(http_request_duration_seconds_count{service="checkout"}[5m]))"#,
        #"(job:slo_errors_per_request:ratio_rate1h{job="myjob"} > (14.4*0.001) and job:slo_errors_per_request:ratio_rate5m{job="myjob"} > (14.4*0.001)) or (job:slo_errors_per_request:ratio_rate6h{job="myjob"} > (6*0.001) and job:slo_errors_per_request:ratio_rate30m{job="myjob"} > (6*0.001))"#,
        #"slo:error_budget_remaining:ratio{service="checkout-svc",slo="availability"}"#,
        #"1 - (slo:sli_error:ratio_rate30d{service="checkout-svc",slo="availability"} / (1 - 0.9995))"#,
        #"min by (service, slo) (slo:error_budget_remaining:ratio{service="checkout-svc",slo="availability"})"#,
        #"sum(rate(grpc_server_handled_total{grpc_service="payments.v1.Payments",grpc_code!="OK"}[5m])) / sum(rate(grpc_server_handled_total{grpc_service="payments.v1.Payments"}[5m]))"#,
        #"sum(increase(http_requests_total{status=~"5.."}[1h])) / sum(increase(http_requests_total[1h])) > 0.001"#,
        #"avg_over_time(up{job="api"}[30d])"#,
        #"slo:sli_error:ratio_rate1h{service="checkout-svc",slo="availability"} > 0.0072 and slo:sli_error:ratio_rate5m{service="checkout-svc",slo="availability"} > 0.0072 and sum(rate(http_requests_total{service="checkout-svc"}[5m])) > 1"#,
        #"(slo:sli_error:ratio_rate6h{service="checkout-svc"} > (6 * (1 - 0.999))) and (slo:sli_error:ratio_rate30m{service="checkout-svc"} > (6 * (1 - 0.999)))"#,
        #"1 - avg_over_time(slo:throughput:compliance{service="ingest",slo="throughput"}[30d])"#,
        #"(sum(rate(http_requests_total{service="search",code=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{service="search"}[5m]))"#,
        #"clamp_min(1 - slo:sli_error:ratio_rate30d{service="search"} / 0.001, 0)"#,
    ]

    static let kubernetes: [String] = [
        #"absent(up{job="kube-apiserver"} == 1)"#,
        #"max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", job="kube-state-metrics"}[5m]) >= 1"#,
        #"sum by (namespace, pod, cluster) (max by(namespace, pod, cluster) (kube_pod_status_phase{job="kube-state-metrics", phase=~"Pending|Unknown|Failed"}) * on(namespace, pod, cluster) group_left(owner_kind) topk by(namespace, pod, cluster) (1, max by(namespace, pod, owner_kind, cluster) (kube_pod_owner{owner_kind!="Job"}))) > 0"#,
        #"(kube_deployment_spec_replicas{job="kube-state-metrics"} > kube_deployment_status_replicas_available{job="kube-state-metrics"}) and (changes(kube_deployment_status_replicas_updated{job="kube-state-metrics"}[10m]) == 0)"#,
        #"kube_job_status_failed{job="kube-state-metrics"} > 0"#,
        #"sum(namespace_cpu:kube_pod_container_resource_requests:sum{}) - (sum(kube_node_status_allocatable{resource="cpu"}) - max(kube_node_status_allocatable{resource="cpu"})) > 0 and (sum(kube_node_status_allocatable{resource="cpu"}) - max(kube_node_status_allocatable{resource="cpu"})) > 0"#,
        #"kubelet_volume_stats_available_bytes{job="kubelet", namespace=~".*", metrics_path="/metrics"} / kubelet_volume_stats_capacity_bytes{job="kubelet", namespace=~".*", metrics_path="/metrics"} < 0.03 and kubelet_volume_stats_used_bytes{job="kubelet", namespace=~".*", metrics_path="/metrics"} > 0 unless on(namespace, persistentvolumeclaim) kube_persistentvolumeclaim_access_mode{ access_mode="ReadOnlyMany"} == 1 unless on(namespace, persistentvolumeclaim) kube_persistentvolumeclaim_labels{label_excluded_from_alerts="true"} == 1"#,
        #"predict_linear(kubelet_volume_stats_available_bytes{job="kubelet"}[6h], 4 * 24 * 3600) < 0"#,
        #"sum(rate(container_cpu_cfs_throttled_periods_total{container!="", }[5m])) by (container, pod, namespace) / sum(rate(container_cpu_cfs_periods_total{}[5m])) by (container, pod, namespace) > ( 25 / 100 )"#,
        #"kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"} == 0"#,
        #"sum by (cluster, namespace, pod, container) (irate(container_cpu_usage_seconds_total{job="kubelet", metrics_path="/metrics/cadvisor", image!=""}[5m])) * on (cluster, namespace, pod) group_left(node) topk by (cluster, namespace, pod) (1, max by(cluster, namespace, pod, node) (kube_pod_info{node!=""}))"#,
        #"count by (cluster) (max by (cluster, namespace, pod) (kube_pod_info))"#,
        #"apiserver_client_certificate_expiration_seconds_count{job="apiserver"} > 0 and on(job) histogram_quantile(0.01, sum by (job, le) (rate(apiserver_client_certificate_expiration_seconds_bucket{job="apiserver"}[5m]))) < 604800"#,
        #"sum(rate(apiserver_request_total{job="apiserver",code=~"5.."}[5m])) by (resource,subresource,verb) / sum(rate(apiserver_request_total{job="apiserver"}[5m])) by (resource,subresource,verb) > 0.05"#,
        #"(sum(kube_pod_container_resource_requests{resource="memory"}) by (cluster) / sum(kube_node_status_allocatable{resource="memory"}) by (cluster)) > ((count(kube_node_status_allocatable{resource="memory"}) by (cluster) -1) / count(kube_node_status_allocatable{resource="memory"}) by (cluster))"#,
        #"kube_statefulset_status_replicas_ready{job="kube-state-metrics"} != kube_statefulset_status_replicas{job="kube-state-metrics"}"#,
        #"time() - kube_cronjob_next_schedule_time{job="kube-state-metrics"} > 3600"#,
        #"increase(kube_pod_container_status_restarts_total[1h]) > 3"#,
        #"label_replace(kube_pod_info, "pod_name", "$1", "pod", "(.*)")"#,
        #"sum by (namespace) (kube_resourcequota{job="kube-state-metrics", type="used"}) / ignoring(instance, job, type) (sum by (namespace) (kube_resourcequota{job="kube-state-metrics", type="hard"}) > 0) > 0.9"#,
        #"kube_hpa_status_desired_replicas != kube_hpa_status_current_replicas and changes(kube_hpa_status_current_replicas[15m]) == 0"#,
        #"sum by (namespace) (rate(container_cpu_usage_seconds_total{container!="POD",container!=""}[5m])) / sum by (namespace) (kube_pod_container_resource_limits{resource="cpu"})"#,
        #"kube_pod_container_status_terminated_reason{reason="OOMKilled"} == 1 and on (namespace, pod, container) increase(kube_pod_container_status_restarts_total[10m]) > 0"#,
        #"sum(container_memory_working_set_bytes{container!="", image!=""}) by (namespace, pod) / sum(kube_pod_container_resource_requests{resource="memory"}) by (namespace, pod) > 1.5"#,
        #"(kube_daemonset_status_current_number_scheduled{job="kube-state-metrics"} != kube_daemonset_status_desired_number_scheduled{job="kube-state-metrics"}) or (kube_daemonset_status_number_misscheduled{job="kube-state-metrics"} != 0)"#,
    ]

    static let nodeExporter: [String] = [
        #"(node_filesystem_avail_bytes{job="node",fstype!=""} / node_filesystem_size_bytes{job="node",fstype!=""} * 100 < 15 and predict_linear(node_filesystem_avail_bytes{job="node",fstype!=""}[6h], 24*60*60) < 0 and node_filesystem_readonly{job="node",fstype!=""} == 0)"#,
        #"rate(node_network_receive_errs_total[2m]) / rate(node_network_receive_packets_total[2m]) > 0.01"#,
        #"(node_timex_offset_seconds{job="node"} > 0.05 and deriv(node_timex_offset_seconds{job="node"}[5m]) >= 0) or (node_timex_offset_seconds{job="node"} < -0.05 and deriv(node_timex_offset_seconds{job="node"}[5m]) <= 0)"#,
        #"min_over_time(node_timex_sync_status{job="node"}[5m]) == 0 and node_timex_maxerror_seconds{job="node"} >= 16"#,
        #"node_md_disks_required{job="node",device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"} - ignoring (state) (node_md_disks{state="active",job="node",device=~"(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dm-.+|md.+|dasd.+)"}) > 0"#,
        #"(node_filefd_allocated{job="node"} * 100 / node_filefd_maximum{job="node"} > 70)"#,
        #"100 - (avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[2m])) * 100) > 80"#,
        #"node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes * 100 < 10"#,
        #"(rate(node_vmstat_pgmajfault[1m]) > 1000)"#,
        #"sum(irate(node_disk_read_bytes_total[2m])) by (instance) / 1024 / 1024 > 50"#,
        #"node_load1 / count without(cpu, mode) (node_cpu_seconds_total{mode="idle"}) > 2"#,
        #"(node_systemd_unit_state{state="failed"} == 1)"#,
        #"node_hwmon_temp_celsius * ignoring(label) group_left(label) node_hwmon_sensor_label > 75"#,
        #"instance:node_cpu_utilisation:rate5m{job="node"} * instance:node_num_cpu:sum{job="node"}"#,
        #"1 - (sum without (mode) (rate(node_cpu_seconds_total{job="node", mode=~"idle|iowait|steal"}[5m])) / ignoring(cpu) group_left count without (cpu, mode) (node_cpu_seconds_total{job="node", mode="idle"}))"#,
        #"node_time_seconds - time() > 1 or node_time_seconds - time() < -1"#,
        #"rate(node_disk_io_time_seconds_total{device=~"(/dev/)?(sd.+|nvme.+)"}[5m]) > 0.9"#,
        #"node_nf_conntrack_entries / node_nf_conntrack_entries_limit > 0.75"#,
        #"increase(node_vmstat_oom_kill[30m]) > 0"#,
        #"(node_memory_MemTotal_bytes - node_memory_MemFree_bytes - node_memory_Buffers_bytes - node_memory_Cached_bytes) / node_memory_MemTotal_bytes"#,
    ]

    static let databases: [String] = [
        #"mysql_up == 0"#,
        #"max_over_time(mysql_global_status_threads_connected[1m]) / mysql_global_variables_max_connections * 100 > 80"#,
        #"mysql_slave_status_seconds_behind_master - mysql_slave_status_sql_delay > 30"#,
        #"mysql_slave_status_slave_io_running and ON (instance) mysql_slave_status_master_server_id > 0 and ON (instance) mysql_slave_status_slave_io_running == 0"#,
        #"increase(mysql_global_status_slow_queries[1m]) > 0"#,
        #"rate(mysql_global_status_innodb_log_waits[15m]) > 10"#,
        #"mysql_global_status_uptime < 60"#,
        #"(sum by (instance) (rate(mysql_global_status_commands_total{command=~"(select|insert|update|delete)"}[5m])))"#,
        #"pg_up == 0"#,
        #"sum by (datname) (pg_stat_activity_count{datname!~"template.*|postgres"}) > pg_settings_max_connections * 0.8"#,
        #"pg_replication_lag > 30 and ON(instance) pg_replication_is_replica == 1"#,
        #"rate(pg_stat_database_deadlocks{datname!~"template.*|postgres", datname!=""}[1m]) * 60 > 5"#,
        #"pg_database_size_bytes / 1024 / 1024 / 1024 > 100"#,
        #"(pg_stat_activity_max_tx_duration{state="active"} > 60)"#,
        #"sum(rate(pg_stat_database_xact_rollback{datname!~"template.*"}[3m])) / sum(rate(pg_stat_database_xact_commit{datname!~"template.*"}[3m])) > 0.02"#,
        #"avg by (instance) (rate(pg_stat_database_blks_hit[5m]) / (rate(pg_stat_database_blks_hit[5m]) + rate(pg_stat_database_blks_read[5m]))) < 0.98"#,
        #"redis_up == 0"#,
        #"count(redis_instance_info{role="master"}) < 1"#,
        #"delta(redis_connected_slaves[1m]) < 0"#,
        #"redis_memory_used_bytes / redis_total_system_memory_bytes * 100 > 90"#,
        #"redis_memory_used_bytes / redis_memory_max_bytes * 100 > 90 and on(instance) redis_memory_max_bytes > 0"#,
        #"increase(redis_rejected_connections_total[1m]) > 0"#,
        #"time() - redis_rdb_last_save_timestamp_seconds > 60 * 60 * 24"#,
        #"redis_connected_clients / redis_config_maxclients * 100 > 90"#,
        #"sum by (instance) (rate(redis_keyspace_hits_total[5m])) / (sum by (instance) (rate(redis_keyspace_hits_total[5m])) + sum by (instance) (rate(redis_keyspace_misses_total[5m])))"#,
        #"mongodb_up == 0 or absent(mongodb_up{job="mongodb"})"#,
        #"elasticsearch_cluster_health_status{color="red"} == 1"#,
        #"sum(rate(memcached_commands_total{command="get",status="hit"}[5m])) / sum(rate(memcached_commands_total{command="get"}[5m])) < 0.8"#,
    ]

    static let messaging: [String] = [
        #"sum(kafka_consumergroup_lag) by (consumergroup, topic) > 1000"#,
        #"sum by (topic) (rate(kafka_topic_partition_current_offset[5m]))"#,
        #"kafka_server_replicamanager_underreplicatedpartitions > 0"#,
        #"sum(kafka_controller_kafkacontroller_activecontrollercount) != 1"#,
        #"kafka_consumergroup_lag_sum{consumergroup=~"payments-.*"} > 5000"#,
        #"max by (consumergroup) (kafka_consumergroup_lag_seconds) > 300"#,
        #"kafka_brokers < 3"#,
        #"rabbitmq_queue_messages_ready{queue=~".*"} > 1000"#,
        #"sum by (queue) (rate(rabbitmq_queue_messages_published_total[5m])) - sum by (queue) (rate(rabbitmq_queue_messages_delivered_total[5m])) > 0"#,
        #"nats_varz_slow_consumers > 0"#,
    ]

    static let etcd: [String] = [
        #"max without (endpoint) (sum without (instance) (up{job=~".*etcd.*"} == bool 0) or count without (To) (sum without (instance) (rate(etcd_network_peer_sent_failures_total{job=~".*etcd.*"}[120s])) > 0.01)) > 0"#,
        #"etcd_server_has_leader{job=~".*etcd.*"} == 0"#,
        #"increase((max without (instance) (etcd_server_leader_changes_seen_total{job=~".*etcd.*"}) or 0*absent(etcd_server_leader_changes_seen_total{job=~".*etcd.*"}))[15m:1m]) >= 4"#,
        #"100 * sum(rate(grpc_server_handled_total{job=~".*etcd.*", grpc_code=~"Unknown|FailedPrecondition|ResourceExhausted|Internal|Unavailable|DataLoss|DeadlineExceeded"}[5m])) without (grpc_type, grpc_code) / sum(rate(grpc_server_handled_total{job=~".*etcd.*"}[5m])) without (grpc_type, grpc_code) > 1"#,
        #"histogram_quantile(0.99, rate(etcd_network_peer_round_trip_time_seconds_bucket{job=~".*etcd.*"}[5m])) >= 0.15"#,
        #"histogram_quantile(0.99, sum(rate(etcd_disk_wal_fsync_duration_seconds_bucket{job=~".*etcd.*"}[5m])) without (instance, pod)) > 0.5"#,
        #"(etcd_mvcc_db_total_size_in_bytes / etcd_server_quota_backend_bytes) * 100 > 95"#,
        #"(etcd_mvcc_db_total_size_in_use_in_bytes / etcd_mvcc_db_total_size_in_bytes) < 0.5 and etcd_mvcc_db_total_size_in_use_in_bytes > 104857600"#,
        #"sum(rate(etcd_server_proposals_failed_total{job=~".*etcd.*"}[15m])) > 5"#,
        #"zk_up == 0 or consul_up == 0"#,
    ]

    static let prometheus: [String] = [
        #"max_over_time(prometheus_config_last_reload_successful{job="prometheus"}[5m]) == 0"#,
        #"(predict_linear(prometheus_notifications_queue_length{job="prometheus"}[5m], 60 * 30) > min_over_time(prometheus_notifications_queue_capacity{job="prometheus"}[5m]))"#,
        #"(rate(prometheus_notifications_errors_total{job="prometheus"}[5m]) / rate(prometheus_notifications_sent_total{job="prometheus"}[5m])) * 100 > 1"#,
        "min without (alertmanager) (rate(prometheus_notifications_errors_total{job=\"prometheus\",alertmanager!~``}[5m]) / rate(prometheus_notifications_sent_total{job=\"prometheus\",alertmanager!~``}[5m])) * 100 > 3",
        #"increase(prometheus_tsdb_compactions_failed_total{job="prometheus"}[3h]) > 0"#,
        #"(max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus"}[5m]) - ignoring(remote_name, url) group_right max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus"}[5m])) > 120"#,
        #"sum without(rule_group) (rate(prometheus_rule_evaluation_failures_total{job="prometheus"}[5m])) > 0"#,
        #"100 * (count by (job, namespace, service) (up == 0) / count by (job, namespace, service) (up)) > 10"#,
        #"sum by (job) (up) == 0 or absent(up{job="prometheus"})"#,
        #"count by (job) (up{job=~"prometheus|alertmanager"} == 1) < 1"#,
        #"alertmanager_config_last_reload_successful{job="alertmanager"} == 0"#,
        #"count by (namespace,service) (count_values by (namespace,service) ("config_hash", alertmanager_config_hash{job="alertmanager"})) != 1"#,
        #"ALERTS{alertstate="firing"}"#,
        #"ALERTS_FOR_STATE{alertname="HighErrorRate"}"#,
        #"probe_success{job="blackbox"} == 0"#,
        #"probe_ssl_earliest_cert_expiry - time() < 86400 * 14"#,
        #"avg_over_time(probe_duration_seconds[1m]) > 1"#,
        #"sum by (code) (rate(promhttp_metric_handler_requests_total[5m]))"#,
    ]

    static let constructs: [String] = [
        #"http_requests_total offset 5m"#,
        #"http_requests_total offset -5m"#,
        #"rate(http_requests_total[5m] offset 1w)"#,
        #"http_requests_total @ 1609746000"#,
        #"rate(http_requests_total[5m] @ end())"#,
        #"http_requests_total @ start() offset 1h"#,
        #"http_requests_total offset 1h @ 1609746000.5"#,
        #"max_over_time(deriv(rate(distance_covered_total[5s])[30s:5s])[10m:])"#,
        #"rate(http_requests_total[5m])[30m:1m]"#,
        #"min_over_time(rate(http_requests_total[5m])[30m:1m] offset 1h)"#,
        #"max_over_time((sum(up) - 1)[1h:] @ 1609746000)"#,
        #"sum(rate(http_requests_total[1h30m]))"#,
        #"rate(http_requests_total[250ms])"#,
        #"avg_over_time(up[1y])"#,
        #"avg_over_time(up[2w])"#,
        #"-sum(rate(http_requests_total[5m]))"#,
        #"-(node_load1 - node_load5)"#,
        #"+node_load1"#,
        #"2 ^ 3 ^ 2"#,
        #"(2 ^ 3) ^ 2"#,
        #"-2 ^ 2"#,
        #"1 + 2 * 3 - 4 / 2 % 3"#,
        #"node_load1 atan2 node_load5"#,
        #"vector(1) > bool 0"#,
        #"1 > bool 0"#,
        #"up == bool 1"#,
        #"up{job="a"} and on() up{job="b"}"#,
        #"up{job="a"} unless ignoring(instance) up{job="b"}"#,
        #"up{job="a"} or up{job="b"}"#,
        #"topk(5, sum by (pod) (rate(container_cpu_usage_seconds_total[5m])))"#,
        #"bottomk(3, node_filesystem_avail_bytes)"#,
        #"quantile(0.9, rate(http_requests_total[5m]))"#,
        #"quantile without (instance) (0.5, up)"#,
        #"count_values("version", build_info)"#,
        #"group by (job) (up)"#,
        #"stddev(rate(http_requests_total[5m]))"#,
        #"stdvar by (job) (up)"#,
        #"avg without (instance) (up)"#,
        #"SUM BY (job) (rate(http_requests_total[5m]))"#,
        #"sum(rate(http_requests_total[5m])) BY (job)"#,
        #"up{job="api"} AND ON(instance) up{job="db"}"#,
        #"{__name__="up",job="api"}"#,
        #"{__name__=~"http_.*_total",job="api"}"#,
        #"{__name__=~"job:.*"}"#,
        #"slo:sli_error:ratio_rate5m{service="a"}"#,
        #":colon_start:metric"#,
        #"sum by (on, by, and, bool, offset) (up)"#,
        #"sum without (ignoring, group_left, count) (up)"#,
        #"up{on="a", bool="b", by="c", sum="d", inf="e"}"#,
        #"sum(sum)"#,
        #"rate(count[5m]) + offset"#,
        #"count(min{job="a"})"#,
        #"rate(http_requests_total[5m]) / on (instance) group_left (nodename) node_uname_info"#,
        #"up * on(instance) group_right(job) node_load1"#,
        #"up * ignoring() group_left node_load1"#,
        #"up * on (instance) group_left () (node_load1 + node_load5)"#,
        #"count(up) by (job)"#,
        #"sum without () (up)"#,
        #"sum by () (up)"#,
        #"sum((rate(http_requests_total[5m])))"#,
        #"((up))"#,
        #"rate(http_requests_total[5m] offset 1h) - rate(http_requests_total[5m] offset 1d)"#,
        "sum(rate(http_requests_total[5m])) # trailing comment",
        "sum by (job) (\n  # requests per second\n  rate(http_requests_total{code=~\"5..\"}[5m])\n)\n/\nsum by (job) (rate(http_requests_total[5m]))",
        #"up{job="a",}"#,
        #"up{job=~"api|web", instance!~"localhost.*", env!="dev", region="eu"}"#,
        #"sum by (job) (rate(http_requests_total[5m])) > bool on (job) group_left sum by (job) (rate(http_requests_total[1h]))"#,
    ]

    static let literals: [String] = [
        #"label_replace(up, "dst", "$1-$2", "src", "(.*):(.*)")"#,
        #"label_replace(up, 'dst', 'a\'b', 'src', '.*')"#,
        "label_replace(up, \"dst\", `raw\\string`, \"src\", `.*`)",
        #"up{job="a\"b\\c\n"}"#,
        #"up{job="日本語",team="équipe"}"#,
        #"up{path="\x41\u00e9\101\t"}"#,
        #"up * 0x1F"#,
        #"up > 1e3"#,
        #"up > 1.5e-3"#,
        #"up > .5"#,
        #"up > 5."#,
        #"up + Inf"#,
        #"up > -Inf"#,
        #"up != NaN"#,
        #"up * 010"#,
        #"up > 1E3"#,
        #"up > 0.50"#,
        #"up * 1e-25"#,
        #"up * 123456789012345678901234"#,
        #""a string""#,
        #"'single'"#,
        #"1"#,
        #"-1"#,
        #"- 1"#,
        #"+1"#,
        #"-(1)"#,
        #"1 - -1"#,
        #"2 * -3"#,
    ]

    /// RE2 syntax that ICU spells differently or not at all.
    static let regexes: [String] = [
        #"up{a=~"\\12"}"#, #"up{a=~"x{2,1000}"}"#, #"up{a=~"\\Qa.b\\E+"}"#,
        #"up{a=~"\\d\\s\\w\\b\\pL\\p{Greek}\\x41\\x{263a}"}"#, #"up{a=~"[\\101-\\132]+"}"#,
        #"up{a=~"\\pL+\\PN"}"#, #"up{a=~"x{,3}"}"#, #"up{a=~"{foo}"}"#, #"up{a=~"a}"}"#, #"up{a=~"(?P<name>x)"}"#,
        #"up{a=~"(?i)foo"}"#, #"up{a=~"[[:alpha:]]+"}"#, #"up{a=~"[]]x{2}"}"#, #"up{a=~""}"#, #"up{a=~"(?s:.)\\z"}"#,
        #"up{a!~"^$|^none$"}"#, #"up{a=~"[^]a]"}"#, #"up{a=~"\\Qa{b\\E"}"#,
    ]

    static let functions: [String] = [
        #"absent_over_time(up{job="api"}[5m])"#,
        #"vector(0)"#,
        #"time()"#,
        #"scalar(sum(up))"#,
        #"pi()"#,
        #"sum(rate(http_requests_total[5m])) or vector(0)"#,
        #"clamp_min(sum(rate(http_requests_total[5m])), 1)"#,
        #"clamp(up, 0, 1)"#,
        #"clamp_max(up, 1)"#,
        #"round(up, 0.1)"#,
        #"round(up)"#,
        #"hour()"#,
        #"day_of_week(vector(time()))"#,
        #"days_in_month()"#,
        #"minute(timestamp(up))"#,
        #"month() == 12 and day_of_month() > 20"#,
        #"year()"#,
        #"day_of_year()"#,
        #"histogram_fraction(0, 0.2, rate(http_request_duration_seconds[1h]))"#,
        #"histogram_count(rate(http_request_duration_seconds[5m]))"#,
        #"histogram_sum(rate(http_request_duration_seconds[5m])) / histogram_count(rate(http_request_duration_seconds[5m]))"#,
        #"holt_winters(node_load1[1h], 0.5, 0.5)"#,
        #"sort_desc(sum by (job) (up))"#,
        #"sort(up)"#,
        #"timestamp(up)"#,
        #"quantile_over_time(0.99, http_request_duration_seconds[1h])"#,
        #"present_over_time(up[5m])"#,
        #"last_over_time(up[5m])"#,
        #"changes(process_start_time_seconds[1h])"#,
        #"resets(http_requests_total[1h])"#,
        #"idelta(node_load1[5m])"#,
        #"sgn(node_load1 - 1)"#,
        #"abs(delta(node_load1[5m]))"#,
        #"ln(node_load1) + exp(node_load1) + sqrt(node_load1) + ceil(node_load1) + floor(node_load1)"#,
        #"log2(up) + log10(up)"#,
        #"sin(up) + cos(up) + tan(up) + asin(up) + acos(up) + atan(up)"#,
        #"sinh(up) + cosh(up) + tanh(up) + asinh(up) + acosh(up) + atanh(up)"#,
        #"deg(up) + rad(up)"#,
        #"stddev_over_time(up[5m]) + stdvar_over_time(up[5m]) + sum_over_time(up[5m]) + count_over_time(up[5m])"#,
        #"min_over_time(up[5m]) + max_over_time(up[5m])"#,
        #"label_join(up{job="api"}, "foo", ",", "instance", "job")"#,
        #"label_join(up, "foo", ",")"#,
        #"irate(http_requests_total[1m])"#,
    ]
}

@Suite("PromQL corpus")
struct PromQLCorpusTests {
    @Test func corpusIsLargeAndDistinct() {
        #expect(PromQLCorpus.expressions.count >= 150)
        #expect(Set(PromQLCorpus.expressions).count == PromQLCorpus.expressions.count)
    }

    @Test(arguments: PromQLCorpus.expressions)
    func formattedParsesBackToTheSameTree(_ text: String) throws {
        let expr = try PromQL.parse(text)
        let printed = expr.formatted()
        let again = try PromQL.parse(printed)
        #expect(again == expr, "formatted: \(printed)")
        #expect(again.formatted() == printed)
    }

    @Test(arguments: PromQLCorpus.expressions)
    func canonicalIsStable(_ text: String) throws {
        let expr = try PromQL.parse(text)
        let canonical = expr.canonical()
        let again = try PromQL.parse(canonical)
        #expect(again.canonical() == canonical)
        #expect(expr.formatted().count > 0)
        // Canonicalising the formatted text gives the same as canonicalising the original.
        #expect(try PromQL.parse(expr.formatted()).canonical() == canonical)
        // Types survive printing.
        #expect(again.valueType == expr.valueType)
    }
}

/// Checks expressions with the real `promtool` (Prometheus 2.42 in CI) when it is on PATH.
enum Promtool {
    static let path: String? = {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for dir in dirs {
            let candidate = "\(dir)/promtool"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// A YAML double-quoted scalar (JSON string escaping, which YAML reads the same).
    static func yamlQuoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A rules file with one recording rule per expression.
    static func rulesFile(_ expressions: [String]) -> String {
        var yaml = "groups:\n- name: corpus\n  rules:\n"
        for (i, expr) in expressions.enumerated() {
            yaml += "  - record: corpus:rule\(i)\n    expr: \(yamlQuoted(expr))\n"
        }
        return yaml
    }

    /// Runs `promtool check rules` on the given files' contents; returns its exit status and output.
    static func checkRules(files: [String]) throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("promql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (i, content) in files.enumerated() {
            let file = dir.appendingPathComponent("rules\(i).yaml")
            try content.write(to: file, atomically: true, encoding: .utf8)
            paths.append(file.path)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = ["check", "rules"] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func checkRules(_ expressions: [String]) throws -> (status: Int32, output: String) {
        try checkRules(files: [rulesFile(expressions)])
    }
}

@Suite("PromQL output accepted by promtool")
struct PromQLPromtoolTests {
    static var corpus: [PromQLExpr] { PromQLCorpus.expressions.compactMap { try? PromQL.parse($0) } }

    @Test(.enabled(if: Promtool.path != nil, "promtool is not on PATH"))
    func originalCorpusPassesPromtool() throws {
        let result = try Promtool.checkRules(PromQLCorpus.expressions)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS: \(PromQLCorpus.expressions.count) rules found"))
    }

    @Test(.enabled(if: Promtool.path != nil, "promtool is not on PATH"))
    func formattedCorpusPassesPromtool() throws {
        let result = try Promtool.checkRules(Self.corpus.map { $0.formatted() })
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS: \(PromQLCorpus.expressions.count) rules found"))
    }

    @Test(.enabled(if: Promtool.path != nil, "promtool is not on PATH"))
    func canonicalCorpusPassesPromtool() throws {
        let result = try Promtool.checkRules(Self.corpus.map { $0.canonical() })
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(.enabled(if: Promtool.path != nil, "promtool is not on PATH"))
    func rewrittenCorpusPassesPromtool() throws {
        let job = [PromQLLabelMatcher(name: "job", value: "payments-db\"\n"), PromQLLabelMatcher(name: "on", value: "x")]
        let result = try Promtool.checkRules(Self.corpus.map {
            $0.rewritingRanges(to: "1h30m").expr.addingMatchers(job).formatted()
        })
        #expect(result.status == 0, "\(result.output)")
    }

    /// Everything the error table rejects, Prometheus rejects too.
    @Test(.enabled(if: Promtool.path != nil, "promtool is not on PATH"))
    func promtoolRejectsWhatTheParserRejects() throws {
        let inputs = PromQLErrorTests.cases.map(\.0)
        let result = try Promtool.checkRules(files: inputs.map { Promtool.rulesFile([$0]) })
        #expect(result.status != 0)
        #expect(!result.output.contains("SUCCESS"), "\(result.output)")
        #expect(result.output.components(separatedBy: "FAILED").count - 1 == inputs.count, "\(result.output)")
    }
}
