import Foundation
import Testing

/// Running the built `nthlayer` binary and the real `promtool` from tests.
enum Integration {
    /// The package root, from this file's path: `<root>/Tests/IntegrationTests/IntegrationSupport.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `nthlayer` binary: beside the test bundle (same build), else `.build/debug/nthlayer`.
    static func binary() throws -> String {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("nthlayer").path
        let conventional = packageRoot.appendingPathComponent(".build/debug/nthlayer").path
        for candidate in [besideTests, conventional] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        Issue.record("nthlayer binary not found at \(besideTests) or \(conventional); run `swift build` before `swift test` (make test does)")
        throw Missing()
    }

    struct Missing: Error {}

    /// `promtool` from PATH. Missing: a failure when `CI` is set, otherwise nil (the caller returns early).
    static func promtool() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/promtool"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("promtool is not on PATH; CI must install it (Debian: apt-get install prometheus, `make deps`)")
        }
        return nil
    }

    struct Output: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout.prefix(4000))\n--- stderr\n\(stderr.prefix(4000))" }
    }

    /// Runs a program to completion; output goes through files so large outputs cannot dead-lock a pipe.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String]? = nil) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        if let environment { process.environment = environment }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close(); try err.close()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func nthlayer(_ arguments: String..., in directory: URL? = nil) throws -> Output {
        try run(try binary(), arguments, in: directory)
    }

    /// Every file under `root` (hidden ones included), relative paths, sorted.
    static func files(under root: URL) -> [String] {
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var result: [String] = []
        let base = root.standardizedFileURL.path
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var path = url.standardizedFileURL.path
            if path.hasPrefix(base + "/") { path.removeFirst(base.count + 1) }
            result.append(path)
        }
        return result.sorted()
    }

    /// Bytes, modification date and inode of every file: what "untouched" means.
    struct FileState: Equatable {
        var data: Data
        var modified: Date?
        var inode: Int?
    }

    static func snapshot(_ root: URL) throws -> [String: FileState] {
        var result: [String: FileState] = [:]
        for path in files(under: root) {
            let full = root.appendingPathComponent(path).path
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            result[path] = FileState(data: try Data(contentsOf: URL(fileURLWithPath: full)),
                                     modified: attributes[.modificationDate] as? Date,
                                     inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue)
        }
        return result
    }

    /// A double-quoted YAML scalar (JSON string rules, which YAML accepts).
    static func yamlQuote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// A scratch folder removed when the value goes away.
final class ScratchDir: @unchecked Sendable {
    let url: URL
    init(_ label: String = "tmp") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }
    func write(_ relative: String, _ text: String) throws {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
    }
    func read(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: url.appendingPathComponent(relative)), as: UTF8.self)
    }
}
