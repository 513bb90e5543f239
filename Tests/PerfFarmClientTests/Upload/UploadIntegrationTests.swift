import Foundation
import Logging
import PerfFarmCore
import PerfFarmTestSupport
import Testing

@testable import PerfFarmClient

/// The outbox with the live URLSession transport against a real HTTP server on 127.0.0.1.
@Suite("Upload to a real HTTP server (URLSession)", .serialized, .timeLimit(.minutes(2)))
struct UploadIntegrationTests {
    func outbox(_ area: UploadTestArea) -> Outbox {
        Outbox(
            directory: Outbox.directory(workArea: area.workArea),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test("native: the server's recorded body is the document's bytes and its signature verifies")
    func native() async throws {
        let area = try UploadTestArea()
        try await TestHTTPServer.run { server in
            let settings = try UploadSettings(url: server.baseURL + "/api/results")
            let outbox = outbox(area)
            try outbox.enqueue(documentAt: area.fixture.documentPath, settings: settings)
            let report = try await outbox.flush(secret: area.secret, timeout: .seconds(10))
            #expect(report.delivered.count == 1 && report.delivered.first?.status == 201)
            #expect(report.warnings.isEmpty)
            let request = try #require(try server.requests().first)
            #expect(try server.requests().count == 1)
            #expect(request.method == "POST" && request.path == "/api/results")
            #expect(request.body == area.fixture.bytes)
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("X-PerfFarm-Machine") == "pluto")
            #expect(request.header("X-PerfFarm-Result-Id") == "6f1c2a4e-8d3b-4f7a-9c1e-2b5d7a9e0c13")
            #expect(request.header("Authorization") == nil)
            let timestamp = try #require(request.header("X-PerfFarm-Timestamp").flatMap { Int64($0) })
            #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 60)
            let signature = try #require(request.header("X-PerfFarm-Signature"))
            #expect(UploadSignature.verify(signature, timestamp: timestamp, body: request.body, secret: area.secret))
            // As a server would check it: python3's hmac over the recorded bytes, compared in constant time.
            let verified = try python(
                """
                import hmac, hashlib, sys
                body = sys.stdin.buffer.read()
                expected = "sha256=" + hmac.new(sys.argv[1].encode(), sys.argv[2].encode() + b"\\n" + body, hashlib.sha256).hexdigest()
                print(hmac.compare_digest(expected, sys.argv[3]))
                """, [area.secret.value, String(timestamp), signature], input: request.body)
            #expect(verified == "True")
            #expect(try outbox.pending().isEmpty)
        }
    }

    @Test("503 keeps the payload; switched to 201, a forced flush delivers it; 400 goes to rejected/")
    func keepThenDeliverThenReject() async throws {
        let area = try UploadTestArea()
        try await TestHTTPServer.run(status: 503) { server in
            let settings = try UploadSettings(url: server.baseURL + "/results")
            let outbox = outbox(area)
            let item = try outbox.enqueue(documentAt: area.fixture.documentPath, settings: settings)
            let kept = try await outbox.flush(secret: area.secret, timeout: .seconds(10))
            #expect(kept.kept.first?.status == 503)
            #expect(try outbox.pending().map(\.id) == [item.id])
            try server.respond(status: 201)
            let delivered = try await outbox.flush(secret: area.secret, timeout: .seconds(10), force: true)
            #expect(delivered.delivered.map(\.id) == [item.id])
            #expect(try server.requests().map(\.body) == [area.fixture.bytes, area.fixture.bytes])

            try server.respond(status: 400, body: "{\"error\": \"unknown machine pluto\"}")
            try outbox.enqueue(documentAt: area.fixture.documentPath, settings: settings)
            let rejected = try await outbox.flush(secret: area.secret, timeout: .seconds(10))
            #expect(rejected.rejected.first?.reason == "HTTP 400: {\"error\": \"unknown machine pluto\"}")
            #expect(try outbox.rejected().first?.answer?.body == "{\"error\": \"unknown machine pluto\"}")
            #expect(try outbox.pending().isEmpty)
        }
    }

    @Test("no answer within the timeout: kept, with the reason")
    func timeout() async throws {
        let area = try UploadTestArea()
        try await TestHTTPServer.run { server in
            try server.respond(status: 201, delay: 5)
            let outbox = outbox(area)
            try outbox.enqueue(
                documentAt: area.fixture.documentPath, settings: try UploadSettings(url: server.baseURL + "/r"))
            let report = try await outbox.flush(secret: area.secret, timeout: .seconds(1))
            #expect(report.kept.first?.reason == "no answer within 1 s")
            #expect(try outbox.pending().count == 1)
        }
    }

    @Test("a refused connection: kept, with the reason")
    func refused() async throws {
        let area = try UploadTestArea()
        let port = try await TestHTTPServer.run { $0.port }
        let outbox = outbox(area)
        try outbox.enqueue(
            documentAt: area.fixture.documentPath, settings: try UploadSettings(url: "http://127.0.0.1:\(port)/r"))
        let report = try await outbox.flush(secret: area.secret, timeout: .seconds(5))
        #expect(report.kept.count == 1 && report.kept.first?.status == nil)
        #expect(report.kept.first?.reason?.isEmpty == false)
    }

    @Test("pgperffarm: /run/upload/, Authorization is the secret, an array of one object; 406 is rejected")
    func pgperffarm() async throws {
        let area = try UploadTestArea()
        try await TestHTTPServer.run { server in
            let settings = try UploadSettings(url: server.baseURL + "/api", format: .pgperffarm)
            let outbox = outbox(area)
            try outbox.enqueue(documentAt: area.fixture.documentPath, settings: settings)
            let report = try await outbox.flush(secret: area.secret, timeout: .seconds(10))
            #expect(report.delivered.count == 1)
            let request = try #require(try server.requests().first)
            #expect(request.path == "/api/run/upload/")
            #expect(request.header("Authorization") == area.secret.value)
            #expect(request.header("Content-Type") == "application/json; charset=utf-8")
            #expect(request.header("X-PerfFarm-Signature") == nil)
            let array = try #require(try JSONSerialization.jsonObject(with: request.body) as? [[String: Any]])
            #expect(array.count == 1)
            let object = try #require(array.first)
            #expect(Set(object.keys) == Set(PgPerfFarmPayloadTests.keys.map(\.0)))
            #expect(object["pgbench"] is [Any] && object["pgbench_log"] is String && object["kernel"] is [String: Any])
            #expect(object["git_clone_runtime"] is NSNull && object["configure_runtime"] as? String == "0:00:12.250000")
            let pgbench = try #require(object["pgbench"] as? [[String: Any]])
            #expect(pgbench.first?["clients"] as? [Int] == [1, 2] && pgbench.first?["read_only"] as? Bool == false)

            // The server refuses a run it already has (same run_start_time): 406, rejected with the answer.
            try server.respond(status: 406)
            try outbox.enqueue(documentAt: area.fixture.documentPath, settings: settings)
            let refused = try await outbox.flush(secret: area.secret, timeout: .seconds(10))
            #expect(refused.rejected.first?.status == 406 && refused.rejected.first?.reason == "HTTP 406")
            #expect(try outbox.rejected().first?.answer?.status == 406)
        }
        // The secret is in no file of the work area: not in the payloads, the metadata, the answers.
        #expect(UploadTestArea.filesContaining(area.secret.value, under: area.workArea).isEmpty)
    }

    @Test("a server that echoes the secret: its answer is kept without it")
    func echoedSecret() async throws {
        let area = try UploadTestArea()
        try await TestHTTPServer.run { server in
            try server.respond(status: 403, body: "Authorization \(area.secret.value) is not known")
            let outbox = outbox(area)
            try outbox.enqueue(
                documentAt: area.fixture.documentPath,
                settings: try UploadSettings(url: server.baseURL, format: .pgperffarm))
            let report = try await outbox.flush(secret: area.secret, timeout: .seconds(10))
            #expect(report.rejected.first?.reason == "HTTP 403: Authorization ******** is not known")
            #expect(try outbox.rejected().first?.answer?.body == "Authorization ******** is not known")
        }
        #expect(UploadTestArea.filesContaining(area.secret.value, under: area.workArea).isEmpty)
    }
}
