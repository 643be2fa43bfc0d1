import Foundation
import Testing
import Providers

/// The metadata endpoints of the Prometheus client against a real Prometheus.
@Suite(.serialized) struct PrometheusMetadataTests {
    @Test(.enabled(if: Integration.hasPrometheus), .timeLimit(.minutes(2)))
    func seriesLabelsValuesAndAlerts() throws {
        let end = (Int(Date().timeIntervalSince1970) / 60) * 60 - 3 * 3600
        var om = "# TYPE http_requests counter\n"
        for i in 0..<60 {
            let t = end - (59 - i) * 60
            om += "http_requests_total{service=\"checkout-svc\",status=\"200\"} \(i * 100) \(t)\n"
            om += "http_requests_total{service=\"payment-api\",status=\"500\"} \(i) \(t)\n"
        }
        om += "# EOF\n"
        let prom = try RealPrometheus(openMetrics: om, ruleFiles: [])
        defer { prom.stop() }
        let client = PrometheusClient(config: PrometheusConfig(baseURL: URL(string: prom.url)!))
        let start = Date(timeIntervalSince1970: TimeInterval(end - 3600)), stop = Date(timeIntervalSince1970: TimeInterval(end))
        let series = try client.series(["http_requests_total{service=\"checkout-svc\"}"], start: start, end: stop)
        #expect(series == [["__name__": "http_requests_total", "service": "checkout-svc", "status": "200"]])
        #expect(try client.labels().contains("service"))
        #expect(try client.labelValues("service") == ["checkout-svc", "payment-api"])
        #expect(try client.alerts().isEmpty)
        #expect(try client.buildInfo()["version"]?.isEmpty == false)
    }
}
