public import Foundation
public import PerfFarmCore

/// The run document the PostgreSQL Performance Farm's server (pgperffarm, Django) accepts at
/// `POST {api}/run/upload/` with `Authorization: <machine secret>`: a JSON array holding one object with these
/// keys, made from a perffarm result document and the raw files of its run directory.
///
/// Every key the server reads is always present (the server answers 406 for a missing one); a value perffarm
/// does not have is an empty text, an empty list, or `null` where the server's column allows it. Where each
/// value comes from, and what the server does with it, is in docs/upload.md.
public struct PgPerfFarmPayload: Codable, Sendable, Equatable {
    /// One pgbench configuration: the runs of one scale, duration and workload (read-write or read-only).
    public struct Configuration: Codable, Sendable, Equatable {
        /// The scale factor.
        public var scale: Int
        /// Seconds per run (`-T`).
        public var duration: Int
        /// `true` for the read-only (select-only) workload, `false` for read-write (TPC-B-like).
        public var readOnly: Bool
        /// The client counts of the runs, ascending.
        public var clients: [Int]
        /// One item per measured run, in execution order.
        public var iterations: [Iteration]

        enum CodingKeys: String, CodingKey {
            case scale, duration
            case readOnly = "read_only"
            case clients, iterations
        }
    }

    /// One measured pgbench run.
    public struct Iteration: Codable, Sendable, Equatable {
        /// pgbench's query mode (`simple`).
        public var mode: String
        /// `-c`.
        public var clients: Int
        /// `-j`.
        public var threads: Int
        /// The average latency, in milliseconds.
        public var latency: Double
        /// Transactions per second (without the initial connection time).
        public var tps: Double
        /// The `-r` table as pgbench printed it: its statement lines, without the header.
        public var statementLatencies: String
        /// Seconds `pgbench -i` took for this scale.
        public var initSeconds: Double
        /// When the run started, Unix seconds.
        public var start: Double
        /// When it ended, Unix seconds.
        public var end: Double
        /// The repetition, from 0.
        public var iteration: Int
        /// `pg_stat_statements` over the run (the statistics delta), one object per statement.
        public var pgStatStatements: [JSONValue]
        /// The machine sampled during the run, in the shape of pgperffarm's collectd collector.
        public var collectd: JSONValue

        enum CodingKeys: String, CodingKey {
            case mode, clients, threads, latency, tps
            case statementLatencies = "statement_latencies"
            case initSeconds = "init"
            case start, end, iteration
            case pgStatStatements = "pg_stat_statements"
            case collectd
        }
    }

    /// `meta`.
    public struct Meta: Codable, Sendable, Equatable {
        /// `pgbench`.
        public var benchmark: String
        /// When the run ended, `YYYY-MM-DD HH:MM:SS.000000+00` (UTC), as pgperffarm's client writes it.
        public var date: String
        /// The machine's name.
        public var name: String
    }

    /// `git`.
    public struct Git: Codable, Sendable, Equatable {
        /// The branch.
        public var branch: String
        /// The full commit hash.
        public var commit: String
        /// The repository's URL.
        public var remote: String
    }

    /// `kernel`: `uname -s`, `-r`, `-m`, `-v`.
    public struct Kernel: Codable, Sendable, Equatable {
        public var unameS: String
        public var unameR: String
        public var unameM: String
        public var unameV: String

        enum CodingKeys: String, CodingKey {
            case unameS = "uname_s"
            case unameR = "uname_r"
            case unameM = "uname_m"
            case unameV = "uname_v"
        }
    }

    /// `os_information`, as `lsb_release -i`, `-d`, `-r`, `-c` print it.
    public struct OSInformation: Codable, Sendable, Equatable {
        public var distributor: String
        public var description: String
        public var release: String
        public var codename: String
    }

    public var pgbench: [Configuration]
    public var system: JSONValue
    public var postgres: JSONValue
    public var meta: Meta
    public var git: Git
    public var kernel: Kernel
    public var osInformation: OSInformation
    public var compiler: String
    public var postgresSettings: String
    public var sysctlLog: String
    public var pgCtl: String
    public var pgbenchLog: String
    public var pgbenchLogAggregate: [[String: String]]
    public var gitPullLog: String
    public var gitCloneLog: String
    public var configureLog: String
    public var buildLog: String
    public var installLog: String
    public var runReceivedTime: String
    public var runStartTime: String
    public var runEndTime: String
    @Nullable public var gitCloneRuntime: String?
    @Nullable public var gitPullRuntime: String?
    @Nullable public var configureRuntime: String?
    @Nullable public var buildRuntime: String?
    @Nullable public var installRuntime: String?
    @Nullable public var cleanupRuntime: String?

    enum CodingKeys: String, CodingKey {
        case pgbench, system, postgres, meta, git, kernel
        case osInformation = "os_information"
        case compiler
        case postgresSettings = "postgres_settings"
        case sysctlLog = "sysctl_log"
        case pgCtl = "pg_ctl"
        case pgbenchLog = "pgbench_log"
        case pgbenchLogAggregate = "pgbench_log_aggregate"
        case gitPullLog = "git_pull_log"
        case gitCloneLog = "git_clone_log"
        case configureLog = "configure_log"
        case buildLog = "build_log"
        case installLog = "install_log"
        case runReceivedTime = "run_received_time"
        case runStartTime = "run_start_time"
        case runEndTime = "run_end_time"
        case gitCloneRuntime = "git_clone_runtime"
        case gitPullRuntime = "git_pull_runtime"
        case configureRuntime = "configure_runtime"
        case buildRuntime = "build_runtime"
        case installRuntime = "install_runtime"
        case cleanupRuntime = "cleanup_runtime"
    }

    /// The body to POST: a JSON array holding this one object (compact, keys sorted).
    /// - Throws: `EncodingError` (not expected for these values).
    public func encoded() throws -> Data {
        try PerfFarmJSON.canonical([self])
    }
}
