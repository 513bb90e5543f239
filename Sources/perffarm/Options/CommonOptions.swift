import ArgumentParser

/// The options every command that does work shares: the work area, JSON output, verbosity.
struct CommonOptions: ParsableArguments {
    @OptionGroup
    var format: OutputFormatOptions

    @OptionGroup
    var workArea: WorkAreaOptions

    @OptionGroup
    var logging: LoggingOptions

    /// Whether the result is printed as JSON.
    var json: Bool { format.json }
}
