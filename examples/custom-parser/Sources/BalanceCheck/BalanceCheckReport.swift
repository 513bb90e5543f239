/// What a run of `balance-check.sql` printed, summed up.
///
/// The script moves a random amount (`delta`) into a random account and prints the account's balance after it.
/// After `pgbench -i` every balance is zero, so an account's last balance should equal the sum of the deltas
/// printed for it; ``driftedAccounts`` lists the accounts where it does not (another writer, or two clients that
/// updated the same account between each other's update and read).
public struct BalanceCheckReport: Codable, Sendable, Equatable {
    /// The `balance-check` lines: one per transaction that reached the script's end.
    public var checks: Int
    /// The client ids that printed a line, ascending.
    public var clients: [Int]
    /// The distinct accounts updated.
    public var accounts: Int
    /// The sum of the deltas applied.
    public var deltaSum: Int
    /// The lowest balance printed, `nil` without any line.
    public var minimumBalance: Int?
    /// The highest balance printed, `nil` without any line.
    public var maximumBalance: Int?
    /// The accounts whose last balance is not the sum of their deltas, ascending.
    public var driftedAccounts: [Int]
    /// Lines that were not the script's (pgbench's banner and summary).
    public var otherLines: Int

    /// Creates a report.
    /// - Parameters:
    ///   - checks: the `balance-check` lines.
    ///   - clients: the client ids, ascending.
    ///   - accounts: the distinct accounts.
    ///   - deltaSum: the sum of the deltas.
    ///   - minimumBalance: the lowest balance.
    ///   - maximumBalance: the highest balance.
    ///   - driftedAccounts: the accounts whose balance is not the sum of their deltas.
    ///   - otherLines: the other lines.
    public init(
        checks: Int = 0, clients: [Int] = [], accounts: Int = 0, deltaSum: Int = 0, minimumBalance: Int? = nil,
        maximumBalance: Int? = nil, driftedAccounts: [Int] = [], otherLines: Int = 0
    ) {
        self.checks = checks
        self.clients = clients
        self.accounts = accounts
        self.deltaSum = deltaSum
        self.minimumBalance = minimumBalance
        self.maximumBalance = maximumBalance
        self.driftedAccounts = driftedAccounts
        self.otherLines = otherLines
    }

    enum CodingKeys: String, CodingKey {
        case checks, clients, accounts
        case deltaSum = "delta_sum"
        case minimumBalance = "minimum_balance"
        case maximumBalance = "maximum_balance"
        case driftedAccounts = "drifted_accounts"
        case otherLines = "other_lines"
    }

    /// Encodes every key, `null` included, as perffarm's documents do.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checks, forKey: .checks)
        try container.encode(clients, forKey: .clients)
        try container.encode(accounts, forKey: .accounts)
        try container.encode(deltaSum, forKey: .deltaSum)
        try container.encode(minimumBalance, forKey: .minimumBalance)
        try container.encode(maximumBalance, forKey: .maximumBalance)
        try container.encode(driftedAccounts, forKey: .driftedAccounts)
        try container.encode(otherLines, forKey: .otherLines)
    }
}
