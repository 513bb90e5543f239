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
        .library(name: "PerfFarmBuild", targets: ["PerfFarmBuild"]),
        .library(name: "PerfFarmCollectors", targets: ["PerfFarmCollectors"]),
        .executable(name: "perffarm", targets: ["perffarm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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

        // Pure Swift + Foundation: models, parsers, statistics, errors.
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
        // git and build orchestration, cluster control, the pgbench runner.
        .target(
            name: "PerfFarmBuild",
            dependencies: [
                "PerfFarmCore",
                "PerfFarmCompression",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
                // FilePath for swift-subprocess (Apple platforms use the System framework instead).
                .product(name: "SystemPackage", package: "swift-system", condition: .when(platforms: [.linux])),
                // SHA-256 of the install-cache key and of patch files.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Machine inventory, PostgreSQL statistics (libpq), the sampler, preflight checks.
        .target(
            name: "PerfFarmCollectors",
            dependencies: [
                "PerfFarmCore",
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 of the environment fingerprint.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "perffarm",
            dependencies: [
                "PerfFarmCore",
                "PerfFarmCompression",
                "PerfFarmBuild",
                "PerfFarmCollectors",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Fakes and helpers shared by the test targets (not a product).
        .target(
            name: "PerfFarmTestSupport",
            dependencies: ["PerfFarmCore", "PerfFarmBuild", "PerfFarmCollectors"],
            path: "Tests/PerfFarmTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmCoreTests",
            dependencies: ["PerfFarmCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmCompressionTests",
            dependencies: ["PerfFarmCompression", "PerfFarmCore", "PerfFarmTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmBuildTests",
            dependencies: ["PerfFarmBuild", "PerfFarmCore", "PerfFarmTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PerfFarmCollectorsTests",
            dependencies: [
                "PerfFarmCollectors", "PerfFarmCore", "PerfFarmBuild", "PerfFarmTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "perffarmTests",
            dependencies: [
                "perffarm", "PerfFarmCore", "PerfFarmBuild", "PerfFarmTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
