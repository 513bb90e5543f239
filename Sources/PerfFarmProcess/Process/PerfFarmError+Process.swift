public import PerfFarmCore

extension PerfFarmError.Code {
    /// An external command could not be started (program not found, working directory missing, unknown user).
    public static let commandNotStarted = PerfFarmError.Code("command_not_started")
    /// An external command ended with a non-zero status or a signal.
    public static let commandFailed = PerfFarmError.Code("command_failed")
    /// An external command ran past its timeout and was terminated.
    public static let commandTimedOut = PerfFarmError.Code("command_timed_out")
}
