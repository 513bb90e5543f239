import Foundation
import PerfFarmCore
import PerfFarmTestSupport
import Testing

@testable import PerfFarmClient

@Suite("PgPerfFarmPayload: the run document of the pgperffarm server")
struct PgPerfFarmPayloadTests {
    /// Every key the pgperffarm server's upload view reads, and the JSON type perffarm sends.
    static let keys: [(String, String)] = [
        ("pgbench", "list"), ("system", "dict"), ("postgres", "dict"), ("meta", "dict"), ("git", "dict"),
        ("kernel", "dict"), ("os_information", "dict"), ("compiler", "str"), ("postgres_settings", "str"),
        ("sysctl_log", "str"), ("pg_ctl", "str"), ("pgbench_log", "str"), ("pgbench_log_aggregate", "list"),
        ("git_pull_log", "str"), ("git_clone_log", "str"), ("configure_log", "str"), ("build_log", "str"),
        ("install_log", "str"), ("run_received_time", "str"), ("run_start_time", "str"), ("run_end_time", "str"),
        ("git_clone_runtime", "NoneType"), ("git_pull_runtime", "str"), ("configure_runtime", "str"),
        ("build_runtime", "str"), ("install_runtime", "str"), ("cleanup_runtime", "NoneType"),
    ]

    /// The payload's JSON, as the server's `json.loads(request.body)[0]` sees it.
    static func object(_ payload: PgPerfFarmPayload) throws -> [String: Any] {
        let array = try #require(try JSONSerialization.jsonObject(with: try payload.encoded()) as? [Any])
        #expect(array.count == 1)
        return try #require(array.first as? [String: Any])
    }

    @Test("every key with its JSON type, checked by python3 as the server reads it")
    func keysAndTypes() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-pgperffarm")
        let fixture = try ResultDocumentFixture(in: directory.path)
        let payload = PgPerfFarmPayload.make(result: fixture.result, documentPath: fixture.documentPath)
        let object = try Self.object(payload)
        #expect(Set(object.keys) == Set(Self.keys.map(\.0)))
        let types = try python(
            """
            import json, sys
            doc = json.loads(sys.stdin.buffer.read())
            assert isinstance(doc, list) and len(doc) == 1
            print(json.dumps({k: type(v).__name__ for k, v in doc[0].items()}))
            """, input: try payload.encoded())
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(types.utf8)) as? [String: String])
        for (key, type) in Self.keys { #expect(decoded[key] == type, "\(key)") }
    }

    @Test("pgbench: one configuration per (scale, duration, read-only), one iteration per measured run")
    func pgbench() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-pgperffarm")
        let fixture = try ResultDocumentFixture(in: directory.path)
        let payload = PgPerfFarmPayload.make(result: fixture.result, documentPath: fixture.documentPath)
        #expect(payload.pgbench.map(\.readOnly) == [false, true])
        #expect(payload.pgbench.allSatisfy { $0.scale == 1 && $0.duration == 10 && $0.clients == [1, 2] })
        #expect(payload.pgbench.map(\.iterations.count) == [4, 4])
        let first = try #require(payload.pgbench.first?.iterations.first)
        let run = fixture.result.runs[0]
        #expect(first.mode == "simple" && first.clients == 1 && first.threads == 1)
        #expect(first.tps == run.summary?.tps && first.latency == run.summary?.latencyAverageMilliseconds)
        #expect(first.initSeconds == 0.75)
        #expect(first.start == run.command?.startedAt.timeIntervalSince1970)
        #expect(first.end == run.command?.finishedAt.timeIntervalSince1970)
        #expect(payload.pgbench[0].iterations.map(\.iteration) == [0, 1, 0, 1])
        // The -r table's statement lines as pgbench printed them, without the header.
        let lines = first.statementLatencies.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(
            lines[3]
                == "         0.120           0  UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;"
        )
        #expect(!first.statementLatencies.contains("statement latencies"))
        // pg_stat_statements with the view's names; the 64-bit queryid as text.
        let statement = try #require(first.pgStatStatements.first)
        #expect(statement["queryid"] == .string("-8765432109876543210"))
        #expect(statement["calls"] == .number(12345) && statement["total_exec_time"] == .number(1481.4))
        #expect(statement["query"] == .string("UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2"))
        #expect(statement["wal_bytes"] == .null)
        // collectd in the collector's shape: host → plugin → value → [{epoch, value}].
        let host = try #require(first.collectd["pluto"])
        for plugin in ["processes", "contextswitch", "ipc-shm", "ipc-msg", "ipc-sem", "memory", "swap", "vmem"] {
            #expect(host[plugin] != nil, "\(plugin)")
        }
        let epoch = run.command!.startedAt.timeIntervalSince1970 + 1
        #expect(
            host["aggregation-cpu-average"]?["percent-user"]
                == .array([.object(["epoch": .number(epoch), "value": .number(41.5)])]))
        #expect(
            host["contextswitch"]?["contextswitch"]
                == .array([.object(["epoch": .number(epoch), "value": .number(25012)])]))
        #expect(host["vmem"] == .object([:]))
        // The aggregate logs, keyed like pgperffarm's client's log files.
        #expect(payload.pgbenchLogAggregate.count == 8)
        let log = try #require(payload.pgbenchLogAggregate.first)
        #expect(log.keys.first == "pgbench-rw-1-10-1-0-")
        #expect(
            log.values.first == "\(Int(run.command!.startedAt.timeIntervalSince1970)) 1200 960000 812345678 410 5210\n")
        #expect(payload.pgbenchLogAggregate.last?.keys.first == "pgbench-ro-1-10-2-1-")
    }

    @Test("system, kernel, os_information, git, meta, compiler, settings, logs and times")
    func sections() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-pgperffarm")
        let fixture = try ResultDocumentFixture(in: directory.path)
        let payload = PgPerfFarmPayload.make(result: fixture.result, documentPath: fixture.documentPath)
        let information = try #require(payload.system["cpu"]?["information"])
        #expect(information["brand_raw"] == .string("AMD EPYC 7B13"))
        #expect(information["hz_actual_raw"] == .array([.number(2_450_000_000), .number(0)]))
        #expect(information["count"] == .number(2))
        #expect(payload.system["memory"]?["virtual"]?["total"] == .number(25_769_803_776))
        #expect(payload.system["memory"]?["swap"]?["total"] == .number(0))
        #expect(
            payload.system["memory"]?["mounts"]
                == .array([
                    .object([
                        "device": .string("/dev/sda1"), "mountpoint": .string("/"), "fstype": .string("ext4"),
                        "opts": .string(""),
                    ])
                ]))
        #expect(payload.system["disk"]?["usage"]?["percent"] == .number(40))
        #expect(
            payload.kernel
                == .init(
                    unameS: "Linux", unameR: "6.1.0-28-amd64", unameM: "x86_64",
                    unameV: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"))
        #expect(
            payload.osInformation
                == .init(
                    distributor: "Debian", description: "Debian GNU/Linux 12 (bookworm)", release: "12",
                    codename: "bookworm"))
        #expect(
            payload.git
                == .init(
                    branch: "master", commit: ResultDocumentFixture.commit,
                    remote: "https://git.postgresql.org/git/postgresql.git"))
        #expect(payload.meta.benchmark == "pgbench" && payload.meta.name == "pluto")
        #expect(payload.meta.date == "2025-12-01 05:11:41.000000+00")
        #expect(payload.compiler.contains("compiled by gcc (Debian 12.2.0-14) 12.2.0,"))
        #expect(payload.postgres["version_num"] == .number(170002))
        #expect(
            payload.postgresSettings
                == "name,setting,source\napplication_name,,client\nDateStyle,\"ISO, MDY\",configuration file\nshared_buffers,16384,configuration file\n"
        )
        #expect(payload.sysctlLog.contains("\"vm.swappiness\" : \"60\""))
        #expect(payload.pgCtl.contains("database system is ready to accept connections"))
        #expect(payload.pgbenchLog.hasPrefix("pgbench log: \n$ pgbench -i -s 1 pgbench_s1\ndropping old tables..."))
        #expect(payload.pgbenchLog.contains("$ pgbench -c 2 -j 2 -T 10 -P 1 -r pgbench_s1\npgbench (17.2)"))
        #expect(payload.gitPullLog.contains("git fetch --prune origin") && payload.gitCloneLog == payload.gitPullLog)
        // From configure.log.gz.
        #expect(payload.configureLog.contains("checking build system type... x86_64-pc-linux-gnu"))
        #expect(payload.buildLog.contains("All of PostgreSQL successfully made"))
        #expect(payload.installLog.contains("PostgreSQL installation complete."))
        #expect(payload.runReceivedTime == "2025-12-01T05:05:00.000Z")
        #expect(payload.runStartTime == "2025-12-01T05:10:00.000Z")
        #expect(payload.runEndTime == "2025-12-01T05:11:41.000Z")
        #expect(payload.gitPullRuntime == "0:00:01.500000" && payload.gitCloneRuntime == nil)
        #expect(payload.configureRuntime == "0:00:12.250000" && payload.buildRuntime == "0:04:10.500000")
        #expect(payload.installRuntime == "0:00:08.750000" && payload.cleanupRuntime == nil)
        #expect(PgPerfFarmPayload.interval(93784.5) == "26:03:04.500000")
    }

    @Test("python3 reads the payload the way the server's upload view does")
    func serverReads() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-pgperffarm")
        let fixture = try ResultDocumentFixture(in: directory.path)
        let payload = try PgPerfFarmPayload.make(result: fixture.result, documentPath: fixture.documentPath).encoded()
        // The reads of pgperffarm's runs/views.py and runs/parsing_functions.py, without Django: every key, the
        // CSV of settings, the statement lines, the aggregate log keys and lines, collectd, times and durations.
        let checked = try python(
            """
            import csv, datetime, io, json, re, sys
            d = json.loads(sys.stdin.buffer.read())[0]
            for key in ["pg_ctl", "pgbench_log", "run_received_time", "run_start_time", "run_end_time",
                        "git_pull_runtime", "git_clone_runtime", "configure_runtime", "build_runtime",
                        "install_runtime", "cleanup_runtime", "sysctl_log", "pgbench_log_aggregate"]:
                d[key]
            assert d["meta"]["benchmark"] == "pgbench"
            d["kernel"]["uname_m"]; d["kernel"]["uname_s"]; d["kernel"]["uname_r"]; d["kernel"]["uname_v"]
            for k in ["distributor", "release", "codename", "description"]: d["os_information"][k]
            d["git"]["remote"]; d["git"]["branch"]; d["git"]["commit"]
            info = d["system"]["cpu"]["information"]
            (info.get("brand") or info["brand_raw"]); (info.get("hz_actual_raw") or info["hz_actual"])[0]; info["count"]
            d["system"]["memory"]["virtual"]["total"]; d["system"]["memory"]["swap"]["total"]; d["system"]["memory"]["mounts"]
            json.loads(d["sysctl_log"])
            rows = list(csv.DictReader(io.StringIO(d["postgres_settings"])))
            assert all(r["name"] and "setting" in r and r["source"] for r in rows), rows
            assert re.search("compiled by (.*),", d["compiler"])
            for t in ["run_received_time", "run_start_time", "run_end_time"]:
                datetime.datetime.fromisoformat(d[t].replace("Z", "+00:00"))
            for t in ["git_pull_runtime", "configure_runtime", "build_runtime", "install_runtime"]:
                assert re.match(r"^\\d+:\\d\\d:\\d\\d\\.\\d{6}$", d[t]), d[t]
            n = 0
            for item in d["pgbench"]:
                for c in item["clients"]:
                    assert isinstance(c, int)
                item["scale"]; item["duration"]; assert isinstance(item["read_only"], bool)
                for r in item["iterations"]:
                    int(r["clients"]); float(r["tps"]); r["mode"]; float(r["latency"]); float(r["start"])
                    float(r["end"]); int(r["iteration"]); float(r["init"])
                    for s in filter(None, r["statement_latencies"].split("\\n")):
                        latency = re.findall(r"\\d+\\.\\d+", s)[0]
                        assert s.split(latency)[1].strip()
                    for q in r["pg_stat_statements"]:
                        q["query"]
                    collectd = list(r["collectd"].values())[0]
                    for p in ["processes", "contextswitch", "ipc-shm", "ipc-msg", "ipc-sem", "memory", "swap", "vmem"]:
                        for key, value in collectd[p].items():
                            for point in value: float(point["epoch"]); float(point["value"])
                    n += 1
            for log in d["pgbench_log_aggregate"]:
                for key, value in log.items():
                    configs = key.split("-")
                    assert configs[1] in ("ro", "rw"); int(configs[2]); int(configs[3]); int(configs[4]); int(configs[5])
                    for line in value.splitlines():
                        results = line.split()
                        datetime.datetime.utcfromtimestamp(int(results[0])); int(results[1]); int(results[2])
            print(n)
            """, input: payload)
        #expect(checked == "8")
    }

    @Test("missing raw files give empty texts (statements from the parsed table), never a crash")
    func missingFiles() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-pgperffarm")
        let fixture = try ResultDocumentFixture(in: directory.path)
        try FileManager.default.removeItem(atPath: fixture.outputDirectory)
        let payload = PgPerfFarmPayload.make(result: fixture.result, documentPath: fixture.documentPath)
        #expect(payload.pgCtl == "" && payload.configureLog == "" && payload.gitPullLog == "")
        #expect(payload.pgbenchLog.hasPrefix("pgbench log: \n$ pgbench -i -s 1 pgbench_s1\n$ pgbench -c 1"))
        #expect(
            payload.pgbench.first?.iterations.first?.statementLatencies
                == "         0.055  BEGIN;\n         0.061  END;\n")
        // A result without anything collected still has every key.
        var bare = fixture.result
        bare.system = nil
        bare.postgres = nil
        bare.build = nil
        bare.source = nil
        bare.runs = bare.runs.map { run in
            var run = run
            run.systemSeries = nil
            run.statisticsDelta = nil
            return run
        }
        let empty = try Self.object(PgPerfFarmPayload.make(result: bare, documentPath: fixture.documentPath))
        #expect(Set(empty.keys) == Set(Self.keys.map(\.0)))
        let plain = PgPerfFarmPayload.make(result: bare, documentPath: fixture.documentPath)
        #expect(
            plain.pgbench.first?.iterations.first?.collectd["pluto"]?["processes"]?["ps_state-running"] == .array([]))
        #expect(plain.gitPullRuntime == nil && plain.configureRuntime == nil)
    }

    @Test("warm-up, failed and custom-workload runs are not sent")
    func skippedRuns() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-pgperffarm")
        let fixture = try ResultDocumentFixture(in: directory.path)
        var result = fixture.result
        result.runs[0].warmup = true
        result.runs[1].status = .failed
        result.runs[2].workload = "simple-update"
        let payload = PgPerfFarmPayload.make(result: result, documentPath: fixture.documentPath)
        #expect(payload.pgbench.map(\.iterations.count) == [1, 4])
        #expect(payload.pgbenchLogAggregate.count == 5)
    }
}
