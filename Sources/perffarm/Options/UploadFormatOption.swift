import ArgumentParser
import PerfFarmClient

/// `--upload-format`: native or pgperffarm.
enum UploadFormatOption: String, ExpressibleByArgument, CaseIterable {
    case native, pgperffarm

    var format: UploadFormat { self == .native ? .native : .pgperffarm }
}
