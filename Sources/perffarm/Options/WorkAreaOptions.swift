import ArgumentParser

/// `--work-dir`: the work area shared by builds, clusters and results.
struct WorkAreaOptions: ParsableArguments {
    @Option(
        name: .customLong("work-dir"),
        help: ArgumentHelp(
            "The work area (default: $XDG_CACHE_HOME/perffarm or ~/.cache/perffarm; root: /var/cache/perffarm).",
            valueName: "dir"))
    var workDirectory: String?
}
