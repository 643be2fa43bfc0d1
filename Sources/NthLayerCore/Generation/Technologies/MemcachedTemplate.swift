/// Memcached through memcached_exporter. Not one of the reference's 17 rows: a small template so a
/// cache dependency still gets a row and a down alert.
extension TechnologyCatalog {
    static let memcached = TechnologyTemplate(
        technology: .memcached,
        exporter: "memcached_exporter",
        panels: [
            .stat("Up", unit: "short", PanelQuery("memcached_up", legend: "{{instance}}")),
            .timeseries("Current connections", unit: "short",
                        PanelQuery("memcached_current_connections", legend: "{{instance}}")),
            .timeseries("Commands per second", unit: "ops",
                        PanelQuery("sum by (command) (rate(memcached_commands_total[5m]))", legend: "{{command}}")),
            .timeseries("Get hit ratio", unit: "percentunit",
                        PanelQuery(#"sum(rate(memcached_commands_total{command="get",status="hit"}[5m])) / sum(rate(memcached_commands_total{command="get"}[5m]))"#,
                                   legend: "hit ratio")),
        ],
        alerts: [
            AlertTemplate(
                name: "MemcachedDown", expr: "memcached_up == 0", alertClass: .critical,
                summary: "Memcached {{ $labels.job }} is down",
                description: "memcached_exporter on {{ $labels.instance }} cannot reach memcached. Requests fall through to the backing store; check the process before that store is overloaded."),
        ])
}
