import Foundation
import PerfFarmCore
import PerfFarmProcess

extension PostmasterPIDFile {
    /// Removes the `postmaster.pid` of `dataDirectory`, left by a server that is gone, with the shared-memory
    /// segment it names when no process is attached to it.
    static func removeStale(dataDirectory: String) {
        if let segment = read(dataDirectory: dataDirectory)?.sharedMemory {
            SharedMemorySegment.removeOrphan(key: segment.key, id: segment.id)
        }
        try? FileManager.default.removeItem(atPath: path(dataDirectory: dataDirectory))
    }
}
