public import Foundation

/// The signature of the native format: `X-PerfFarm-Signature: sha256=<hex>`, the lowercase hex HMAC-SHA256
/// (swift-crypto) keyed by the machine secret over the `X-PerfFarm-Timestamp` value, a newline (`0x0a`), and the
/// exact bytes of the body. A server recomputes it with the machine's secret, compares in constant time, and
/// refuses a timestamp outside its window (replays); see docs/upload.md.
public enum UploadSignature {
    /// The Unix seconds of `date` (rounded down), as sent in `X-PerfFarm-Timestamp`.
    public static func timestamp(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// The bytes signed: the timestamp in decimal, a newline, the body.
    public static func message(timestamp: Int64, body: Data) -> Data {
        var message = Data(String(timestamp).utf8)
        message.append(0x0A)
        message.append(body)
        return message
    }

    /// The `X-PerfFarm-Signature` value of `body` sent at `timestamp`.
    /// - Parameters:
    ///   - timestamp: the `X-PerfFarm-Timestamp` value.
    ///   - body: the exact bytes of the body.
    ///   - secret: the machine secret (the HMAC key, as its UTF-8 bytes).
    /// - Returns: `sha256=` and 64 lowercase hex digits.
    public static func sign(timestamp: Int64, body: Data, secret: MachineSecret) -> String {
        secret.signature(of: message(timestamp: timestamp, body: body))
    }

    /// Whether `signature` is the signature of `body` at `timestamp` (compared in constant time).
    public static func verify(_ signature: String, timestamp: Int64, body: Data, secret: MachineSecret) -> Bool {
        let expected = Array(sign(timestamp: timestamp, body: body, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
