import Foundation
import Logging
import PerfFarmCore
import PerfFarmProcess

extension Outbox {
    /// The part of a refused answer's body kept in `rejected/`.
    public static let keptAnswerBytes = 64 * 1024

    /// Tries to deliver every item that is due (every item with `force`), oldest first.
    ///
    /// Each attempt builds its request now: the native format's `X-PerfFarm-Timestamp` and signature, or the
    /// pgperffarm format's `Authorization`, from `secret`; neither is ever written to the outbox.
    /// - Parameters:
    ///   - secret: the machine secret.
    ///   - timeout: how long one request may take.
    ///   - force: try items whose next attempt is not due yet.
    ///   - only: the items to look at (their ids); every item when `nil`.
    /// - Returns: what became of each item, and warnings (plain http to another machine).
    /// - Throws: ``PerfFarmError`` when the outbox is not safe or an item's files cannot be updated (the item is
    ///   then still there, as it was); `CancellationError` when the task is cancelled (items untouched).
    public func flush(
        secret: MachineSecret, timeout: Duration = .seconds(60), force: Bool = false, only: Set<String>? = nil
    ) async throws -> OutboxFlushReport {
        try prepare()
        var report = OutboxFlushReport()
        for read in try items(in: directory) {
            try Task.checkCancellation()
            guard case .success(let item) = read else {
                if case .failure(let error) = read, only == nil {
                    // Its payload is still there: say so rather than drop it silently.
                    log.debug("unreadable outbox item", metadata: ["error": "\(error)"])
                    let name = ((error.path ?? "?") as NSString).lastPathComponent
                    let placeholder = OutboxItem(
                        id: String(name.dropLast(5)), resultID: String(name.dropLast(5)), machine: "?", url: "",
                        format: .native, document: nil, payloadBytes: 0, payloadSHA256: "", createdAt: now)
                    report.entries.append(
                        OutboxFlushReport.Entry(
                            item: placeholder, outcome: .kept, reason: "\(error) (fix or remove it by hand)",
                            attempted: false))
                }
                continue
            }
            if let only, !only.contains(item.id) { continue }
            let entry = try await attempt(item, secret: secret, timeout: timeout, force: force)
            report.entries.append(entry)
            if entry.attempted, let url = URL(string: item.url) {
                for warning in UploadSettings.warnings(destination: url, format: item.format)
                where !report.warnings.contains(warning) {
                    report.warnings.append(warning)
                }
            }
        }
        return report
    }

    /// One item: skipped when not due, else one attempt and its consequence on the files.
    private func attempt(_ item: OutboxItem, secret: MachineSecret, timeout: Duration, force: Bool) async throws
        -> OutboxFlushReport.Entry
    {
        let now = self.now
        if !force, item.nextAttemptAt > now {
            let last = item.lastError.map { "; last error: \($0)" } ?? ""
            return OutboxFlushReport.Entry(
                item: item, outcome: .kept, status: item.lastStatus,
                reason: "not due yet (\(item.attempts) failed attempt\(item.attempts == 1 ? "" : "s")\(last))",
                attempted: false, nextAttemptAt: item.nextAttemptAt)
        }
        guard let payload = try? FileSystem.read(payloadFile(item.id)) else {
            if FileSystem.exists(payloadFile(item.id, rejected: true)) {
                // A refusal interrupted after its payload moved: finish it.
                try DurableFile.remove(metadataFile(item.id))
                return OutboxFlushReport.Entry(
                    item: item, outcome: .rejected, status: item.lastStatus, reason: "refused earlier",
                    attempted: false, rejectedFile: metadataFile(item.id, rejected: true))
            }
            return OutboxFlushReport.Entry(
                item: item, outcome: .kept, reason: "its payload file is missing: \(payloadFile(item.id))",
                attempted: false)
        }
        guard SHA256Hex.digest(payload) == item.payloadSHA256, let url = URL(string: item.url) else {
            return OutboxFlushReport.Entry(
                item: item, outcome: .kept,
                reason: "its payload does not match its metadata (changed on disk): \(payloadFile(item.id))",
                attempted: false)
        }
        let request = UploadRequest.make(
            format: item.format, url: url, body: payload, resultID: item.resultID, machine: item.machine,
            secret: secret, now: now)
        log.debug(
            "upload attempt", metadata: ["id": "\(item.id)", "url": "\(item.url)", "attempt": "\(item.attempts + 1)"])
        let response: UploadResponse
        do {
            response = try await sender.send(request, timeout: timeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as UploadTransportError {
            return try keep(item, status: nil, reason: secret.redact(error.message), retryAfter: nil, now: now)
        } catch {
            return try keep(item, status: nil, reason: secret.redact("\(error)"), retryAfter: nil, now: now)
        }
        log.debug("upload answer", metadata: ["id": "\(item.id)", "status": "\(response.status)"])
        var attempted = item
        attempted.attempts += 1
        attempted.lastAttemptAt = now
        attempted.lastStatus = response.status
        switch response.status {
        case 200..<300:
            var entry = OutboxFlushReport.Entry(
                item: attempted, outcome: .delivered, status: response.status, attempted: true)
            do {
                // The metadata first: once it is gone the item is gone; a payload left behind is ignored.
                try DurableFile.remove(metadataFile(item.id))
                try DurableFile.remove(payloadFile(item.id))
            } catch let error as PerfFarmError {
                entry.reason = "delivered, but its files could not be removed (it may be sent again): \(error)"
            }
            return entry
        case 408, 429, 500..<600:
            let reason =
                "HTTP \(response.status)" + (Self.excerpt(response.body, secret: secret).map { ": \($0)" } ?? "")
            return try keep(
                item, status: response.status, reason: reason, retryAfter: Self.retryAfter(response), now: now)
        default:
            return try reject(attempted, response: response, secret: secret, now: now)
        }
    }

    /// Keeps `item` for a later attempt: one more failed attempt, the next one after the backoff (or the
    /// server's `Retry-After`, when later, within the policy's maximum).
    private func keep(_ item: OutboxItem, status: Int?, reason: String, retryAfter: Duration?, now: Date) throws
        -> OutboxFlushReport.Entry
    {
        var item = item
        item.attempts += 1
        item.lastAttemptAt = now
        item.lastStatus = status
        item.lastError = reason
        var delay = retryPolicy.delay(afterFailedAttempts: item.attempts, random: nextRandom())
        if let retryAfter, retryAfter > delay { delay = min(retryAfter, retryPolicy.maximumDelay) }
        item.nextAttemptAt = now.addingTimeInterval(delay.inSeconds)
        try DurableFile.write(try PerfFarmJSON.encode(item), to: metadataFile(item.id))
        return OutboxFlushReport.Entry(
            item: item, outcome: .kept, status: status, reason: reason, attempted: true,
            nextAttemptAt: item.nextAttemptAt)
    }

    /// Moves `item` to `rejected/` with the server's answer: the metadata with the answer is written there
    /// first, then the payload moves, then the pending metadata goes.
    private func reject(_ item: OutboxItem, response: UploadResponse, secret: MachineSecret, now: Date) throws
        -> OutboxFlushReport.Entry
    {
        var item = item
        let kept = response.body.prefix(Self.keptAnswerBytes)
        let body = secret.redact(String(decoding: kept, as: UTF8.self))
        item.answer = OutboxItem.ServerAnswer(
            status: response.status, body: body, bodyTruncated: response.body.count > Self.keptAnswerBytes,
            contentType: response.headers["content-type"])
        item.rejectedAt = now
        var reason = "HTTP \(response.status)"
        if let excerpt = Self.excerpt(response.body, secret: secret) { reason += ": " + excerpt }
        if (300..<400).contains(response.status) {
            reason += response.headers["location"].map { " (redirected to \($0); redirects are not followed)" } ?? ""
        }
        item.lastError = reason
        try DurableFile.write(try PerfFarmJSON.encode(item), to: metadataFile(item.id, rejected: true))
        try DurableFile.move(payloadFile(item.id), to: payloadFile(item.id, rejected: true))
        try DurableFile.remove(metadataFile(item.id))
        return OutboxFlushReport.Entry(
            item: item, outcome: .rejected, status: response.status, reason: reason, attempted: true,
            rejectedFile: metadataFile(item.id, rejected: true))
    }

    /// The first line of an answer's body, at most 200 characters; `nil` when empty.
    static func excerpt(_ body: Data, secret: MachineSecret) -> String? {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        let line =
            text.split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        guard !line.isEmpty else { return nil }
        let short = line.count > 200 ? String(line.prefix(200)) + "…" : line
        return secret.redact(short)
    }

    /// `Retry-After` in seconds (the HTTP-date form is not used by the servers perffarm talks to).
    static func retryAfter(_ response: UploadResponse) -> Duration? {
        guard let text = response.headers["retry-after"], let seconds = Int(text.trimmingCharacters(in: .whitespaces)),
            seconds >= 0
        else { return nil }
        return .seconds(seconds)
    }
}
