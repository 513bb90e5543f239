public import PerfFarmCore

extension PerfFarmError.Code {
    /// What was asked for is not available on this operating system.
    public static let unsupportedPlatform = PerfFarmError.Code("unsupported_platform")
    /// A preflight check failed while `--strict` was in force.
    public static let preflightFailed = PerfFarmError.Code("preflight_failed")
}
