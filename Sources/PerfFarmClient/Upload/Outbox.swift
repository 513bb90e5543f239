public import Foundation
public import Logging
public import PerfFarmCore
import PerfFarmProcess

/// The one queue of results for the farm's server: `<work>/outbox/`.
///
/// ``enqueue(documentAt:settings:machine:)`` writes the payload (the exact bytes to POST, `<id>.payload`) and its
/// metadata (``OutboxItem``, `<id>.json`) durably: a temporary file, `fsync`, a rename, an `fsync` of the
/// directory; the metadata last, so an item exists only once its payload is complete.
/// ``flush(secret:timeout:force:)`` tries every item that is due: a 2xx removes it, a network error, a timeout,
/// a 5xx, a 408 or a 429 keeps it for a later attempt (``RetryPolicy``), any other answer moves it to
/// `rejected/` with the answer. A crash at any point loses nothing: the next flush sends what is still there,
/// and the stable `X-PerfFarm-Result-Id` lets the server ignore what it already has.
///
/// One process at a time: the CLI and the farm run hold the work area's lock around it. The outbox directory
/// must be the user's own and not writable by others; the library never prints and logs at `.debug` only.
public struct Outbox: Sendable {
    /// The outbox directory.
    public let directory: String
    private let transport: any UploadTransport
    private let policy: RetryPolicy
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let random: @Sendable () -> Double

    /// The outbox at `directory`.
    /// - Parameters:
    ///   - directory: `<work>/outbox` (created with mode 0700 when missing).
    ///   - transport: how requests are sent; `URLSession` by default.
    ///   - policy: when failed items are tried again.
    ///   - logger: `.debug` lines for each attempt (never a header or the secret).
    ///   - clock: the time (tests move it).
    ///   - random: numbers in `0..<1` for the backoff's jitter.
    public init(
        directory: String, transport: any UploadTransport = URLSessionUploadTransport(),
        policy: RetryPolicy = RetryPolicy(), logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.directory = FileSystem.absolute(directory)
        self.transport = transport
        self.policy = policy
        self.logger = logger
        self.clock = clock
        self.random = random
    }

    /// The outbox of a work area: `<work>/outbox`.
    public static func directory(workArea: String) -> String {
        FileSystem.absolute(workArea) + "/outbox"
    }

    /// Where refused items go.
    public var rejectedDirectory: String { directory + "/rejected" }

    // MARK: - Enqueue

    /// Enqueues the result document at `path` for `settings`' server.
    ///
    /// The native payload is the document's bytes as they are; the pgperffarm payload is made from the document
    /// and the files of its run directory (``PgPerfFarmPayload``). Enqueuing a result already waiting for the same
    /// destination replaces its payload and makes it due at once.
    /// - Parameters:
    ///   - path: the result document.
    ///   - settings: the destination and format.
    ///   - machine: the machine's name when the document has none (`perffarm bench` results).
    /// - Returns: the item as written.
    /// - Throws: ``PerfFarmError``: the document cannot be read or is not a result (`file_access`,
    ///   `unrecognized_input`), no machine name (`invalid_configuration`), the outbox is not safe
    ///   (`invalid_configuration`) or cannot be written (`file_access`).
    @discardableResult
    public func enqueue(documentAt path: String, settings: UploadSettings, machine: String? = nil) throws
        -> OutboxItem
    {
        let document = try UploadDocument.load(path)
        let payload: Data
        switch settings.format {
        case .native: payload = document.bytes
        case .pgperffarm: payload = try PgPerfFarmPayload.make(result: document.result, documentPath: path).encoded()
        }
        return try enqueue(
            payload: payload, resultID: document.resultID, machine: document.result.machine ?? machine,
            settings: settings, document: FileSystem.absolute(path))
    }

    /// Enqueues `result` (written at `documentPath`) for `settings`' server: the native payload is
    /// `PerfFarmJSON.encode(result)`, the document's own bytes when the farm run wrote it.
    /// - Parameters:
    ///   - result: the result; it must have a `result_id`.
    ///   - documentPath: its document, whose `output_directory` holds the raw outputs (pgperffarm format).
    ///   - settings: the destination and format.
    ///   - machine: the machine's name when the result has none.
    /// - Returns: the item as written.
    /// - Throws: ``PerfFarmError`` as ``enqueue(documentAt:settings:machine:)``.
    @discardableResult
    public func enqueue(
        _ result: BenchmarkResult, documentPath: String, settings: UploadSettings, machine: String? = nil
    ) throws -> OutboxItem {
        let bytes = try PerfFarmJSON.encode(result)
        let payload: Data
        switch settings.format {
        case .native: payload = bytes
        case .pgperffarm: payload = try PgPerfFarmPayload.make(result: result, documentPath: documentPath).encoded()
        }
        return try enqueue(
            payload: payload, resultID: result.resultID ?? UploadDocument.identifier(of: bytes),
            machine: result.machine ?? machine, settings: settings, document: FileSystem.absolute(documentPath))
    }

    private func enqueue(
        payload: Data, resultID: String, machine: String?, settings: UploadSettings, document: String?
    ) throws -> OutboxItem {
        guard let machine, !machine.isEmpty else {
            throw PerfFarmError(
                .invalidConfiguration, "the result names no machine: give --machine (or [machine] name)",
                path: document)
        }
        guard FarmConfiguration.isFileNameSafe(machine) else {
            throw PerfFarmError(
                .invalidConfiguration, "not a machine name (letters, digits, -, _ and . only): \"\(machine)\"",
                path: document)
        }
        try prepare()
        let destination = settings.destination.absoluteString
        let id = Self.itemID(resultID: resultID, format: settings.format, destination: destination)
        let now = clock()
        var item = OutboxItem(
            id: id, resultID: resultID, machine: machine, url: destination, format: settings.format,
            document: document, payloadBytes: payload.count, payloadSHA256: SHA256Hex.digest(payload), createdAt: now)
        if let existing = try? readItem(metadataFile(id)) {
            // The same result again for the same destination: a new payload, due now, history kept.
            item.createdAt = existing.createdAt
            item.attempts = existing.attempts
            item.lastAttemptAt = existing.lastAttemptAt
            item.lastError = existing.lastError
            item.lastStatus = existing.lastStatus
        }
        try DurableFile.write(payload, to: payloadFile(id))
        try DurableFile.write(try PerfFarmJSON.encode(item), to: metadataFile(id))
        logger.debug(
            "enqueued", metadata: ["id": "\(id)", "url": "\(destination)", "bytes": "\(payload.count)"])
        return item
    }

    // MARK: - Listing

    /// The items waiting, oldest first.
    /// - Throws: ``PerfFarmError`` when the outbox is not safe or cannot be read.
    public func pending() throws -> [OutboxItem] {
        try prepare()
        return try items(in: directory).compactMap { try? $0.get() }
    }

    /// The items the server refused, oldest first.
    /// - Throws: ``PerfFarmError`` when the outbox is not safe or cannot be read.
    public func rejected() throws -> [OutboxItem] {
        try prepare()
        return try items(in: rejectedDirectory).compactMap { try? $0.get() }
    }

    /// The metadata files of `directory`, read, oldest first; an unreadable one is a failure naming it.
    func items(in directory: String) throws -> [Result<OutboxItem, PerfFarmError>] {
        let names = FileSystem.contents(directory).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        let read = names.map { name -> Result<OutboxItem, PerfFarmError> in
            do {
                return .success(try readItem(directory + "/" + name))
            } catch let error as PerfFarmError {
                return .failure(error)
            } catch {
                return .failure(PerfFarmError(.fileAccess, "\(error)", path: directory + "/" + name))
            }
        }
        return read.sorted { a, b in
            switch (a, b) {
            case (.success(let x), .success(let y)): (x.createdAt, x.id) < (y.createdAt, y.id)
            case (.failure, .success): true
            default: false
            }
        }
    }

    func readItem(_ path: String) throws -> OutboxItem {
        let data = try FileSystem.read(path)
        do {
            return try PerfFarmJSON.decode(OutboxItem.self, from: data)
        } catch {
            throw PerfFarmError(.unrecognizedInput, "not an outbox item's metadata", path: path)
        }
    }

    // MARK: - Files

    /// Creates the outbox and `rejected/` (mode 0700) and refuses them when another user could change them.
    func prepare() throws {
        try DurableFile.preparePrivateDirectory(directory, role: "the outbox directory")
        try DurableFile.preparePrivateDirectory(rejectedDirectory, role: "the outbox's rejected directory")
    }

    func payloadFile(_ id: String, rejected: Bool = false) -> String {
        (rejected ? rejectedDirectory : directory) + "/" + id + ".payload"
    }

    func metadataFile(_ id: String, rejected: Bool = false) -> String {
        (rejected ? rejectedDirectory : directory) + "/" + id + ".json"
    }

    /// `<result id>-<format>-<8 hex digits of SHA-256(destination)>`; a result id that is not a plain name is
    /// replaced by its SHA-256.
    static func itemID(resultID: String, format: UploadFormat, destination: String) -> String {
        let safe =
            !resultID.isEmpty && resultID.count <= 100
            && resultID.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        let name = safe ? resultID : String(SHA256Hex.digest(resultID).prefix(32))
        return "\(name)-\(format.rawValue)-\(SHA256Hex.digest(destination).prefix(8))"
    }

    // MARK: - For the flush

    var now: Date { clock() }
    var retryPolicy: RetryPolicy { policy }
    var sender: any UploadTransport { transport }
    var log: Logger { logger }
    func nextRandom() -> Double { random() }
}
