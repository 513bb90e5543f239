import PerfFarmCore

/// The argument vectors of pgbench for a data set and for a run (pure, so tests check them without a server).
enum PgbenchCommandLine {
    /// The prefix of the logs pgbench writes (`pgbench_log.PID[.THREAD]`) in its working directory.
    static let logPrefix = "pgbench_log"

    /// `pgbench -i -s SCALE <connection> DATABASE`.
    static func initialize(scale: Int, database: String, connection: [String]) -> [String] {
        ["-i", "-s", String(scale)] + connection + [database]
    }

    /// The threads of a run: the matrix's (default: the CPU count), at most the clients, at least 1.
    static func threads(clients: Int, matrix: BenchmarkMatrix, cpuCount: Int) -> Int {
        max(1, min(matrix.threads ?? cpuCount, clients))
    }

    /// The arguments of one run.
    /// - Parameters:
    ///   - matrix: the matrix (duration or transactions, logs, extra options).
    ///   - clients: `-c`.
    ///   - threads: `-j`.
    ///   - workload: the workload.
    ///   - scriptPaths: where the cluster's OS user reads each script file of the workload (by script index).
    ///   - warmupSeconds: a warm-up run's `-T` (no logs, no per-statement latencies); `nil` for a measured run.
    ///   - connection: `-h -p -U`.
    ///   - database: the database.
    static func run(
        matrix: BenchmarkMatrix, clients: Int, threads: Int, workload: PgbenchWorkload, scriptPaths: [Int: String],
        warmupSeconds: Int?, connection: [String], database: String
    ) -> [String] {
        var arguments = connection + ["-c", String(clients), "-j", String(threads)]
        if let warmupSeconds {
            arguments += ["-T", String(warmupSeconds)]
        } else if let transactions = matrix.transactions {
            arguments += ["-t", String(transactions)]
        } else {
            arguments += ["-T", String(matrix.durationSeconds ?? 60)]
        }
        arguments += ["-P", "1"]
        if warmupSeconds == nil {
            arguments.append("-r")
            switch matrix.logMode {
            case .none:
                break
            case .transactions:
                arguments += ["-l", "--log-prefix=\(logPrefix)"]
                if let rate = matrix.samplingRate { arguments.append("--sampling-rate=\(rate)") }
            case .aggregate:
                arguments += [
                    "-l", "--log-prefix=\(logPrefix)", "--aggregate-interval=\(matrix.aggregateIntervalSeconds ?? 1)",
                ]
            }
        }
        for (index, script) in workload.scripts.enumerated() {
            switch script.kind {
            case .builtin: arguments += ["-b", "\(script.name)@\(script.weight)"]
            case .file: arguments += ["-f", "\(scriptPaths[index] ?? script.name)@\(script.weight)"]
            }
        }
        return arguments + matrix.extraOptions + [database]
    }

    /// The options perffarm sets itself, refused among the extra options (short forms also glued to a
    /// value, `-c4`; long forms also with `=`).
    static let reservedOptions: [(short: String?, long: String?)] = [
        ("-i", "--initialize"), ("-h", "--host"), ("-p", "--port"), ("-U", "--username"), ("-c", "--client"),
        ("-j", "--jobs"), ("-T", "--time"), ("-t", "--transactions"), ("-l", "--log"), (nil, "--log-prefix"),
        ("-f", "--file"), ("-b", "--builtin"), ("-S", "--select-only"), ("-N", "--skip-some-updates"),
        (nil, "--aggregate-interval"), (nil, "--sampling-rate"), ("-P", "--progress"), ("-s", "--scale"),
        ("-r", "--report-per-command"), (nil, "--report-latencies"),
    ]

    /// The first extra option perffarm sets itself, or `nil`.
    static func reservedOption(in options: [String]) -> String? {
        options.first { option in
            reservedOptions.contains { short, long in
                if let short, option == short || (option.hasPrefix(short) && !option.hasPrefix("--")) {
                    return true
                }
                if let long, option == long || option.hasPrefix(long + "=") { return true }
                return false
            }
        }
    }
}
