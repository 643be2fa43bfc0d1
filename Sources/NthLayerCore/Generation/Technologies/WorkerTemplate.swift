/// A background worker following NthLayer's convention: `jobs_processed_total{outcome}` with
/// `outcome="success"` for good jobs, and `job_duration_seconds_bucket`. The backlog panel belongs to
/// the queue dependency's row. No alerts: the service's burn-rate alerts cover workers.
extension TechnologyCatalog {
    private static func workerDurationQuantile(_ q: String) -> PanelQuery {
        PanelQuery("histogram_quantile(\(q), sum by (le) (rate(job_duration_seconds_bucket[5m])))",
                   legend: "p\(q.dropFirst(2))")
    }

    static let worker = TechnologyTemplate(
        technology: .worker,
        exporter: "none standard (NthLayer convention)",
        panels: [
            .timeseries("Jobs per second", unit: "ops",
                        PanelQuery("sum by (outcome) (rate(jobs_processed_total[5m]))", legend: "{{outcome}}")),
            .timeseries("Failure ratio", unit: "percentunit",
                        PanelQuery(#"sum(rate(jobs_processed_total{outcome!="success"}[5m])) / sum(rate(jobs_processed_total[5m]))"#,
                                   legend: "failure ratio")),
            .timeseries("Job duration", unit: "s",
                        workerDurationQuantile("0.50"), workerDurationQuantile("0.95"), workerDurationQuantile("0.99")),
        ],
        alerts: [])
}
