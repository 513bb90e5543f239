public import Foundation
import PerfFarmCore

/// One HTTP request of an upload attempt: built from an outbox item at each attempt (with a fresh timestamp and
/// signature), handed to an ``UploadTransport``, then dropped.
///
/// Its ``description`` shows the method, URL and header names with the values of `Authorization` and
/// `X-PerfFarm-Signature` masked; the body is never shown.
public struct UploadRequest: Sendable, CustomStringConvertible {
    /// Header names of the native format.
    public enum Header {
        /// The machine's name.
        public static let machine = "X-PerfFarm-Machine"
        /// Unix seconds of the attempt, signed with the body.
        public static let timestamp = "X-PerfFarm-Timestamp"
        /// `sha256=` and the lowercase hex HMAC-SHA256 of the timestamp, a newline, and the body.
        public static let signature = "X-PerfFarm-Signature"
        /// The result's stable identifier: the same at every attempt, so that a server can ignore a duplicate.
        public static let resultID = "X-PerfFarm-Result-Id"
        /// The pgperffarm server's machine secret.
        public static let authorization = "Authorization"
    }

    /// `POST`.
    public var method: String
    /// Where it goes.
    public var url: URL
    /// The headers, in order.
    public var headers: [(name: String, value: String)]
    /// The exact bytes of the body.
    public var body: Data

    /// Creates a request.
    public init(method: String = "POST", url: URL, headers: [(name: String, value: String)], body: Data) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the header `name` (case-insensitive), or `nil`.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The request of an attempt to deliver `body` in `format`.
    /// - Parameters:
    ///   - format: native (signed) or pgperffarm (the secret in `Authorization`).
    ///   - url: the destination.
    ///   - body: the payload, exactly as stored in the outbox.
    ///   - resultID: the result's stable identifier.
    ///   - machine: the machine's name.
    ///   - secret: the machine secret.
    ///   - now: the attempt's time (its Unix seconds are signed).
    static func make(
        format: UploadFormat, url: URL, body: Data, resultID: String, machine: String, secret: MachineSecret,
        now: Date
    ) -> UploadRequest {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", format == .native ? "application/json" : "application/json; charset=utf-8"),
            (Header.machine, machine),
            (Header.resultID, resultID),
        ]
        switch format {
        case .native:
            let timestamp = UploadSignature.timestamp(now)
            headers.append((Header.timestamp, String(timestamp)))
            headers.append((Header.signature, UploadSignature.sign(timestamp: timestamp, body: body, secret: secret)))
        case .pgperffarm:
            headers.append((Header.authorization, secret.value))
        }
        return UploadRequest(url: url, headers: headers, body: body)
    }

    public var description: String {
        let shown = headers.map { header -> String in
            let secretHeader = [Header.authorization, Header.signature].contains {
                $0.lowercased() == header.name.lowercased()
            }
            return "\(header.name): \(secretHeader ? MachineSecret.masked : header.value)"
        }
        return "\(method) \(url.absoluteString) [\(shown.joined(separator: "; "))] (\(body.count) bytes)"
    }
}

/// The server's answer to an ``UploadRequest``.
public struct UploadResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// The headers, names lowercased.
    public var headers: [String: String]
    /// The body (a transport may cut it; the outbox keeps the first 64 KiB).
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
    }
}

/// Why a request got no answer: the outbox keeps the item and tries again later.
public struct UploadTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Sendable, Equatable {
        /// No answer within the timeout.
        case timedOut = "timed_out"
        /// The connection failed (refused, reset, DNS, TLS).
        case network
    }

    /// What happened.
    public var kind: Kind
    /// One sentence (never a header value).
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Sends an upload request and returns the answer: ``URLSessionUploadTransport`` for real servers, a scripted one
/// in tests of the outbox.
public protocol UploadTransport: Sendable {
    /// Sends `request`, waiting at most `timeout` for the whole answer.
    /// - Returns: the answer, whatever its status.
    /// - Throws: ``UploadTransportError`` when there is no answer (timeout, connection failure).
    func send(_ request: UploadRequest, timeout: Duration) async throws -> UploadResponse
}
