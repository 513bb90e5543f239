import ArgumentParser
import Foundation
import PerfFarmClient
import PerfFarmCore

/// `perffarm config`: check a configuration file, or show the configuration a run would use.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a configuration file, or show the effective configuration.",
        discussion: """
            Examples:
              perffarm config check /etc/perffarm/perffarm.toml
              perffarm config show --config perffarm.toml --scales 1,10
            """,
        subcommands: [ConfigCheckCommand.self, ConfigShowCommand.self]
    )
}

/// `perffarm config check [FILE]`: reads and validates a configuration file.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file: exit 0, or 2 with the file and key of the first error.",
        discussion: """
            Without FILE, checks the default file ($XDG_CONFIG_HOME/perffarm/perffarm.toml or \
            ~/.config/perffarm/perffarm.toml). An unknown key, a value of the wrong type or out of range is one \
            line naming the file and the key (a TOML syntax error: the line).

            Examples:
              perffarm config check
              perffarm config check examples/perffarm.toml
            """
    )

    @Argument(help: ArgumentHelp("The configuration file.", valueName: "file"))
    var file: String?

    func run() throws {
        guard let path = file ?? FarmConfigurationLoader.defaultPath() else {
            FileHandle.standardError.write(Data("perffarm: no configuration file (give one)\n".utf8))
            throw ExitCode(2)
        }
        do {
            let loaded = try FarmConfigurationLoader.load(path: path)
            let hash = try loaded.configuration.hash()
            print("\(path): valid (\(loaded.fileKeys.count) keys set; configuration hash \(hash))")
        } catch let error as PerfFarmError {
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(CommandFailure.exitCode(for: error))
        }
    }
}

/// `perffarm config show`: the configuration a run would use, each value with its origin; the secret masked.
struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the effective configuration, each value with its origin (default, file, flag).",
        discussion: """
            Takes the same options as perffarm run. The machine secret is never printed: only where it is \
            read from.

            Examples:
              perffarm config show
              perffarm config show --config perffarm.toml --quick --json
            """
    )

    @OptionGroup(title: "Configuration")
    var options: RunOptions

    @OptionGroup(title: "Matrix")
    var matrix: MatrixOptions

    @OptionGroup(title: "Output")
    var format: OutputFormatOptions

    @OptionGroup(title: "Output")
    var workArea: WorkAreaOptions

    func run() throws {
        let effective: EffectiveConfiguration
        do {
            effective = try options.effectiveConfiguration(matrix: matrix, workDirectory: workArea.workDirectory)
        } catch let error as PerfFarmError {
            FileHandle.standardError.write(Data("perffarm: \(error)\n".utf8))
            throw ExitCode(CommandFailure.exitCode(for: error))
        }
        let secret = SecretSource.describe(secretFile: effective.configuration.machine.secretFile)
        if format.json {
            FileHandle.standardOutput.write(try PerfFarmJSON.encode(ConfigurationDocument(effective, secret: secret)))
        } else {
            print(ConfigurationPrinter.render(effective, secret: secret))
        }
    }
}

/// Where the machine secret comes from, in words (never the secret).
enum SecretSource {
    static func describe(secretFile: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if !secretFile.isEmpty { return "******** (read from \(secretFile))" }
        if environment["PERFFARM_MACHINE_SECRET"].map({ !$0.isEmpty }) == true {
            return "******** (from PERFFARM_MACHINE_SECRET)"
        }
        return "(not set: perffarm machine init makes one)"
    }
}
