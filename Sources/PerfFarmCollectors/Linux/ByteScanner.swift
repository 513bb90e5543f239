/// A forward-only reader of ASCII fields in a byte buffer, for the `/proc` files read every second: no
/// `String` is made for a number.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { position >= bytes.count }

    /// Skips spaces and tabs (not newlines).
    mutating func skipBlanks() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    /// Moves past the next newline (or to the end).
    mutating func skipLine() {
        while position < bytes.count, bytes[position] != 0x0A { position += 1 }
        if position < bytes.count { position += 1 }
    }

    /// Whether the rest of the current line holds only blanks.
    mutating func atEndOfLine() -> Bool {
        skipBlanks()
        return position >= bytes.count || bytes[position] == 0x0A
    }

    /// The next blank-separated word of the current line, as a slice, or `nil` at the end of the line.
    mutating func word() -> UnsafeBufferPointer<UInt8>? {
        skipBlanks()
        let start = position
        while position < bytes.count, bytes[position] != 0x20, bytes[position] != 0x09, bytes[position] != 0x0A {
            position += 1
        }
        return position > start ? UnsafeBufferPointer(rebasing: bytes[start..<position]) : nil
    }

    /// The next word as text.
    mutating func string() -> String? {
        word().map { String(decoding: $0, as: UTF8.self) }
    }

    /// The next word as a non-negative or negative integer, or `nil` when it is not one.
    mutating func int() -> Int? {
        guard let word = word() else { return nil }
        return ByteScanner.int(word)
    }

    /// The next word as a decimal number (`0.42`), or `nil`.
    mutating func double() -> Double? {
        guard let word = word() else { return nil }
        return Double(String(decoding: word, as: UTF8.self))
    }

    /// An integer from ASCII digits with an optional sign.
    static func int(_ word: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if word.count > 0, word[0] == 0x2D {
            negative = true
            index = 1
        }
        guard index < word.count else { return nil }
        var value = 0
        while index < word.count {
            let digit = Int(word[index]) - 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (added, overflow2) = multiplied.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else { return nil }
            value = added
            index += 1
        }
        return negative ? -value : value
    }

    /// Whether `word` spells `text` (ASCII).
    static func equals(_ word: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard word.count == text.utf8CodeUnitCount else { return false }
        let other = text.utf8Start
        for index in 0..<word.count where word[index] != other[index] { return false }
        return true
    }

    /// Whether `word` starts with `prefix` (ASCII).
    static func hasPrefix(_ word: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard word.count >= prefix.utf8CodeUnitCount else { return false }
        let other = prefix.utf8Start
        for index in 0..<prefix.utf8CodeUnitCount where word[index] != other[index] { return false }
        return true
    }
}

extension String {
    /// Calls `body` with the UTF-8 bytes of the text (contiguous).
    func withUTF8Bytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var copy = self
        return copy.withUTF8(body)
    }
}
