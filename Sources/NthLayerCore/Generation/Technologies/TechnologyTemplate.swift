/// How urgent a technology alert is: C / W / I in the reference's conditions table.
/// The generator turns the class into a `severity` label according to the service tier.
public enum AlertClass: String, Sendable, Hashable {
    case critical, warning, info
}

/// One PromQL target of a dashboard panel. `legend` is a Grafana legend format (`{{instance}}`).
public struct PanelQuery: Sendable, Hashable {
    public let expr: String
    public let legend: String

    public init(_ expr: String, legend: String) {
        self.expr = expr; self.legend = legend
    }
}

/// A panel of a technology's dashboard row. Expressions are unscoped: the generator merges the
/// dependency's selector into every vector selector, so one template serves every dependency.
public struct PanelTemplate: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case timeseries, stat
    }

    public let title: String
    /// A Grafana unit id: `short`, `percentunit`, `bytes`, `Bps`, `s`, `reqps`, `ops`.
    public let unit: String
    public let kind: Kind
    public let queries: [PanelQuery]
    /// Values worth a threshold line or colour step, usually the alert thresholds; nil when none.
    public let thresholds: [Double]?

    public init(title: String, unit: String, kind: Kind = .timeseries, queries: [PanelQuery],
                thresholds: [Double]? = nil) {
        self.title = title; self.unit = unit; self.kind = kind
        self.queries = queries; self.thresholds = thresholds
    }

    static func timeseries(_ title: String, unit: String, _ queries: PanelQuery...,
                           thresholds: [Double]? = nil) -> PanelTemplate {
        PanelTemplate(title: title, unit: unit, kind: .timeseries, queries: queries, thresholds: thresholds)
    }

    static func stat(_ title: String, unit: String, _ queries: PanelQuery...,
                     thresholds: [Double]? = nil) -> PanelTemplate {
        PanelTemplate(title: title, unit: unit, kind: .stat, queries: queries, thresholds: thresholds)
    }
}

/// A Prometheus alert a dependency on a technology brings with it. Like panels, the expression is
/// unscoped; summary and description are Prometheus Go templates (`{{ $labels.job }}`, `{{ $value }}`).
public struct AlertTemplate: Sendable, Hashable {
    /// PascalCase, unique within the technology (`PostgresqlDown`).
    public let name: String
    public let expr: String
    /// The rule's `for` (`"2m"`); nil when the condition alerts on the first evaluation.
    public let forDuration: String?
    public let alertClass: AlertClass
    public let summary: String
    public let description: String

    public init(name: String, expr: String, forDuration: String? = nil, alertClass: AlertClass,
                summary: String, description: String) {
        self.name = name; self.expr = expr; self.forDuration = forDuration
        self.alertClass = alertClass; self.summary = summary; self.description = description
    }
}

/// Everything NthLayer generates for one technology: the dashboard row's panels and the alert group.
public struct TechnologyTemplate: Sendable, Hashable {
    public let technology: Technology
    /// Where the metrics come from, shown to users so they know what to deploy.
    public let exporter: String
    public let panels: [PanelTemplate]
    /// Empty for http, grpc and worker: the service's burn-rate alerts already cover them.
    public let alerts: [AlertTemplate]

    public init(technology: Technology, exporter: String, panels: [PanelTemplate], alerts: [AlertTemplate]) {
        self.technology = technology; self.exporter = exporter
        self.panels = panels; self.alerts = alerts
    }
}
