import Foundation
public import PerfFarmCore

extension PostmasterPIDFile {
    /// Reads `<dataDirectory>/postmaster.pid`.
    /// - Parameter dataDirectory: the data directory.
    /// - Returns: the parsed file; `nil` when it is missing, unreadable or holds no PID.
    public static func read(dataDirectory: String) -> PostmasterPIDFile? {
        guard let text = try? String(contentsOfFile: path(dataDirectory: dataDirectory), encoding: .utf8) else {
            return nil
        }
        return parse(text)
    }
}
