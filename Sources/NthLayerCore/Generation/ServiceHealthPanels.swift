/// The "Service health" row: what a responder looks at first for this kind of service.
enum ServiceHealthPanels {
    static func panels(for service: ServiceSpec) -> [PanelTemplate] {
        let s = "service=\"\(PromQLText.escape(service.name))\""
        let status = service.observability.statusLabel
        switch service.type {
        case .api, .web:
            let histogram = latencyHistogram(service) ?? "http_request_duration_seconds"
            return [
                .timeseries("Request rate", unit: "reqps", PanelQuery("sum(rate(http_requests_total{\(s)}[5m]))", legend: "requests/s")),
                .timeseries("Error ratio", unit: "percentunit",
                            PanelQuery("sum(rate(http_requests_total{\(s),\(status)=~\"5..\"}[5m])) / sum(rate(http_requests_total{\(s)}[5m]))", legend: "5xx")),
                PanelTemplate(title: "Latency", unit: "s", queries: ["0.5", "0.95", "0.99"].map { q in
                    PanelQuery("histogram_quantile(\(q), sum by (le) (rate(\(histogram)_bucket{\(s)}[5m])))", legend: "p\(q.dropFirst(2))")
                }),
            ]
        case .worker:
            return [
                .timeseries("Jobs processed", unit: "ops", PanelQuery("sum(rate(jobs_processed_total{\(s)}[5m]))", legend: "jobs/s")),
                .timeseries("Failure ratio", unit: "percentunit",
                            PanelQuery("sum(rate(jobs_processed_total{\(s),outcome!=\"success\"}[5m])) / sum(rate(jobs_processed_total{\(s)}[5m]))", legend: "failed")),
                .timeseries("Job duration p95", unit: "s",
                            PanelQuery("histogram_quantile(0.95, sum by (le) (rate(job_duration_seconds_bucket{\(s)}[5m])))", legend: "p95")),
                .timeseries("Backlog", unit: "short", PanelQuery("sum(jobs_queued{\(s)})", legend: "queued")),
            ]
        case .stream:
            return [
                .timeseries("Records in / out", unit: "ops",
                            PanelQuery("sum(rate(stream_records_in_total{\(s)}[5m]))", legend: "in"),
                            PanelQuery("sum(rate(stream_records_out_total{\(s)}[5m]))", legend: "out")),
                .timeseries("Consumer lag", unit: "short", PanelQuery("sum(stream_consumer_lag{\(s)})", legend: "lag")),
                .timeseries("Processing errors", unit: "ops", PanelQuery("sum(rate(stream_errors_total{\(s)}[5m]))", legend: "errors/s")),
            ]
        case .batch:
            return [
                .timeseries("Time since last success", unit: "s", PanelQuery("time() - max(batch_last_success_timestamp_seconds{\(s)})", legend: "age")),
                .timeseries("Run duration", unit: "s", PanelQuery("max(batch_last_duration_seconds{\(s)})", legend: "duration")),
                .timeseries("Failed runs", unit: "short", PanelQuery("sum(increase(batch_runs_total{\(s),outcome!=\"success\"}[1d]))", legend: "failures/day")),
            ]
        case .aiGate:
            return [
                .timeseries("Decisions", unit: "ops", PanelQuery("sum by (decision) (rate(gate_decisions_total{\(s)}[5m]))", legend: "{{decision}}")),
                .timeseries("Reversal ratio", unit: "percentunit",
                            PanelQuery("sum(rate(gate_decisions_reversed_total{\(s)}[1h])) / sum(rate(gate_decisions_total{\(s)}[1h]))", legend: "reversed")),
                .timeseries("Decision latency p95", unit: "s",
                            PanelQuery("histogram_quantile(0.95, sum by (le) (rate(gate_decision_duration_seconds_bucket{\(s)}[5m])))", legend: "p95")),
            ]
        case .database:
            return [
                .timeseries("Scrape health", unit: "short", PanelQuery("min(up{\(s)})", legend: "up")),
            ]
        }
    }

    private static func latencyHistogram(_ service: ServiceSpec) -> String? {
        for slo in service.slos { if case .latency(let h, _, _) = slo.indicator { return h } }
        return nil
    }
}
