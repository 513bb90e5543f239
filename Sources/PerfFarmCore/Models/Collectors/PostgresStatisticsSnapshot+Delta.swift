import Foundation

/// Differences of two snapshots of the same server: counters subtract, gauges keep the later value.
///
/// A counter smaller after than before (statistics reset in between) keeps its later value, which is what
/// accumulated since the reset. A section present in only one snapshot is absent from the delta.
extension PostgresStatisticsSnapshot {
    /// What changed since `before`.
    /// - Parameter before: the earlier snapshot of the same server.
    /// - Returns: a snapshot whose counters are differences and whose ``intervalSeconds`` is set.
    public func delta(since before: PostgresStatisticsSnapshot) -> PostgresStatisticsSnapshot {
        var result = PostgresStatisticsSnapshot(collectedAt: collectedAt, serverVersionNumber: serverVersionNumber)
        result.intervalSeconds = collectedAt.timeIntervalSince(before.collectedAt)
        if let after = database, let earlier = before.database { result.database = after.delta(since: earlier) }
        if let after = bgwriter, let earlier = before.bgwriter { result.bgwriter = after.delta(since: earlier) }
        if let after = checkpointer, let earlier = before.checkpointer {
            result.checkpointer = after.delta(since: earlier)
        }
        if let after = wal, let earlier = before.wal { result.wal = after.delta(since: earlier) }
        if let after = io, let earlier = before.io {
            let earlierByKey = Dictionary(earlier.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            result.io = after.map { row in earlierByKey[row.key].map { row.delta(since: $0) } ?? row }
        }
        if let after = statements {
            let earlierByKey = Dictionary(
                (before.statements?.statements ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            let rows = after.statements.map { row in
                earlierByKey[row.key].map { row.delta(since: $0) } ?? row.withoutDistribution()
            }
            .filter { $0.calls > 0 }
            .sorted { $0.totalExecTimeMilliseconds > $1.totalExecTimeMilliseconds }
            result.statements = Statements(
                extensionVersion: after.extensionVersion, limit: after.limit, statements: rows)
        }
        result.notes = notes
        return result
    }
}

/// A counter's growth: `after - before`, or `after` when the counter went back (a reset).
@inline(__always)
func counterDelta(_ after: Int?, _ before: Int?) -> Int? {
    guard let after else { return nil }
    guard let before else { return after }
    return after >= before ? after - before : after
}

/// A time counter's growth, as ``counterDelta(_:_:)-(Int?,Int?)``.
@inline(__always)
func counterDelta(_ after: Double?, _ before: Double?) -> Double? {
    guard let after else { return nil }
    guard let before else { return after }
    return after >= before ? after - before : after
}

extension PostgresDatabaseStatistics {
    /// Counters subtracted; `numbackends` and `stats_reset` keep the later value.
    public func delta(since before: PostgresDatabaseStatistics) -> PostgresDatabaseStatistics {
        var d = self
        d.transactionsCommitted = counterDelta(transactionsCommitted, before.transactionsCommitted)
        d.transactionsRolledBack = counterDelta(transactionsRolledBack, before.transactionsRolledBack)
        d.blocksRead = counterDelta(blocksRead, before.blocksRead)
        d.blocksHit = counterDelta(blocksHit, before.blocksHit)
        d.tuplesReturned = counterDelta(tuplesReturned, before.tuplesReturned)
        d.tuplesFetched = counterDelta(tuplesFetched, before.tuplesFetched)
        d.tuplesInserted = counterDelta(tuplesInserted, before.tuplesInserted)
        d.tuplesUpdated = counterDelta(tuplesUpdated, before.tuplesUpdated)
        d.tuplesDeleted = counterDelta(tuplesDeleted, before.tuplesDeleted)
        d.conflicts = counterDelta(conflicts, before.conflicts)
        d.tempFiles = counterDelta(tempFiles, before.tempFiles)
        d.tempBytes = counterDelta(tempBytes, before.tempBytes)
        d.deadlocks = counterDelta(deadlocks, before.deadlocks)
        d.checksumFailures = counterDelta(checksumFailures, before.checksumFailures)
        d.blockReadTimeMilliseconds = counterDelta(blockReadTimeMilliseconds, before.blockReadTimeMilliseconds)
        d.blockWriteTimeMilliseconds = counterDelta(blockWriteTimeMilliseconds, before.blockWriteTimeMilliseconds)
        d.sessionTimeMilliseconds = counterDelta(sessionTimeMilliseconds, before.sessionTimeMilliseconds)
        d.activeTimeMilliseconds = counterDelta(activeTimeMilliseconds, before.activeTimeMilliseconds)
        d.idleInTransactionTimeMilliseconds = counterDelta(
            idleInTransactionTimeMilliseconds, before.idleInTransactionTimeMilliseconds)
        d.sessions = counterDelta(sessions, before.sessions)
        d.sessionsAbandoned = counterDelta(sessionsAbandoned, before.sessionsAbandoned)
        d.sessionsFatal = counterDelta(sessionsFatal, before.sessionsFatal)
        d.sessionsKilled = counterDelta(sessionsKilled, before.sessionsKilled)
        return d
    }
}

extension PostgresBgwriterStatistics {
    /// Counters subtracted; `stats_reset` keeps the later value.
    public func delta(since before: PostgresBgwriterStatistics) -> PostgresBgwriterStatistics {
        var d = self
        d.checkpointsTimed = counterDelta(checkpointsTimed, before.checkpointsTimed)
        d.checkpointsRequested = counterDelta(checkpointsRequested, before.checkpointsRequested)
        d.checkpointWriteTimeMilliseconds = counterDelta(
            checkpointWriteTimeMilliseconds, before.checkpointWriteTimeMilliseconds)
        d.checkpointSyncTimeMilliseconds = counterDelta(
            checkpointSyncTimeMilliseconds, before.checkpointSyncTimeMilliseconds)
        d.buffersCheckpoint = counterDelta(buffersCheckpoint, before.buffersCheckpoint)
        d.buffersClean = counterDelta(buffersClean, before.buffersClean)
        d.maxWrittenClean = counterDelta(maxWrittenClean, before.maxWrittenClean)
        d.buffersBackend = counterDelta(buffersBackend, before.buffersBackend)
        d.buffersBackendFsync = counterDelta(buffersBackendFsync, before.buffersBackendFsync)
        d.buffersAllocated = counterDelta(buffersAllocated, before.buffersAllocated)
        return d
    }
}

extension PostgresCheckpointerStatistics {
    /// Counters subtracted; `stats_reset` keeps the later value.
    public func delta(since before: PostgresCheckpointerStatistics) -> PostgresCheckpointerStatistics {
        var d = self
        d.checkpointsTimed = counterDelta(checkpointsTimed, before.checkpointsTimed)
        d.checkpointsRequested = counterDelta(checkpointsRequested, before.checkpointsRequested)
        d.checkpointsDone = counterDelta(checkpointsDone, before.checkpointsDone)
        d.restartpointsTimed = counterDelta(restartpointsTimed, before.restartpointsTimed)
        d.restartpointsRequested = counterDelta(restartpointsRequested, before.restartpointsRequested)
        d.restartpointsDone = counterDelta(restartpointsDone, before.restartpointsDone)
        d.writeTimeMilliseconds = counterDelta(writeTimeMilliseconds, before.writeTimeMilliseconds)
        d.syncTimeMilliseconds = counterDelta(syncTimeMilliseconds, before.syncTimeMilliseconds)
        d.buffersWritten = counterDelta(buffersWritten, before.buffersWritten)
        d.slruWritten = counterDelta(slruWritten, before.slruWritten)
        return d
    }
}

extension PostgresWALStatistics {
    /// Counters subtracted; `stats_reset` keeps the later value.
    public func delta(since before: PostgresWALStatistics) -> PostgresWALStatistics {
        var d = self
        d.records = counterDelta(records, before.records)
        d.fullPageImages = counterDelta(fullPageImages, before.fullPageImages)
        d.bytes = counterDelta(bytes, before.bytes)
        d.buffersFull = counterDelta(buffersFull, before.buffersFull)
        d.writes = counterDelta(writes, before.writes)
        d.syncs = counterDelta(syncs, before.syncs)
        d.writeTimeMilliseconds = counterDelta(writeTimeMilliseconds, before.writeTimeMilliseconds)
        d.syncTimeMilliseconds = counterDelta(syncTimeMilliseconds, before.syncTimeMilliseconds)
        return d
    }
}

extension PostgresIOStatistics {
    /// Counters subtracted; `op_bytes` and `stats_reset` keep the later value.
    public func delta(since before: PostgresIOStatistics) -> PostgresIOStatistics {
        var d = self
        d.reads = counterDelta(reads, before.reads)
        d.readBytes = counterDelta(readBytes, before.readBytes)
        d.readTimeMilliseconds = counterDelta(readTimeMilliseconds, before.readTimeMilliseconds)
        d.writes = counterDelta(writes, before.writes)
        d.writeBytes = counterDelta(writeBytes, before.writeBytes)
        d.writeTimeMilliseconds = counterDelta(writeTimeMilliseconds, before.writeTimeMilliseconds)
        d.writebacks = counterDelta(writebacks, before.writebacks)
        d.writebackTimeMilliseconds = counterDelta(writebackTimeMilliseconds, before.writebackTimeMilliseconds)
        d.extends = counterDelta(extends, before.extends)
        d.extendBytes = counterDelta(extendBytes, before.extendBytes)
        d.extendTimeMilliseconds = counterDelta(extendTimeMilliseconds, before.extendTimeMilliseconds)
        d.hits = counterDelta(hits, before.hits)
        d.evictions = counterDelta(evictions, before.evictions)
        d.reuses = counterDelta(reuses, before.reuses)
        d.fsyncs = counterDelta(fsyncs, before.fsyncs)
        d.fsyncTimeMilliseconds = counterDelta(fsyncTimeMilliseconds, before.fsyncTimeMilliseconds)
        return d
    }
}

extension PostgresStatementStatistics {
    /// Counters subtracted; the mean is recomputed, minimum, maximum and deviation become `nil`.
    public func delta(since before: PostgresStatementStatistics) -> PostgresStatementStatistics {
        var d = self
        d.calls = counterDelta(calls, before.calls) ?? calls
        d.totalExecTimeMilliseconds =
            counterDelta(totalExecTimeMilliseconds, before.totalExecTimeMilliseconds) ?? totalExecTimeMilliseconds
        d.rows = counterDelta(rows, before.rows) ?? rows
        d.plans = counterDelta(plans, before.plans)
        d.totalPlanTimeMilliseconds = counterDelta(totalPlanTimeMilliseconds, before.totalPlanTimeMilliseconds)
        d.sharedBlocksHit = counterDelta(sharedBlocksHit, before.sharedBlocksHit)
        d.sharedBlocksRead = counterDelta(sharedBlocksRead, before.sharedBlocksRead)
        d.sharedBlocksDirtied = counterDelta(sharedBlocksDirtied, before.sharedBlocksDirtied)
        d.sharedBlocksWritten = counterDelta(sharedBlocksWritten, before.sharedBlocksWritten)
        d.localBlocksHit = counterDelta(localBlocksHit, before.localBlocksHit)
        d.localBlocksRead = counterDelta(localBlocksRead, before.localBlocksRead)
        d.tempBlocksRead = counterDelta(tempBlocksRead, before.tempBlocksRead)
        d.tempBlocksWritten = counterDelta(tempBlocksWritten, before.tempBlocksWritten)
        d.blockReadTimeMilliseconds = counterDelta(blockReadTimeMilliseconds, before.blockReadTimeMilliseconds)
        d.blockWriteTimeMilliseconds = counterDelta(blockWriteTimeMilliseconds, before.blockWriteTimeMilliseconds)
        d.walRecords = counterDelta(walRecords, before.walRecords)
        d.walFullPageImages = counterDelta(walFullPageImages, before.walFullPageImages)
        d.walBytes = counterDelta(walBytes, before.walBytes)
        return d.withoutDistribution()
    }

    /// A copy whose mean is total / calls and whose minimum, maximum and deviation are `nil`: what a
    /// delta can say.
    func withoutDistribution() -> PostgresStatementStatistics {
        var d = self
        d.meanExecTimeMilliseconds = calls > 0 ? totalExecTimeMilliseconds / Double(calls) : nil
        d.minExecTimeMilliseconds = nil
        d.maxExecTimeMilliseconds = nil
        d.stddevExecTimeMilliseconds = nil
        return d
    }
}
