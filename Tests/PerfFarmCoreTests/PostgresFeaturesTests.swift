import PerfFarmCore
import Testing

@Suite("PostgreSQL features by version")
struct PostgresFeaturesTests {
    @Test("views and columns appear and disappear at their versions")
    func viewsAndColumns() {
        let pg13 = PostgresFeatures(serverVersion: 130_016)
        let pg15 = PostgresFeatures(serverVersion: 150_018)
        let pg17 = PostgresFeatures(serverVersion: 170_002)
        let pg18 = PostgresFeatures(serverVersion: 180_000)
        #expect(!pg13.has(.statWAL) && pg15.has(.statWAL))
        #expect(!pg15.has(.statIO) && pg17.has(.statIO))
        #expect(!pg15.has(.statCheckpointer) && pg17.has(.statCheckpointer))
        #expect(pg15.has(.bgwriterCheckpoints) && !pg17.has(.bgwriterCheckpoints))
        #expect(pg17.has(.walWritesAndSyncs) && !pg18.has(.walWritesAndSyncs) && !pg13.has(.walWritesAndSyncs))
        #expect(pg17.has(.ioOperationBytes) && !pg18.has(.ioOperationBytes) && pg18.has(.ioBytes))
        #expect(pg13.has(.dropDatabaseForce) && !PostgresFeatures(serverVersion: 120_000).has(.dropDatabaseForce))
        #expect(pg15.has(.createDatabaseStrategy) && !pg13.has(.createDatabaseStrategy))
    }

    @Test("notes, descriptions and the pg_stat_statements version a server ships")
    func text() {
        #expect(PostgresFeatures.Feature.statWAL.missingNote == "pg_stat_wal: needs PostgreSQL 14 or later")
        #expect(PostgresFeatures.Feature.walWritesAndSyncs.description.hasSuffix("(PostgreSQL 14+, before 18)"))
        #expect(PostgresFeatures(serverVersion: 90_624).defaultStatementsExtensionVersion == "1.6")
        #expect(PostgresFeatures(serverVersion: 170_002).defaultStatementsExtensionVersion == "1.11")
    }
}
