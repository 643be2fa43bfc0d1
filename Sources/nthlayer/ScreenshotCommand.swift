import ArgumentParser
import Explorer
import Foundation
import NthLayerCore
import Providers

/// `nthlayer screenshot`: renders any explorer view headless from the demo world, no terminal needed.
struct ScreenshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screenshot",
        abstract: "Render an explorer view of the demo world to .txt, .svg or .ansi without a terminal.")

    @Option(help: "View: \(Screenshot.View.allCases.map(\.rawValue).joined(separator: ", ")).")
    var view: String = "services"

    @Option(help: "Size as COLSxROWS.")
    var size = "120x40"

    @Option(help: "Output file; the format follows the extension (.txt, .svg, .ansi).")
    var out: String

    @Option(help: "Theme name.")
    var theme = "default"

    @Option(help: "Service for the slo, deps and drift views (default: the first row, worst first; drift: every service).")
    var service: String?

    @Option(help: "Fixed clock, ISO 8601 (default: the demo world's present).")
    var clock: String?

    @Flag(help: "Mono output (as with NO_COLOR).")
    var noColor = false

    func run() throws {
        guard let v = Screenshot.View(rawValue: view) else {
            throw ValidationError("--view \(view): expected \(Screenshot.View.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let dims = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard dims.count == 2, dims[0] >= 20, dims[1] >= 5, dims[0] <= 1000, dims[1] <= 1000 else {
            throw ValidationError("--size \(size): expected COLSxROWS such as 120x40")
        }
        let ext = (out as NSString).pathExtension.lowercased()
        guard let format = Screenshot.Format(rawValue: ext) else {
            throw ValidationError("--out \(out): the extension must be .txt, .svg or .ansi")
        }
        let world = DemoWorld.embedded()
        var now = world.present
        if let clock {
            guard let parsed = ISO8601DateFormatter().date(from: clock) else {
                throw ValidationError("--clock \(clock): expected ISO 8601 such as 2026-01-01T12:00:00Z")
            }
            now = parsed
        }
        let demo = ExplorerWorld.demoWorld(simulating: now, launch: now, hang: nil)
        let fixedNow = now
        let sources = BackgroundSources(telemetry: demo.telemetry, onCall: demo.onCall, drift: demo.drift, clock: { fixedNow })
        let catalog = ThemeCatalog.load(environment: ProcessInfo.processInfo.environment)
        let forcedMono = noColor || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let (resolved, themeError) = catalog.theme(named: forcedMono ? "mono" : theme)
        if let themeError { FileHandle.standardError.write(Data("nthlayer: \(themeError) — using default\n".utf8)) }
        let state = Screenshot.state(services: demo.services, worldLabel: demo.label, sources: sources, view: v,
                                     service: service, size: TermSize(cols: dims[0], rows: dims[1]), now: now,
                                     themeNames: catalog.names)
        let grid = Renderer.render(state)
        let text = Screenshot.export(grid, format: format, theme: resolved, mode: forcedMono ? .mono : .truecolor)
        try text.write(toFile: out, atomically: true, encoding: .utf8)
    }
}
