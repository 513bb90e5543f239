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

@Suite("Outbox: enqueue, deliver, keep, reject (scripted transport)")
struct OutboxTests {
    @Test("enqueue writes the payload (the document's bytes) and its metadata, without the secret")
    func enqueue() throws {
        let area = try UploadTestArea()
        let outbox = area.outbox(ScriptedUploadTransport(statuses: [201]))
        let item = try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        #expect(item.id == "6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13-native-" + item.id.suffix(8))
        #expect(item.resultID == "6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13")
        #expect(item.machine == "pluto")
        #expect(item.url == "https://farm.example.org/results")
        #expect(item.attempts == 0 && item.nextAttemptAt == area.clock.now && item.createdAt == area.clock.now)
        #expect(UploadTestArea.files(outbox.directory) == [item.id + ".json", item.id + ".payload", "rejected"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: outbox.payloadFile(item.id))) == area.fixture.bytes)
        #expect(item.payloadBytes == area.fixture.bytes.count)
        let metadata = try String(contentsOfFile: outbox.metadataFile(item.id), encoding: .utf8)
        for key in [
            "\"url\"", "\"format\" : \"native\"", "\"result_id\"", "\"machine\" : \"pluto\"", "\"created_at\"",
            "\"attempts\" : 0", "\"next_attempt_at\"", "\"last_error\" : null",
        ] {
            #expect(metadata.contains(key), "\(key) in \(metadata)")
        }
        var info = stat()
        #expect(stat(outbox.directory, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(stat(outbox.payloadFile(item.id), &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try outbox.pending() == [item])
    }

    @Test("a 2xx delivers and removes; the request carries the result id, the machine and a valid signature")
    func delivered() async throws {
        let area = try UploadTestArea()
        let transport = ScriptedUploadTransport(statuses: [201])
        let outbox = area.outbox(transport)
        let item = try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        let report = try await outbox.flush(secret: area.secret)
        #expect(report.delivered.map(\.id) == [item.id])
        #expect(report.delivered.first?.status == 201)
        #expect(report.isComplete && report.warnings.isEmpty)
        #expect(try outbox.pending().isEmpty)
        #expect(UploadTestArea.files(outbox.directory) == ["rejected"])
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST" && request.url.absoluteString == "https://farm.example.org/results")
        #expect(request.body == area.fixture.bytes)
        #expect(request.header("X-PerfFarm-Result-Id") == "6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13")
        #expect(request.header("X-PerfFarm-Machine") == "pluto")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Authorization") == nil)
        let timestamp = try #require(request.header("X-PerfFarm-Timestamp").flatMap { Int64($0) })
        #expect(timestamp == Int64(area.clock.now.timeIntervalSince1970))
        let signature = try #require(request.header("X-PerfFarm-Signature"))
        #expect(signature.hasPrefix("sha256=") && signature.count == 7 + 64)
        #expect(UploadSignature.verify(signature, timestamp: timestamp, body: request.body, secret: area.secret))
        #expect(!request.description.contains(signature.dropFirst(7)))
    }

    @Test("503 and a timeout keep it with a later next attempt, the backoff grows; flush(force:) retries")
    func keptWithBackoff() async throws {
        let area = try UploadTestArea()
        let transport = ScriptedUploadTransport([
            .success(UploadResponse(status: 503, body: Data("Service Unavailable\nretry later".utf8))),
            .failure(UploadTransportError(.timedOut, "no answer within 60 s")),
            .success(UploadResponse(status: 202)),
        ])
        let outbox = area.outbox(transport)
        let item = try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        let start = area.clock.now

        let first = try await outbox.flush(secret: area.secret)
        let kept = try #require(first.kept.first)
        #expect(kept.status == 503 && kept.reason == "HTTP 503: Service Unavailable" && kept.attempted)
        #expect(kept.nextAttemptAt == start.addingTimeInterval(60))
        #expect(!first.isComplete)
        var pending = try #require(try outbox.pending().first)
        #expect(
            pending.attempts == 1 && pending.lastStatus == 503 && pending.lastError == "HTTP 503: Service Unavailable")
        #expect(pending.nextAttemptAt == start.addingTimeInterval(60))
        #expect(try Data(contentsOf: URL(fileURLWithPath: outbox.payloadFile(item.id))) == area.fixture.bytes)

        // Not due yet: no attempt.
        area.clock.advance(by: 30)
        let waiting = try await outbox.flush(secret: area.secret)
        #expect(waiting.kept.first?.attempted == false)
        #expect(waiting.kept.first?.reason?.hasPrefix("not due yet (1 failed attempt; last error: HTTP 503") == true)
        #expect(transport.requests.count == 1)

        // Forced: tried now; the timeout doubles the delay.
        let forced = try await outbox.flush(secret: area.secret, force: true)
        #expect(forced.kept.first?.reason == "no answer within 60 s" && forced.kept.first?.status == nil)
        pending = try #require(try outbox.pending().first)
        #expect(pending.attempts == 2 && pending.lastStatus == nil)
        #expect(pending.nextAttemptAt == start.addingTimeInterval(30 + 120))
        #expect(transport.requests.count == 2)

        // Due: delivered.
        area.clock.advance(by: 120)
        let last = try await outbox.flush(secret: area.secret)
        #expect(last.delivered.map(\.id) == [item.id] && last.delivered.first?.attempts == 3)
        #expect(try outbox.pending().isEmpty)
    }

    @Test("the backoff: 1 min, 2, 4 … capped at 6 h, plus up to 25 % jitter")
    func backoff() {
        let policy = RetryPolicy()
        #expect(policy.delay(afterFailedAttempts: 1, random: 0) == .seconds(60))
        #expect(policy.delay(afterFailedAttempts: 2, random: 0) == .seconds(120))
        #expect(policy.delay(afterFailedAttempts: 5, random: 0) == .seconds(960))
        #expect(policy.delay(afterFailedAttempts: 9, random: 0) == .seconds(15360))
        #expect(policy.delay(afterFailedAttempts: 10, random: 0) == .seconds(6 * 3600))
        #expect(policy.delay(afterFailedAttempts: 500, random: 0) == .seconds(6 * 3600))
        #expect(policy.delay(afterFailedAttempts: 1, random: 0.5) == .milliseconds(67_500))
        #expect(policy.delay(afterFailedAttempts: 1, random: 0.999) < .seconds(75))
    }

    @Test("a 429 is kept, and its Retry-After is honoured when later than the backoff")
    func tooManyRequests() async throws {
        let area = try UploadTestArea()
        let transport = ScriptedUploadTransport([
            .success(UploadResponse(status: 429, headers: ["Retry-After": "600"], body: Data("slow down".utf8)))
        ])
        let outbox = area.outbox(transport)
        try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        let report = try await outbox.flush(secret: area.secret)
        #expect(report.kept.first?.status == 429)
        #expect(report.kept.first?.nextAttemptAt == area.clock.now.addingTimeInterval(600))
    }

    @Test("400 and 406 move it to rejected/ with the server's answer", arguments: [400, 406])
    func rejected(status: Int) async throws {
        let area = try UploadTestArea()
        let answer = "Upload error: " + String(repeating: "x", count: 70 * 1024)
        let transport = ScriptedUploadTransport([
            .success(UploadResponse(status: status, headers: ["Content-Type": "text/plain"], body: Data(answer.utf8)))
        ])
        let outbox = area.outbox(transport)
        let item = try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        let report = try await outbox.flush(secret: area.secret)
        let entry = try #require(report.rejected.first)
        #expect(entry.status == status && entry.rejectedFile == outbox.metadataFile(item.id, rejected: true))
        #expect(entry.reason?.hasPrefix("HTTP \(status): Upload error: xxx") == true)
        #expect(!report.isComplete)
        #expect(try outbox.pending().isEmpty)
        #expect(UploadTestArea.files(outbox.directory) == ["rejected"])
        #expect(UploadTestArea.files(outbox.rejectedDirectory) == [item.id + ".json", item.id + ".payload"])
        let refused = try #require(try outbox.rejected().first)
        #expect(refused.answer?.status == status && refused.answer?.contentType == "text/plain")
        #expect(refused.answer?.body.utf8.count == Outbox.keptAnswerBytes && refused.answer?.bodyTruncated == true)
        #expect(refused.attempts == 1 && refused.rejectedAt == area.clock.now)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: outbox.payloadFile(item.id, rejected: true)))
                == area.fixture.bytes)
        // A rejected item is not tried again.
        #expect(try await outbox.flush(secret: area.secret, force: true).entries.isEmpty)
        #expect(transport.requests.count == 1)
    }

    @Test("exactly once: after a 503 then a 201 the server saw the payload twice, the outbox holds nothing")
    func exactlyOnce() async throws {
        let area = try UploadTestArea()
        let transport = ScriptedUploadTransport(statuses: [503, 201])
        let outbox = area.outbox(transport)
        try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        let first = try await outbox.flush(secret: area.secret)
        area.clock.advance(by: 61)
        let second = try await outbox.flush(secret: area.secret)
        #expect(first.kept.count == 1 && first.delivered.isEmpty)
        #expect(second.delivered.count == 1 && second.kept.isEmpty && second.rejected.isEmpty)
        #expect(transport.requests.count == 2)
        #expect(transport.requests.allSatisfy { $0.body == area.fixture.bytes })
        #expect(Set(transport.requests.compactMap { $0.header("X-PerfFarm-Result-Id") }).count == 1)
        // Each attempt is signed anew.
        #expect(
            transport.requests[0].header("X-PerfFarm-Timestamp") != transport.requests[1].header("X-PerfFarm-Timestamp")
        )
        #expect(try outbox.pending().isEmpty && outbox.rejected().isEmpty)
        #expect(try await outbox.flush(secret: area.secret, force: true).entries.isEmpty)
    }

    @Test("a crash between enqueue and delivery loses nothing: another outbox (process) delivers it")
    func crashSafe() async throws {
        let area = try UploadTestArea()
        let item = try area.outbox(ScriptedUploadTransport(statuses: [500]))
            .enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        // What an interrupted write leaves: a temporary file, and a payload whose metadata was never written.
        let directory = Outbox.directory(workArea: area.workArea)
        try Data("partial".utf8).write(to: URL(fileURLWithPath: directory + "/.x.json.tmp-1234"))
        try Data("orphan".utf8).write(to: URL(fileURLWithPath: directory + "/orphan-native-00000000.payload"))
        let transport = ScriptedUploadTransport(statuses: [200])
        let report = try await area.outbox(transport).flush(secret: area.secret)
        #expect(report.delivered.map(\.id) == [item.id])
        #expect(transport.requests.map(\.body) == [area.fixture.bytes])
    }

    @Test("an unreadable metadata file is reported as kept, never dropped silently")
    func unreadableMetadata() async throws {
        let area = try UploadTestArea()
        let outbox = area.outbox(ScriptedUploadTransport(statuses: [201]))
        try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: outbox.directory + "/broken-native-12345678.json"))
        let report = try await outbox.flush(secret: area.secret)
        #expect(report.delivered.count == 1)
        let kept = try #require(report.kept.first)
        #expect(kept.id == "broken-native-12345678" && !kept.attempted)
        #expect(
            kept.reason
                == "\(outbox.directory)/broken-native-12345678.json: not an outbox item's metadata (fix or remove it by hand)"
        )
        #expect(!report.isComplete)
    }

    @Test("enqueuing the same result again replaces it and makes it due now, its history kept")
    func enqueueAgain() async throws {
        let area = try UploadTestArea()
        let outbox = area.outbox(ScriptedUploadTransport(statuses: [502]))
        try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        _ = try await outbox.flush(secret: area.secret)
        area.clock.advance(by: 5)
        let again = try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        #expect(again.attempts == 1 && again.lastStatus == 502 && again.nextAttemptAt == area.clock.now)
        #expect(try outbox.pending().count == 1)
        // Another destination or format is another item.
        try outbox.enqueue(
            documentAt: area.fixture.documentPath,
            settings: try UploadSettings(url: "https://pgperffarm.example.org/api", format: .pgperffarm))
        #expect(try outbox.pending().map(\.format) == [.native, .pgperffarm])
    }

    @Test("a document without result_id gets a stable id from its bytes; without machine, --machine's")
    func derivedIdentity() async throws {
        let area = try UploadTestArea(resultID: nil, machine: nil)
        let outbox = area.outbox(ScriptedUploadTransport(statuses: [201]))
        #expect(throws: PerfFarmError.self) {
            try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        }
        let item = try outbox.enqueue(
            documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings, machine: "saturn")
        #expect(item.machine == "saturn")
        #expect(item.resultID == UploadDocument.identifier(of: area.fixture.bytes))
        #expect(item.resultID.count == 36 && Array(item.resultID)[14] == "8")
        #expect(try UploadDocument.load(area.fixture.documentPath).resultID == item.resultID)
    }

    @Test("an outbox writable by others, or owned by another user, is refused with one line naming it")
    func unsafeDirectory() throws {
        let area = try UploadTestArea()
        let outbox = area.outbox(ScriptedUploadTransport(statuses: [201]))
        _ = try outbox.pending()
        chmod(outbox.directory, 0o777)
        let error = try #require(throws: PerfFarmError.self) { try outbox.pending() }
        #expect(error.code == .invalidConfiguration && error.path == outbox.directory)
        #expect(
            "\(error)"
                == "\(outbox.directory): the outbox directory is writable by its group or others (mode 0777); refused (chmod 700 it)"
        )
        #expect(throws: PerfFarmError.self) {
            try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        }
        chmod(outbox.directory, 0o700)
        if geteuid() == 0 {
            chown(outbox.directory, 65534, 65534)
            let owned = try #require(throws: PerfFarmError.self) { try outbox.pending() }
            #expect("\(owned)".contains("is owned by uid 65534, not by this user (uid 0); refused"))
            chown(outbox.directory, 0, 0)
        }
        try FileManager.default.removeItem(atPath: outbox.directory)
        try FileManager.default.createSymbolicLink(atPath: outbox.directory, withDestinationPath: area.directory.path)
        #expect(throws: PerfFarmError.self) { try outbox.pending() }
    }

    @Test("a 3xx is rejected: redirects are not followed (the secret stays with the configured host)")
    func redirect() async throws {
        let area = try UploadTestArea()
        let transport = ScriptedUploadTransport([
            .success(UploadResponse(status: 301, headers: ["Location": "http://elsewhere.example.org/"]))
        ])
        let outbox = area.outbox(transport)
        try outbox.enqueue(documentAt: area.fixture.documentPath, settings: UploadTestArea.nativeSettings)
        let report = try await outbox.flush(secret: area.secret)
        #expect(
            report.rejected.first?.reason
                == "HTTP 301 (redirected to http://elsewhere.example.org/; redirects are not followed)")
    }

    @Test("plain http to another machine is a warning of the settings and of the report; loopback is not")
    func plainHTTPWarning() async throws {
        #expect(try UploadSettings(url: "http://127.0.0.1:8000/x").warnings.isEmpty)
        #expect(try UploadSettings(url: "http://localhost/x").warnings.isEmpty)
        #expect(try UploadSettings(url: "http://[::1]:8000/x").warnings.isEmpty)
        #expect(try UploadSettings(url: "https://farm.example.org/x").warnings.isEmpty)
        let warning = try #require(try UploadSettings(url: "http://farm.example.org/x").warnings.first)
        #expect(
            warning == "http://farm.example.org/x is plain http to another machine: the results travel unencrypted "
                + "(signed, but readable and replayable within the server's window); use https")
        let pgperffarm = try UploadSettings(url: "http://10.0.0.7/api", format: .pgperffarm)
        #expect(pgperffarm.destination.absoluteString == "http://10.0.0.7/api/run/upload/")
        #expect(
            pgperffarm.warnings.first?.contains("the machine secret (its Authorization header) travel unencrypted")
                == true)

        let area = try UploadTestArea()
        let outbox = area.outbox(ScriptedUploadTransport(statuses: [201]))
        try outbox.enqueue(
            documentAt: area.fixture.documentPath, settings: try UploadSettings(url: "http://farm.example.org/x"))
        #expect(try await outbox.flush(secret: area.secret).warnings == [warning])
    }

    @Test("settings: http(s) only, no credentials in the URL, /run/upload/ appended once for pgperffarm")
    func settings() throws {
        for bad in ["ftp://x/", "farm.example.org", "https://user:pass@farm.example.org/", ""] {
            #expect(throws: PerfFarmError.self) { try UploadSettings(url: bad) }
        }
        #expect(throws: PerfFarmError.self) { try UploadSettings(url: "https://x/", timeout: .zero) }
        for url in [
            "https://p.example.org/api", "https://p.example.org/api/", "https://p.example.org/api/run/upload/",
            "https://p.example.org/api/run/upload",
        ] {
            #expect(
                try UploadSettings(url: url, format: .pgperffarm).destination.absoluteString
                    == "https://p.example.org/api/run/upload/")
        }
        #expect(
            try UploadSettings(url: "https://p.example.org/api").destination.absoluteString
                == "https://p.example.org/api")
        var configuration = FarmConfiguration()
        #expect(throws: PerfFarmError.self) { try UploadSettings(configuration: configuration) }
        configuration.upload.url = "https://farm.example.org/r"
        configuration.upload.format = .pgperffarm
        configuration.upload.timeout = 2.5
        let settings = try UploadSettings(configuration: configuration)
        #expect(settings.format == .pgperffarm && settings.timeout == .milliseconds(2500))
    }
}
