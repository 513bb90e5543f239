import PerfFarmCore

/// The runs of a matrix in execution order: every cell × repetition, sequential (scale, clients, workload,
/// repetition) or shuffled with a seed, and a warm-up run before each cell's first measured run.
struct BenchmarkPlan: Sendable, Equatable {
    /// One run to do.
    struct Item: Sendable, Equatable, CustomStringConvertible {
        var scale: Int
        var clients: Int
        /// Index into the matrix's workloads.
        var workload: Int
        /// The measured repetition from 1; `nil` for a warm-up.
        var repetition: Int?

        var warmup: Bool { repetition == nil }

        var description: String {
            "s\(scale)-c\(clients)-w\(workload)-" + (repetition.map { "r\($0)" } ?? "warmup")
        }
    }

    /// The runs, in order.
    var items: [Item]

    /// The plan of `matrix`.
    init(matrix: BenchmarkMatrix) {
        var measured: [Item] = []
        for scale in matrix.scales {
            for clients in matrix.clients {
                for workload in matrix.workloads.indices {
                    for repetition in 1...max(1, matrix.repetitions) {
                        measured.append(
                            Item(scale: scale, clients: clients, workload: workload, repetition: repetition))
                    }
                }
            }
        }
        if matrix.randomOrder {
            var generator = SplitMix64(seed: UInt64(matrix.seed ?? 0))
            measured.shuffle(using: &generator)
        }
        guard matrix.warmupSeconds > 0 else {
            items = measured
            return
        }
        var warmed = Set<String>()
        items = []
        for item in measured {
            let cell = "\(item.scale)/\(item.clients)/\(item.workload)"
            if warmed.insert(cell).inserted {
                items.append(Item(scale: item.scale, clients: item.clients, workload: item.workload, repetition: nil))
            }
            items.append(item)
        }
    }

    /// Whether no run after position `index` uses `scale`.
    func isLastUse(of scale: Int, at index: Int) -> Bool {
        !items[(index + 1)...].contains { $0.scale == scale }
    }
}
