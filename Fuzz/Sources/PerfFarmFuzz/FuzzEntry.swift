import PerfFarmCollectors
import PerfFarmCore
import PerfFarmTesting

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What PERFFARM_FUZZ_TARGET names: a pgbench parser of ``ParserFuzzCheck`` or `proc` (every `/proc` and
/// `/sys` parser of PerfFarmCollectors on the same text).
enum FuzzTarget: Sendable {
    case pgbench(ParserFuzzCheck.Target)
    case proc

    static let names = ParserFuzzCheck.Target.allCases.map(\.rawValue) + ["proc"]

    /// The target of this process, read once.
    static let current: FuzzTarget = {
        let name = getenv("PERFFARM_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        if name == "proc" { return .proc }
        guard let target = ParserFuzzCheck.Target(rawValue: name) else {
            printError("PERFFARM_FUZZ_TARGET must be one of \(names.joined(separator: ", ")), not '\(name)'")
            exit(2)
        }
        return .pgbench(target)
    }()
}

/// libFuzzer's entry: one input, checked; a failed check aborts, so libFuzzer keeps the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    switch FuzzTarget.current {
    case .pgbench(let target):
        if let failure = target.check(bytes) {
            printError("check failed: \(failure)")
            abort()
        }
    case .proc:
        if let failure = ProcParsersFuzzCheck.check(bytes) {
            printError("check failed: \(failure)")
            abort()
        }
    }
    return 0
}

/// Writes `line` and a newline to standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
