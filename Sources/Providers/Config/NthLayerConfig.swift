import Foundation
import NthLayerCore

/// Where a setting came from. Precedence: flag > environment variable > config file (profile, then top level) >
/// built-in default.
public enum ConfigOrigin: Sendable, Hashable, CustomStringConvertible {
    case flag(String)
    case env(String)
    case file(SourceLocation)
    /// The spec environment passed by a command's `--env` (profile selection only).
    case environment
    case builtIn

    public var description: String {
        switch self {
        case .flag(let f): return "flag \(f)"
        case .env(let v): return "env \(v)"
        case .file(let loc): return "file \(loc.file):\(loc.line)"
        case .environment: return "--env"
        case .builtIn: return "default"
        }
    }
}

/// A configured value and where it came from.
public struct ConfigValue<T: Sendable & Hashable>: Sendable, Hashable {
    public var value: T
    public var origin: ConfigOrigin
    public init(_ value: T, _ origin: ConfigOrigin) { self.value = value; self.origin = origin }
}

/// A credential. It prints, dumps and interpolates as `set (env NAME)` / `set (file /path)`, never as its value;
/// only `reveal()` returns the text, for the one header that needs it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public enum Source: Sendable, Hashable {
        case env(String)
        /// A token file and where its path was configured.
        case file(path: String, via: ConfigOrigin)
    }
    public let source: Source
    private let value: String

    public init(_ value: String, source: Source) { self.value = value; self.source = source }

    public func reveal() -> String { value }

    public var description: String {
        switch source {
        case .env(let name): return "set (env \(name))"
        case .file(let path, _): return "set (file \(path))"
        }
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["source": source]) }

    /// What to tell someone whose token was refused: `NTHLAYER_GRAFANA_TOKEN`, `the token file /path`.
    public var hint: String {
        switch source {
        case .env(let name): return name
        case .file(let path, _): return "the token file \(path)"
        }
    }
}

/// A configuration problem: names the file, line and field when it comes from the file.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public init(at location: SourceLocation, field: String, _ message: String) {
        self.message = "\(location.file):\(location.line):\(location.column): \(field): \(message)"
    }
    public var description: String { message }
}

/// Everything NthLayer knows about reaching outside systems, resolved from `config.yaml`, the environment and flags.
public struct NthLayerConfig: Sendable {
    public struct Prometheus: Sendable {
        public var url: ConfigValue<String>?
        public var tenant: ConfigValue<String>?
        public var token: Secret?
        public var username: ConfigValue<String>?
        public var password: Secret?
        public var timeout: ConfigValue<Double>?
        public var isConfigured: Bool { url != nil }
    }
    public struct Grafana: Sendable {
        public var url: ConfigValue<String>?
        public var token: Secret?
        public var orgID: ConfigValue<Int>?
        public var folder: ConfigValue<String>?
        public var isConfigured: Bool { url != nil }
    }
    public struct PagerDuty: Sendable {
        public var url: ConfigValue<String> = ConfigValue(PagerDutyConfig.defaultURL.absoluteString, .builtIn)
        public var token: Secret?
        /// PagerDuty's URL has a default: a token is what makes it configured.
        public var isConfigured: Bool { token != nil }
    }

    /// The config file read, if any.
    public var configFile: String?
    /// Where a config file was looked for when none was read.
    public var searchedPath: String?
    /// The profile applied, when the file has it.
    public var profile: ConfigValue<String>?
    public var prometheus = Prometheus()
    public var grafana = Grafana()
    public var pagerDuty = PagerDuty()
    /// Things to tell the user on stderr (world-readable token files, unknown keys).
    public var warnings: [String] = []
    /// Informational (a requested profile the file does not have, …).
    public var notes: [String] = []

    public init() {}

    public var nothingConfigured: Bool { !prometheus.isConfigured && !grafana.isConfigured && !pagerDuty.isConfigured }

    // MARK: Client configurations

    /// The Prometheus client configuration, or nil when no URL is configured.
    public func prometheusConfig() throws -> PrometheusConfig? {
        guard let url = prometheus.url else { return nil }
        guard let parsed = HTTPTransport.baseURL(url.value) else {
            throw ConfigError("invalid Prometheus URL \"\(HTTPTransport.redactURL(url.value))\" (\(url.origin)); expected http(s)://host:port")
        }
        var c = PrometheusConfig(baseURL: parsed, bearerToken: prometheus.token?.reveal(), username: prometheus.username?.value,
                                 password: prometheus.password?.reveal(), tenant: prometheus.tenant?.value)
        if let t = prometheus.timeout?.value { c.requestTimeout = t }
        return c
    }

    /// The Grafana client configuration, or nil when no URL is configured.
    public func grafanaConfig() throws -> GrafanaConfig? {
        guard let url = grafana.url else { return nil }
        guard let parsed = HTTPTransport.baseURL(url.value) else {
            throw ConfigError("invalid Grafana URL \"\(HTTPTransport.redactURL(url.value))\" (\(url.origin)); expected http(s)://host:port")
        }
        var c = GrafanaConfig(baseURL: parsed, token: grafana.token?.reveal(), orgID: grafana.orgID?.value)
        c.tokenHint = grafana.token?.hint ?? "NTHLAYER_GRAFANA_TOKEN"
        return c
    }

    /// The PagerDuty client configuration, or nil when no token is configured.
    public func pagerDutyConfig() throws -> PagerDutyConfig? {
        guard let token = pagerDuty.token else { return nil }
        guard let parsed = HTTPTransport.baseURL(pagerDuty.url.value) else {
            throw ConfigError("invalid PagerDuty URL \"\(HTTPTransport.redactURL(pagerDuty.url.value))\" (\(pagerDuty.url.origin))")
        }
        var c = PagerDutyConfig(baseURL: parsed, token: token.reveal())
        c.tokenHint = token.hint
        return c
    }

    // MARK: Display

    /// One line of `config show`: provider, field, value as displayed (tokens never), origin.
    public struct Entry: Sendable, Hashable {
        public var provider: String
        public var field: String
        public var value: String
        public var origin: String?
    }

    public var entries: [Entry] {
        func plain<T>(_ p: String, _ f: String, _ v: ConfigValue<T>?, _ show: (T) -> String = { "\($0)" }) -> Entry {
            Entry(provider: p, field: f, value: v.map { show($0.value) } ?? "not set", origin: v?.origin.description)
        }
        func secret(_ p: String, _ f: String, _ s: Secret?) -> Entry {
            let origin: String?
            if case .file(_, let via)? = s?.source { origin = via.description } else { origin = nil }
            return Entry(provider: p, field: f, value: s?.description ?? "not set", origin: origin)
        }
        let url = { (s: String) in HTTPTransport.redactURL(s) }
        var out = [
            plain("prometheus", "url", prometheus.url, url),
            plain("prometheus", "tenant", prometheus.tenant),
            secret("prometheus", "token", prometheus.token),
        ]
        if prometheus.username != nil || prometheus.password != nil {
            out.append(plain("prometheus", "username", prometheus.username))
            out.append(secret("prometheus", "password", prometheus.password))
        }
        out += [
            plain("grafana", "url", grafana.url, url),
            secret("grafana", "token", grafana.token),
        ]
        if grafana.orgID != nil { out.append(plain("grafana", "org_id", grafana.orgID)) }
        if grafana.folder != nil { out.append(plain("grafana", "folder", grafana.folder)) }
        out += [
            plain("pagerduty", "url", pagerDuty.url, url),
            secret("pagerduty", "token", pagerDuty.token),
        ]
        return out
    }
}

// MARK: - Resolution

/// Command-line values (ArgumentParser's `ConfigOptions` fills this in).
public struct ConfigFlags: Sendable, Hashable {
    public var configFile: String?
    public var profile: String?
    public var prometheus: String?
    public var prometheusTokenFile: String?
    public var mimirTenant: String?
    public var grafana: String?
    public var grafanaTokenFile: String?
    public var pagerdutyTokenFile: String?
    public init(configFile: String? = nil, profile: String? = nil, prometheus: String? = nil,
                prometheusTokenFile: String? = nil, mimirTenant: String? = nil, grafana: String? = nil,
                grafanaTokenFile: String? = nil, pagerdutyTokenFile: String? = nil) {
        self.configFile = configFile; self.profile = profile; self.prometheus = prometheus
        self.prometheusTokenFile = prometheusTokenFile; self.mimirTenant = mimirTenant; self.grafana = grafana
        self.grafanaTokenFile = grafanaTokenFile; self.pagerdutyTokenFile = pagerdutyTokenFile
    }
}

extension NthLayerConfig {
    /// `$XDG_CONFIG_HOME/nthlayer/config.yaml`, else `~/.config/nthlayer/config.yaml`.
    public static func defaultPath(env: [String: String]) -> String {
        if let xdg = env["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("nthlayer/config.yaml")
        }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".config/nthlayer/config.yaml")
    }

    /// Resolves the configuration.
    /// - Parameters:
    ///   - environment: the spec environment of the command (`--env`); selects the profile of that name when the
    ///     file has one (a missing one is a note, not an error). `--profile` and `NTHLAYER_PROFILE` select
    ///     explicitly (a missing one is an error).
    public static func resolve(flags: ConfigFlags = ConfigFlags(), environment: String? = nil,
                               env: [String: String] = ProcessInfo.processInfo.environment) throws -> NthLayerConfig {
        func envValue(_ names: String...) -> ConfigValue<String>? {
            for n in names { if let v = env[n], !v.trimmingCharacters(in: .whitespaces).isEmpty { return ConfigValue(v, .env(n)) } }
            return nil
        }
        var config = NthLayerConfig()

        // 1. The file.
        let explicitPath: ConfigValue<String>? = flags.configFile.map { ConfigValue($0, .flag("--config")) }
            ?? envValue("NTHLAYER_CONFIG")
        let path = explicitPath.map { expandHome($0.value, env: env) } ?? defaultPath(env: env)
        var file = ConfigFile()
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigError("cannot read config file \(path)")
            }
            file = try ConfigFile.parse(String(decoding: data, as: UTF8.self), path: path)
            config.configFile = path
            config.warnings += file.warnings
        } else if let explicitPath {
            throw ConfigError("config file \(path) (\(explicitPath.origin)) does not exist")
        } else {
            config.searchedPath = path
        }

        // 2. The profile.
        var selected: ConfigValue<String>?
        var strict = true
        if let p = flags.profile, !p.isEmpty { selected = ConfigValue(p, .flag("--profile")) }
        else if let p = envValue("NTHLAYER_PROFILE") { selected = p }
        else if let e = environment, !e.isEmpty { selected = ConfigValue(e, .environment); strict = false }
        else if let d = file.defaultProfile { selected = ConfigValue(d.value, .file(d.location)) }
        var sections = file.top
        if let s = selected {
            if let profile = file.profiles[s.value] {
                sections.overlay(profile)
                config.profile = s
            } else if strict {
                guard let configFile = config.configFile else {
                    throw ConfigError("profile \"\(s.value)\" (\(s.origin)) was asked for, but there is no config file at \(path)")
                }
                let names = file.profiles.keys.sorted()
                throw ConfigError("profile \"\(s.value)\" (\(s.origin)) is not in \(configFile)"
                                  + (names.isEmpty ? " (it defines no profiles)" : "; profiles: \(names.joined(separator: ", "))")
                                  + Suggestion.hint(for: s.value, in: names))
            } else if let configFile = config.configFile, !file.profiles.isEmpty {
                config.notes.append("no profile \"\(s.value)\" in \(configFile); using the top-level settings")
            }
        }

        // 3. File values, overridden by the environment, overridden by flags.
        func pick(_ flag: String?, _ flagName: String, _ envNames: [String], _ fileValue: Located<String>?) -> ConfigValue<String>? {
            if let flag, !flag.isEmpty { return ConfigValue(flag, .flag(flagName)) }
            for n in envNames { if let v = env[n], !v.trimmingCharacters(in: .whitespaces).isEmpty { return ConfigValue(v, .env(n)) } }
            return fileValue.map { ConfigValue($0.value, .file($0.location)) }
        }
        func tokenFile(_ flag: String?, _ flagName: String, _ envToken: [String], _ fileValue: Located<String>?, what: String) throws -> Secret? {
            if let flag, !flag.isEmpty {
                return try readToken(path: expandHome(flag, env: env), via: .flag(flagName), what: what, warnings: &config.warnings)
            }
            for n in envToken { if let v = env[n], !v.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return Secret(v.trimmingCharacters(in: .whitespacesAndNewlines), source: .env(n))
            } }
            if let f = fileValue {
                return try readToken(path: resolvePath(f.value, relativeTo: config.configFile, env: env), via: .file(f.location),
                                     what: what, warnings: &config.warnings)
            }
            return nil
        }

        let p = sections.prometheus
        config.prometheus.url = pick(flags.prometheus, "--prometheus", ["NTHLAYER_PROMETHEUS_URL", "PROMETHEUS_URL"], p["url"])
        config.prometheus.tenant = pick(flags.mimirTenant, "--mimir-tenant", ["NTHLAYER_MIMIR_TENANT", "NTHLAYER_PROMETHEUS_TENANT"], p["tenant"])
        config.prometheus.token = try tokenFile(flags.prometheusTokenFile, "--prometheus-token-file", ["NTHLAYER_PROMETHEUS_TOKEN"],
                                                p["token_file"], what: "Prometheus token")
        config.prometheus.username = pick(nil, "", ["NTHLAYER_PROMETHEUS_USERNAME"], p["username"])
        if let v = env["NTHLAYER_PROMETHEUS_PASSWORD"], !v.isEmpty {
            config.prometheus.password = Secret(v, source: .env("NTHLAYER_PROMETHEUS_PASSWORD"))
        } else if let f = p["password_file"] {
            config.prometheus.password = try readToken(path: resolvePath(f.value, relativeTo: config.configFile, env: env),
                                                       via: .file(f.location), what: "Prometheus password", warnings: &config.warnings)
        }
        if let t = pick(nil, "", ["NTHLAYER_PROMETHEUS_TIMEOUT"], p["timeout"]) {
            guard let seconds = Double(t.value.hasSuffix("s") ? String(t.value.dropLast()) : t.value), seconds > 0, seconds.isFinite else {
                throw ConfigError("Prometheus timeout \"\(t.value)\" (\(t.origin)): expected seconds, e.g. 30")
            }
            config.prometheus.timeout = ConfigValue(seconds, t.origin)
        }

        let g = sections.grafana
        config.grafana.url = pick(flags.grafana, "--grafana", ["NTHLAYER_GRAFANA_URL"], g["url"])
        config.grafana.token = try tokenFile(flags.grafanaTokenFile, "--grafana-token-file", ["NTHLAYER_GRAFANA_TOKEN"],
                                             g["token_file"], what: "Grafana token")
        if let o = pick(nil, "", ["NTHLAYER_GRAFANA_ORG_ID"], g["org_id"]) {
            guard let id = Int(o.value), id > 0 else { throw ConfigError("Grafana org id \"\(o.value)\" (\(o.origin)): expected a positive integer") }
            config.grafana.orgID = ConfigValue(id, o.origin)
        }
        config.grafana.folder = pick(nil, "", ["NTHLAYER_GRAFANA_FOLDER"], g["folder"])

        let d = sections.pagerduty
        if let u = pick(nil, "", ["NTHLAYER_PAGERDUTY_URL"], d["url"]) { config.pagerDuty.url = u }
        config.pagerDuty.token = try tokenFile(flags.pagerdutyTokenFile, "--pagerduty-token-file",
                                               ["NTHLAYER_PAGERDUTY_TOKEN", "PAGERDUTY_API_KEY"], d["token_file"], what: "PagerDuty token")

        // URLs are checked here so a typo fails every command the same way, naming where it was set.
        for (name, value) in [("Prometheus", config.prometheus.url), ("Grafana", config.grafana.url),
                              ("PagerDuty", Optional(config.pagerDuty.url))] {
            guard let value, HTTPTransport.baseURL(value.value) == nil else { continue }
            let shown = HTTPTransport.redactURL(value.value)
            if case .file(let loc) = value.origin {
                throw ConfigError(at: loc, field: "\(name.lowercased()).url", "\"\(shown)\" is not an http(s) URL")
            }
            throw ConfigError("invalid \(name) URL \"\(shown)\" (\(value.origin)); expected http(s)://host:port")
        }
        return config
    }

    static func expandHome(_ path: String, env: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + path.dropFirst()
    }

    /// `~/x` from home, `x` from the config file's folder, `/x` as is.
    static func resolvePath(_ path: String, relativeTo configFile: String?, env: [String: String]) -> String {
        let p = expandHome(path, env: env)
        if p.hasPrefix("/") { return p }
        let base = configFile.map { ($0 as NSString).deletingLastPathComponent } ?? FileManager.default.currentDirectoryPath
        return ((base as NSString).appendingPathComponent(p) as NSString).standardizingPath
    }

    /// Reads a token file (first line, trimmed); warns when group or others may read it.
    static func readToken(path: String, via: ConfigOrigin, what: String, warnings: inout [String]) throws -> Secret {
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw ConfigError("cannot read the \(what) file \(path) (\(via)): \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw ConfigError("the \(what) file \(path) (\(via)) is not a regular file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read the \(what) file \(path) (\(via)): permission denied")
        }
        let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
        let token = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !token.isEmpty else { throw ConfigError("the \(what) file \(path) (\(via)) is empty") }
        let mode = Int(st.st_mode) & 0o777
        if mode & 0o077 != 0 {
            warnings.append("warning: the \(what) file \(path) is readable by \(mode & 0o007 != 0 ? "others" : "its group") (mode \(String(format: "%04o", mode))); run chmod 600 \(path)")
        }
        return Secret(token, source: .file(path: path, via: via))
    }
}

// MARK: - The file

/// A string from the config file and where it was written.
struct Located<T: Sendable>: Sendable {
    var value: T
    var location: SourceLocation
}

/// `config.yaml`, checked: every key known, every value of the right shape; errors name file:line:column and field.
///
/// ```yaml
/// default_profile: prod            # optional
/// prometheus: {url: http://prom:9090, tenant: team-a, token_file: ~/.secrets/prom}
/// grafana:    {url: https://grafana.example.com, token_file: grafana.token, org_id: 1}
/// pagerduty:  {token_file: /run/secrets/pagerduty}
/// profiles:
///   prod:  {prometheus: {url: https://mimir.example.com/prometheus, tenant: prod}}
///   stage: {grafana: {url: https://grafana.stage.example.com}}
/// ```
struct ConfigFile {
    struct Sections {
        var prometheus: [String: Located<String>] = [:]
        var grafana: [String: Located<String>] = [:]
        var pagerduty: [String: Located<String>] = [:]
        mutating func overlay(_ other: Sections) {
            prometheus.merge(other.prometheus) { $1 }
            grafana.merge(other.grafana) { $1 }
            pagerduty.merge(other.pagerduty) { $1 }
        }
    }
    var top = Sections()
    var profiles: [String: Sections] = [:]
    var defaultProfile: Located<String>?
    var warnings: [String] = []

    static let fields: [String: [String]] = [
        "prometheus": ["url", "tenant", "token_file", "username", "password_file", "timeout"],
        "grafana": ["url", "token_file", "org_id", "folder"],
        "pagerduty": ["url", "token_file"],
    ]
    /// Sections other parts of NthLayer may keep in the same file; accepted and ignored here.
    static let otherSections: Set<String> = ["theme", "themes", "environments", "explorer", "serve", "mcp", "ui"]

    static func parse(_ text: String, path: String) throws -> ConfigFile {
        var out = ConfigFile()
        let root: SpecNode
        switch SpecYAML.read(text, file: path) {
        case .failure(let d):
            throw ConfigError("\(d.location.file):\(d.location.line):\(d.location.column): \(d.message)")
        case .documents(let docs):
            guard let first = docs.first, !first.isNull else { return out }
            if docs.count > 1 {
                throw ConfigError(at: docs[1].location, field: "(document)", "the config file holds more than one YAML document")
            }
            root = first
        }
        guard let entries = root.entries else {
            throw ConfigError(at: root.location, field: "(top level)", "expected a mapping of settings, found \(root.kindName)")
        }
        let known = ["default_profile", "profiles"] + fields.keys.sorted()
        for e in entries {
            switch e.key {
            case "default_profile", "profile":
                out.defaultProfile = try string(e.value, field: e.key)
            case "profiles":
                if e.value.isNull { continue }
                guard let profiles = e.value.entries else {
                    throw ConfigError(at: e.value.location, field: "profiles", "expected a mapping of profile name → settings, found \(e.value.kindName)")
                }
                for p in profiles {
                    out.profiles[p.key] = try sections(p.value, prefix: "profiles.\(p.key)", warnings: &out.warnings)
                }
            case let key where fields[key] != nil:
                try section(key, e.value, prefix: "", into: &out.top)
            case let key where otherSections.contains(key):
                continue
            default:
                out.warnings.append("warning: \(e.keyLocation.file):\(e.keyLocation.line): unknown key \"\(e.key)\" ignored\(Suggestion.hint(for: e.key, in: known))")
            }
        }
        return out
    }

    static func sections(_ node: SpecNode, prefix: String, warnings: inout [String]) throws -> Sections {
        var s = Sections()
        if node.isNull { return s }
        guard let entries = node.entries else {
            throw ConfigError(at: node.location, field: prefix, "expected a mapping with prometheus, grafana or pagerduty, found \(node.kindName)")
        }
        for e in entries {
            guard fields[e.key] != nil else {
                throw ConfigError(at: e.keyLocation, field: "\(prefix).\(e.key)",
                                  "unknown section; expected prometheus, grafana or pagerduty\(Suggestion.hint(for: e.key, in: fields.keys.sorted()))")
            }
            try section(e.key, e.value, prefix: prefix + ".", into: &s)
        }
        return s
    }

    static func section(_ name: String, _ node: SpecNode, prefix: String, into s: inout Sections) throws {
        if node.isNull { return }
        let field = prefix + name
        guard let entries = node.entries else {
            throw ConfigError(at: node.location, field: field, "expected a mapping, found \(node.kindName)")
        }
        let allowed = fields[name] ?? []
        var values: [String: Located<String>] = [:]
        for e in entries {
            if e.key == "token" || e.key == "password" || e.key == "api_key" {
                throw ConfigError(at: e.keyLocation, field: "\(field).\(e.key)",
                                  "secrets are not read from config.yaml; put it in a file (chmod 600) and set \(e.key == "password" ? "password_file" : "token_file")")
            }
            guard allowed.contains(e.key) else {
                throw ConfigError(at: e.keyLocation, field: "\(field).\(e.key)",
                                  "unknown field; expected one of \(allowed.joined(separator: ", "))\(Suggestion.hint(for: e.key, in: allowed))")
            }
            let v = try string(e.value, field: "\(field).\(e.key)")
            if e.key == "url", HTTPTransport.baseURL(v.value) == nil {
                throw ConfigError(at: v.location, field: "\(field).url", "\"\(HTTPTransport.redactURL(v.value))\" is not an http(s) URL with a host")
            }
            if e.key == "org_id", Int(v.value).map({ $0 > 0 }) != true {
                throw ConfigError(at: v.location, field: "\(field).org_id", "expected a positive integer, found \"\(v.value)\"")
            }
            values[e.key] = v
        }
        switch name {
        case "prometheus": s.prometheus.merge(values) { $1 }
        case "grafana": s.grafana.merge(values) { $1 }
        default: s.pagerduty.merge(values) { $1 }
        }
    }

    static func string(_ node: SpecNode, field: String) throws -> Located<String> {
        guard let text = node.scalar, !node.isNull else {
            throw ConfigError(at: node.location, field: field, node.isNull ? "expected a value, found nothing" : "expected a string, found \(node.kindName)")
        }
        return Located(value: text, location: node.location)
    }
}
