/// The result of parsing one pgbench output of any kind.
///
/// Encoded as one JSON object: `kind` (`run`, `init`, `log` or `aggregate`) next to the fields of the
/// parsed model.
public enum PgbenchParsedOutput: Codable, Sendable, Equatable {
    case run(PgbenchRunSummary)
    case initialization(PgbenchInitSummary)
    case log(PgbenchLogStatistics)
    case aggregate(PgbenchAggregateLog)

    /// The kind of output.
    public var kind: PgbenchOutputKind {
        switch self {
        case .run: .run
        case .initialization: .initialization
        case .log: .log
        case .aggregate: .aggregate
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind
    }

    // Hand-written because an enum with payloads is one flat object here: the `kind` discriminator next to the
    // payload's own keys, which synthesized coding cannot express.

    /// Decodes the model named by `kind`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(PgbenchOutputKind.self, forKey: .kind) {
        case .run: self = .run(try PgbenchRunSummary(from: decoder))
        case .initialization: self = .initialization(try PgbenchInitSummary(from: decoder))
        case .log: self = .log(try PgbenchLogStatistics(from: decoder))
        case .aggregate: self = .aggregate(try PgbenchAggregateLog(from: decoder))
        }
    }

    /// Encodes `kind` and the model's fields into one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .run(let summary): try summary.encode(to: encoder)
        case .initialization(let summary): try summary.encode(to: encoder)
        case .log(let statistics): try statistics.encode(to: encoder)
        case .aggregate(let log): try log.encode(to: encoder)
        }
    }
}
