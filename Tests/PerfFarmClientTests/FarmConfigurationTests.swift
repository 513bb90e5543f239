import Foundation
import PerfFarmClient
import PerfFarmCluster
import PerfFarmCore
import PerfFarmTestSupport
import Testing

@Suite("perffarm.toml: defaults, errors naming the key, overrides, hash")
struct FarmConfigurationTests {
    static var example: String {
        PostgresSourceFixture.packageRoot + "/examples/perffarm.toml"
    }

    @Test("examples/perffarm.toml shows every key with its default")
    func exampleShowsEveryDefault() throws {
        let loaded = try FarmConfigurationLoader.load(path: Self.example)
        #expect(loaded.configuration == FarmConfiguration())
        let defaults = try PerfFarmJSON.decode(JSONValue.self, from: PerfFarmJSON.canonical(FarmConfiguration()))
        var keys: Set<String> = []
        if case .object(let sections) = defaults {
            for (section, value) in sections {
                guard case .object(let table) = value else { continue }
                for key in table.keys { keys.insert(section + "." + key) }
            }
        }
        #expect(keys.count > 40)
        #expect(loaded.fileKeys == keys, "missing: \(keys.subtracting(loaded.fileKeys))")
        // The farm run keeps as many failed clusters as perffarm bench does.
        #expect(FarmConfiguration().run.keepClusters == BenchmarkRequest.defaultKeepClusters)
    }

    @Test("run.keep_clusters: --keep-clusters overrides it; a negative value names the key")
    func keepClusters() throws {
        var overrides = FarmConfigurationOverrides()
        overrides.keepClusters = 0
        let (configuration, keys) = overrides.apply(to: FarmConfiguration())
        #expect(configuration.run.keepClusters == 0)
        #expect(keys.contains("run.keep_clusters"))
        var bad = FarmConfiguration()
        bad.run.keepClusters = -1
        #expect(throws: PerfFarmError.self) { try bad.validate(path: "farm.toml") }
        do {
            try bad.validate(path: "farm.toml")
        } catch {
            #expect("\(error)".contains("run.keep_clusters"), "\(error)")
        }
    }

    @Test("values over the defaults; a free-form settings table; branches as a list")
    func values() throws {
        let loaded = try FarmConfigurationLoader.parse(
            """
            [machine]
            name = "pluto"
            [repository]
            branches = ["master", "REL_17_STABLE"]
            [cluster.settings]
            shared_buffers = "1GB"
            max_wal_size = "4GB"
            [matrix]
            scales = [1, 100]
            duration = 300
            """, path: "perffarm.toml")
        let configuration = loaded.configuration
        #expect(configuration.machineName == "pluto")
        #expect(configuration.repository.branches == .list(["master", "REL_17_STABLE"]))
        #expect(
            configuration.clusterSettings == [
                .init(name: "max_wal_size", value: "4GB"), .init(name: "shared_buffers", value: "1GB"),
            ])
        let matrix = try configuration.benchmarkMatrix()
        #expect(matrix.scales == [1, 100] && matrix.durationSeconds == 300 && matrix.clients == [1, 2, 4])
        #expect(
            loaded.fileKeys == [
                "machine.name", "repository.branches", "cluster.settings.shared_buffers",
                "cluster.settings.max_wal_size", "matrix.scales", "matrix.duration",
            ])
    }

    @Test(
        "a bad file is one line naming the file and the key (or the line)",
        arguments: [
            ("[matrix]\nscales = \"1,10\"\n", "perffarm.toml (matrix.scales): expected an array, found \"1,10\""),
            ("[matrx]\nscales = [1]\n", "perffarm.toml (matrx): unknown key (did you mean matrix?)"),
            ("[matrix]\nscale = [1]\n", "perffarm.toml (matrix.scale): unknown key (did you mean matrix.scales?)"),
            ("[matrix]\nscales = [1, 0]\n", "perffarm.toml (matrix.scales): give one or more scales, each at least 1"),
            ("[matrix]\nclients = [1\n", "perffarm.toml:2: not TOML"),
            (
                "[cluster.settings]\nport = \"5432\"\n",
                "perffarm.toml (cluster.settings): port is chosen by perffarm for its private cluster"
            ),
            (
                "[repository]\nbranches = \"all\"\n",
                "perffarm.toml (repository.branches): expected \"auto\" or a list of branch names, found \"all\""
            ),
            ("[upload]\nurl = \"ftp://x\"\n", "perffarm.toml (upload.url): not an http(s) URL: \"ftp://x\""),
            ("[matrix]\nduration = true\n", "perffarm.toml (matrix.duration): expected a whole number, found true"),
            ("matrix = 3\n", "perffarm.toml (matrix): expected a table ([matrix]), found 3"),
            ("[build]\nconfigure_options = [\"--prefix=/x\"]\n", "perffarm.toml (build.configure_options): --prefix"),
            (
                "[upload]\nenabled = true\nurl = \"https://farm.example.org/api\"\nformat = \"pgperffarm\"\n",
                "perffarm.toml (matrix.log): the pgperffarm server refuses runs without aggregate logs"
            ),
        ])
    func badFiles(text: String, expected: String) {
        let error = #expect(throws: PerfFarmError.self) {
            try FarmConfigurationLoader.parse(text, path: "perffarm.toml")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.hasPrefix(expected) == true, "\(error?.description ?? "no error")")
    }

    @Test("flags override the file and say which keys they set; --quick is the small matrix")
    func overrides() throws {
        let file = try FarmConfigurationLoader.parse("[matrix]\nscales = [1, 100]\nruns = 5\n", path: "f.toml")
        var overrides = FarmConfigurationOverrides()
        overrides.quick = true
        overrides.runs = 2
        overrides.branches = .list(["master"])
        overrides.settings = [.init(name: "shared_buffers", value: "2GB")]
        overrides.noUpload = true
        let (configuration, keys) = overrides.apply(to: file.configuration)
        #expect(configuration.matrix.scales == [1] && configuration.matrix.clients == [1, 2])
        #expect(configuration.matrix.runs == 2 && configuration.matrix.duration == 10)
        #expect(configuration.repository.branches == .list(["master"]))
        #expect(configuration.cluster.settings == ["shared_buffers": "2GB"])
        #expect(!configuration.upload.enabled)
        #expect(keys.isSuperset(of: ["matrix.scales", "matrix.runs", "repository.branches", "upload.enabled"]))
        #expect(keys.contains("cluster.settings.shared_buffers"))

        // --random-order and --seed reach the matrix (a seed implies the random order).
        var order = FarmConfigurationOverrides()
        order.seed = 42
        let (seeded, seedKeys) = order.apply(to: FarmConfiguration())
        #expect(seeded.matrix.seed == 42 && seeded.matrix.randomOrder && seedKeys == ["matrix.seed"])
        order = FarmConfigurationOverrides()
        order.randomOrder = true
        #expect(order.apply(to: FarmConfiguration()).configuration.matrix.randomOrder)
        #expect(try order.apply(to: FarmConfiguration()).configuration.benchmarkMatrix().randomOrder)
    }

    @Test("pgperffarm uploads with aggregate logs are valid")
    func pgperffarmWithAggregateLogs() throws {
        let loaded = try FarmConfigurationLoader.parse(
            "[upload]\nenabled = true\nurl = \"https://farm.example.org/api\"\nformat = \"pgperffarm\"\n"
                + "[matrix]\nlog = \"aggregate\"\naggregate_interval = 1\n", path: "f.toml")
        #expect(loaded.configuration.matrix.log == "aggregate")
    }

    @Test("the hash changes with what changes the numbers, not with where results go")
    func hash() throws {
        let base = FarmConfiguration()
        var other = base
        other.output.directory = "/elsewhere"
        other.upload.url = "https://farm.example/api"
        other.machine.name = "pluto"
        other.run.branchTimeout = 3600
        #expect(try base.hash() == other.hash())
        for change in [
            { (c: inout FarmConfiguration) in c.matrix.duration = 61 },
            { (c: inout FarmConfiguration) in c.cluster.settings["shared_buffers"] = "1GB" },
            { (c: inout FarmConfiguration) in c.build.configureOptions = ["--enable-debug"] },
            { (c: inout FarmConfiguration) in c.collectors.statements = 5 },
        ] {
            var changed = base
            change(&changed)
            #expect(try changed.hash() != base.hash())
        }
        let record = try base.record()
        #expect(record.hash.hasPrefix("sha256:") && record.hash.count == 71)
        #expect(record.values["matrix"]?["scales"] == .array([.number(1), .number(10)]))
    }
}
