import Foundation
import PerfFarmCore
import PerfFarmTestSupport
import Testing

@testable import PerfFarmClient

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("MachineSecret: files, environment, generation, never shown")
struct MachineSecretTests {
    static let text = "s3cr3t-" + String(repeating: "Q", count: 40)

    func secretFile(_ directory: TemporaryDirectory, mode: mode_t, content: String = text + "\n") throws -> String {
        let path = directory.path + "/secret"
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode)
        return path
    }

    @Test("a private file is read, its trailing newline removed")
    func readsPrivateFile() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-secret")
        for mode: mode_t in [0o600, 0o400] {
            let path = try secretFile(directory, mode: mode)
            #expect(try MachineSecret.read(file: path).value == Self.text)
            try FileManager.default.removeItem(atPath: path)
        }
        let crlf = try secretFile(directory, mode: 0o600, content: Self.text + "\r\n")
        #expect(try MachineSecret.read(file: crlf).value == Self.text)
    }

    @Test(
        "a group- or world-readable file is refused; the message names the file, never the secret",
        arguments: [
            0o640, 0o604, 0o660, 0o644,
        ] as [mode_t])
    func refusesShared(mode: mode_t) throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-secret")
        let path = try secretFile(directory, mode: mode)
        let error = try #require(throws: PerfFarmError.self) { try MachineSecret.read(file: path) }
        #expect(error.code == .invalidConfiguration && error.path == path)
        let octal = "0" + String(mode, radix: 8)
        #expect(
            "\(error)"
                == "\(path): machine secret file: can be read or written by its group or others (mode \(octal)); chmod 600 it"
        )
        #expect(!"\(error)".contains(Self.text))
    }

    @Test("a symbolic link, a directory, an empty file and another user's file are refused")
    func refusesOthers() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-secret")
        let target = try secretFile(directory, mode: 0o600)
        let link = directory.path + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let linked = try #require(throws: PerfFarmError.self) { try MachineSecret.read(file: link) }
        #expect("\(linked)" == "\(link): machine secret file: is a symbolic link; give the file itself")
        let folder = try #require(throws: PerfFarmError.self) { try MachineSecret.read(file: directory.path) }
        #expect("\(folder)".hasSuffix("is not a regular file"))
        let empty = directory.path + "/empty"
        try Data("\n".utf8).write(to: URL(fileURLWithPath: empty))
        chmod(empty, 0o600)
        let emptyError = try #require(throws: PerfFarmError.self) { try MachineSecret.read(file: empty) }
        #expect("\(emptyError)" == "\(empty): machine secret file: it is empty")
        let missing = try #require(throws: PerfFarmError.self) {
            try MachineSecret.read(file: directory.path + "/nope")
        }
        #expect(missing.code == .invalidConfiguration && "\(missing)".contains("No such file"))
        if geteuid() == 0 {
            chown(target, 65534, 65534)
            let owned = try #require(throws: PerfFarmError.self) { try MachineSecret.read(file: target) }
            #expect("\(owned)".hasSuffix("is owned by uid 65534, not by this user (uid 0)"))
            #expect(!"\(owned)".contains(Self.text))
        }
    }

    @Test("PERFFARM_MACHINE_SECRET, when no file is given; an empty one is refused naming the variable")
    func environment() throws {
        let fromVariable = try MachineSecret.fromEnvironment(["PERFFARM_MACHINE_SECRET": Self.text + "\n"])
        #expect(fromVariable?.value == Self.text)
        #expect(try MachineSecret.fromEnvironment([:]) == nil)
        let error = try #require(throws: PerfFarmError.self) {
            try MachineSecret.fromEnvironment(["PERFFARM_MACHINE_SECRET": ""])
        }
        #expect("\(error)" == "PERFFARM_MACHINE_SECRET: the machine secret is empty")
        let loaded = try MachineSecret.load(file: nil, environment: ["PERFFARM_MACHINE_SECRET": "abc"])
        #expect(loaded.value == "abc")
        let directory = try TemporaryDirectory(prefix: "perffarm-secret")
        let path = try secretFile(directory, mode: 0o600)
        // A file wins over the variable.
        #expect(try MachineSecret.load(file: path, environment: ["PERFFARM_MACHINE_SECRET": "abc"]).value == Self.text)
        // Neither: the default file, else one clear line.
        let none = try #require(throws: PerfFarmError.self) {
            try MachineSecret.load(file: "", environment: ["XDG_CONFIG_HOME": directory.path + "/config"])
        }
        #expect("\(none)".hasPrefix("no machine secret: give --machine-secret-file"))
        try FileManager.default.createDirectory(
            atPath: directory.path + "/config/perffarm", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: path, toPath: directory.path + "/config/perffarm/secret")
        #expect(
            try MachineSecret.load(file: nil, environment: ["XDG_CONFIG_HOME": directory.path + "/config"]).value
                == Self.text)
    }

    @Test("generate(): 128 letters and digits, different every time")
    func generate() {
        let secrets = (0..<20).map { _ in MachineSecret.generate().value }
        for secret in secrets {
            #expect(secret.count == 128)
            #expect(secret.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
        #expect(Set(secrets).count == 20)
        // Over many characters every class of the alphabet shows up.
        let all = secrets.joined()
        #expect(
            all.contains(where: \.isUppercase) && all.contains(where: \.isLowercase) && all.contains(where: \.isNumber))
    }

    @Test("description, debugDescription, interpolation and dump show ********")
    func neverShown() throws {
        let secret = try MachineSecret(Self.text)
        #expect(secret.description == "********")
        #expect(secret.debugDescription == "MachineSecret(********)")
        #expect("\(secret)" == "********")
        #expect(String(reflecting: secret) == "MachineSecret(********)")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains(Self.text))
        #expect(throws: PerfFarmError.self) { try MachineSecret("two\nlines") }
    }

    @Test("write: a new file of mode 0600 in directories of mode 0700; refused when it exists unless forced")
    func write() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-secret")
        let path = directory.path + "/config/perffarm/secret"
        let first = MachineSecret.generate()
        try first.write(to: path)
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(directory.path + "/config/perffarm", &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(try MachineSecret.read(file: path) == first)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == first.value + "\n")

        let second = MachineSecret.generate()
        let error = try #require(throws: PerfFarmError.self) { try second.write(to: path) }
        #expect(
            "\(error)"
                == "\(path): machine secret file: exists; --force replaces it (the server must then get the new secret)"
        )
        #expect(try MachineSecret.read(file: path) == first)
        try second.write(to: path, force: true)
        #expect(try MachineSecret.read(file: path) == second)
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(UploadTestArea.files(directory.path + "/config/perffarm") == ["secret"])

        // A symbolic link planted at the path is never written through.
        let victim = directory.path + "/victim"
        try Data("keep".utf8).write(to: URL(fileURLWithPath: victim))
        let link = directory.path + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        #expect(throws: PerfFarmError.self) { try MachineSecret.generate().write(to: link) }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep")
    }
}

@Suite("Upload signature: HMAC-SHA256 known answers and verification")
struct UploadSignatureTests {
    @Test("RFC 4231 test case 2: key \"Jefe\", \"what do ya want for nothing?\"")
    func rfc4231() throws {
        let secret = try MachineSecret("Jefe")
        #expect(
            secret.signature(of: Data("what do ya want for nothing?".utf8))
                == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("the signature of timestamp, newline, body equals python3's hmac of the same bytes")
    func matchesPython() throws {
        let directory = try TemporaryDirectory(prefix: "perffarm-hmac")
        let fixture = try ResultDocumentFixture(in: directory.path)
        let secret = MachineSecret.generate()
        let timestamp: Int64 = 1_764_565_800
        let ours = UploadSignature.sign(timestamp: timestamp, body: fixture.bytes, secret: secret)
        let theirs = try python(
            """
            import hmac, hashlib, sys
            body = sys.stdin.buffer.read()
            key = sys.argv[1].encode()
            print("sha256=" + hmac.new(key, sys.argv[2].encode() + b"\\n" + body, hashlib.sha256).hexdigest())
            """, [secret.value, String(timestamp)], input: fixture.bytes)
        #expect(ours == theirs)
        #expect(UploadSignature.verify(ours, timestamp: timestamp, body: fixture.bytes, secret: secret))
        #expect(!UploadSignature.verify(ours, timestamp: timestamp + 1, body: fixture.bytes, secret: secret))
        #expect(
            !UploadSignature.verify(ours, timestamp: timestamp, body: fixture.bytes + Data(" ".utf8), secret: secret))
        #expect(
            !UploadSignature.verify(ours, timestamp: timestamp, body: fixture.bytes, secret: MachineSecret.generate()))
    }

    @Test("a request's description masks Authorization and the signature")
    func requestDescription() throws {
        let secret = MachineSecret.generate()
        let request = UploadRequest.make(
            format: .pgperffarm, url: URL(string: "https://p.example.org/run/upload/")!, body: Data("[]".utf8),
            resultID: "r", machine: "pluto", secret: secret, now: Date())
        #expect(request.header("Authorization") == secret.value)
        #expect(!request.description.contains(secret.value))
        #expect(request.description.contains("Authorization: ********"))
    }
}
