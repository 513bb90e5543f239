/// Splits pgbench's text output (run summaries, init output) into lines, refusing binary data.
///
/// `\n`, `\r\n` and a lone `\r` all end a line: pgbench overwrites its init progress with `\r` on a
/// terminal, and captures made under `script(1)` end lines with `\r\n`. Invalid UTF-8 is replaced, not
/// fatal (a server message in another encoding is still text); NUL and other control characters that
/// pgbench never writes make the input binary.
public struct PgbenchTextLines: Sendable {
    /// One line of text and its 1-based number in the input.
    public struct Line: Sendable, Equatable {
        /// The 1-based line number.
        public var number: Int
        /// The line without its terminator.
        public var text: String
    }

    /// The lines, in input order.
    public private(set) var lines: [Line] = []
    /// Whether the input's last line has no line break: pgbench ends every line with one, so the input was
    /// cut (always `false` for lines split already).
    public private(set) var endsWithoutLineBreak = false

    /// Splits `bytes` into lines.
    /// - Throws: ``PerfFarmError`` with code ``PerfFarmError/Code/binaryInput`` and the line number of the
    ///   first byte that text output never contains.
    public init(bytes: some Collection<UInt8>) throws {
        (lines, endsWithoutLineBreak) = try Self.withContiguousBytes(of: bytes) { try Self.split($0) }
    }

    /// Lines split already (by a command runner), numbered from 1 in order.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/binaryInput``) when a line holds control characters.
    public init(lines: [String]) throws {
        self.lines = try lines.enumerated().map { index, text in
            var copy = text
            try copy.withUTF8 { try Self.requireText(UnsafeRawBufferPointer($0), number: index + 1, what: "text") }
            return Line(number: index + 1, text: text)
        }
    }

    /// Splits `text` into lines.
    /// - Throws: ``PerfFarmError`` (``PerfFarmError/Code/binaryInput``) when `text` holds control characters.
    public init(text: String) throws {
        var copy = text
        (lines, endsWithoutLineBreak) = try copy.withUTF8 { try Self.split(UnsafeRawBufferPointer($0)) }
    }

    /// Lines split and checked already (by ``PgbenchTextOutputParser``).
    init(checked lines: [Line], endsWithoutLineBreak: Bool) {
        self.lines = lines
        self.endsWithoutLineBreak = endsWithoutLineBreak
    }

    /// Whether `byte` may appear in pgbench's text output: anything but NUL and the C0 controls other than
    /// tab, line feed, vertical tab, form feed, carriage return and escape (colour codes), and DEL.
    @inline(__always)
    static func isTextByte(_ byte: UInt8) -> Bool {
        if byte >= 0x20 { return byte != 0x7F }
        switch byte {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B: return true
        default: return false
        }
    }

    /// Calls `body` with the bytes of `bytes` in one buffer, copying them only when they are not contiguous.
    static func withContiguousBytes<Result>(
        of bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        if let result = try bytes.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(bytes).withUnsafeBytes(body)
    }

    /// Throws when `line` holds a byte that text never contains (see ``isTextByte(_:)``).
    /// - Parameters:
    ///   - line: one line, without its terminator.
    ///   - number: its 1-based line number.
    ///   - what: what the input should have been, for the message (`a pgbench log`).
    static func requireText(_ line: UnsafeRawBufferPointer, number: Int, what: String) throws {
        for (offset, byte) in line.enumerated() where !isTextByte(byte) {
            throw PerfFarmError(
                .binaryInput,
                "binary data (byte 0x\(String(byte, radix: 16, uppercase: true)) at column \(offset + 1)), "
                    + "not \(what)",
                lineNumber: number)
        }
    }

    private static func split(_ buffer: UnsafeRawBufferPointer) throws -> ([Line], Bool) {
        var result: [Line] = []
        var unterminated = false
        var splitter = ByteLineSplitter(terminators: .text)
        // Lines are cut at the splitter's maximum length only past 64 KiB; pgbench never prints such lines.
        func take(_ line: UnsafeRawBufferPointer, _ number: Int) throws {
            for (offset, byte) in line.enumerated() where !isTextByte(byte) {
                throw PerfFarmError(
                    .binaryInput,
                    "binary data (byte 0x\(String(byte, radix: 16, uppercase: true)) at column \(offset + 1)), "
                        + "not pgbench text output",
                    lineNumber: number)
            }
            result.append(Line(number: number, text: String(decoding: line, as: UTF8.self)))
        }
        try splitter.feed(buffer) { line, number, _ in try take(line, number) }
        try splitter.finish { line, number, _ in
            unterminated = true
            try take(line, number)
        }
        return (result, unterminated)
    }
}
