import Foundation
import NthLayerCore
import Testing
@testable import Explorer

@Suite struct FilterTests {
    static let rows = Fixture.loaded().rows

    func names(_ filter: String) -> [String] {
        let f = ServiceFilter(filter)
        return Self.rows.filter { f.matches($0) }.map(\.name)
    }

    @Test func substringAndRegexOnName() {
        #expect(names("checkout").allSatisfy { $0.contains("checkout") })
        #expect(!names("checkout").isEmpty)
        #expect(names("^pay.*api$") == Self.rows.map(\.name).filter { $0.hasPrefix("pay") && $0.hasSuffix("api") })
    }

    @Test func smartCase() {
        #expect(!names("CHECKOUT").contains { $0.contains("checkout") })
        #expect(!names("checkout").isEmpty)
    }

    @Test func invalidRegexFallsBackToSubstringWithWarning() {
        let f = ServiceFilter("api(")
        #expect(f.warning != nil)
        #expect(Self.rows.filter { f.matches($0) }.isEmpty)
    }

    @Test func negation() {
        let all = Self.rows.count
        #expect(names("!api").count == all - names("api").count)
    }

    @Test func fields() {
        #expect(names("team:payments").allSatisfy { n in Self.rows.first { $0.name == n }!.team == "payments" })
        #expect(names("team=payments") == names("team:payments"))
        #expect(names("team!=payments").count == Self.rows.count - names("team:payments").count)
        #expect(names("tier:critical") == names("tier:t1"))
        #expect(names("tier:critical").allSatisfy { n in Self.rows.first { $0.name == n }!.tier == .critical })
        #expect(names("team~^pay") == names("team:payments"))
        #expect(names("type:worker").allSatisfy { $0.contains("worker") || $0.contains("sync") })
        #expect(names("status:ok") == names("status=healthy"))
    }

    @Test func numericComparisons() {
        for n in names("budget<25") {
            #expect((Self.rows.first { $0.name == n }!.budgetRemaining ?? 1) < 0.25)
        }
        for n in names("burn>2") {
            #expect((Self.rows.first { $0.name == n }!.fastestBurn ?? 0) > 2)
        }
        #expect(names("budget>=0").count + names("budget<0").count == Self.rows.count)
        #expect(names("deps>1").allSatisfy { n in Self.rows.first { $0.name == n }!.dependencyCount > 1 })
    }

    @Test func termsAreAndCombined() {
        let both = Set(names("api tier:critical"))
        #expect(both == Set(names("api")).intersection(names("tier:critical")))
    }

    @Test func highlightFindsTheMatch() {
        let f = ServiceFilter("out")
        let name = "checkout-api"
        let r = f.highlight(in: name)!
        #expect(String(name[r]) == "out")
    }
}

@Suite struct CommandTableTests {
    @Test func aliases() {
        #expect(CommandTable.parse("svc") == .services(filter: nil))
        #expect(CommandTable.parse("s pay") == .services(filter: "pay"))
        #expect(CommandTable.parse("burn x") == .slo(service: "x"))
        #expect(CommandTable.parse("tree") == .deps(service: nil))
        #expect(CommandTable.parse("dep a") == .deps(service: "a"))
        #expect(CommandTable.parse("q!") == .quit)
        #expect(CommandTable.parse("h") == .help)
        #expect(CommandTable.parse("nope") == nil)
    }

    @Test func completion() {
        #expect(CommandTable.complete("the", services: [], themes: []) == "theme")
        #expect(CommandTable.complete("theme hi", services: [], themes: ["high-contrast"]) == "theme high-contrast")
        #expect(CommandTable.complete("slo pay", services: ["payments-api", "payments-worker"], themes: []) == "slo payments-")
    }
}

@Suite struct SafeTextTests {
    @Test func stripsEscapesAndControls() {
        #expect(SafeText.clean("a\u{1B}[31mb\u{1B}[0m") == "ab")
        #expect(SafeText.clean("x\u{1B}]8;;http://e\u{1B}\\link\u{1B}]8;;\u{1B}\\y") == "xlinky")
        #expect(SafeText.clean("tab\there") == "tab here")
        #expect(SafeText.clean("nul\u{0}bell\u{7}") == "nul?bell?")
        #expect(SafeText.clean("plain ünïcödé 日本") == "plain ünïcödé 日本")
    }
}
