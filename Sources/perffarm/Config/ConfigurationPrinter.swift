import Foundation
import PerfFarmClient
import PerfFarmCore

/// The effective configuration as TOML-like lines, each value followed by its origin.
enum ConfigurationPrinter {
    static func render(_ effective: EffectiveConfiguration, secret: String) -> String {
        var lines = ["# configuration file: \(effective.path ?? "none (defaults)")"]
        lines.append("# configuration hash: \((try? effective.configuration.hash()) ?? "?")")
        guard case .object(let sections) = (try? ConfigurationDocument.values(effective.configuration)) ?? .null else {
            return lines.joined(separator: "\n")
        }
        for (section, value) in sections.sorted(by: { $0.key < $1.key }) {
            lines.append("")
            lines.append("[\(section)]")
            guard case .object(let keys) = value else { continue }
            for (key, value) in keys.sorted(by: { $0.key < $1.key }) {
                let path = section + "." + key
                if case .object(let table) = value {
                    let inline = table.sorted { $0.key < $1.key }.map { "\($0.key) = \(render($0.value))" }
                    lines.append(column("\(key) = { \(inline.joined(separator: ", ")) }", effective.origin(of: path)))
                } else {
                    lines.append(column("\(key) = \(render(value))", effective.origin(of: path)))
                }
            }
            if section == "machine" {
                lines.append(column("secret = \(secret)", "—"))
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func column(_ text: String, _ origin: String) -> String {
        let width = 48
        return text.count < width
            ? text + String(repeating: " ", count: width - text.count) + "# \(origin)"
            : text + "  # \(origin)"
    }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: return "\"\""
        case .bool(let flag): return String(flag)
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): return "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        case .array(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .object(let object):
            return "{ "
                + object.sorted { $0.key < $1.key }.map { "\($0.key) = \(render($0.value))" }
                .joined(separator: ", ") + " }"
        }
    }
}

/// What `perffarm config show --json` prints.
struct ConfigurationDocument: Encodable {
    var schemaVersion = PerfFarmSchema.version
    @Nullable var file: String?
    var hash: String
    var values: JSONValue
    var origins: [String: String]
    var secret: String

    init(_ effective: EffectiveConfiguration, secret: String) throws {
        file = effective.path
        hash = try effective.configuration.hash()
        values = try Self.values(effective.configuration)
        var origins: [String: String] = [:]
        if case .object(let sections) = values {
            for (section, value) in sections {
                guard case .object(let keys) = value else { continue }
                for key in keys.keys { origins[section + "." + key] = effective.origin(of: section + "." + key) }
            }
        }
        self.origins = origins
        self.secret = secret
    }

    static func values(_ configuration: FarmConfiguration) throws -> JSONValue {
        try PerfFarmJSON.decode(JSONValue.self, from: PerfFarmJSON.canonical(configuration))
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case file, hash, values, origins, secret
    }
}
