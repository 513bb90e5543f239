import ArgumentParser
import Foundation
import PerfFarmCluster
import PerfFarmCore
import PerfFarmProcess

/// `perffarm bench`: benchmark an existing PostgreSQL install with pgbench over a matrix, in a private
/// cluster that is always stopped.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark an existing PostgreSQL install with pgbench in a private, isolated cluster.",
        discussion: """
            Creates a private cluster in the work area (initdb with the C locale and UTF8; its own socket \
            directory; TCP on 127.0.0.1 only with --tcp, at a free port, never 5432), starts it with the \
            install's pg_ctl, and runs pgbench over every scale × client count × workload, --runs times each. \
            Each scale's data set is built once with pgbench -i; read-only runs share it, writing runs get a \
            fresh copy (CREATE DATABASE ... TEMPLATE); every run starts after a CHECKPOINT and statistics resets. \
            The cluster is stopped (fast, then immediate, then SIGKILL of its own postmaster) and removed at the \
            end; it is kept with --keep-cluster or after a failure. Clusters that a killed perffarm left in the \
            work area are stopped and removed at the next start.

            The result (JSON, fields in docs/result-format.md) goes to --output (default \
            <work>/results/bench-<time>) as result.json, next to every run's stdout, stderr and compressed \
            pgbench logs, the data sets' outputs, the custom scripts and the server log. A progress line with the \
            current cell and an ETA goes to standard error; a table of tps and latency per cell (or, with \
            --json, the result) to standard output.

            As root, PostgreSQL runs as --os-user (default: postgres). Workloads: read-write (TPC-B-like), \
            read-only (select-only), simple-update; --script FILE[@WEIGHT] (repeatable) adds a workload named \
            custom made of those files (treated as writing).

            Exit codes: 0 every run succeeded; 1 a data set or run failed (the others are kept), the cluster \
            did not start, or the work area is in use; 2 usage error (bad option, unusable --pg-bin); 130/143 \
            interrupted (pgbench and the cluster are stopped, the result so far is written with status \
            interrupted).

            Examples:
              perffarm bench --pg-bin /usr/lib/postgresql/15/bin \\
                --scales 1 --clients 1,2 --duration 5
              perffarm bench --pg-bin ~/pg/17/bin --scales 1,100 \\
                --clients 1,8,32 --runs 5 --random-order \\
                --set shared_buffers=1GB --output results/pg17
              perffarm bench --pg-bin ~/pg/17/bin --workloads read-only \\
                --script hot.sql@9 --script cold.sql@1
            """
    )

    @Option(name: .customLong("pg-bin"), help: ArgumentHelp("The bin/ directory of the install.", valueName: "dir"))
    var pgBin: String

    @OptionGroup(title: "Matrix")
    var matrixOptions: MatrixOptions

    @OptionGroup(title: "pgbench")
    var pgbench: PgbenchOptions

    @OptionGroup(title: "Cluster")
    var cluster: ClusterOptions

    @OptionGroup(title: "Output")
    var destination: OutputDirectoryOptions

    @OptionGroup(title: "Output")
    var common: CommonOptions

    /// Whether the result is printed as JSON.
    var json: Bool { common.json }

    func validate() throws {
        _ = try matrix()
    }

    /// The matrix these options describe.
    func matrix() throws -> BenchmarkMatrix {
        try matrixOptions.benchMatrix(pgbench: pgbench)
    }

    /// The request these options describe.
    func request() throws -> BenchmarkRequest {
        var request = BenchmarkRequest(
            binDirectory: pgBin, matrix: try matrix(), settings: try cluster.parsedSettings(),
            dataChecksums: cluster.checksums, listenOnTCP: cluster.tcp,
            firstPort: cluster.port ?? BenchmarkRequest.defaultFirstPort, osUser: cluster.osUser,
            workDirectory: common.workArea.workDirectory, outputDirectory: destination.output,
            keepCluster: cluster.keepCluster,
            perffarmVersion: PerfFarmVersion.current)
        request.keepClusters = cluster.keepClusters ?? BenchmarkRequest.defaultKeepClusters
        return request
    }

    func run() async throws {
        let logger = common.logging.makeLogger()
        let benchmark = PgbenchBenchmark(runner: LiveCommandRunner(logger: logger), logger: logger)
        let request = try self.request()
        let line = BenchProgressLine(verbose: common.logging.verbose, quiet: common.logging.quiet)
        let json = self.json
        try await CommandFailure.run(cleanUp: { line.finish() }) {
            let result = try await benchmark.run(request) { line.show($0) }
            line.finish()
            if json {
                FileHandle.standardOutput.write(try BenchmarkResultJSON.encode(result))
            } else {
                print(BenchReport.render(result))
            }
            // An interrupted benchmark is a result too; the exit status says how it ended (130/143).
            if result.status == .interrupted { throw CancellationError() }
            if result.status == .failed { throw ExitCode(1) }
        }
    }
}
