import Foundation
import PerfFarmCollectors
import PerfFarmCore

/// Prints this machine's inventory and a 3-second system series sampled at 1 Hz as one JSON document,
/// `{"inventory": ..., "series": ...}`, using only perffarm's collectors.
@main
struct EmbedCollectors {
    /// The document printed.
    struct Document: Encodable {
        var inventory: MachineInventory
        var series: SystemSeries
    }

    static func main() async {
        do {
            // No compiler reader: `cc --version` needs a CommandRunner (PerfFarmProcess), see the README.
            let inventory = try await MachineInventoryReader().collect()
            let sampler = SystemSampler(reader: SystemCountersReader(), interval: .seconds(1))
            let series = try await sampler.sample(count: 3)
            FileHandle.standardOutput.write(try json(Document(inventory: inventory, series: series)))
        } catch {
            FileHandle.standardError.write(Data("embed-collectors: \(error)\n".utf8))
            exit(1)
        }
    }

    /// perffarm's JSON layout: sorted keys, pretty-printed, slashes unescaped, a final line feed.
    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
