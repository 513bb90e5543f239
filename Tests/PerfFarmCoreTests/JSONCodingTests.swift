import Foundation
import PerfFarmCore
import Testing

/// `@Nullable` and `@Timestamp`: explicit nulls and timestamps of the models, whatever the encoder.
@Suite("JSON coding: explicit nulls and timestamps")
struct JSONCodingTests {
    struct Sample: Codable, Equatable, Hashable {
        @Nullable var count: Int?
        @Nullable var path: String?
        @Timestamp var startedAt: Date
        @Timestamp var finishedAt: Date?

        enum CodingKeys: String, CodingKey {
            case count, path
            case startedAt = "started_at"
            case finishedAt = "finished_at"
        }
    }

    static let start = Date(timeIntervalSince1970: 1_740_830_400.25)

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    @Test("a plain JSONEncoder writes explicit nulls and millisecond timestamps")
    func plainEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let empty = Sample(count: nil, path: nil, startedAt: Self.start, finishedAt: nil)
        #expect(
            Self.text(try encoder.encode(empty))
                == #"{"count":null,"finished_at":null,"path":null,"started_at":"2025-03-01T12:00:00.250Z"}"#)
        let full = Sample(
            count: 3, path: "a/b", startedAt: Self.start, finishedAt: Self.start.addingTimeInterval(1.0004))
        #expect(
            Self.text(try encoder.encode(full))
                == #"{"count":3,"finished_at":"2025-03-01T12:00:01.250Z","path":"a\/b","started_at":"2025-03-01T12:00:00.250Z"}"#
        )
    }

    @Test("null and a missing key decode as nil; whole seconds and milliseconds both parse")
    func decoding() throws {
        let decoder = JSONDecoder()
        let explicit = try decoder.decode(
            Sample.self,
            from: Data(#"{"count":null,"path":null,"started_at":"2025-03-01T12:00:00Z","finished_at":null}"#.utf8))
        #expect(
            explicit
                == Sample(count: nil, path: nil, startedAt: Date(timeIntervalSince1970: 1_740_830_400), finishedAt: nil)
        )
        let missing = try decoder.decode(Sample.self, from: Data(#"{"started_at":"2025-03-01T12:00:00.250Z"}"#.utf8))
        #expect(missing == Sample(count: nil, path: nil, startedAt: Self.start, finishedAt: nil))
        let present = try decoder.decode(
            Sample.self,
            from: Data(
                #"{"count":7,"path":"x","started_at":"2025-03-01T12:00:00.250Z","finished_at":"2025-03-01T12:00:02.007Z"}"#
                    .utf8))
        #expect(present.count == 7 && present.path == "x")
        #expect(try TimestampFormat.string(from: #require(present.finishedAt)) == "2025-03-01T12:00:02.007Z")
    }

    @Test("a required timestamp that is missing, null or not ISO 8601 is an error")
    func requiredTimestamp() {
        let decoder = JSONDecoder()
        #expect {
            _ = try decoder.decode(Sample.self, from: Data(#"{"count":1}"#.utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "started_at"
        }
        #expect {
            _ = try decoder.decode(Sample.self, from: Data(#"{"started_at":null}"#.utf8))
        } throws: { error in
            guard case DecodingError.valueNotFound = error else { return false }
            return true
        }
        #expect {
            _ = try decoder.decode(Sample.self, from: Data(#"{"started_at":"yesterday"}"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription == "not an ISO 8601 timestamp: yesterday"
        }
        #expect(throws: DecodingError.self) {
            _ = try decoder.decode(Sample.self, from: Data(#"{"started_at":"2025-03-01T12:00:00Z","count":"x"}"#.utf8))
        }
    }

    @Test("the wrappers outside a keyed container: arrays of nullable values and timestamps")
    func unkeyed() throws {
        let values = [Nullable(wrappedValue: 1), Nullable(wrappedValue: nil)]
        let data = try JSONEncoder().encode(values)
        #expect(Self.text(data) == "[1,null]")
        #expect(try JSONDecoder().decode([Nullable<Int>].self, from: data) == values)
        let stamps = [Timestamp<Date?>(wrappedValue: Self.start), Timestamp<Date?>(wrappedValue: nil)]
        let stampData = try JSONEncoder().encode(stamps)
        #expect(Self.text(stampData) == #"["2025-03-01T12:00:00.250Z",null]"#)
        #expect(try JSONDecoder().decode([Timestamp<Date?>].self, from: stampData) == stamps)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Timestamp<Date>].self, from: stampData) }
    }

    @Test("conditional conformances: equality and hashing look at the wrapped values")
    func conformances() {
        let a = Sample(count: 1, path: nil, startedAt: Self.start, finishedAt: nil)
        var b = a
        #expect(a == b && a.hashValue == b.hashValue)
        b.count = nil
        #expect(a != b)
        b.count = 1
        b.finishedAt = Self.start
        #expect(a != b)
        #expect(Set([a, a, b]).count == 2)
    }
}
