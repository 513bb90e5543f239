import Foundation
import PerfFarmCore
import Testing

/// ``PerfFarmJSON``: the one coding configuration of the documents, and older documents still decoding.
@Suite("PerfFarmJSON: document, canonical and decoder forms")
struct PerfFarmJSONTests {
    static let start = Date(timeIntervalSince1970: 1_740_830_400.25)

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    @Test("the document form: pretty, sorted, slashes unescaped, non-finite numbers as strings, a final newline")
    func document() throws {
        struct Figures: Codable, Equatable {
            var path: String
            var values: [Double]
            var b: Int
            var a: Int
        }
        let figures = Figures(path: "/srv/pg", values: [1.5, .infinity, -.infinity], b: 2, a: 1)
        let data = try PerfFarmJSON.encode(figures)
        #expect(
            Self.text(data) == """
                {
                  "a" : 1,
                  "b" : 2,
                  "path" : "/srv/pg",
                  "values" : [
                    1.5,
                    "Infinity",
                    "-Infinity"
                  ]
                }

                """)
        #expect(try PerfFarmJSON.decode(Figures.self, from: data) == figures)
        let nan = try PerfFarmJSON.decode(
            Figures.self, from: try PerfFarmJSON.encode(Figures(path: "", values: [.nan], b: 0, a: 0)))
        #expect(nan.values.count == 1 && nan.values[0].isNaN)
        #expect(
            Self.text(try PerfFarmJSON.canonical(figures))
                == #"{"a":1,"b":2,"path":"/srv/pg","values":[1.5,"Infinity","-Infinity"]}"#)
        #expect(
            Self.text(try PerfFarmJSON.documentEncoder().encode(figures)) + "\n" == Self.text(data))
    }

    @Test("a bare Date outside the models also gets the timestamp text")
    func bareDate() throws {
        let data = try PerfFarmJSON.canonical(["at": Self.start])
        #expect(Self.text(data) == #"{"at":"2025-03-01T12:00:00.250Z"}"#)
        #expect(try PerfFarmJSON.decode([String: Date].self, from: data) == ["at": Self.start])
    }

    @Test("a BenchmarkResult decodes with finished_at null, and with the nullable keys missing altogether")
    func olderResultDocuments() throws {
        let result = BenchmarkResult(
            status: .running, startedAt: Self.start, outputDirectory: "/out",
            matrix: BenchmarkMatrix(scales: [1], clients: [1], workloads: [.readOnly]), cpuCount: 2)
        let data = try PerfFarmJSON.encode(result)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["finished_at"] is NSNull)
        #expect(try PerfFarmJSON.decode(BenchmarkResult.self, from: data) == result)
        let nullable = [
            "failure", "perffarm_version", "hostname", "finished_at", "source", "build", "system", "fingerprint",
            "preflight", "cluster",
        ]
        for key in nullable { object.removeValue(forKey: key) }
        let older = try JSONSerialization.data(withJSONObject: object)
        #expect(try PerfFarmJSON.decode(BenchmarkResult.self, from: older) == result)
        #expect(try JSONDecoder().decode(BenchmarkResult.self, from: older) == result)
        object.removeValue(forKey: "started_at")
        #expect(throws: DecodingError.self) {
            try PerfFarmJSON.decode(BenchmarkResult.self, from: try JSONSerialization.data(withJSONObject: object))
        }
    }

    @Test("a golden parse result decodes and encodes back to the same bytes", arguments: Fixtures.cases)
    func goldenRoundTrip(_ fixture: Fixtures.Case) throws {
        let path = "golden/\(fixture.version)/\(fixture.name).json"
        let golden = Data(Fixtures.bytes(Fixtures.root.appendingPathComponent(path)))
        guard let output = try? PerfFarmJSON.decode(PgbenchParsedOutput.self, from: golden) else {
            // A capture that is not pgbench output has an error document as its golden file.
            #expect(String(decoding: golden, as: UTF8.self).contains("\"error\""), "\(path)")
            return
        }
        #expect(try PerfFarmJSON.encode(output) == golden, "\(path)")
    }
}
