public import Testing

/// One turn at a time on a shared resource across suites (Swift Testing runs suites in parallel; `.serialized`
/// orders the tests of one suite only): the shared PostgreSQL build's work area, whose lock a farm run or a
/// build takes.
///
/// ```swift
/// try await WorkAreaTurn.shared.run { try await build(in: shared.workDirectory) }
/// ```
public actor WorkAreaTurn {
    /// The turn of the shared build's work area.
    public static let shared = WorkAreaTurn()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` when no other `run` of this turn is running.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A suite or test trait that runs the whole suite (or test) inside one turn of ``WorkAreaTurn/shared``: the
/// suites that build in, or run a farm on, the shared PostgreSQL build's work area.
///
/// ```swift
/// @Suite(.serialized, .sharedBuildWorkArea) struct FarmRunTests { ... }
/// ```
public struct SharedBuildWorkAreaTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await WorkAreaTurn.shared.run { try await function() }
    }
}

extension Trait where Self == SharedBuildWorkAreaTrait {
    /// One turn on the shared PostgreSQL build's work area for the whole suite.
    public static var sharedBuildWorkArea: Self { SharedBuildWorkAreaTrait() }
}
