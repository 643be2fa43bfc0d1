/// Consul, as seen by consul_exporter.
extension TechnologyCatalog {
    static let consul = TechnologyTemplate(
        technology: .consul,
        exporter: "consul_exporter",
        panels: [
            .stat("Up", unit: "short", PanelQuery("consul_up", legend: "{{instance}}")),
            .timeseries("Raft", unit: "short",
                        PanelQuery("max(consul_raft_peers)", legend: "peers"),
                        PanelQuery("max(consul_raft_leader)", legend: "has leader"),
                        thresholds: [3]),
            .timeseries("LAN members", unit: "short",
                        PanelQuery("max(consul_serf_lan_members)", legend: "members")),
            .timeseries("Healthy nodes per service", unit: "short",
                        PanelQuery("sum by (service_name) (consul_catalog_service_node_healthy)", legend: "{{service_name}}")),
            .timeseries("Service checks by status", unit: "short",
                        PanelQuery("sum by (status) (consul_health_service_status)", legend: "{{status}}")),
            .timeseries("Node checks by status", unit: "short",
                        PanelQuery("sum by (status) (consul_health_node_status)", legend: "{{status}}")),
        ],
        alerts: [
            AlertTemplate(
                name: "ConsulDown", expr: "consul_up == 0", alertClass: .critical,
                summary: "Consul {{ $labels.job }} is unreachable",
                description: "consul_exporter on {{ $labels.instance }} cannot query the Consul API. Service discovery may be stale; check the agent and its servers."),
            AlertTemplate(
                name: "ConsulServiceUnhealthy", expr: "consul_catalog_service_node_healthy == 0",
                forDuration: "1m", alertClass: .critical,
                summary: "Consul service {{ $labels.service_name }} is unhealthy on {{ $labels.node }}",
                description: "Its health checks fail, so Consul no longer sends traffic to this instance. Check the service on that node."),
            // Fewer than three servers cannot survive losing one.
            AlertTemplate(
                name: "ConsulRaftPeersLow", expr: "consul_raft_peers < 3", alertClass: .critical,
                summary: "Consul cluster has fewer than 3 Raft peers",
                description: "Only {{ $value }} server peers remain, so losing one more breaks quorum. Restore or replace the missing servers."),
            AlertTemplate(
                name: "ConsulNodeCheckCritical", expr: #"consul_health_node_status{status="critical"} == 1"#,
                alertClass: .critical,
                summary: "Consul node {{ $labels.node }} check {{ $labels.check }} is critical",
                description: "A node-level health check fails, so every service on {{ $labels.node }} is out of rotation. Check the node and its agent."),
        ])
}
