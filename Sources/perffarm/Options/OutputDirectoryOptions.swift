import ArgumentParser

/// `--output`: where a command's result document and raw outputs go.
struct OutputDirectoryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Where the result and the raw outputs go (default: <work>/results/bench-<UTC time>).", valueName: "dir"))
    var output: String?
}
