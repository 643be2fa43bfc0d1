// swift-tools-version:6.0
import PackageDescription

// Dependencies are chosen for their clean-build cost as much as for what they do:
// CI builds from a fresh clone on two cores every time (see README "Dependencies").
let package = Package(
    name: "NthLayer",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nthlayer", targets: ["nthlayer"]),
        .library(name: "NthLayerCore", targets: ["NthLayerCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Pure logic: spec model, validation, SLO maths, PromQL, generation. No I/O, no terminal.
        .target(name: "NthLayerCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Outside systems behind the core's protocols: spec files on disk, the demo world, live providers.
        .target(name: "Providers", dependencies: ["NthLayerCore"]),
        // The explorer as state -> action -> state and state -> cell grid. Never calls ncurses.
        .target(name: "Explorer", dependencies: ["NthLayerCore", .product(name: "Yams", package: "Yams")]),
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW",
                       pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        // The thin ncurses backend and the main loop that owns the terminal.
        .target(name: "TerminalUI", dependencies: ["Explorer", "CNCursesW"]),
        .executableTarget(name: "nthlayer", dependencies: [
            "NthLayerCore", "Providers", "Explorer", "TerminalUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "nthlayer-bench", dependencies: ["NthLayerCore", "Providers", "Explorer"],
                          path: "Benchmarks/NthLayerBench"),
        .testTarget(name: "NthLayerCoreTests", dependencies: ["NthLayerCore", "Providers"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "Providers", "NthLayerCore"],
                    resources: [.copy("Goldens")]),
        .testTarget(name: "IntegrationTests", dependencies: ["NthLayerCore", "Providers"]),
    ]
)
