import Foundation
public import PerfFarmCluster
public import PerfFarmCore

extension FarmConfiguration {
    /// The machine's name: the configured one, or the host name (its first label, made file-name safe).
    public var machineName: String {
        if !machine.name.isEmpty { return machine.name }
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
        let safe = String(host.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) ? $0 : "-" })
        return safe.isEmpty ? "localhost" : safe
    }

    /// The cluster's settings, in name order.
    public var clusterSettings: [PostgresClusterInfo.Setting] {
        cluster.settings.sorted { $0.key < $1.key }.map { PostgresClusterInfo.Setting(name: $0.key, value: $0.value) }
    }

    /// The matrix of the `[matrix]` section.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) for an unknown workload or log mode.
    public func benchmarkMatrix() throws -> BenchmarkMatrix {
        var workloads: [PgbenchWorkload] = []
        for name in matrix.workloads {
            guard let workload = PgbenchWorkload.builtin(named: name) else {
                throw PerfFarmError(
                    .invalidConfiguration, "unknown workload \"\(name)\" (read-write, read-only, simple-update)",
                    key: "--workloads")
            }
            workloads.append(workload)
        }
        if !matrix.scripts.isEmpty {
            workloads.append(.custom(name: "custom", files: matrix.scripts.map(Self.script)))
        }
        guard let logMode = BenchmarkMatrix.LogMode(rawValue: matrix.log) else {
            throw PerfFarmError(
                .invalidConfiguration, "unknown log mode \"\(matrix.log)\" (transactions, aggregate, none)",
                key: "matrix.log")
        }
        return BenchmarkMatrix(
            scales: matrix.scales, clients: matrix.clients, workloads: workloads, repetitions: matrix.runs,
            durationSeconds: matrix.transactions > 0 ? nil : matrix.duration,
            transactions: matrix.transactions > 0 ? matrix.transactions : nil,
            threads: matrix.threads > 0 ? matrix.threads : nil, warmupSeconds: matrix.warmup, logMode: logMode,
            samplingRate: matrix.samplingRate > 0 ? matrix.samplingRate : nil,
            aggregateIntervalSeconds: logMode == .aggregate ? matrix.aggregateInterval : nil,
            extraOptions: matrix.pgbenchOptions, randomOrder: matrix.randomOrder || matrix.seed != 0,
            seed: matrix.seed != 0 ? matrix.seed : nil)
    }

    /// `FILE[@WEIGHT]` → an absolute path and a weight.
    static func script(_ text: String) -> (path: String, weight: Int) {
        var path = text
        var weight = 1
        if let at = text.lastIndex(of: "@"), let value = Int(text[text.index(after: at)...]) {
            path = String(text[..<at])
            weight = value
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return (URL(fileURLWithPath: absolute).standardizedFileURL.path, weight)
    }

    /// The `--quick` matrix over this configuration: scale 1, clients 1 and 2, read-write and read-only, 10 s,
    /// one run per cell.
    public mutating func applyQuick() {
        let quick = BenchmarkMatrix.quick
        matrix.scales = quick.scales
        matrix.clients = quick.clients
        matrix.workloads = quick.workloads.map(\.name)
        matrix.scripts = []
        matrix.duration = quick.durationSeconds ?? 10
        matrix.transactions = 0
        matrix.runs = quick.repetitions
        matrix.warmup = 0
    }
}
