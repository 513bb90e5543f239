import Foundation
import PerfFarmCore

extension PgPerfFarmPayload {
    /// `system`, in the shape pgperffarm's client sends (py-cpuinfo's `get_cpu_info()` and psutil's objects): the
    /// server reads `cpu.information.brand_raw`, `cpu.information.hz_actual_raw[0]`, `cpu.information.count`,
    /// `memory.virtual.total`, `memory.swap.total` and `memory.mounts`.
    static func system(_ inventory: MachineInventory?) -> JSONValue {
        let cpu = inventory?.cpu ?? CPUInfo()
        let memory = inventory?.memory ?? MemoryInfo(totalBytes: 0)
        let storage = inventory?.storage
        func hz(_ mhz: Double?) -> JSONValue { .array([int(Int((mhz ?? 0) * 1_000_000)), .number(0)]) }
        let information: [String: JSONValue] = [
            "brand_raw": .string(cpu.model ?? ""),
            "vendor_id_raw": .string(cpu.vendor ?? ""),
            "hz_actual_raw": hz(cpu.mhz),
            "hz_advertised_raw": hz(cpu.maxMHz ?? cpu.mhz),
            "count": int(inventory == nil ? 0 : cpu.threads),
            "arch": .string(inventory?.os.machine ?? ""),
            "flags": .array(cpu.flags.map(JSONValue.string)),
        ]
        let swapTotal = memory.swapTotalBytes ?? 0
        let swapFree = memory.swapFreeBytes ?? 0
        let mounts: [JSONValue] =
            storage.map { storage in
                [
                    .object([
                        "device": .string(storage.source ?? storage.device ?? ""),
                        "mountpoint": .string(storage.mountPoint ?? storage.path),
                        "fstype": .string(storage.filesystem ?? ""),
                        "opts": .string(storage.mountOptions.joined(separator: ",")),
                    ])
                ]
            } ?? []
        let total = storage?.totalBytes ?? 0
        let free = storage?.availableBytes ?? 0
        return .object([
            "cpu": .object([
                "information": .object(information),
                "number": int(inventory == nil ? 0 : cpu.threads),
                "physical_cores": int(inventory == nil ? 0 : cpu.cores * cpu.sockets),
            ]),
            "memory": .object([
                "virtual": .object([
                    "total": int(memory.totalBytes),
                    "available": int(memory.availableBytes ?? 0),
                    "free": int(memory.freeBytes ?? 0),
                    "buffers": int(memory.buffersBytes ?? 0),
                    "cached": int(memory.cachedBytes ?? 0),
                ]),
                "swap": .object([
                    "total": int(swapTotal), "free": int(swapFree), "used": int(max(0, swapTotal - swapFree)),
                ]),
                "mounts": .array(mounts),
            ]),
            "disk": .object([
                "usage": .object([
                    "total": int(total), "free": int(free), "used": int(max(0, total - free)),
                    "percent": .number(total > 0 ? (Double(total - free) * 1000 / Double(total)).rounded() / 10 : 0),
                ]),
                "rotational": storage?.rotational.map(JSONValue.bool) ?? .null,
                "scheduler": storage?.ioScheduler.map(JSONValue.string) ?? .null,
                "model": storage?.deviceModel.map(JSONValue.string) ?? .null,
            ]),
        ])
    }

    /// The plugins and value names of pgperffarm's collectd collector that a `SystemSeries` fills, by plugin.
    /// The server reads the plugins `processes`, `contextswitch`, `ipc-shm`, `ipc-msg`, `ipc-sem`, `memory`,
    /// `swap` and `vmem` of the first host (each must be there) and `aggregation-cpu-average` when present.
    static let collectdValues:
        [(plugin: String, values: [(name: String, value: @Sendable (SystemSample) -> Double?)])] = [
            (
                "aggregation-cpu-average",
                [
                    ("percent-user", { $0.cpu?.user }), ("percent-nice", { $0.cpu?.nice }),
                    ("percent-system", { $0.cpu?.system }), ("percent-wait", { $0.cpu?.iowait }),
                    ("percent-interrupt", { $0.cpu?.irq }), ("percent-softirq", { $0.cpu?.softirq }),
                    ("percent-steal", { $0.cpu?.steal }), ("percent-idle", { $0.cpu?.idle }),
                ]
            ),
            ("contextswitch", [("contextswitch", { $0.contextSwitchesPerSecond })]),
            (
                "processes",
                [
                    ("ps_state-running", { $0.runQueue.map(Double.init) }),
                    ("ps_state-blocked", { $0.blockedTasks.map(Double.init) }),
                ]
            ),
            (
                "memory",
                [
                    ("memory-used", { $0.memoryUsedBytes.map(Double.init) }),
                    ("memory-cached", { $0.pageCacheBytes.map(Double.init) }),
                ]
            ),
            ("swap", [("swap-used", { $0.swapUsedBytes.map(Double.init) })]),
            ("load", [("load-1", { $0.load1 }), ("load-5", { $0.load5 }), ("load-15", { $0.load15 })]),
            ("vmem", []), ("ipc-shm", []), ("ipc-msg", []), ("ipc-sem", []),
        ]

    /// `collectd` of one run: `{<host>: {<plugin>: {<value name>: [{epoch, value}]}}}`, from the run's system
    /// series; every plugin and value name is there, with empty lists when nothing was sampled.
    static func collectd(_ series: SystemSeries?, host: String) -> JSONValue {
        var plugins: [String: JSONValue] = [:]
        for (plugin, values) in collectdValues {
            var files: [String: JSONValue] = [:]
            for (name, value) in values {
                let points = (series?.samples ?? []).compactMap { sample -> JSONValue? in
                    guard let number = value(sample), number.isFinite, let series else { return nil }
                    let epoch = series.startedAt.timeIntervalSince1970 + sample.offsetSeconds
                    return .object(["epoch": .number((epoch * 1000).rounded() / 1000), "value": .number(number)])
                }
                files[name] = .array(points)
            }
            plugins[plugin] = .object(files)
        }
        return .object([host.isEmpty ? "localhost" : host: .object(plugins)])
    }

    /// `pg_stat_statements` of a run's statistics delta, one object per statement with the view's column names
    /// (times in milliseconds, as the view has them); `queryid` as text (the server's column is text, and a
    /// 64-bit id does not survive a JSON number).
    static func statements(_ delta: PostgresStatisticsSnapshot?) -> [JSONValue] {
        (delta?.statements?.statements ?? []).map { row in
            func number(_ value: Int?) -> JSONValue { value.map { int($0) } ?? .null }
            func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
            return .object([
                "query": .string(row.query),
                "queryid": row.queryID.map { .string(String($0)) } ?? .null,
                "userid": int(row.userID),
                "dbid": int(row.databaseID),
                "toplevel": row.topLevel.map(JSONValue.bool) ?? .null,
                "calls": int(row.calls),
                "total_exec_time": .number(row.totalExecTimeMilliseconds),
                "min_exec_time": number(row.minExecTimeMilliseconds),
                "max_exec_time": number(row.maxExecTimeMilliseconds),
                "mean_exec_time": number(row.meanExecTimeMilliseconds),
                "stddev_exec_time": number(row.stddevExecTimeMilliseconds),
                "plans": number(row.plans),
                "total_plan_time": number(row.totalPlanTimeMilliseconds),
                "rows": int(row.rows),
                "shared_blks_hit": number(row.sharedBlocksHit),
                "shared_blks_read": number(row.sharedBlocksRead),
                "shared_blks_dirtied": number(row.sharedBlocksDirtied),
                "shared_blks_written": number(row.sharedBlocksWritten),
                "local_blks_hit": number(row.localBlocksHit),
                "local_blks_read": number(row.localBlocksRead),
                "temp_blks_read": number(row.tempBlocksRead),
                "temp_blks_written": number(row.tempBlocksWritten),
                "blk_read_time": number(row.blockReadTimeMilliseconds),
                "blk_write_time": number(row.blockWriteTimeMilliseconds),
                "wal_records": number(row.walRecords),
                "wal_fpi": number(row.walFullPageImages),
                "wal_bytes": number(row.walBytes),
            ])
        }
    }

    /// `postgres`: the server's `version()`, `server_version_num` and every `pg_settings` row.
    static func postgres(_ result: BenchmarkResult) -> JSONValue {
        let info = result.postgres
        return .object([
            "version": .string(info?.version ?? result.cluster?.serverVersion ?? ""),
            "version_num": (info?.versionNumber ?? result.cluster?.serverVersionNumber).map { int($0) } ?? .null,
            "settings": .array(
                (info?.settings ?? []).map { setting in
                    .object([
                        "name": .string(setting.name), "setting": .string(setting.setting),
                        "unit": setting.unit.map(JSONValue.string) ?? .null, "source": .string(setting.source),
                    ])
                }),
        ])
    }

    /// `compiler`: the server's `version()` (`PostgreSQL 17.2 on x86_64-pc-linux-gnu, compiled by gcc …, 64-bit`),
    /// from which the server takes what follows `compiled by`.
    static func compiler(_ result: BenchmarkResult) -> String {
        if let version = result.postgres?.version ?? result.cluster?.serverVersion, !version.isEmpty { return version }
        if let build = result.build {
            let version = build.postgresVersion ?? "PostgreSQL"
            return
                "\(version) on \(build.compiler.target ?? "unknown"), compiled by \(build.compiler.versionLine), 64-bit"
        }
        return ""
    }

    /// `postgres_settings`: CSV `name,setting,source` with a header line, rows by lowercased name, as the server's
    /// `csv.DictReader` reads it.
    static func settingsCSV(_ settings: [PostgresSetting]) -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let rows = settings.sorted { ($0.name.lowercased(), $0.name) < ($1.name.lowercased(), $1.name) }.map {
            [field($0.name), field($0.setting), field($0.source)].joined(separator: ",") + "\n"
        }
        return "name,setting,source\n" + rows.joined()
    }

    /// `sysctl_log`: the kernel settings as JSON text (the server parses it with `json.loads`).
    static func sysctl(_ settings: [String: String]) -> String {
        guard let data = try? PerfFarmJSON.documentEncoder().encode(settings) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// A whole number.
    static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
}
