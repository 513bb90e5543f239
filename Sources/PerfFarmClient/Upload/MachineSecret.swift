import Crypto
import Foundation
import PerfFarmCore

/// The secret a farm machine shares with the farm's server: the key of the native format's HMAC signature and
/// the `Authorization` value of the pgperffarm format.
///
/// It is read from a file of its owner (mode 0600, ``read(file:)``) or from `PERFFARM_MACHINE_SECRET`
/// (``fromEnvironment(_:)``), and written by ``generate()`` and ``write(to:force:)`` (`perffarm machine init`).
/// Its ``description`` and ``debugDescription`` are `********`: interpolating it into a log line, an error or a
/// document shows nothing of it. Only the request of an upload attempt holds it, and only for that attempt.
public struct MachineSecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The environment variable read when no secret file is configured.
    public static let environmentVariable = "PERFFARM_MACHINE_SECRET"
    /// The length of a generated secret.
    public static let generatedLength = 128
    /// The characters of a generated secret: ASCII letters and digits.
    public static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    /// What the secret looks like wherever it is shown.
    public static let masked = "********"

    /// The secret's text; internal so that nothing outside the upload code can print it by accident.
    let value: String

    /// A secret of `text`, checked.
    /// - Parameter text: the secret; a trailing line break is removed.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) when it is empty or holds a control character (it
    ///   must fit in an HTTP header); the message never contains the text.
    public init(_ text: String) throws {
        var text = Substring(text)
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text = text.dropLast() }
        guard !text.isEmpty else { throw PerfFarmError(.invalidConfiguration, "the machine secret is empty") }
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
            throw PerfFarmError(
                .invalidConfiguration, "the machine secret holds a line break or another control character")
        }
        value = String(text)
    }

    /// A new random secret of ``generatedLength`` letters and digits.
    /// - Parameter generator: the source of randomness; the system's cryptographic generator by default.
    public static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> MachineSecret {
        let characters = (0..<generatedLength).map { _ in alphabet.randomElement(using: &generator)! }
        // Letters and digits only: always a valid secret.
        return try! MachineSecret(String(characters))
    }

    /// A new random secret of ``generatedLength`` letters and digits from `SystemRandomNumberGenerator`.
    public static func generate() -> MachineSecret {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// The secret in `PERFFARM_MACHINE_SECRET`, or `nil` when the variable is not set.
    /// - Parameter environment: the environment; this process's when `nil`.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the variable when it is set but empty or
    ///   not a valid secret.
    public static func fromEnvironment(_ environment: [String: String]? = nil) throws -> MachineSecret? {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let text = environment[environmentVariable] else { return nil }
        do {
            return try MachineSecret(text)
        } catch let error as PerfFarmError {
            throw PerfFarmError(error.code, error.message, key: environmentVariable)
        }
    }

    /// The secret from `file` when one is given (not empty), else from `PERFFARM_MACHINE_SECRET`, else from
    /// ``defaultFile(environment:)`` when it exists (where `perffarm machine init` writes).
    /// - Parameters:
    ///   - file: the secret file (`[machine] secret_file`, `--machine-secret-file`).
    ///   - environment: the environment; this process's when `nil`.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the file or the variable, or saying that
    ///   neither is there.
    public static func load(file: String?, environment: [String: String]? = nil) throws -> MachineSecret {
        if let file, !file.isEmpty { return try read(file: file) }
        if let secret = try fromEnvironment(environment) { return secret }
        let fallback = defaultFile(environment: environment)
        if FileManager.default.fileExists(atPath: fallback) { return try read(file: fallback) }
        throw PerfFarmError(
            .invalidConfiguration,
            "no machine secret: give --machine-secret-file, set [machine] secret_file in perffarm.toml or "
                + "\(environmentVariable), or run perffarm machine init (it writes \(fallback))")
    }

    /// `sha256=` and the lowercase hex HMAC-SHA256, keyed by this secret, of `message`.
    func signature(of message: some DataProtocol) -> String {
        let key = SymmetricKey(data: Data(value.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return "sha256=" + code.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// Replaces every occurrence of the secret in `text` (a server's answer that echoes a header) by ``masked``.
    func redact(_ text: String) -> String {
        text.replacingOccurrences(of: value, with: Self.masked)
    }

    /// `********`: the secret is never shown.
    public var description: String { Self.masked }

    /// `MachineSecret(********)`.
    public var debugDescription: String { "MachineSecret(\(Self.masked))" }

    /// No children: `dump` and test failure messages show nothing of the secret.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
