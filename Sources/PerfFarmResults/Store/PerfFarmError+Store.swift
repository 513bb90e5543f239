public import PerfFarmCore

extension PerfFarmError.Code {
    /// The results store could not be opened, migrated, read or written.
    public static let store = PerfFarmError.Code("store")
    /// A store reference (`branch@commit`) matches no stored result, or more than one commit.
    public static let storeReference = PerfFarmError.Code("store_reference")
}
