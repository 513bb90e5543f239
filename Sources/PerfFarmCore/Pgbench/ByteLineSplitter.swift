/// Cuts a stream of byte chunks into lines without copying, keeping only a line split between two chunks: the
/// one line splitter of perffarm, for pgbench's logs, pgbench's text output and the output of every command.
///
/// Two rules, chosen at creation:
/// - ``Terminators/lineFeed`` (pgbench's logs): `\n` ends a line; eight bytes are searched at a time.
/// - ``Terminators/text`` (everything people and programs print): `\n`, `\r\n` and a lone `\r` each end a
///   line — pgbench overwrites its init progress with `\r` on a terminal, and captures made under `script(1)`
///   end lines with `\r\n`. A `\r\n` split between two chunks still counts once.
///
/// Memory stays constant whatever the input size: a chunk is read in place, and the carried-over part of a
/// line is capped at ``maximumLineLength`` (a longer "line" is handed over cut, flagged as such, and the rest
/// of it is dropped).
public struct ByteLineSplitter: Sendable {
    /// What ends a line.
    public enum Terminators: Sendable, Equatable {
        /// `\n` only.
        case lineFeed
        /// `\n`, `\r\n` or a lone `\r`.
        case text
    }

    /// The longest line kept whole. pgbench's log lines are under 100 bytes.
    public static let maximumLineLength = 64 * 1024

    /// What ends a line.
    public let terminators: Terminators
    /// The 1-based number of the line that the next call hands over.
    public private(set) var lineNumber = 1
    /// The start of a line that the previous chunk did not finish.
    private var pending: [UInt8] = []
    /// Whether the pending line was longer than ``maximumLineLength``.
    private var pendingOverflowed = false
    /// Whether the previous chunk ended with a `\r` (text rule): a `\n` first in the next one belongs to it.
    private var afterCarriageReturn = false

    /// Creates a splitter.
    /// - Parameter terminators: what ends a line.
    public init(terminators: Terminators = .lineFeed) {
        self.terminators = terminators
    }

    /// The lines that end in `bytes`, as text (invalid UTF-8 repaired); a line that `bytes` does not finish
    /// waits for the next call or for ``finishText()``.
    public mutating func lines(in bytes: some Collection<UInt8>) -> [String] {
        var lines: [String] = []
        PgbenchTextLines.withContiguousBytes(of: bytes) { buffer in
            feed(buffer) { line, _, _ in lines.append(String(decoding: line, as: UTF8.self)) }
        }
        return lines
    }

    /// The last line when the input did not end with a line break (as text), and a fresh start.
    public mutating func finishText() -> String? {
        var last: String?
        finish { line, _, _ in last = String(decoding: line, as: UTF8.self) }
        return last
    }

    /// Calls `body` with each line that ends in `chunk` (without its terminator), its number, and whether it was
    /// cut.
    @inline(__always)
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer,
        _ body: (_ line: UnsafeRawBufferPointer, _ number: Int, _ overflowed: Bool) throws -> Void
    ) rethrows {
        try feed(chunk, fast: { _, _ in nil }, body)
    }

    /// Like ``feed(_:_:)``, but first offers each line that starts in `chunk` to `fast`, which gets the line's
    /// start and the number of bytes readable from there to the end of the chunk, and returns the bytes it
    /// consumed (newline included) or `nil` to leave the line to `body`.
    @inline(__always)
    mutating func feed(
        _ chunk: UnsafeRawBufferPointer,
        fast: (_ start: UnsafeRawPointer, _ readable: Int) -> Int?,
        _ body: (_ line: UnsafeRawBufferPointer, _ number: Int, _ overflowed: Bool) throws -> Void
    ) rethrows {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        if terminators == .text {
            try feedText(chunk, body)
            return
        }
        let end = chunk.count
        var start = 0
        if !pending.isEmpty || pendingOverflowed {
            guard let newline = Self.index(of: 0x0A, in: base, from: 0, to: end) else {
                appendPending(UnsafeRawBufferPointer(start: base, count: end))
                return
            }
            appendPending(UnsafeRawBufferPointer(start: base, count: newline))
            let overflowed = pendingOverflowed
            try pending.withUnsafeBytes { try body($0, lineNumber, overflowed) }
            pending.removeAll(keepingCapacity: true)
            pendingOverflowed = false
            lineNumber += 1
            start = newline + 1
        }
        while start < end {
            if let consumed = fast(base + start, end - start) {
                lineNumber += 1
                start += consumed
                continue
            }
            guard let newline = Self.index(of: 0x0A, in: base, from: start, to: end) else {
                appendPending(UnsafeRawBufferPointer(start: base + start, count: end - start))
                return
            }
            try body(UnsafeRawBufferPointer(start: base + start, count: newline - start), lineNumber, false)
            lineNumber += 1
            start = newline + 1
        }
    }

    /// Calls `body` with the last line when the input did not end with a terminator, and starts over for a new
    /// input.
    public mutating func finish(
        _ body: (_ line: UnsafeRawBufferPointer, _ number: Int, _ overflowed: Bool) throws -> Void
    ) rethrows {
        defer {
            pending.removeAll(keepingCapacity: false)
            pendingOverflowed = false
            afterCarriageReturn = false
            lineNumber = 1
        }
        if !pending.isEmpty || pendingOverflowed {
            let overflowed = pendingOverflowed
            try pending.withUnsafeBytes { try body($0, lineNumber, overflowed) }
        }
    }

    /// The text rule: `\n`, `\r\n` or a lone `\r` ends a line.
    private mutating func feedText(
        _ chunk: UnsafeRawBufferPointer,
        _ body: (_ line: UnsafeRawBufferPointer, _ number: Int, _ overflowed: Bool) throws -> Void
    ) rethrows {
        var start = 0
        var index = 0
        let end = chunk.count
        if afterCarriageReturn {
            afterCarriageReturn = false
            if chunk[0] == 0x0A {
                start = 1
                index = 1
            }
        }
        while index < end {
            let byte = chunk[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            let piece = UnsafeRawBufferPointer(rebasing: chunk[start..<index])
            if !pending.isEmpty || pendingOverflowed {
                appendPending(piece)
                let overflowed = pendingOverflowed
                try pending.withUnsafeBytes { try body($0, lineNumber, overflowed) }
                pending.removeAll(keepingCapacity: true)
                pendingOverflowed = false
            } else {
                try body(piece, lineNumber, false)
            }
            lineNumber += 1
            index += 1
            if byte == 0x0D {
                if index < end {
                    if chunk[index] == 0x0A { index += 1 }
                } else {
                    afterCarriageReturn = true
                }
            }
            start = index
        }
        if start < end { appendPending(UnsafeRawBufferPointer(rebasing: chunk[start..<end])) }
    }

    private mutating func appendPending(_ bytes: UnsafeRawBufferPointer) {
        let room = Self.maximumLineLength - pending.count
        if bytes.count > room {
            pending.append(contentsOf: bytes.prefix(room))
            pendingOverflowed = true
        } else {
            pending.append(contentsOf: bytes)
        }
    }

    /// The index of the first `byte` in `base[from..<to]`, eight bytes at a time.
    @inline(__always)
    package static func index(of byte: UInt8, in base: UnsafeRawPointer, from: Int, to: Int) -> Int? {
        var i = from
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        while i + 8 <= to {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            // A zero byte in `word` marks a match (the classic "has zero byte" test).
            let found = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if found != 0 {
                return i + (UInt64(littleEndian: found).trailingZeroBitCount >> 3)
            }
            i += 8
        }
        while i < to {
            if base.load(fromByteOffset: i, as: UInt8.self) == byte { return i }
            i += 1
        }
        return nil
    }
}
