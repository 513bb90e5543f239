// swift-tools-version: 6.1
import PackageDescription

// A tool that embeds perffarm's collectors and nothing else of it: the machine inventory and a sampled series.
let package = Package(
    name: "embed-collectors",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "perffarm", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "embed-collectors",
            dependencies: [
                .product(name: "PerfFarmCollectors", package: "perffarm"),
                .product(name: "PerfFarmCore", package: "perffarm"),
            ],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        )
    ]
)
