public import Foundation
public import PerfFarmCore

/// The metadata of one result waiting in the outbox (`<outbox>/<id>.json`, beside `<id>.payload`, the exact
/// bytes to POST), or refused by the server (`<outbox>/rejected/`). It never holds the machine secret: the
/// timestamp, signature and `Authorization` header are made at each attempt.
public struct OutboxItem: Codable, Sendable, Equatable {
    /// What the server answered when it refused the item.
    public struct ServerAnswer: Codable, Sendable, Equatable {
        /// The HTTP status.
        public var status: Int
        /// The first 64 KiB of the body, as text (invalid UTF-8 replaced).
        public var body: String
        /// Whether the body was longer than what is kept.
        public var bodyTruncated: Bool
        /// The answer's `Content-Type`.
        @Nullable public var contentType: String?

        /// Creates an answer.
        public init(status: Int, body: String, bodyTruncated: Bool, contentType: String?) {
            self.status = status
            self.body = body
            self.bodyTruncated = bodyTruncated
            self.contentType = contentType
        }

        enum CodingKeys: String, CodingKey {
            case status, body
            case bodyTruncated = "body_truncated"
            case contentType = "content_type"
        }
    }

    /// The item's name in the outbox: `<result id>-<format>-<8 hex digits of the destination's SHA-256>`.
    public var id: String
    /// The result's stable identifier, sent as `X-PerfFarm-Result-Id`.
    public var resultID: String
    /// The machine's name, sent as `X-PerfFarm-Machine`.
    public var machine: String
    /// The destination URL (for pgperffarm, with `/run/upload/`).
    public var url: String
    /// The payload's format.
    public var format: UploadFormat
    /// The result document the payload was made from.
    @Nullable public var document: String?
    /// The payload's size.
    public var payloadBytes: Int
    /// The payload's SHA-256 (lowercase hex), checked before each attempt.
    public var payloadSHA256: String
    /// When it was enqueued.
    @Timestamp public var createdAt: Date
    /// The attempts made so far.
    public var attempts: Int
    /// When the next attempt is due (`flush(force: true)` does not wait for it).
    @Timestamp public var nextAttemptAt: Date
    /// When the last attempt was made.
    @Timestamp public var lastAttemptAt: Date?
    /// Why the last attempt failed.
    @Nullable public var lastError: String?
    /// The HTTP status of the last attempt, when there was an answer.
    @Nullable public var lastStatus: Int?
    /// When the server refused it (rejected items only).
    @Timestamp public var rejectedAt: Date?
    /// The server's answer when it refused it (rejected items only).
    @Nullable public var answer: ServerAnswer?

    /// Creates an item that is due at once.
    public init(
        id: String, resultID: String, machine: String, url: String, format: UploadFormat, document: String?,
        payloadBytes: Int, payloadSHA256: String, createdAt: Date
    ) {
        self.id = id
        self.resultID = resultID
        self.machine = machine
        self.url = url
        self.format = format
        self.document = document
        self.payloadBytes = payloadBytes
        self.payloadSHA256 = payloadSHA256
        self.createdAt = createdAt
        self.attempts = 0
        self.nextAttemptAt = createdAt
        self.lastAttemptAt = nil
        self.lastError = nil
        self.lastStatus = nil
        self.rejectedAt = nil
        self.answer = nil
    }

    enum CodingKeys: String, CodingKey {
        case id
        case resultID = "result_id"
        case machine, url, format, document
        case payloadBytes = "payload_bytes"
        case payloadSHA256 = "payload_sha256"
        case createdAt = "created_at"
        case attempts
        case nextAttemptAt = "next_attempt_at"
        case lastAttemptAt = "last_attempt_at"
        case lastError = "last_error"
        case lastStatus = "last_status"
        case rejectedAt = "rejected_at"
        case answer
    }
}
