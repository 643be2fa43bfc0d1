import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Helpers for tests that run real servers (the rest of `Integration` lives in IntegrationSupport.swift).
extension Integration {
    /// The built binary's conventional path (`swift build` runs before `swift test` in `make test`).
    static var binaryPath: String {
        if let override = ProcessInfo.processInfo.environment["NTHLAYER_BINARY"], !override.isEmpty { return override }
        return packageRoot.appendingPathComponent(".build/debug/nthlayer").path
    }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Whether the real Prometheus tools and the binary exist; in CI their absence is a failure, not a skip.
    static var hasPrometheus: Bool {
        let found = which("prometheus") != nil && which("promtool") != nil
        if !found && ProcessInfo.processInfo.environment["CI"] != nil {
            fatalError("prometheus/promtool not installed; `make test` installs the Debian package")
        }
        return found && FileManager.default.isExecutableFile(atPath: binaryPath)
    }

    /// Runs a program with the user's NthLayer settings removed (no NTHLAYER_* variables, no config file), so a
    /// developer's own configuration never leaks into a test.
    static func runClean(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("NTHLAYER_") { env[key] = nil }
        env["XDG_CONFIG_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-noconfig").path
        env.merge(environment) { $1 }
        return try run(executable, arguments, environment: env)
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// A blocking HTTP call for test harnesses (never used by the product).
    static func http(_ method: String, _ url: String) -> (status: Int, body: Data)? {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = 5
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, Data)?
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let r = response as? HTTPURLResponse { result = (r.statusCode, data ?? Data()) }
            done.signal()
        }.resume()
        done.wait()
        return result
    }
}

/// A real Prometheus on a loopback port, over a TSDB backfilled from OpenMetrics text, with rule files loaded.
/// `--web.enable-lifecycle` lets a test rewrite the rule files and reload.
final class RealPrometheus {
    let dir: URL
    let port: Int
    private var process = Process()

    init(openMetrics: String?, ruleFiles: [String]) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = dir.appendingPathComponent("data")
        if let openMetrics {
            let om = dir.appendingPathComponent("history.om")
            try openMetrics.write(to: om, atomically: true, encoding: .utf8)
            let r = try Integration.runClean(Integration.which("promtool")!, ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=720h", om.path, data.path])
            guard r.status == 0 else { throw HarnessError("promtool backfill failed: \(r.stderr)\(r.stdout)") }
        }
        var config = "global:\n  evaluation_interval: 30s\nrule_files:\n"
        for f in ruleFiles { config += "  - \(f)\n" }
        try config.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        port = Integration.freePort()
        process.executableURL = URL(fileURLWithPath: Integration.which("prometheus")!)
        process.arguments = ["--config.file=\(dir.appendingPathComponent("prometheus.yml").path)",
                             "--storage.tsdb.path=\(data.path)", "--web.listen-address=127.0.0.1:\(port)",
                             "--storage.tsdb.retention.time=3650d", "--web.enable-lifecycle"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if Integration.http("GET", "\(url)/-/ready")?.status == 200 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw HarnessError("prometheus not ready within 60 s")
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Reloads the configuration and rule files, then waits until `/api/v1/rules` satisfies `until`.
    func reload(until ready: (Data) -> Bool) throws {
        guard Integration.http("POST", "\(url)/-/reload")?.status == 200 else { throw HarnessError("reload failed") }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let r = Integration.http("GET", "\(url)/api/v1/rules"), r.status == 200, ready(r.body) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw HarnessError("rules did not reload within 30 s")
    }

    /// Stops the server but keeps its data directory and port, so `restart()` can bring the same Prometheus back
    /// (outage tests: a provider that goes away while a client is running).
    func pause() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Starts a paused server again on the same port over the same data, and waits until it is ready.
    func restart(timeout: TimeInterval = 60) throws {
        guard !process.isRunning else { return }
        let (executable, arguments) = (process.executableURL, process.arguments)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            // A Process runs once; a start that exits early (the old listener's port not yet free) is retried.
            if !process.isRunning {
                let next = Process()
                next.executableURL = executable
                next.arguments = arguments
                next.standardOutput = FileHandle.nullDevice
                next.standardError = FileHandle.nullDevice
                process = next
                try next.run()
            }
            if Integration.http("GET", "\(url)/-/ready")?.status == 200 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw HarnessError("prometheus did not come back on port \(port) within \(Int(timeout)) s")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dir)
    }

    deinit { stop() }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
