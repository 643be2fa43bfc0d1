import Foundation
import NthLayerCore

extension PrometheusClient {
    /// Every rule group Prometheus has loaded, with `for` and annotations, in the shape drift compares.
    public func deployedRules() throws -> [DeployedRuleGroup] {
        let payload = try call(path: "/api/v1/rules", form: nil)
        do {
            return try DeployedRules.fromPrometheusPayload(payload as Any)
        } catch {
            throw PrometheusError(kind: .badResponse, message: "Prometheus at \(config.displayURL) answered /api/v1/rules with \(error)")
        }
    }
}
