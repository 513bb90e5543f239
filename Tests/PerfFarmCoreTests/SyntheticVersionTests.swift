import Foundation
import PerfFarmCore
import Testing

/// Synthetic pgbench outputs of the versions without real captures (9.6, 11, 12, 14, 16, 18, 19devel),
/// rendered from each version's C format strings, each with a hand-derived `<case>.expected.json`
/// (see `Fixtures/synthetic/README.md`; what they pin, version by version, is in docs/pgbench-versions.md).
///
/// Every `<case>.txt` is parsed with kind recognition (`kind: nil`), encoded with `JSONEncoder`, decoded
/// to a JSON tree, and every key of the expected file is compared with it.
@Suite("Synthetic outputs of pgbench versions without real captures")
struct SyntheticVersionTests {
    /// One synthetic case: `synthetic/<version>/<name>.txt` and `<name>.expected.json`.
    struct Case: CustomTestStringConvertible, Sendable {
        var version: String
        var name: String
        var input: URL
        var expected: URL

        var testDescription: String { "\(version)/\(name)" }
    }

    /// The `synthetic` folder inside the bundled `Fixtures`.
    static let root: URL? = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
        .appendingPathComponent("synthetic")

    /// Every `synthetic/**/<case>.txt`, sorted.
    static let cases: [Case] = {
        guard let root,
            let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        else { return [] }
        var found: [Case] = []
        for case let url as URL in enumerator where url.pathExtension == "txt" {
            let name = url.deletingPathExtension().lastPathComponent
            found.append(
                Case(
                    version: url.deletingLastPathComponent().lastPathComponent, name: name, input: url,
                    expected: url.deletingLastPathComponent().appendingPathComponent(name + ".expected.json")))
        }
        return found.sorted { ($0.version, $0.name) < ($1.version, $1.name) }
    }()

    @Test("the synthetic corpus is present and large enough")
    func corpusSize() throws {
        #expect(Self.root != nil, "Fixtures/synthetic is missing from the test bundle")
        #expect(Self.cases.count >= 40, "only \(Self.cases.count) synthetic cases found")
        let versions = Set(Self.cases.map(\.version))
        for version in ["pg9.6", "pg11", "pg12", "pg14", "pg16", "pg18", "pg19devel"] {
            #expect(versions.contains(version), "no synthetic case for \(version)")
        }
    }

    @Test("parse result matches the hand-derived expectation", arguments: cases)
    func matchesExpectation(_ fixture: Case) throws {
        let bytes = try [UInt8](Data(contentsOf: fixture.input))
        let expectedData = try Data(contentsOf: fixture.expected)
        let expected = try #require(
            try JSONSerialization.jsonObject(with: expectedData) as? [String: Any],
            "\(fixture.testDescription): expected file is not a JSON object")

        let parsed: PgbenchParsedOutput
        do {
            parsed = try PgbenchOutputParser.parse(bytes: bytes, kind: nil)
        } catch {
            Issue.record("\(fixture.testDescription): parse failed: \(error)")
            return
        }
        let encoded = try JSONEncoder().encode(parsed)
        let actual = try #require(
            try JSONSerialization.jsonObject(with: encoded) as? [String: Any],
            "\(fixture.testDescription): encoded result is not a JSON object")

        var mismatches: [String] = []
        JSONComparison.compare(expected: expected, actual: actual, path: "", into: &mismatches)
        for mismatch in mismatches {
            Issue.record("\(fixture.testDescription): \(mismatch)")
        }
    }
}

/// Comparison of an expected JSON tree with an actual one: every key of the expected tree must be present
/// in the actual tree with an equal value; keys absent from the expectation are not checked.
enum JSONComparison {
    /// A JSON value with numbers and booleans told apart.
    enum Value: CustomStringConvertible {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Any])
        case object([String: Any])

        init(_ any: Any?) {
            switch any {
            case nil, is NSNull: self = .null
            case let string as String: self = .string(string)
            case let number as NSNumber:
                // JSONSerialization yields booleans as NSNumber with objCType "c"; JSON numbers never are.
                if String(cString: number.objCType) == "c" {
                    self = .bool(number.boolValue)
                } else {
                    self = .number(number.doubleValue)
                }
            case let array as [Any]: self = .array(array)
            case let object as [String: Any]: self = .object(object)
            default: self = .string("<unsupported \(type(of: any!))>")
            }
        }

        var description: String {
            switch self {
            case .null: "null"
            case .bool(let value): "\(value)"
            case .number(let value):
                value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            case .string(let value): "\"\(value)\""
            case .array(let value): "array(\(value.count)) \(Self.json(value))"
            case .object(let value): "object \(Self.json(value))"
            }
        }

        private static func json(_ value: Any) -> String {
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
                return "?"
            }
            let text = String(decoding: data, as: UTF8.self)
            return text.count > 300 ? String(text.prefix(300)) + "…" : text
        }
    }

    /// Keys under `latency_ms` of a per-transaction log whose values come from an HDR histogram.
    static let percentileKeys: Set<String> = ["p50", "p90", "p95", "p99", "p999"]

    /// Whether two numbers are equal: relative tolerance 1e-9, and for large magnitudes (epoch time
    /// stamps, interval starts) additionally less than half a millisecond apart, so that a millisecond counts.
    static func numbersEqual(_ expected: Double, _ actual: Double, relative: Double = 1e-9) -> Bool {
        if expected == actual { return true }
        let difference = abs(expected - actual)
        let scale = max(abs(expected), abs(actual))
        guard difference <= relative * scale else { return false }
        return relative > 1e-9 || scale < 1e6 || difference < 5e-4
    }

    static func compare(expected: Any, actual: Any?, path: String, into mismatches: inout [String]) {
        let expectedValue = Value(expected)
        let actualValue = Value(actual)
        func mismatch(_ detail: String = "") {
            let location = path.isEmpty ? "<root>" : path
            mismatches.append(
                "\(location): expected \(expectedValue), actual \(actual == nil ? "<missing>" : actualValue.description)"
                    + detail)
        }
        switch (expectedValue, actualValue) {
        case (.null, .null):
            if actual == nil { mismatch(" (key missing)") }
        case (.bool(let e), .bool(let a)):
            if e != a { mismatch() }
        case (.number(let e), .number(let a)):
            let key = path.split(separator: ".").last.map(String.init) ?? ""
            let isPercentile = percentileKeys.contains(key) && path.contains("latency_ms.")
            if !numbersEqual(e, a, relative: isPercentile ? 1e-3 : 1e-9) { mismatch() }
        case (.string(let e), .string(let a)):
            if e != a { mismatch() }
        case (.array(let e), .array(let a)):
            if e.count != a.count {
                mismatch(" (length \(e.count) vs \(a.count))")
            }
            for index in 0..<min(e.count, a.count) {
                compare(expected: e[index], actual: a[index], path: "\(path)[\(index)]", into: &mismatches)
            }
        case (.object(let e), .object(let a)):
            for key in e.keys.sorted() {
                compare(
                    expected: e[key]!, actual: a[key], path: path.isEmpty ? key : "\(path).\(key)",
                    into: &mismatches)
            }
        default:
            mismatch()
        }
    }
}
