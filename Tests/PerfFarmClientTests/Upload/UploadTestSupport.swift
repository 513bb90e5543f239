import Foundation
import Logging
import PerfFarmTestSupport
import Synchronization
import Testing

@testable import PerfFarmClient

/// An ``UploadTransport`` that answers from a script and records every request.
final class ScriptedUploadTransport: UploadTransport {
    private struct State {
        var answers: [Result<UploadResponse, UploadTransportError>]
        var requests: [UploadRequest] = []
    }

    private let state: Mutex<State>

    /// Answers in order; the last one repeats.
    init(_ answers: [Result<UploadResponse, UploadTransportError>]) {
        state = Mutex(State(answers: answers))
    }

    /// Answers `statuses` in order (bodies empty).
    convenience init(statuses: [Int]) {
        self.init(statuses.map { .success(UploadResponse(status: $0)) })
    }

    /// Every request sent so far.
    var requests: [UploadRequest] { state.withLock { $0.requests } }

    func send(_ request: UploadRequest, timeout: Duration) async throws -> UploadResponse {
        let answer = state.withLock { state -> Result<UploadResponse, UploadTransportError> in
            state.requests.append(request)
            return state.answers.count > 1 ? state.answers.removeFirst() : state.answers[0]
        }
        return try answer.get()
    }
}

/// A clock the test moves.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_764_570_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// A work area with an outbox, a fixture result and a secret, for one test.
struct UploadTestArea {
    let directory: TemporaryDirectory
    let fixture: ResultDocumentFixture
    let clock = TestClock()
    let secret = MachineSecret.generate()

    init(resultID: String? = "6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13", machine: String? = "pluto") throws {
        directory = try TemporaryDirectory(prefix: "perffarm-upload")
        fixture = try ResultDocumentFixture(in: directory.path, resultID: resultID, machine: machine)
    }

    var workArea: String { directory.path + "/work" }

    func outbox(_ transport: any UploadTransport, jitter: Double = 0) -> Outbox {
        let clock = self.clock
        return Outbox(
            directory: Outbox.directory(workArea: workArea), transport: transport,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), clock: { clock.now },
            random: { jitter })
    }

    static let nativeSettings = try! UploadSettings(url: "https://farm.example.org/results")

    /// The names of the files directly in `directory` (no hidden ones).
    static func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Every regular file under `root` whose bytes contain `needle`.
    static func filesContaining(_ needle: String, under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        let bytes = Data(needle.utf8)
        var found: [String] = []
        for case let relative as String in enumerator {
            let path = root + "/" + relative
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &directory), !directory.boolValue,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            if data.range(of: bytes) != nil { found.append(relative) }
        }
        return found
    }
}

/// Runs `python3 -c script arguments...`; returns its standard output, trimmed.
func python(_ script: String, _ arguments: [String] = [], input: Data? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    let error = Pipe()
    let standardInput = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = standardInput
    try process.run()
    if let input { standardInput.fileHandleForWriting.write(input) }
    try standardInput.fileHandleForWriting.close()
    let text = output.fileHandleForReading.readDataToEndOfFile()
    let errors = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CocoaError(
            .fileReadUnknown,
            userInfo: [NSLocalizedDescriptionKey: "python3 failed: " + String(decoding: errors, as: UTF8.self)])
    }
    return String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
