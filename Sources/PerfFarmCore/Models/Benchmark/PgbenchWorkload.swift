/// One workload of a benchmark matrix: the pgbench scripts a run executes, each with its weight.
///
/// The built-in workloads are pgbench's own scripts; a custom workload is one or more SQL script files
/// (`pgbench -f FILE@WEIGHT`). A workload that writes gets a fresh copy of the data set for every run.
public struct PgbenchWorkload: Codable, Sendable, Equatable, Hashable {
    /// One script of a workload.
    public struct Script: Codable, Sendable, Equatable, Hashable {
        /// Whether the script is one of pgbench's built-ins or a file.
        public enum Kind: String, Codable, Sendable, Equatable, Hashable {
            /// `pgbench -b NAME`.
            case builtin
            /// `pgbench -f PATH`.
            case file
        }

        /// Built-in or file.
        public var kind: Kind
        /// The built-in's name (`tpcb-like`, `select-only`, `simple-update`) or the file's absolute path.
        public var name: String
        /// The relative weight of the script (`@W`), at least 1.
        public var weight: Int

        /// Creates a script.
        public init(kind: Kind, name: String, weight: Int = 1) {
            self.kind = kind
            self.name = name
            self.weight = weight
        }

        /// A built-in script.
        public static func builtin(_ name: String, weight: Int = 1) -> Script {
            Script(kind: .builtin, name: name, weight: weight)
        }

        /// A script file.
        public static func file(_ path: String, weight: Int = 1) -> Script {
            Script(kind: .file, name: path, weight: weight)
        }

        enum CodingKeys: String, CodingKey {
            case kind, name, weight
        }
    }

    /// The workload's name in results and tables (`read-write`, `read-only`, `simple-update`, or a custom name).
    public var name: String
    /// The scripts, in order.
    public var scripts: [Script]
    /// Whether a run modifies the data set, so that it needs a fresh copy.
    public var writes: Bool

    /// Creates a workload.
    public init(name: String, scripts: [Script], writes: Bool) {
        self.name = name
        self.scripts = scripts
        self.writes = writes
    }

    /// pgbench's TPC-B-like transaction (`-b tpcb-like`).
    public static let readWrite = PgbenchWorkload(name: "read-write", scripts: [.builtin("tpcb-like")], writes: true)
    /// pgbench's select-only transaction (`-b select-only`, the `-S` of older versions).
    public static let readOnly = PgbenchWorkload(name: "read-only", scripts: [.builtin("select-only")], writes: false)
    /// pgbench's simple-update transaction (`-b simple-update`, the `-N` of older versions).
    public static let simpleUpdate = PgbenchWorkload(
        name: "simple-update", scripts: [.builtin("simple-update")], writes: true)

    /// The built-in workloads, in their usual order.
    public static let builtins: [PgbenchWorkload] = [.readWrite, .readOnly, .simpleUpdate]

    /// The built-in workload called `name`, or `nil`.
    public static func builtin(named name: String) -> PgbenchWorkload? {
        builtins.first { $0.name == name }
    }

    /// A workload of script files; treated as writing unless `writes` says otherwise.
    /// - Parameters:
    ///   - name: the workload's name.
    ///   - files: the scripts' paths and weights.
    ///   - writes: whether the scripts modify the data set.
    public static func custom(name: String, files: [(path: String, weight: Int)], writes: Bool = true)
        -> PgbenchWorkload
    {
        PgbenchWorkload(name: name, scripts: files.map { .file($0.path, weight: $0.weight) }, writes: writes)
    }

    enum CodingKeys: String, CodingKey {
        case name, scripts, writes
    }
}
