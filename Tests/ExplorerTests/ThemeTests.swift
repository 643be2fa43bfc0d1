import Foundation
import Testing
@testable import Explorer

@Suite struct ThemeTests {
    static let themesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")

    @Test func builtinsParseAndResolveEveryRole() {
        let catalog = ThemeCatalog.builtin
        #expect(catalog.errors.isEmpty, "\(catalog.errors)")
        for name in ["default", "light", "high-contrast", "mono", "ansi16"] {
            let (theme, error) = catalog.theme(named: name)
            #expect(error == nil)
            #expect(theme.name == name)
            #expect(Set(theme.roles.keys) == Set(Role.allCases))
        }
    }

    @Test func embeddedThemesMatchThemesDirectory() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDir.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltinThemes.sources.keys),
                "themes/ and BuiltinThemes.swift differ — run themes/embed-themes.sh")
        for file in files {
            var text = try String(contentsOf: Self.themesDir.appendingPathComponent(file), encoding: .utf8)
            if text.hasSuffix("\n") { text.removeLast() }
            #expect(BuiltinThemes.sources[String(file.dropLast(5))] == text, "\(file) is stale in BuiltinThemes.swift — run themes/embed-themes.sh")
        }
    }

    @Test func inheritsOverridesOnlyWhatItSets() {
        let catalog = ThemeCatalog.builtin
        let base = catalog.theme(named: "default").0, light = catalog.theme(named: "light").0
        #expect(light.style(.border) == base.style(.border))
        #expect(light.style(.selection) != base.style(.selection))
    }

    @Test func monoHasNoColours() {
        let mono = ThemeCatalog.builtin.theme(named: "mono").0
        for role in Role.allCases {
            #expect(mono.style(role).fg == .terminalDefault && mono.style(role).bg == .terminalDefault)
        }
        #expect(mono.style(.selection).attributes.contains(.reverse))
    }

    @Test func ansi16UsesPaletteIndicesOnly() {
        let t = ThemeCatalog.builtin.theme(named: "ansi16").0
        for role in Role.allCases where role != .text {
            for c in [t.style(role).fg, t.style(role).bg] {
                switch c {
                case .terminalDefault: break
                case let .indexed(i): #expect(i < 16)
                case .rgb: break // inherited from default only where ansi16 sets nothing
                }
            }
        }
        #expect(t.style(.statusOK).fg == .indexed(2))
    }

    @Test func userThemeOverridesAndExtends() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nthlayer-themes-\(UUID())")
        let themes = dir.appendingPathComponent("nthlayer/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "name: harbour\ninherits: default\npalette: {coral: \"#e4572e\"}\nroles:\n  status.crit: {fg: coral, attrs: [bold]}\n"
            .write(to: themes.appendingPathComponent("harbour.yaml"), atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog.load(environment: ["XDG_CONFIG_HOME": dir.path])
        #expect(catalog.names.contains("harbour"))
        let (t, error) = catalog.theme(named: "harbour")
        #expect(error == nil)
        #expect(t.style(.statusCrit).fg == .rgb(0xE4, 0x57, 0x2E))
    }

    @Test(arguments: [
        ("name: x\nroles:\n  status.ok: {fg: nope}\n", 3, "unknown colour"),
        ("name: x\nroles:\n  status.bogus: {fg: red}\n", 3, "unknown role"),
        ("name: x\nroles:\n  text: {attrs: [blink]}\n", 3, "unknown attribute"),
        ("name: x\nroles: [\n", 3, "YAML"),
        ("roles: {}\n", 1, "missing `name`"),
        ("name: x\ncolours: {}\n", 2, "unknown key"),
    ])
    func invalidThemesReportFileAndLine(yaml: String, line: Int, message: String) {
        var catalog = ThemeCatalog.builtin
        catalog.add(yaml: yaml, file: "bad.yaml")
        #expect(catalog.errors.count == 1)
        let e = catalog.errors[0]
        #expect(e.file == "bad.yaml" && e.line == line, "\(e)")
        #expect(e.message.contains(message), "\(e)")
    }

    @Test func unknownOrBrokenThemeFallsBackToDefault() {
        var catalog = ThemeCatalog.builtin
        catalog.add(yaml: "name: loop\ninherits: loop\n", file: "loop.yaml")
        let (t, error) = catalog.theme(named: "loop")
        #expect(t.name == "default" && error?.message.contains("cycle") == true)
        let (u, error2) = catalog.theme(named: "missing")
        #expect(u.name == "default" && error2 != nil)
    }

    @Test func colourModeDetection() {
        #expect(ColorMode.detect(environment: ["NO_COLOR": "1"], noColorFlag: false, terminalColors: 256, hasColors: true) == .mono)
        #expect(ColorMode.detect(environment: ["NO_COLOR": ""], noColorFlag: false, terminalColors: 256, hasColors: true) == .ansi256)
        #expect(ColorMode.detect(environment: [:], noColorFlag: true, terminalColors: 256, hasColors: true) == .mono)
        #expect(ColorMode.detect(environment: ["COLORTERM": "truecolor"], noColorFlag: false, terminalColors: 1 << 24, hasColors: true) == .truecolor)
        #expect(ColorMode.detect(environment: ["COLORTERM": "truecolor"], noColorFlag: false, terminalColors: 256, hasColors: true) == .ansi256)
        #expect(ColorMode.detect(environment: [:], noColorFlag: false, terminalColors: 8, hasColors: true) == .ansi16)
        #expect(ColorMode.detect(environment: [:], noColorFlag: false, terminalColors: 256, hasColors: false) == .mono)
    }

    @Test func quantisation() {
        #expect(ColorMode.ansi256.number(for: .rgb(255, 0, 0)) == 196)
        #expect(ColorMode.ansi256.number(for: .rgb(128, 128, 128)) == 244)
        #expect(ColorMode.ansi256.number(for: .rgb(0, 95, 135)) == 24)
        #expect(ColorMode.ansi16.number(for: .rgb(250, 10, 10)) == 9)
        #expect(ColorMode.ansi16.number(for: .indexed(4)) == 4)
        #expect(ColorMode.truecolor.number(for: .rgb(0x12, 0x34, 0x56)) == 0x123456)
        #expect(ColorMode.mono.number(for: .rgb(1, 2, 3)) == -1)
        #expect(ColorMode.ansi256.number(for: .terminalDefault) == -1)
    }
}
