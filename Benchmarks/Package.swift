// swift-tools-version: 6.1
// Benchmarks live in their own package so that the main build stays light. Run them in release mode:
//   swift run -c release --package-path Benchmarks LogParserBenchmark
import PackageDescription

let package = Package(
    name: "perffarm-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "perffarm", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "LogParserBenchmark",
            dependencies: [
                .product(name: "PerfFarmCore", package: "perffarm"),
                .product(name: "PerfFarmCompression", package: "perffarm"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The sampler's own CPU and memory at 1 Hz next to collectd's:
        //   swift run -c release --package-path Benchmarks SamplerBenchmark --seconds 60
        .executableTarget(
            name: "SamplerBenchmark",
            dependencies: [
                .product(name: "PerfFarmCollectors", package: "perffarm"),
                .product(name: "PerfFarmCore", package: "perffarm"),
                .product(name: "PerfFarmProcess", package: "perffarm"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // A pgbench matrix's overhead, perffarm's way next to the old client's (needs PostgreSQL binaries):
        //   swift run -c release --package-path Benchmarks MatrixOverheadBenchmark --scales 1,10 --clients 1,4
        .executableTarget(
            name: "MatrixOverheadBenchmark",
            dependencies: [
                .product(name: "PerfFarmCluster", package: "perffarm"),
                .product(name: "PerfFarmCore", package: "perffarm"),
                .product(name: "PerfFarmProcess", package: "perffarm"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The farm run's time around pgbench, and what its observation costs pgbench:
        //   swift run -c release --package-path Benchmarks FarmOverheadBenchmark --repo ~/src/postgresql
        .executableTarget(
            name: "FarmOverheadBenchmark",
            dependencies: [
                .product(name: "PerfFarmClient", package: "perffarm"),
                .product(name: "PerfFarmCollectors", package: "perffarm"),
                .product(name: "PerfFarmCluster", package: "perffarm"),
                .product(name: "PerfFarmCore", package: "perffarm"),
                .product(name: "PerfFarmProcess", package: "perffarm"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // A bisection step after a one-file change, built incrementally, next to a full build (issue 12):
        //   swift run -c release --package-path Benchmarks BisectStepBenchmark --tarball ../shared/upstream/...
        .executableTarget(
            name: "BisectStepBenchmark",
            dependencies: [
                .product(name: "PerfFarmBuild", package: "perffarm"),
                .product(name: "PerfFarmCore", package: "perffarm"),
                .product(name: "PerfFarmProcess", package: "perffarm"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
