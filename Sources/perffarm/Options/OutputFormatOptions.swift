import ArgumentParser

/// `--json`: the document instead of a summary for a person.
struct OutputFormatOptions: ParsableArguments {
    @Flag(help: "Print the result as JSON instead of a summary.")
    var json = false
}
