public import Foundation

/// The checks made before a benchmark: is the machine quiet and set up the way results can be compared?
public struct PreflightReport: Codable, Sendable, Equatable {
    /// One check.
    public struct Check: Codable, Sendable, Equatable {
        /// The check's stable name (`other_postgres_processes`, `load_average`, `available_memory`,
        /// `available_disk`, `swap_in_use`, `cpu_governor`, `transparent_huge_pages`).
        public var name: String
        /// `passed`, `failed`, or `skipped` when the machine does not expose what the check reads.
        public var status: String
        /// What was observed, as text (`0.42`, `3 processes: 812 postgres, 990 pgbench`).
        @Nullable public var observed: String?
        /// What the check expects (`< 1.00`, `performance`).
        public var expected: String
        /// One sentence for a person.
        public var message: String

        /// Creates a check.
        public init(name: String, status: String, observed: String?, expected: String, message: String) {
            self.name = name
            self.status = status
            self.observed = observed
            self.expected = expected
            self.message = message
        }

        /// Whether the check failed.
        public var failed: Bool { status == "failed" }

        enum CodingKeys: String, CodingKey {
            case name, status, observed, expected, message
        }
    }

    /// When the checks ran.
    @Timestamp public var checkedAt: Date
    /// Whether `--strict` was in force (a failed check then stops the benchmark).
    public var strict: Bool
    /// Every check, in a fixed order.
    public var checks: [Check]
    /// The messages of the failed checks: what a non-strict run carries as warnings.
    public var warnings: [String]

    /// Creates a report; ``warnings`` are the failed checks' messages.
    public init(checkedAt: Date, strict: Bool, checks: [Check]) {
        self.checkedAt = checkedAt
        self.strict = strict
        self.checks = checks
        self.warnings = checks.filter(\.failed).map { "\($0.name): \($0.message)" }
    }

    /// Whether every check passed or was skipped.
    public var passed: Bool { !checks.contains(where: \.failed) }

    enum CodingKeys: String, CodingKey {
        case checkedAt = "checked_at"
        case strict, checks, warnings, passed
    }

    // Hand-written because the document also carries the computed `passed`, which synthesized coding would
    // neither write nor skip when reading.

    /// Decodes a report; `passed` is recomputed from the checks.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        _checkedAt = try c.decode(Timestamp<Date>.self, forKey: .checkedAt)
        strict = try c.decode(Bool.self, forKey: .strict)
        checks = try c.decode([Check].self, forKey: .checks)
        warnings = try c.decode([String].self, forKey: .warnings)
    }

    /// Encodes the report with its computed `passed`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(_checkedAt, forKey: .checkedAt)
        try c.encode(strict, forKey: .strict)
        try c.encode(passed, forKey: .passed)
        try c.encode(checks, forKey: .checks)
        try c.encode(warnings, forKey: .warnings)
    }
}
