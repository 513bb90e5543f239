/// Physical memory, swap and huge pages, in bytes.
public struct MemoryInfo: Codable, Sendable, Equatable {
    /// `MemTotal` (`hw.memsize` on macOS).
    public var totalBytes: Int
    /// `MemFree`.
    @Nullable public var freeBytes: Int?
    /// `MemAvailable` (3.14+ kernels): what can be allocated without swapping.
    @Nullable public var availableBytes: Int?
    /// `Buffers`.
    @Nullable public var buffersBytes: Int?
    /// `Cached`: the page cache.
    @Nullable public var cachedBytes: Int?
    /// `SwapTotal`.
    @Nullable public var swapTotalBytes: Int?
    /// `SwapFree`.
    @Nullable public var swapFreeBytes: Int?
    /// `HugePages_Total`: pages of the default huge page size.
    @Nullable public var hugePagesTotal: Int?
    /// `HugePages_Free`.
    @Nullable public var hugePagesFree: Int?
    /// `Hugepagesize`.
    @Nullable public var hugePageSizeBytes: Int?
    /// The selected value of `/sys/kernel/mm/transparent_hugepage/enabled` (`always`, `madvise`, `never`).
    @Nullable public var transparentHugePages: String?
    /// The selected value of `/sys/kernel/mm/transparent_hugepage/defrag`.
    @Nullable public var transparentHugePagesDefrag: String?

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
}
