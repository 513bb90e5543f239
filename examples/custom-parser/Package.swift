// swift-tools-version: 6.1
import PackageDescription

// A parser of the output of a custom pgbench script, built on perffarm's public parser protocol and tested with
// perffarm's test helpers.
let package = Package(
    name: "custom-parser",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "BalanceCheck", targets: ["BalanceCheck"])
    ],
    dependencies: [
        .package(name: "perffarm", path: "../..")
    ],
    targets: [
        .target(
            name: "BalanceCheck",
            dependencies: [.product(name: "PerfFarmCore", package: "perffarm")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BalanceCheckTests",
            dependencies: [
                "BalanceCheck",
                .product(name: "PerfFarmCore", package: "perffarm"),
                .product(name: "PerfFarmTesting", package: "perffarm"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)

var swiftSettings: [SwiftSetting] {
    [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
