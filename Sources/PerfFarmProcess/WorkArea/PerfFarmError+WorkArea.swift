public import PerfFarmCore

extension PerfFarmError.Code {
    /// Another perffarm process holds the work area's lock.
    public static let workAreaLocked = PerfFarmError.Code("work_area_locked")
}
