import Foundation
import Testing

/// Drives the real `nthlayer` binary inside a private tmux server, for the explorer's end-to-end
/// tests. Waits on the app's `--test-idle-file` counter (written after every frame drawn with no
/// pending work) instead of sleeping; a timeout records the last screen.
final class ExplorerTmux {
    let socket = "nthlayer-e2e-\(UUID().uuidString.prefix(8))"
    let session = "explorer"
    let idleFile: String
    private(set) var lastIdle = 0

    /// `.build/debug/nthlayer` under the package root (from this file's path), or `$NTHLAYER_BINARY`.
    static func binary() throws -> String {
        if let env = ProcessInfo.processInfo.environment["NTHLAYER_BINARY"], !env.isEmpty { return env }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/debug/nthlayer").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ExplorerHarnessError("no built binary at \(path): run `swift build` before `swift test` (or set NTHLAYER_BINARY)")
        }
        return path
    }

    static var available: Bool { which("tmux") != nil }

    static func which(_ tool: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    init(arguments: [String], environment: [String: String] = [:], cols: Int = 120, rows: Int = 40) throws {
        let bin = try Self.binary()
        idleFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).idle").path
        try? FileManager.default.removeItem(atPath: idleFile)
        var env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm-256color", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { _, new in new }
        let envText = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let args = (arguments + ["--test-idle-file", idleFile]).map(Self.quote).joined(separator: " ")
        // After the app exits, the shell prints a marker and stays, so the restored screen can be read.
        let command = "env -u NO_COLOR -u COLORTERM \(envText) \(Self.quote(bin)) \(args); echo __EXITED__ $?; sleep 120"
        // The server this starts would hold a stdout pipe open forever: give it /dev/null.
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(cols)", "-y", "\(rows)", command],
                 capture: false)
    }

    /// Ends this test's tmux server (and the explorer in it). Tests call it with `defer`.
    func close() {
        // The pane's shell waits in `sleep`, which survives kill-server's hangup: end its whole
        // process group first (it holds only what this test started).
        if let pid = Int32((try? tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""), pid > 1 {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
        _ = try? tmux(["kill-server"], capture: false)
        try? FileManager.default.removeItem(atPath: idleFile)
        // tmux leaves the socket file behind when its last pane was killed; tidy it away.
        let tmpdir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(tmpdir)/tmux-\(getuid())/\(socket)")
    }

    deinit { close() }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs tmux on this test's private socket. posix_spawn + waitpid rather than Foundation's
    /// Process: `new-session -d` leaves a daemon behind that confuses Process's child reaping.
    @discardableResult
    func tmux(_ args: [String], capture: Bool = true) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString.prefix(6)).out").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let tool = Self.which("tmux") ?? "/usr/bin/tmux"
        let argv = ([tool, "-L", socket] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard rc == 0 else { throw ExplorerHarnessError("cannot run tmux: \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return capture ? ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") : ""
    }

    func screen(escapes: Bool = false) -> String {
        (try? tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", session])) ?? ""
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }
    func text(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }
    func resize(cols: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(cols)", "-y", "\(rows)"])
    }

    var idleCount: Int {
        (try? String(contentsOfFile: idleFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    /// Waits until a frame newer than the last wait was drawn and the screen satisfies `ok`.
    /// Polls the idle counter (cheap file read) and only then the screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 15, sourceLocation: SourceLocation = #_sourceLocation,
                 _ ok: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = -1
        var last = ""
        while Date() < deadline {
            let n = idleCount
            if n != seen {
                seen = n
                last = screen()
                if n > 0 && ok(last) { lastIdle = n; return last }
            }
            usleep(20_000)
        }
        Issue.record("timed out waiting for \(what); last screen:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    /// Waits for the process to exit (the shell's marker), returning the screen then.
    @discardableResult
    func waitForExit(timeout: TimeInterval = 10, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen()
            if last.contains("__EXITED__") { return last }
            usleep(50_000)
        }
        Issue.record("the explorer did not exit; last screen:\n\(last)", sourceLocation: sourceLocation)
        return last
    }
}

struct ExplorerHarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
