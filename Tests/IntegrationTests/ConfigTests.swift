import Foundation
import Testing
@testable import NthLayerCore
@testable import Providers

/// Configuration: file → environment → flags precedence, profiles, token files, file:line errors, and the
/// `config show` / `config check` commands through the built binary.
@Suite(.serialized) struct ConfigTests {
    /// A temporary `$XDG_CONFIG_HOME` with `nthlayer/config.yaml` and token files.
    final class Home {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-config-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("nthlayer"), withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: root) }
        /// The folder of config.yaml, where token files go (relative `token_file`s resolve from here).
        var dir: String { root.appendingPathComponent("nthlayer").path }
        var configPath: String { root.appendingPathComponent("nthlayer/config.yaml").path }
        func config(_ yaml: String) throws { try yaml.write(toFile: configPath, atomically: true, encoding: .utf8) }
        @discardableResult
        func secret(_ name: String, _ value: String, mode: Int = 0o600) throws -> String {
            let path = (dir as NSString).appendingPathComponent(name)
            try (value + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            return path
        }
        var env: [String: String] { ["XDG_CONFIG_HOME": root.path, "HOME": root.path] }
    }

    static let fileYAML = """
        prometheus:
          url: http://file-prom:9090
          tenant: file-tenant
        grafana:
          url: http://file-grafana:3000
          token_file: grafana.token
        pagerduty:
          token_file: pd.token
        profiles:
          prod:
            prometheus:
              url: https://mimir.prod.example.com/prometheus
            grafana:
              url: https://grafana.prod.example.com
        """

    @Test func theFileIsReadWithLocationsAndRelativeTokenFiles() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        try home.config(Self.fileYAML)
        try home.secret("grafana.token", "glsa_fromFile_111111")
        try home.secret("pd.token", "pdkey-fromFile-222222")
        let c = try NthLayerConfig.resolve(env: home.env)
        #expect(c.configFile == home.configPath)
        #expect(c.profile == nil)
        #expect(c.prometheus.url == ConfigValue("http://file-prom:9090", .file(SourceLocation(file: home.configPath, line: 2, column: 8))))
        #expect(c.prometheus.tenant?.value == "file-tenant")
        #expect(c.grafana.token?.reveal() == "glsa_fromFile_111111")
        #expect(c.grafana.token?.description == "set (file \(home.dir)/grafana.token)")
        #expect(c.pagerDuty.token?.reveal() == "pdkey-fromFile-222222")
        #expect(c.pagerDuty.url == ConfigValue("https://api.pagerduty.com", .builtIn))
        #expect(c.warnings.isEmpty)
        let g = try #require(try c.grafanaConfig())
        #expect(g.token == "glsa_fromFile_111111")
        #expect(g.tokenHint == "the token file \(home.dir)/grafana.token")
    }

    @Test func aProfileOverlaysTheTopLevelFieldByField() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        try home.config(Self.fileYAML)
        try home.secret("grafana.token", "glsa_x_123456")
        try home.secret("pd.token", "pd_x_123456")
        let c = try NthLayerConfig.resolve(environment: "prod", env: home.env)
        #expect(c.profile == ConfigValue("prod", .environment))
        #expect(c.prometheus.url?.value == "https://mimir.prod.example.com/prometheus")
        #expect(c.prometheus.tenant?.value == "file-tenant", "kept from the top level")
        #expect(c.grafana.url?.value == "https://grafana.prod.example.com")
        #expect(c.grafana.token?.reveal() == "glsa_x_123456")

        // A --env with no profile of that name: top-level settings and a note.
        let staging = try NthLayerConfig.resolve(environment: "staging", env: home.env)
        #expect(staging.profile == nil && staging.prometheus.url?.value == "http://file-prom:9090")
        #expect(staging.notes == ["no profile \"staging\" in \(home.configPath); using the top-level settings"])

        // An explicit --profile that does not exist is an error.
        #expect(throws: ConfigError.self) { try NthLayerConfig.resolve(flags: ConfigFlags(profile: "prdo"), env: home.env) }
        do { _ = try NthLayerConfig.resolve(flags: ConfigFlags(profile: "prdo"), env: home.env) } catch let e as ConfigError {
            #expect(e.message == "profile \"prdo\" (flag --profile) is not in \(home.configPath); profiles: prod (did you mean \"prod\"?)")
        }
    }

    @Test func theEnvironmentOverridesTheFile() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        try home.config(Self.fileYAML)
        try home.secret("grafana.token", "glsa_file_000000")
        try home.secret("pd.token", "pd_file_000000")
        var env = home.env
        env["NTHLAYER_PROMETHEUS_URL"] = "http://env-prom:9090"
        env["NTHLAYER_MIMIR_TENANT"] = "env-tenant"
        env["NTHLAYER_GRAFANA_URL"] = "http://env-grafana:3000"
        env["NTHLAYER_GRAFANA_TOKEN"] = "glsa_fromEnv_333333"
        env["NTHLAYER_PAGERDUTY_TOKEN"] = "pd_fromEnv_444444"
        env["NTHLAYER_PROMETHEUS_TOKEN"] = "prom_fromEnv_555555"
        let c = try NthLayerConfig.resolve(environment: "prod", env: env)
        #expect(c.prometheus.url == ConfigValue("http://env-prom:9090", .env("NTHLAYER_PROMETHEUS_URL")))
        #expect(c.prometheus.tenant == ConfigValue("env-tenant", .env("NTHLAYER_MIMIR_TENANT")))
        #expect(c.prometheus.token?.description == "set (env NTHLAYER_PROMETHEUS_TOKEN)")
        #expect(c.grafana.url?.origin == .env("NTHLAYER_GRAFANA_URL"))
        #expect(c.grafana.token?.reveal() == "glsa_fromEnv_333333")
        #expect(c.pagerDuty.token?.description == "set (env NTHLAYER_PAGERDUTY_TOKEN)")
        let p = try #require(try c.prometheusConfig())
        #expect(p.baseURL.absoluteString == "http://env-prom:9090" && p.tenant == "env-tenant" && p.bearerToken == "prom_fromEnv_555555")
    }

    @Test func flagsOverrideTheEnvironment() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        try home.config(Self.fileYAML)
        try home.secret("grafana.token", "glsa_file_000000")
        try home.secret("pd.token", "pd_file_000000")
        let flagToken = try home.secret("flag-grafana.token", "glsa_fromFlag_666666")
        let flagPD = try home.secret("flag-pd.token", "pd_fromFlag_777777")
        var env = home.env
        env["NTHLAYER_PROMETHEUS_URL"] = "http://env-prom:9090"
        env["NTHLAYER_MIMIR_TENANT"] = "env-tenant"
        env["NTHLAYER_GRAFANA_URL"] = "http://env-grafana:3000"
        env["NTHLAYER_GRAFANA_TOKEN"] = "glsa_fromEnv_333333"
        env["NTHLAYER_PAGERDUTY_TOKEN"] = "pd_fromEnv_444444"
        let flags = ConfigFlags(prometheus: "http://flag-prom:9090", mimirTenant: "flag-tenant", grafana: "http://flag-grafana:3000",
                                grafanaTokenFile: flagToken, pagerdutyTokenFile: flagPD)
        let c = try NthLayerConfig.resolve(flags: flags, env: env)
        #expect(c.prometheus.url == ConfigValue("http://flag-prom:9090", .flag("--prometheus")))
        #expect(c.prometheus.tenant == ConfigValue("flag-tenant", .flag("--mimir-tenant")))
        #expect(c.grafana.url == ConfigValue("http://flag-grafana:3000", .flag("--grafana")))
        #expect(c.grafana.token?.reveal() == "glsa_fromFlag_666666")
        #expect(c.grafana.token?.source == .file(path: flagToken, via: .flag("--grafana-token-file")))
        #expect(c.pagerDuty.token?.reveal() == "pd_fromFlag_777777")
    }

    @Test func aTokenFileReadableByOthersWarnsAndSecretsNeverPrint() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        let path = try home.secret("open.token", "glsa_worldReadable_888888", mode: 0o644)
        let group = try home.secret("group.token", "pd_groupReadable_999999", mode: 0o640)
        var env = home.env
        env["NTHLAYER_GRAFANA_URL"] = "http://grafana:3000"
        let c = try NthLayerConfig.resolve(flags: ConfigFlags(grafanaTokenFile: path, pagerdutyTokenFile: group), env: env)
        #expect(c.warnings == [
            "warning: the Grafana token file \(path) is readable by others (mode 0644); run chmod 600 \(path)",
            "warning: the PagerDuty token file \(group) is readable by its group (mode 0640); run chmod 600 \(group)",
        ])
        let secret = try #require(c.grafana.token)
        var dumped = ""
        dump(secret, to: &dumped)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped, "\(c.grafana)",
                     "\(c.entries)"] {
            #expect(!text.contains("glsa_worldReadable_888888"), "\(text)")
        }
        let quiet = try home.secret("quiet.token", "glsa_private_000000", mode: 0o600)
        #expect(try NthLayerConfig.resolve(flags: ConfigFlags(grafanaTokenFile: quiet), env: env).warnings.isEmpty)
    }

    @Test func tokenFileProblemsNameTheFileAndWhereItWasSet() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        let missing = home.root.appendingPathComponent("absent.token").path
        do {
            _ = try NthLayerConfig.resolve(flags: ConfigFlags(grafanaTokenFile: missing), env: home.env)
            Issue.record("expected an error")
        } catch let e as ConfigError {
            #expect(e.message == "cannot read the Grafana token file \(missing) (flag --grafana-token-file): No such file or directory")
        }
        let empty = try home.secret("empty.token", "", mode: 0o600)
        do {
            _ = try NthLayerConfig.resolve(flags: ConfigFlags(pagerdutyTokenFile: empty), env: home.env)
            Issue.record("expected an error")
        } catch let e as ConfigError {
            #expect(e.message == "the PagerDuty token file \(empty) (flag --pagerduty-token-file) is empty")
        }
    }

    @Test func badYAMLNamesFileLineAndField() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        let cases: [(String, String)] = [
            ("grafana:\n  url: http://g:3000\n  url2: [\n", ":4:1: YAML: "),
            ("grafana:\n  url: http://g:3000\n  urll: http://x\n", ":3:3: grafana.urll: unknown field; expected one of url, token_file, org_id, folder (did you mean \"url\"?)"),
            ("profiles:\n  prod:\n    grafana:\n      url: ftp://nope\n", ":4:12: profiles.prod.grafana.url: \"ftp://nope\" is not an http(s) URL with a host"),
            ("pagerduty:\n  token: abc123\n", ":2:3: pagerduty.token: secrets are not read from config.yaml; put it in a file (chmod 600) and set token_file"),
            ("profiles:\n  prod:\n    grafna: {url: http://g}\n", ":3:5: profiles.prod.grafna: unknown section; expected prometheus, grafana or pagerduty (did you mean \"grafana\"?)"),
            ("prometheus: http://p:9090\n", ":1:13: prometheus: expected a mapping, found a scalar"),
            ("- a\n- b\n", ":1:1: (top level): expected a mapping of settings, found a list"),
            ("grafana:\n  org_id: one\n", ":2:11: grafana.org_id: expected a positive integer, found \"one\""),
        ]
        for (yaml, expected) in cases {
            try home.config(yaml)
            do {
                _ = try NthLayerConfig.resolve(env: home.env)
                Issue.record("no error for \(yaml)")
            } catch let e as ConfigError {
                #expect(e.message.hasPrefix(home.configPath + expected), "\(e.message)")
            }
        }
        // Unknown top-level keys warn (with a hint) rather than fail; other tools' sections are left alone.
        try home.config("grafan:\n  url: http://g\ntheme: dark\n")
        let c = try NthLayerConfig.resolve(env: home.env)
        #expect(c.warnings == ["warning: \(home.configPath):1: unknown key \"grafan\" ignored (did you mean \"grafana\"?)"])
    }

    @Test func badURLsFromTheEnvironmentNameTheVariable() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        var env = home.env
        env["NTHLAYER_GRAFANA_URL"] = "grafana:3000"
        do { _ = try NthLayerConfig.resolve(env: env); Issue.record("expected an error") } catch let e as ConfigError {
            #expect(e.message == "invalid Grafana URL \"grafana:3000\" (env NTHLAYER_GRAFANA_URL); expected http(s)://host:port")
        }
    }

    @Test func noFileNoEnvironmentIsNothingConfigured() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        let c = try NthLayerConfig.resolve(env: home.env)
        #expect(c.nothingConfigured)
        #expect(c.configFile == nil && c.searchedPath == home.configPath)
        #expect(NthLayerConfig.defaultPath(env: ["HOME": "/home/ada"]) == "/home/ada/.config/nthlayer/config.yaml")
    }

    // MARK: The binary

    static func binary() throws -> String {
        if let env = ProcessInfo.processInfo.environment["NTHLAYER_BINARY"], !env.isEmpty { return env }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nthlayer"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("nthlayer"),
        ]
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) { return c.path }
        throw ProviderError(provider: "test", message: "no nthlayer binary next to the tests; run `swift build` first or set NTHLAYER_BINARY")
    }

    static var binaryAvailable: Bool { (try? binary()) != nil }

    static func run(_ args: [String], env: [String: String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try binary())
        p.arguments = args
        p.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"].merging(env) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: binaryAvailable)) func configShowNeverPrintsAToken() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        try home.config(Self.fileYAML)
        try home.secret("grafana.token", "glsa_SHOULD_NOT_PRINT_1")
        try home.secret("pd.token", "pd_SHOULD_NOT_PRINT_2", mode: 0o644)
        var env = home.env
        env["NTHLAYER_PROMETHEUS_TOKEN"] = "prom_SHOULD_NOT_PRINT_3"
        env["NTHLAYER_PROMETHEUS_PASSWORD"] = "pw_SHOULD_NOT_PRINT_4"
        env["NTHLAYER_PROMETHEUS_USERNAME"] = "ada"
        env["NTHLAYER_GRAFANA_URL"] = "http://admin:pw_SHOULD_NOT_PRINT_5@grafana.env:3000"
        for format in ["text", "json"] {
            let r = try Self.run(["config", "show", "--env", "prod", "--format", format], env: env)
            #expect(r.status == 0, "\(r.err)")
            for leak in ["SHOULD_NOT_PRINT"] {
                #expect(!r.out.contains(leak) && !r.err.contains(leak), "\(r.out)\n\(r.err)")
            }
            #expect(r.out.contains("set (file \(home.dir)/grafana.token)"))
            #expect(r.out.contains("set (env NTHLAYER_PROMETHEUS_TOKEN)"))
            #expect(r.out.contains("http://grafana.env:3000"))
            #expect(r.out.contains("https://mimir.prod.example.com/prometheus"))
            #expect(r.err.contains("warning: the PagerDuty token file \(home.dir)/pd.token is readable by others (mode 0644)"))
        }
        let text = try Self.run(["config", "show", "--env", "prod"], env: env).out
        #expect(text.contains("profile      prod (--env)"))
        #expect(text.contains("prometheus  url       https://mimir.prod.example.com/prometheus"))
        #expect(text.contains("file \(home.configPath):12"))
        #expect(text.contains("env NTHLAYER_GRAFANA_URL"))
    }

    @Test(.enabled(if: binaryAvailable)) func configShowReportsABadFileWithExit3() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        try home.config("grafana:\n  url: http://g:3000\n  tokn_file: x\n")
        let r = try Self.run(["config", "show"], env: home.env)
        #expect(r.status == 3)
        #expect(r.err.hasPrefix("error: \(home.configPath):3:3: grafana.tokn_file: unknown field"))
    }

    @Test(.enabled(if: binaryAvailable && FakeAPIServer.available)) func configCheckProbesEveryConfiguredProvider() throws {
        let server = try FakeAPIServer()
        defer { server.stop() }
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        let g = try home.secret("g.token", FakeAPIServer.grafanaToken)
        let pd = try home.secret("pd.token", FakeAPIServer.pagerDutyToken)
        var env = home.env
        env["NTHLAYER_PAGERDUTY_URL"] = server.url.absoluteString
        let args = ["config", "check", "--prometheus", server.url.absoluteString, "--grafana", server.url.absoluteString,
                    "--grafana-token-file", g, "--pagerduty-token-file", pd]
        let ok = try Self.run(args, env: env)
        #expect(ok.status == 0, "\(ok.out)\n\(ok.err)")
        let lines = ok.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("prometheus  ok      \(server.url.absoluteString)  version 2.42.0  ("))
        #expect(lines[1].hasPrefix("grafana     ok      \(server.url.absoluteString)  version 11.3.0, database ok, search authorised  ("))
        #expect(lines[2].hasPrefix("pagerduty   ok      \(server.url.absoluteString)  authenticated, 4 abilities  ("))
        #expect(lines.allSatisfy { $0.hasSuffix(" ms)") })
        let paths = server.requests.map { $0["path"] as? String ?? "" }
        #expect(Set(paths) == ["/api/v1/status/buildinfo", "/api/health", "/api/search", "/abilities"])

        // A wrong Grafana token: that provider fails with the reason, exit 3, and the token never shows.
        let bad = try home.secret("bad.token", "glsa_WRONG_TOKEN_VALUE")
        var badArgs = args
        badArgs[badArgs.firstIndex(of: g)!] = bad
        let failed = try Self.run(badArgs, env: env)
        #expect(failed.status == 3)
        #expect(failed.out.contains("grafana     failed  \(server.url.absoluteString)  Grafana at \(server.url.absoluteString) answered 401: invalid API key — check the token file \(bad)"))
        #expect(failed.out.contains("prometheus  ok"))
        #expect(!failed.out.contains("glsa_WRONG_TOKEN_VALUE") && !failed.err.contains("glsa_WRONG_TOKEN_VALUE"))

        // JSON.
        let json = try Self.run(args + ["--format", "json"], env: env)
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let providers = object?["providers"] as? [[String: Any]]
        #expect(providers?.map { $0["status"] as? String } == ["ok", "ok", "ok"])
    }

    @Test(.enabled(if: binaryAvailable)) func configCheckWithNothingConfiguredIsANoteAndExit0() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        let r = try Self.run(["config", "check"], env: home.env)
        #expect(r.status == 0)
        #expect(r.out.hasPrefix("nothing configured: no Prometheus URL, Grafana URL or PagerDuty token"))
    }

    @Test(.enabled(if: binaryAvailable)) func configCheckReportsAnUnreachableProvider() throws {
        let home = try Home()
        defer { withExtendedLifetime(home) {} }
        let r = try Self.run(["config", "check", "--prometheus", "http://127.0.0.1:1"], env: home.env)
        #expect(r.status == 3)
        #expect(r.out.hasPrefix("prometheus  failed  http://127.0.0.1:1  cannot reach Prometheus at http://127.0.0.1:1: connection refused  ("))
        #expect(r.out.contains("not configured: grafana, pagerduty"))
    }
}
