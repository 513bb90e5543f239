import Crypto
package import Foundation

/// SHA-256 digests as lowercase hex (swift-crypto).
package enum SHA256Hex {
    /// The digest of `bytes`.
    package static func digest(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The digest of the UTF-8 bytes of `text`.
    package static func digest(_ text: String) -> String {
        digest(Data(text.utf8))
    }
}
