import Foundation
import Testing
import NthLayerCore
@testable import Providers

@Suite("Demo world: embedded example catalog")
struct DemoEmbeddedCatalogTests {
    /// The repository root, found from this file (through symlinks) by the script it holds.
    static var repositoryRoot: URL? {
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("scripts/embed-examples.sh").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// A stale embed would let the binary's demo disagree with examples/: regenerate and compare bytes.
    @Test func embeddedCatalogIsUpToDate() throws {
        let root = try #require(Self.repositoryRoot)
        let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("EmbeddedCatalog-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: fresh) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", root.appendingPathComponent("scripts/embed-examples.sh").path, fresh.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let checkedIn = try Data(contentsOf: root.appendingPathComponent("Sources/Providers/Demo/EmbeddedCatalog.swift"))
        let regenerated = try Data(contentsOf: fresh)
        #expect(checkedIn == regenerated, "EmbeddedCatalog.swift is stale: run scripts/embed-examples.sh")
    }

    @Test func embeddedTextsAreTheFilesVerbatim() throws {
        let root = try #require(Self.repositoryRoot)
        #expect(!EmbeddedCatalog.files.isEmpty)
        for file in EmbeddedCatalog.files {
            let onDisk = try String(contentsOf: root.appendingPathComponent(file.path), encoding: .utf8)
            #expect(file.text == onDisk, "\(file.path)")
        }
        let paths = EmbeddedCatalog.files.map(\.path)
        #expect(paths == paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }

    @Test func embeddedCatalogParsesCleanly() {
        let load = DemoWorld.embeddedCatalog()
        #expect(load.errorCount == 0, "\(load.diagnostics.filter(\.isError).map(\.description).joined(separator: "\n"))")
        #expect(load.services.count >= 25)
        #expect(load.services.allSatisfy { $0.location.file.hasPrefix("examples/services/") })
        for name in ["payment-api", "checkout-svc"] { #expect(load.services.contains { $0.name == name }) }
    }

    @Test func everyEnvironmentLoads() {
        for env in ["prod", "staging", "dev"] {
            let load = DemoWorld.embeddedCatalog(environment: env)
            #expect(load.errorCount == 0, "\(env): \(load.diagnostics.filter(\.isError).map(\.description))")
            #expect(load.services.count == DemoWorld.embeddedCatalog().services.count)
        }
        #expect(DemoWorld.embeddedCatalog(environment: "Prod_EU").errorCount == 1)
    }

    /// The demo world over the real examples: every profile, the famous stories, every trend pattern.
    @Test func embeddedWorldTellsEveryStory() throws {
        let world = DemoWorld.embedded()
        #expect(Set(world.profiles.values) == Set(DemoProfile.allCases))
        let payment = try #require(world.services.first { $0.name == "payment-api" })
        let checkout = try #require(world.services.first { $0.name == "checkout-svc" })
        #expect(world.profile(for: SLOKey(service: "payment-api", slo: payment.slos[0].name)) == .stepChange)
        #expect(world.profile(for: SLOKey(service: "checkout-svc", slo: checkout.slos[0].name)) == .gradualDecline)
        var shown: Set<String> = []
        for (key, profile) in world.profiles {
            let history = world.budgetHistory(for: key, span: .days(30), at: world.present)
            let pattern = DemoTrend.analyse(history, detectSeasonal: true).pattern
            #expect(pattern == profile.expectedTrendPattern, "\(key) \(profile)")
            shown.insert(pattern)
        }
        #expect(shown == ["stable", "gradual_decline", "gradual_improvement", "step_change_down", "step_change_up",
                          "volatile", "seasonal"])
        let statuses = Set(world.snapshot(services: world.services, at: world.present).statuses.values.map(\.status))
        #expect(statuses.isSuperset(of: [.healthy, .warning, .exhausted]))
    }
}
