public import PerfFarmCore

extension PerfFarmError.Code {
    /// A connection to PostgreSQL could not be made or was lost.
    public static let postgresConnection = PerfFarmError.Code("postgres_connection")
    /// The server rejected a query (the message carries its SQLSTATE).
    public static let postgresQuery = PerfFarmError.Code("postgres_query")
    /// A query's answer did not have the expected shape (a missing column, a value of the wrong type).
    public static let postgresResult = PerfFarmError.Code("postgres_result")
    /// What was asked for is not available on this operating system.
    public static let unsupportedPlatform = PerfFarmError.Code("unsupported_platform")
    /// A preflight check failed while `--strict` was in force.
    public static let preflightFailed = PerfFarmError.Code("preflight_failed")
}
