import Foundation
import PerfFarmCore
import Testing

@Suite("Timestamps in result documents")
struct TimestampFormatTests {
    @Test("milliseconds survive parse and format: .007 stays .007", arguments: ["007", "000", "999", "250", "001"])
    func roundTrip(milliseconds: String) throws {
        let text = "2026-11-29T05:22:17.\(milliseconds)Z"
        let date = try #require(TimestampFormat.date(from: text))
        #expect(TimestampFormat.string(from: date) == text)
    }

    @Test("rounding to the nearest millisecond carries into the second")
    func carry() {
        #expect(TimestampFormat.string(from: Date(timeIntervalSince1970: 1.9996)) == "1970-01-01T00:00:02.000Z")
        #expect(TimestampFormat.string(from: Date(timeIntervalSince1970: 0.0004)) == "1970-01-01T00:00:00.000Z")
    }
}
