/// A private collectd configuration: its own interval, base and PID directory, the plugins the farm
/// compares, and the CSV plugin writing into the run directory. Nothing of the system's collectd is used.
public struct CollectdConfiguration: Sendable, Equatable {
    /// The folder holding the configuration, the PID file, the log and the CSV files.
    public var directory: String
    /// The sampling interval in seconds.
    public var intervalSeconds: Double
    /// collectd's plugin folder.
    public var pluginDirectory: String
    /// collectd's `types.db`.
    public var typesDB: String
    /// The disk to report (`vda`); every disk when `nil`.
    public var device: String?
    /// The plugins loaded (the CSV plugin is always added).
    public var plugins: [String]

    /// The plugins of the issue's comparison.
    public static let defaultPlugins = [
        "cpu", "memory", "disk", "load", "processes", "contextswitch", "swap", "interface",
    ]

    /// Creates a configuration.
    public init(
        directory: String, intervalSeconds: Double = 1, pluginDirectory: String = "/usr/lib/collectd",
        typesDB: String = "/usr/share/collectd/types.db", device: String? = nil, plugins: [String] = defaultPlugins
    ) {
        self.directory = directory
        self.intervalSeconds = intervalSeconds
        self.pluginDirectory = pluginDirectory
        self.typesDB = typesDB
        self.device = device
        self.plugins = plugins
    }

    /// The host name written in the configuration, hence the CSV sub-folder.
    public static let hostname = "perffarm"

    /// Where the configuration file goes.
    public var configurationPath: String { directory + "/collectd.conf" }
    /// Where the CSV plugin writes (`<csvDirectory>/perffarm/...`).
    public var csvDirectory: String { directory + "/csv" }

    /// The text of `collectd.conf`.
    public func render() -> String {
        var lines = [
            "# Written by perffarm for one run; not the system's collectd.",
            "Interval \(intervalSeconds)",
            "BaseDir \(quoted(directory))",
            "PIDFile \(quoted(directory + "/collectd.pid"))",
            "PluginDir \(quoted(pluginDirectory))",
            "TypesDB \(quoted(typesDB))",
            "Hostname \(quoted(Self.hostname))",
            "FQDNLookup false",
            "",
        ]
        lines += (plugins + ["csv"]).map { "LoadPlugin \($0)" }
        if plugins.contains("cpu") {
            lines += [
                "<Plugin cpu>", "  ReportByCpu true", "  ReportByState true", "  ValuesPercentage true", "</Plugin>",
            ]
        }
        if plugins.contains("disk"), let device {
            lines += ["<Plugin disk>", "  Disk \(quoted(device))", "  IgnoreSelected false", "</Plugin>"]
        }
        lines += ["<Plugin csv>", "  DataDir \(quoted(csvDirectory))", "  StoreRates true", "</Plugin>", ""]
        return lines.joined(separator: "\n")
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
