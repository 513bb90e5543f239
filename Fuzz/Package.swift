// swift-tools-version: 6.1
// The parsers under libFuzzer, in a package of their own so that the main build stays free of sanitizers.
// scripts/fuzz builds and runs it:
//   scripts/fuzz run 1000000          (a target and a number of executions; scripts/fuzz --help)
import PackageDescription

let package = Package(
    name: "perffarm-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "perffarm", path: "..")
    ],
    targets: [
        // LLVMFuzzerTestOneInput for every parser; the target is chosen by PERFFARM_FUZZ_TARGET. Built with
        // --sanitize fuzzer --sanitize address (libFuzzer provides main).
        .executableTarget(
            name: "PerfFarmFuzz",
            dependencies: [
                .product(name: "PerfFarmCore", package: "perffarm"),
                .product(name: "PerfFarmTesting", package: "perffarm"),
                .product(name: "PerfFarmCollectors", package: "perffarm"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        )
    ]
)
