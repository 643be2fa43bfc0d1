import Foundation

// `make bench`: startup, generate over 200 specs (one process, and 200 processes), peak memory, explorer figures.
// Figures are reported as ratios against a baseline measured in the same run (spawning /bin/true), never as
// absolute pass/fail limits.

let binary = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ".build/release/nthlayer"
let examples = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : "examples/services"

struct RunResult { var seconds: Double; var peakKiB: Int; var status: Int32 }

/// Runs a process to completion, returning wall time and the child's peak RSS.
func run(_ path: String, _ args: [String]) -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = args
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = DispatchTime.now()
    try! process.run()
    var status: Int32 = 0
    var usage = rusage()
    wait4(process.processIdentifier, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    return RunResult(seconds: seconds, peakKiB: usage.ru_maxrss, status: status)
}

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

func fmt(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

// Baseline: the cost of spawning a trivial process on this machine, right now.
let baseline = median((0..<30).map { _ in run("/bin/true", []).seconds })
print("baseline  spawn /bin/true: \(fmt(baseline * 1000, 2)) ms (median of 30)")

let startup = (0..<30).map { _ in run(binary, ["--version"]) }
let startupMedian = median(startup.map(\.seconds))
print("startup   nthlayer --version: \(fmt(startupMedian * 1000, 2)) ms = \(fmt(startupMedian / baseline, 1))× baseline, peak RSS \(startup.map(\.peakKiB).max()! / 1024) MiB")

// 200 specs: the examples, renamed, so every file is a distinct realistic service.
let work = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-bench-\(getpid())")
let specs = work.appendingPathComponent("specs")
try? FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
let sources = try FileManager.default.contentsOfDirectory(atPath: examples).filter { $0.hasSuffix(".yaml") }.sorted()
var count = 0
var round = 0
while count < 200 {
    for file in sources where count < 200 {
        let name = String(file.dropLast(5))
        var text = try String(contentsOfFile: "\(examples)/\(file)", encoding: .utf8)
        if round > 0 { text = text.replacingOccurrences(of: name, with: "\(name)-\(round)") }
        let out = round > 0 ? "\(name)-\(round).yaml" : file
        try text.write(to: specs.appendingPathComponent(out), atomically: true, encoding: .utf8)
        count += 1
    }
    round += 1
}
let one = (0..<5).map { i in run(binary, ["generate", specs.path, "--out", work.appendingPathComponent("out\(i)").path, "--quiet"]) }
let oneMedian = median(one.map(\.seconds))
print("generate  200 specs, one process: \(fmt(oneMedian * 1000, 1)) ms (\(fmt(oneMedian / 200 * 1000, 2)) ms/spec) = \(fmt(oneMedian / baseline, 1))× baseline, peak RSS \(one.map(\.peakKiB).max()! / 1024) MiB, exit \(one[0].status)")
let files = try FileManager.default.contentsOfDirectory(atPath: specs.path).sorted()
let perProcessStart = DispatchTime.now()
var peak = 0
for file in files {
    let r = run(binary, ["generate", specs.appendingPathComponent(file).path, "--out", work.appendingPathComponent("outp").path, "--quiet"])
    peak = max(peak, r.peakKiB)
}
let perProcess = Double(DispatchTime.now().uptimeNanoseconds - perProcessStart.uptimeNanoseconds) / 1e9
print("generate  200 specs, 200 processes: \(fmt(perProcess * 1000, 1)) ms (\(fmt(perProcess / 200 * 1000, 2)) ms/spec) = \(fmt(perProcess / baseline, 1))× baseline, peak RSS \(peak / 1024) MiB")
try? FileManager.default.removeItem(at: work)

for line in runExplorerBenchmarks() { print(line) }
