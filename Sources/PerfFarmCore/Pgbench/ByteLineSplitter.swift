/// Cuts a stream of byte chunks into lines without copying, keeping only a line split between two chunks.
///
/// Memory stays constant whatever the input size: a chunk is read in place, and the carried-over part of a
/// line is capped at ``maximumLineLength`` (a longer "line" is not a pgbench log line; it is handed over
/// cut, flagged as such, and the rest of it is dropped).
struct ByteLineSplitter {
    /// The longest line kept whole. pgbench's log lines are under 100 bytes.
    static let maximumLineLength = 64 * 1024

    /// The 1-based number of the line that the next call hands over.
    private(set) var lineNumber = 1
    /// The start of a line that the previous chunk did not finish.
    private var pending: [UInt8] = []
    /// Whether the pending line was longer than ``maximumLineLength``.
    private var pendingOverflowed = false

    /// Calls `body` with each line that ends in `chunk` (without its `\n`), its number, and whether it was cut.
    @inline(__always)
    mutating func feed(
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

    /// Calls `body` with the last line when the input did not end with `\n`, and starts over for a new input.
    mutating func finish(
        _ body: (_ line: UnsafeRawBufferPointer, _ number: Int, _ overflowed: Bool) throws -> Void
    ) rethrows {
        defer {
            pending.removeAll(keepingCapacity: false)
            pendingOverflowed = false
            lineNumber = 1
        }
        if !pending.isEmpty || pendingOverflowed {
            let overflowed = pendingOverflowed
            try pending.withUnsafeBytes { try body($0, lineNumber, overflowed) }
        }
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
    static func index(of byte: UInt8, in base: UnsafeRawPointer, from: Int, to: Int) -> Int? {
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
