public import PerfFarmCore

extension PerfFarmError.Code {
    /// A connection to PostgreSQL could not be made or was lost.
    public static let postgresConnection = PerfFarmError.Code("postgres_connection")
    /// The server rejected a query (the message carries its SQLSTATE).
    public static let postgresQuery = PerfFarmError.Code("postgres_query")
    /// A query's answer did not have the expected shape (a missing column, a value of the wrong type).
    public static let postgresResult = PerfFarmError.Code("postgres_result")
}
