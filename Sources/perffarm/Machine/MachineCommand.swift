import ArgumentParser

/// `perffarm machine`: the farm machine's identity (its secret).
struct MachineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "machine",
        abstract: "Manage this farm machine's secret.",
        discussion: """
            The machine secret authenticates this machine to the farm's server: it signs native uploads \
            (HMAC-SHA256) and is the Authorization of pgperffarm uploads. perffarm never prints it.

            Examples:
              perffarm machine init
              perffarm machine init --secret-file /etc/perffarm/secret
            """,
        subcommands: [MachineInitCommand.self]
    )
}
