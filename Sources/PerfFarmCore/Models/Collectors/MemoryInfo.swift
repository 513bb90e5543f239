/// Physical memory, swap and huge pages, in bytes.
public struct MemoryInfo: Codable, Sendable, Equatable {
    /// `MemTotal` (`hw.memsize` on macOS).
    public var totalBytes: Int
    /// `MemFree`.
    public var freeBytes: Int?
    /// `MemAvailable` (3.14+ kernels): what can be allocated without swapping.
    public var availableBytes: Int?
    /// `Buffers`.
    public var buffersBytes: Int?
    /// `Cached`: the page cache.
    public var cachedBytes: Int?
    /// `SwapTotal`.
    public var swapTotalBytes: Int?
    /// `SwapFree`.
    public var swapFreeBytes: Int?
    /// `HugePages_Total`: pages of the default huge page size.
    public var hugePagesTotal: Int?
    /// `HugePages_Free`.
    public var hugePagesFree: Int?
    /// `Hugepagesize`.
    public var hugePageSizeBytes: Int?
    /// The selected value of `/sys/kernel/mm/transparent_hugepage/enabled` (`always`, `madvise`, `never`).
    public var transparentHugePages: String?
    /// The selected value of `/sys/kernel/mm/transparent_hugepage/defrag`.
    public var transparentHugePagesDefrag: String?

    /// Creates a description with a total.
    public init(totalBytes: Int) {
        self.totalBytes = totalBytes
    }

    enum CodingKeys: String, CodingKey {
        case totalBytes = "total_bytes"
        case freeBytes = "free_bytes"
        case availableBytes = "available_bytes"
        case buffersBytes = "buffers_bytes"
        case cachedBytes = "cached_bytes"
        case swapTotalBytes = "swap_total_bytes"
        case swapFreeBytes = "swap_free_bytes"
        case hugePagesTotal = "huge_pages_total"
        case hugePagesFree = "huge_pages_free"
        case hugePageSizeBytes = "huge_page_size_bytes"
        case transparentHugePages = "transparent_huge_pages"
        case transparentHugePagesDefrag = "transparent_huge_pages_defrag"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(totalBytes, forKey: .totalBytes)
        try c.encode(freeBytes, forKey: .freeBytes)
        try c.encode(availableBytes, forKey: .availableBytes)
        try c.encode(buffersBytes, forKey: .buffersBytes)
        try c.encode(cachedBytes, forKey: .cachedBytes)
        try c.encode(swapTotalBytes, forKey: .swapTotalBytes)
        try c.encode(swapFreeBytes, forKey: .swapFreeBytes)
        try c.encode(hugePagesTotal, forKey: .hugePagesTotal)
        try c.encode(hugePagesFree, forKey: .hugePagesFree)
        try c.encode(hugePageSizeBytes, forKey: .hugePageSizeBytes)
        try c.encode(transparentHugePages, forKey: .transparentHugePages)
        try c.encode(transparentHugePagesDefrag, forKey: .transparentHugePagesDefrag)
    }
}
