public import Logging

/// The live ``PostgresConnector``: every session is a ``PostgresConnection`` (libpq).
public struct LibPQConnector: PostgresConnector {
    /// Where connections log their queries (`.trace`).
    public var logger: Logger
    /// How long to wait for a server, unless the connection string sets `connect_timeout`.
    public var connectTimeoutSeconds: Int

    /// Creates a connector.
    public init(logger: Logger, connectTimeoutSeconds: Int = 10) {
        self.logger = logger
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    public func connect(conninfo: String) throws -> any PostgresSession {
        try PostgresConnection(conninfo: conninfo, connectTimeoutSeconds: connectTimeoutSeconds, logger: logger)
    }
}
