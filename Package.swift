// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target of the package.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "perffarm",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PerfFarmCore", targets: ["PerfFarmCore"]),
        .library(name: "PerfFarmCompression", targets: ["PerfFarmCompression"]),
        .library(name: "PerfFarmProcess", targets: ["PerfFarmProcess"]),
        .library(name: "PerfFarmPostgres", targets: ["PerfFarmPostgres"]),
        .library(name: "PerfFarmBuild", targets: ["PerfFarmBuild"]),
        .library(name: "PerfFarmCluster", targets: ["PerfFarmCluster"]),
        .library(name: "PerfFarmCollectors", targets: ["PerfFarmCollectors"]),
        .library(name: "PerfFarmResults", targets: ["PerfFarmResults"]),
        .library(name: "PerfFarmClient", targets: ["PerfFarmClient"]),
        .library(name: "PerfFarmTesting", targets: ["PerfFarmTesting"]),
        .executable(name: "perffarm", targets: ["perffarm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C system libraries. Only the modules that need them link them.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),

        // Vocabulary: models, parsers, statistics, errors. Pure Swift + Foundation; imports nothing of ours.
        .target(
            name: "PerfFarmCore",
            dependencies: [.product(name: "Histogram", package: "hdrhistogram-swift")],
            swiftSettings: swiftSettings
        ),
        // gzip reading and writing through zlib, feeding the Core parsers.
        .target(
            name: "PerfFarmCompression",
            dependencies: ["CZlib", "PerfFarmCore"],
            swiftSettings: swiftSettings
        ),
        // Processes (the live runner, process groups, OS users), safe files, the work area and its lock.
        .target(
            name: "PerfFarmProcess",
            dependencies: [
                "PerfFarmCore",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
                // FilePath for swift-subprocess (Apple platforms use the System framework instead).
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
                // SHA-256 (install-cache keys, patch files, environment fingerprints).
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one libpq wrapper: connections, parameterised queries, typed rows, errors without secrets.
        .target(
            name: "PerfFarmPostgres",
            dependencies: ["CLibPQ", "PerfFarmCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // git and build orchestration, the install cache.
        .target(
            name: "PerfFarmBuild",
            dependencies: ["PerfFarmCore", "PerfFarmProcess", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Cluster control and the pgbench matrix runner, for any installation.
        .target(
            name: "PerfFarmCluster",
            dependencies: [
                "PerfFarmCore", "PerfFarmCompression", "PerfFarmProcess", "PerfFarmPostgres",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Machine inventory, PostgreSQL statistics, the sampler, preflight checks.
        .target(
            name: "PerfFarmCollectors",
            dependencies: [
                "PerfFarmCore", "PerfFarmProcess", "PerfFarmPostgres", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The farm run: configuration, the branch loop, the result document, upload and outbox.
        // Results across runs: the store (SQLite through GRDB, or PostgreSQL through PerfFarmPostgres), comparison
        // of two results, history with change points, the HTML report.
        .target(
            name: "PerfFarmResults",
            dependencies: [
                // PerfFarmProcess: files, the work area, SHA-256 (the store's key of a result without an id).
                "PerfFarmCore", "PerfFarmPostgres", "PerfFarmProcess", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PerfFarmClient",
            dependencies: [
                "PerfFarmCore", "PerfFarmCompression", "PerfFarmProcess", "PerfFarmPostgres", "PerfFarmBuild",
                "PerfFarmCluster", "PerfFarmCollectors", "PerfFarmResults",
                .product(name: "Logging", package: "swift-log"),
                // HMAC-SHA256 of uploads, SHA-256 of the configuration hash.
                .product(name: "Crypto", package: "swift-crypto"),
                // perffarm.toml.
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),
        // The CLI: options → library calls → output.
        .executableTarget(
            name: "perffarm",
            dependencies: [
                "PerfFarmCore", "PerfFarmCompression", "PerfFarmProcess", "PerfFarmPostgres", "PerfFarmBuild",
                "PerfFarmCluster", "PerfFarmCollectors", "PerfFarmClient", "PerfFarmResults",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Helpers for the tests of pgbench output parsers, ours and other tools': fixtures, chunked and truncated
        // parsing, golden JSON. A product; no XCTest or Testing, so that it builds in any target.
        .target(
            name: "PerfFarmTesting",
            dependencies: ["PerfFarmCore"],
            swiftSettings: swiftSettings
        ),

        // Fakes and helpers shared by the test targets (not a product).
        .target(
            name: "PerfFarmTestSupport",
            dependencies: [
                "PerfFarmCore", "PerfFarmProcess", "PerfFarmPostgres", "PerfFarmBuild", "PerfFarmCluster",
                "PerfFarmCompression", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PerfFarmTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmCoreTests",
            dependencies: ["PerfFarmCore", "PerfFarmTesting"],
            // Fuzz/: the fuzzer's corpus (scripts/fuzz), read from the source tree by ParserFuzzCorpusTests.
            exclude: ["Fuzz"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmCompressionTests",
            dependencies: ["PerfFarmCompression", "PerfFarmCore", "PerfFarmTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmProcessTests",
            dependencies: [
                "PerfFarmProcess", "PerfFarmCore", "PerfFarmTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmPostgresTests",
            dependencies: [
                "PerfFarmPostgres", "PerfFarmCore", "PerfFarmTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmBuildTests",
            dependencies: [
                "PerfFarmBuild", "PerfFarmProcess", "PerfFarmCore", "PerfFarmTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmClusterTests",
            dependencies: [
                "PerfFarmCluster", "PerfFarmProcess", "PerfFarmPostgres", "PerfFarmCompression", "PerfFarmCore",
                "PerfFarmCollectors", "PerfFarmTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmResultsTests",
            dependencies: [
                "PerfFarmResults", "PerfFarmCore", "PerfFarmPostgres", "PerfFarmProcess", "PerfFarmCluster",
                "PerfFarmTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmClientTests",
            dependencies: [
                "PerfFarmClient", "PerfFarmCore", "PerfFarmProcess", "PerfFarmBuild", "PerfFarmCluster",
                "PerfFarmResults", "PerfFarmTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmCollectorsTests",
            dependencies: [
                "PerfFarmCollectors", "PerfFarmPostgres", "PerfFarmProcess", "PerfFarmCore", "PerfFarmTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            // Fuzz/: the fuzzer's corpus (scripts/fuzz), read from the source tree by ProcParserCorpusTests.
            exclude: ["Fuzz"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "perffarmTests",
            dependencies: [
                "perffarm", "PerfFarmCore", "PerfFarmProcess", "PerfFarmBuild", "PerfFarmCluster", "PerfFarmClient",
                "PerfFarmResults", "PerfFarmTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        // Runs scripts/check-architecture on planted violations. Depends on none of our modules, so it builds
        // in seconds.
        .testTarget(
            name: "ArchitectureTests",
            swiftSettings: swiftSettings
        ),
    ]
)
