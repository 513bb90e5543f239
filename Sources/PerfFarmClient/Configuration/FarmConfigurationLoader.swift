import Foundation
public import PerfFarmCore
import TOMLKit

/// Reads `perffarm.toml` into a ``FarmConfiguration``: the file's values over the defaults, checked key by key.
///
/// A bad file is one clear error naming the file and the key (or the line, for TOML syntax): an unknown key
/// (with the nearest known one), a value of the wrong type (with the value and what was expected), a value
/// out of range (``FarmConfiguration/validate()``).
public enum FarmConfigurationLoader {
    /// A configuration read from a file, with the keys the file set.
    public struct Loaded: Sendable, Equatable {
        /// The file's values over the defaults.
        public var configuration: FarmConfiguration
        /// The file; `nil` when none was read (defaults only).
        public var path: String?
        /// The key paths the file set (`matrix.scales`, `cluster.settings.shared_buffers`).
        public var fileKeys: Set<String>
    }

    /// The configuration file when none is given: `$XDG_CONFIG_HOME/perffarm/perffarm.toml` or
    /// `~/.config/perffarm/perffarm.toml`, when it exists.
    public static func defaultPath(environment: [String: String]? = nil) -> String? {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        let path = base + "/perffarm/perffarm.toml"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Reads `path`, or the defaults alone when `path` is `nil`.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the file and the key or line.
    public static func load(path: String?) throws -> Loaded {
        guard let path else { return Loaded(configuration: FarmConfiguration(), path: nil, fileKeys: []) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PerfFarmError(.invalidConfiguration, "cannot read the configuration file", path: path)
        }
        return try parse(text, path: path)
    }

    /// Parses the text of a configuration file.
    /// - Parameters:
    ///   - text: TOML.
    ///   - path: the file, for errors.
    /// - Throws: ``PerfFarmError`` (`invalid_configuration`) naming the file and the key or line.
    public static func parse(_ text: String, path: String) throws -> Loaded {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PerfFarmError(
                .invalidConfiguration, "not TOML: \(error.description)", path: path,
                lineNumber: error.source.begin.line)
        }
        let file = try jsonValue(table.convert(to: .json), path: path)
        let defaults = try encode(FarmConfiguration())
        try checkKeys(file, against: defaults, prefix: "", path: path)
        let merged = merge(file, over: defaults)
        let configuration: FarmConfiguration
        do {
            configuration = try PerfFarmJSON.decoder().decode(
                FarmConfiguration.self, from: PerfFarmJSON.canonicalEncoder().encode(merged))
        } catch let error as DecodingError {
            throw describe(error, file: file, path: path)
        }
        try configuration.validate(path: path)
        return Loaded(configuration: configuration, path: path, fileKeys: keyPaths(file))
    }

    // MARK: - JSON trees

    static func encode(_ configuration: FarmConfiguration) throws -> JSONValue {
        try PerfFarmJSON.decoder().decode(JSONValue.self, from: PerfFarmJSON.canonicalEncoder().encode(configuration))
    }

    private static func jsonValue(_ json: String, path: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        } catch {
            throw PerfFarmError(.invalidConfiguration, "cannot read the TOML document: \(error)", path: path)
        }
    }

    /// Refuses a key the defaults do not have; free-form tables (an empty table by default, such as
    /// `cluster.settings`) take any key.
    private static func checkKeys(_ file: JSONValue, against defaults: JSONValue, prefix: String, path: String) throws {
        guard case .object(let fileObject) = file, case .object(let known) = defaults else { return }
        if known.isEmpty { return }
        for (key, value) in fileObject.sorted(by: { $0.key < $1.key }) {
            let keyPath = prefix.isEmpty ? key : prefix + "." + key
            guard let defaultValue = known[key] else {
                let near = nearest(key, in: Array(known.keys))
                throw PerfFarmError(
                    .invalidConfiguration,
                    "unknown key" + (near.map { " (did you mean \(prefix.isEmpty ? $0 : prefix + "." + $0)?)" } ?? ""),
                    path: path, key: keyPath)
            }
            if case .object = defaultValue, case .object = value {
                try checkKeys(value, against: defaultValue, prefix: keyPath, path: path)
            } else if case .object = defaultValue {
                throw PerfFarmError(
                    .invalidConfiguration, "expected a table ([\(keyPath)]), found \(render(value))", path: path,
                    key: keyPath)
            }
        }
    }

    /// `file` over `defaults`, table by table.
    static func merge(_ file: JSONValue, over defaults: JSONValue) -> JSONValue {
        guard case .object(let fileObject) = file, case .object(var merged) = defaults else { return file }
        for (key, value) in fileObject {
            if let current = merged[key], case .object(let inner) = current, !inner.isEmpty {
                merged[key] = merge(value, over: current)
            } else {
                merged[key] = value
            }
        }
        return .object(merged)
    }

    /// Every leaf key path of a tree (`matrix.scales`).
    static func keyPaths(_ value: JSONValue, prefix: String = "") -> Set<String> {
        guard case .object(let object) = value, !object.isEmpty || prefix.isEmpty else { return [prefix] }
        var paths: Set<String> = []
        for (key, child) in object {
            paths.formUnion(keyPaths(child, prefix: prefix.isEmpty ? key : prefix + "." + key))
        }
        return paths
    }

    /// The value at a key path.
    static func value(at keyPath: [String], in tree: JSONValue) -> JSONValue? {
        var current = tree
        for key in keyPath {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    // MARK: - Errors

    private static func describe(_ error: DecodingError, file: JSONValue, path: String) -> PerfFarmError {
        let (codingPath, expected): ([any CodingKey], String) =
            switch error {
            case .typeMismatch(let type, let context): (context.codingPath, expectation(for: type, context))
            case .valueNotFound(let type, let context): (context.codingPath, expectation(for: type, context))
            case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
            case .keyNotFound(let key, let context): (context.codingPath + [key], "a value")
            @unknown default: ([], "\(error)")
            }
        // Array indices are keys without a string value of their own: keep the table path.
        let keys = codingPath.filter { $0.intValue == nil }.map(\.stringValue)
        let keyPath = keys.joined(separator: ".")
        let found = value(at: keys, in: file).map(render) ?? "nothing"
        let expectation = expected.hasPrefix("expected") ? expected : "expected \(expected)"
        let message = expectation.contains(", found ") ? expectation : "\(expectation), found \(found)"
        return PerfFarmError(.invalidConfiguration, message, path: path, key: keyPath.isEmpty ? nil : keyPath)
    }

    private static func expectation(for type: Any.Type, _ context: DecodingError.Context) -> String {
        if context.debugDescription.hasPrefix("expected") { return context.debugDescription }
        switch type {
        case is Int.Type: return "expected a whole number"
        case is Double.Type: return "expected a number"
        case is Bool.Type: return "expected true or false"
        case is String.Type: return "expected a string"
        case is [Int].Type: return "expected an array of whole numbers"
        case is [String].Type: return "expected an array of strings"
        case is [String: String].Type: return "expected a table of strings"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "expected an array" }
            if name.hasPrefix("Dictionary") { return "expected a table" }
            return "expected \(name)"
        }
    }

    /// A value as it would be written in TOML, for messages.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: "nothing"
        case .bool(let flag): String(flag)
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): "\"\(text)\""
        case .array(let items): "[" + items.map(render).joined(separator: ", ") + "]"
        case .object(let object):
            "{ " + object.sorted { $0.key < $1.key }.map { "\($0.key) = \(render($0.value))" }.joined(separator: ", ")
                + " }"
        }
    }

    /// The known key nearest to `key` (at most two edits away).
    private static func nearest(_ key: String, in known: [String]) -> String? {
        known.map { ($0, distance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
