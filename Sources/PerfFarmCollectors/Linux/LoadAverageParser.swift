/// `/proc/loadavg`.
public struct LoadAverage: Codable, Sendable, Equatable {
    /// One-, five- and fifteen-minute load averages.
    public var one: Double, five: Double, fifteen: Double

    /// Creates a load average.
    public init(one: Double, five: Double, fifteen: Double) {
        self.one = one
        self.five = five
        self.fifteen = fifteen
    }
}

/// Parses `/proc/loadavg` (`0.42 0.30 0.25 1/123 4567`).
public enum LoadAverageParser {
    /// Parses the text of `/proc/loadavg`.
    /// - Parameter text: the file's contents.
    /// - Returns: the three averages, or `nil` when the text does not start with three numbers.
    public static func parse(_ text: String) -> LoadAverage? {
        text.withUTF8Bytes(parse(bytes:))
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> LoadAverage? {
        var scanner = ByteScanner(bytes)
        guard let one = scanner.double(), let five = scanner.double(), let fifteen = scanner.double() else {
            return nil
        }
        return LoadAverage(one: one, five: five, fifteen: fifteen)
    }
}
