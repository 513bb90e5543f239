import ArgumentParser
import Foundation
import Logging
import PerfFarmClient
import PerfFarmCore
import PerfFarmResults

/// `--store` and `--config`: which results store a command reads or writes.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The results store: a SQLite file, or a postgresql:// URI or libpq connection string (default: "
                + "[store] location of the configuration, else $XDG_DATA_HOME/perffarm/results.sqlite).",
            valueName: "file-or-uri"))
    var store: String?

    @Option(
        help: ArgumentHelp(
            "The configuration file whose [store] location is the default (default: "
                + "$XDG_CONFIG_HOME/perffarm/perffarm.toml or ~/.config/perffarm/perffarm.toml when it exists).",
            valueName: "file"))
    var config: String?

    /// Where the store is, and whether a person chose it (the option or the configuration) rather than the
    /// default location.
    func location() throws -> (location: StoreLocation, chosen: Bool) {
        if let store { return (StoreLocation(store), true) }
        let configuration = try FarmConfigurationLoader.load(path: config ?? FarmConfigurationLoader.defaultPath())
            .configuration
        if !configuration.store.location.isEmpty { return (StoreLocation(configuration.store.location), true) }
        return (StoreLocation.defaultLocation(), false)
    }

    /// Opens the store.
    /// - Parameter onlyIfPresent: when the store is the default SQLite file, open it only when it exists
    ///   (reading commands that can do without one); a chosen store is always opened.
    /// - Returns: the store, or `nil` when it is the default one and does not exist yet.
    func open(onlyIfPresent: Bool, logger: Logger) async throws -> ResultStore? {
        let (location, chosen) = try location()
        if onlyIfPresent, !chosen, case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            return nil
        }
        return try await ResultStore.open(location, logger: logger)
    }
}

/// Results named on a command line: files, directories of files, or store references (`branch@commit`).
enum ResultInputs {
    /// One result file read.
    struct Loaded {
        var path: String
        var result: BenchmarkResult
    }

    /// The results in `roots`: files (a file that is not a result is an error naming it), or directories searched
    /// for files that decode as results (others skipped: a run's directories hold other JSON documents).
    /// - Throws: `PerfFarmError` (`invalid_configuration`) for a missing path or a file that is not a result.
    static func files(_ roots: [String]) throws -> [Loaded] {
        var loaded: [Loaded] = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
                throw PerfFarmError(.invalidConfiguration, "no such file or directory", path: root)
            }
            if isDirectory.boolValue, !FileManager.default.fileExists(atPath: root + "/result.json") {
                let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
                    .filter { $0.hasSuffix(".json") }.sorted()
                for file in files {
                    let path = root + "/" + file
                    if let data = FileManager.default.contents(atPath: path),
                        let result = try? PerfFarmJSON.decode(BenchmarkResult.self, from: data)
                    {
                        loaded.append(Loaded(path: path, result: result))
                    }
                }
            } else {
                loaded.append(try file(root))
            }
        }
        return loaded
    }

    /// The result at `path` (a file, or a directory holding result.json).
    /// - Throws: `PerfFarmError` (`invalid_configuration`) naming the file.
    static func file(_ path: String) throws -> Loaded {
        var isDirectory: ObjCBool = false
        let file =
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? path + "/result.json" : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PerfFarmError(.invalidConfiguration, "cannot read the file", path: file)
        }
        do {
            return Loaded(path: file, result: try PerfFarmJSON.decode(BenchmarkResult.self, from: data))
        } catch {
            throw PerfFarmError(
                .invalidConfiguration, "not a perffarm result: " + PerfFarmJSON.describe(decodingError: error),
                path: file)
        }
    }

    /// A result by file or store reference: an existing path is a file; anything else a reference resolved in
    /// `store` (`branch@commit`, `branch@latest`, a result id).
    /// - Throws: `PerfFarmError` naming the file, or the reference and the store.
    static func result(_ reference: String, store: StoreOpener) async throws -> BenchmarkResult {
        let looksLikeFile = !reference.contains("@") && (reference.contains("/") || reference.hasSuffix(".json"))
        if FileManager.default.fileExists(atPath: reference) || looksLikeFile {
            return try file(reference).result
        }
        guard let store = try await store.store() else {
            throw PerfFarmError(
                .invalidConfiguration,
                "no such file, and no results store to look the reference up in (perffarm import stores results; "
                    + "--store names a store)", path: reference)
        }
        return try await store.resolve(reference).result
    }
}

/// Opens a command's store once, when first needed, and closes it at the end.
final class StoreOpener: @unchecked Sendable {
    private let options: StoreOptions
    private let onlyIfPresent: Bool
    private let logger: Logger
    private var opened: ResultStore??

    init(_ options: StoreOptions, onlyIfPresent: Bool, logger: Logger) {
        self.options = options
        self.onlyIfPresent = onlyIfPresent
        self.logger = logger
    }

    /// The store; `nil` when it is the default one and does not exist (with `onlyIfPresent`).
    func store() async throws -> ResultStore? {
        if let opened { return opened }
        let store = try await options.open(onlyIfPresent: onlyIfPresent, logger: logger)
        opened = .some(store)
        return store
    }

    func close() async {
        if case .some(.some(let store)) = opened { await store.close() }
    }
}
