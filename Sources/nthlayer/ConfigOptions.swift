import ArgumentParser
import Foundation
import NthLayerCore
import Providers

/// Where the outside systems are: shared by every command that talks to Prometheus, Grafana or PagerDuty
/// (`@OptionGroup var config: ConfigOptions`). Flags win over environment variables, which win over
/// `$XDG_CONFIG_HOME/nthlayer/config.yaml` (see `nthlayer config show`).
///
/// The profile is `--profile`, else `NTHLAYER_PROFILE`, else the command's own `--env` (passed to `resolve`),
/// else the file's `default_profile`. A command adopting this group drops its own `--prometheus` option.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("prometheus"), help: ArgumentHelp("Prometheus (or Mimir) base URL (else $NTHLAYER_PROMETHEUS_URL, then config.yaml).", valueName: "url"))
    var prometheus: String?

    @Option(name: .customLong("mimir-tenant"), help: ArgumentHelp("X-Scope-OrgID for Mimir/Cortex (else $NTHLAYER_MIMIR_TENANT).", valueName: "tenant"))
    var mimirTenant: String?

    @Option(name: .customLong("prometheus-token-file"), help: ArgumentHelp("File holding a Prometheus bearer token (else $NTHLAYER_PROMETHEUS_TOKEN).", valueName: "path"))
    var prometheusTokenFile: String?

    @Option(name: .customLong("grafana"), help: ArgumentHelp("Grafana base URL (else $NTHLAYER_GRAFANA_URL).", valueName: "url"))
    var grafana: String?

    @Option(name: .customLong("grafana-token-file"), help: ArgumentHelp("File holding a Grafana service-account token (else $NTHLAYER_GRAFANA_TOKEN).", valueName: "path"))
    var grafanaTokenFile: String?

    @Option(name: .customLong("pagerduty-token-file"), help: ArgumentHelp("File holding a PagerDuty REST API key (else $NTHLAYER_PAGERDUTY_TOKEN).", valueName: "path"))
    var pagerdutyTokenFile: String?

    @Option(name: .customLong("profile"), help: ArgumentHelp("Profile of config.yaml to use (else $NTHLAYER_PROFILE, else --env).", valueName: "name"))
    var profile: String?

    @Option(name: .customLong("config"), help: ArgumentHelp("Config file (else $NTHLAYER_CONFIG, else $XDG_CONFIG_HOME/nthlayer/config.yaml).", valueName: "path"))
    var configFile: String?

    var flags: ConfigFlags {
        ConfigFlags(configFile: configFile, profile: profile, prometheus: prometheus, prometheusTokenFile: prometheusTokenFile,
                    mimirTenant: mimirTenant, grafana: grafana, grafanaTokenFile: grafanaTokenFile,
                    pagerdutyTokenFile: pagerdutyTokenFile)
    }

    /// The final configuration. Warnings (world-readable token files, unknown keys) go to stderr; a bad config
    /// prints its file:line message and exits 3.
    func resolve(environment: String?) throws -> NthLayerConfig {
        do {
            let config = try NthLayerConfig.resolve(flags: flags, environment: environment)
            for w in config.warnings { printError(w) }
            return config
        } catch let e as ConfigError {
            printError("error: \(e.message)")
            throw ExitCode(3)
        }
    }
}
