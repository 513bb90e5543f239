import ArgumentParser
import Foundation
import PerfFarmClient

/// `perffarm machine init`: a new random machine secret in a private file.
struct MachineInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a new machine secret to a file of mode 0600 (never printed).",
        discussion: """
            Generates \(MachineSecret.generatedLength) random letters and digits (the system's cryptographic \
            generator) and writes them to --secret-file (default: $XDG_CONFIG_HOME/perffarm/secret or \
            ~/.config/perffarm/secret; missing directories are created with mode 0700). The file is created \
            with mode 0600 and refused when it exists, unless --force replaces it atomically. perffarm upload \
            reads this file when no other secret is configured. Give the secret to the farm's server \
            administrator over a private channel: the command prints where it is, never the secret itself.

            Examples:
              perffarm machine init
              perffarm machine init --secret-file /etc/perffarm/secret --force
            """
    )

    @Option(
        name: .customLong("secret-file"),
        help: ArgumentHelp(
            "Where to write it (default: $XDG_CONFIG_HOME/perffarm/secret or ~/.config/perffarm/secret).",
            valueName: "file"))
    var secretFile: String?

    @Flag(help: "Replace an existing secret file (the server must then be given the new secret).")
    var force = false

    func run() async throws {
        let path = secretFile ?? MachineSecret.defaultFile()
        let force = self.force
        try await CommandFailure.run {
            try MachineSecret.generate().write(to: path, force: force)
        }
        print("wrote a new machine secret to \(path) (mode 0600, \(MachineSecret.generatedLength) characters)")
        print("set [machine] secret_file = \"\(path)\" in perffarm.toml, or keep this default location")
    }
}
