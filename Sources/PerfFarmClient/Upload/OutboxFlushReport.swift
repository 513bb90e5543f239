public import Foundation
public import PerfFarmCore

/// What a flush of the outbox did with each item, and what a person should be warned about. The library does
/// not print it; `perffarm upload` shows one line per entry (or the JSON of this report).
public struct OutboxFlushReport: Codable, Sendable, Equatable {
    /// One item of the outbox after the flush.
    public struct Entry: Codable, Sendable, Equatable {
        /// What became of the item.
        public enum Outcome: String, Codable, Sendable, Equatable {
            /// The server answered 2xx: the item left the outbox.
            case delivered
            /// Still in the outbox: the attempt failed (network, timeout, 5xx, 408, 429) or it was not due.
            case kept
            /// The server refused it (4xx other than 408 and 429, or a 3xx): moved to `rejected/` with the answer.
            case rejected
        }

        /// The item's name in the outbox.
        public var id: String
        /// The result's stable identifier.
        public var resultID: String
        /// The machine's name.
        public var machine: String
        /// The destination.
        public var url: String
        /// The payload's format.
        public var format: UploadFormat
        /// What became of it.
        public var outcome: Outcome
        /// The HTTP status of this flush's attempt; `nil` without an answer or an attempt.
        @Nullable public var status: Int?
        /// Why it was kept or rejected (the error, or the first line of the server's answer).
        @Nullable public var reason: String?
        /// Whether an attempt was made in this flush (a kept item may just not have been due).
        public var attempted: Bool
        /// The attempts made so far, this one included.
        public var attempts: Int
        /// When a kept item will be tried again.
        @Timestamp public var nextAttemptAt: Date?
        /// Where a rejected item's metadata (with the answer) now is.
        @Nullable public var rejectedFile: String?

        /// Creates an entry.
        public init(
            item: OutboxItem, outcome: Outcome, status: Int? = nil, reason: String? = nil, attempted: Bool,
            nextAttemptAt: Date? = nil, rejectedFile: String? = nil
        ) {
            self.id = item.id
            self.resultID = item.resultID
            self.machine = item.machine
            self.url = item.url
            self.format = item.format
            self.outcome = outcome
            self.status = status
            self.reason = reason
            self.attempted = attempted
            self.attempts = item.attempts
            self.nextAttemptAt = nextAttemptAt
            self.rejectedFile = rejectedFile
        }

        enum CodingKeys: String, CodingKey {
            case id
            case resultID = "result_id"
            case machine, url, format, outcome, status, reason, attempted, attempts
            case nextAttemptAt = "next_attempt_at"
            case rejectedFile = "rejected_file"
        }
    }

    /// Every item the flush looked at, in outbox order (oldest first).
    public var entries: [Entry]
    /// Plain http to another machine, once per destination.
    public var warnings: [String]

    /// Creates a report.
    public init(entries: [Entry] = [], warnings: [String] = []) {
        self.entries = entries
        self.warnings = warnings
    }

    /// The items delivered by this flush.
    public var delivered: [Entry] { entries.filter { $0.outcome == .delivered } }
    /// The items still in the outbox.
    public var kept: [Entry] { entries.filter { $0.outcome == .kept } }
    /// The items the server refused.
    public var rejected: [Entry] { entries.filter { $0.outcome == .rejected } }
    /// Whether nothing is left failing: every item was delivered (or there was none).
    public var isComplete: Bool { kept.isEmpty && rejected.isEmpty }

    enum CodingKeys: String, CodingKey {
        case entries, warnings
    }
}
