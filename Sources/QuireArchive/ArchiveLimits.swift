/// Budgets that bound what reading one archive may cost, whatever its headers claim.
///
/// The defaults fit a 100k-item bundle with a 1 GB `items.jsonl` with room to spare, and stop bombs,
/// millions of empty files and absurd paths long before disk or memory runs out.
public struct ArchiveLimits: Sendable, Equatable {
    /// The most entries (files and directories) one archive may hold.
    public var maxEntries: Int
    /// The largest one file may be once expanded, in bytes; checked on the declared size before inflating.
    public var maxFileBytes: Int64
    /// The most all files together may expand to, in bytes.
    public var maxTotalBytes: Int64
    /// The longest an entry's path may be, in UTF-8 bytes.
    public var maxPathBytes: Int
    /// The most components an entry's path may have.
    public var maxDepth: Int

    /// The longest one path component may be, in bytes: `NAME_MAX` on Linux and macOS.
    public static let maxComponentBytes = 255

    /// 200,000 entries, 4 GiB per file, 8 GiB in all, 1,024-byte paths, 32 levels deep.
    public static let `default` = ArchiveLimits()

    /// Creates limits.
    /// - Parameters:
    ///   - maxEntries: the most entries.
    ///   - maxFileBytes: the largest expanded file.
    ///   - maxTotalBytes: the largest expanded total.
    ///   - maxPathBytes: the longest path in UTF-8 bytes.
    ///   - maxDepth: the most path components.
    public init(
        maxEntries: Int = 200_000,
        maxFileBytes: Int64 = 4 << 30,
        maxTotalBytes: Int64 = 8 << 30,
        maxPathBytes: Int = 1_024,
        maxDepth: Int = 32
    ) {
        self.maxEntries = maxEntries
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxPathBytes = maxPathBytes
        self.maxDepth = maxDepth
    }
}
