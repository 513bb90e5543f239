import Foundation
public import PerfFarmCore
import PerfFarmProcess

/// Computes the ``EnvironmentFingerprint`` of a machine and a server.
public enum EnvironmentFingerprinter {
    /// Settings that differ from run to run without changing the environment (ports, paths, names).
    static let runSpecificSettings: Set<String> = [
        "port", "data_directory", "config_file", "hba_file", "ident_file", "external_pid_file",
        "unix_socket_directories", "listen_addresses", "log_directory", "log_filename", "cluster_name",
        "application_name", "unix_socket_group", "unix_socket_permissions",
    ]

    /// The fingerprint of `inventory` and (when given) the server's non-default settings and configure options.
    /// - Parameters:
    ///   - inventory: the machine inventory.
    ///   - server: the server's version and settings, when a server is part of the environment.
    ///   - configureOptions: the build's configure options, when known from the build (they win over the
    ///     server's `pg_config`).
    /// - Returns: the fingerprint: a SHA-256 of the canonical JSON of its inputs.
    public static func fingerprint(
        inventory: MachineInventory, server: PostgresServerInfo? = nil, configureOptions: String? = nil
    ) -> EnvironmentFingerprint {
        let settings = (server?.settings ?? [])
            .filter { $0.isNonDefault && !runSpecificSettings.contains($0.name) }
            .map { "\($0.name)=\($0.setting)\($0.unit.map { " \($0)" } ?? "")" }
            .sorted()
        let memory =
            inventory.memory.totalBytes > 0
            ? Int((Double(inventory.memory.totalBytes) / Double(256 << 20)).rounded()) * 256 : nil
        let os = [inventory.os.id, inventory.os.versionID].compactMap { $0 }.joined(separator: " ")
        let compiler = inventory.compiler.map {
            [$0.family ?? $0.versionLine, $0.version].compactMap { $0 }.joined(separator: " ")
        }
        let inputs = EnvironmentFingerprint.Inputs(
            kernelRelease: inventory.os.kernelRelease, cpuModel: inventory.cpu.model, cpuThreads: inventory.cpu.threads,
            memoryMiB: memory, os: os.isEmpty ? nil : os, compiler: compiler,
            configureOptions: configureOptions ?? server?.configureOptions, nonDefaultSettings: settings)
        return EnvironmentFingerprint(hash: hash(inputs), inputs: inputs)
    }

    /// `sha256:` and the hex digest of the inputs' canonical JSON (sorted keys, nulls written).
    public static func hash(_ inputs: EnvironmentFingerprint.Inputs) -> String {
        let data = (try? PerfFarmJSON.canonical(inputs)) ?? Data()
        return "sha256:" + SHA256Hex.digest(data)
    }
}
