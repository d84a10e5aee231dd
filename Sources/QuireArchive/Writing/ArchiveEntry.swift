/// One entry to write into an archive: a path and where its content comes from.
public struct ArchiveEntry: Sendable, Equatable {
    /// Where an entry's content comes from.
    public enum Content: Sendable, Equatable {
        /// Bytes in memory.
        case bytes([UInt8])
        /// A file on disk, streamed in chunks so a 1 GB `items.jsonl` never sits in memory.
        case file(path: String)
        /// An empty directory (parents of files are added without being listed).
        case directory
    }

    /// The path inside the archive, `/`-separated and relative, such as `bundle/data/items.jsonl`.
    public var path: String
    /// The content.
    public var content: Content

    /// Creates an entry.
    /// - Parameters:
    ///   - path: the path inside the archive.
    ///   - content: where the content comes from.
    public init(path: String, content: Content) {
        self.path = path
        self.content = content
    }

    /// A file whose content is in memory.
    /// - Parameters:
    ///   - path: the path inside the archive.
    ///   - bytes: the content.
    /// - Returns: the entry.
    public static func file(_ path: String, bytes: [UInt8]) -> ArchiveEntry {
        ArchiveEntry(path: path, content: .bytes(bytes))
    }

    /// A file whose content is streamed from disk when the archive is written.
    /// - Parameters:
    ///   - path: the path inside the archive.
    ///   - source: the file on disk.
    /// - Returns: the entry.
    public static func file(_ path: String, contentsOf source: String) -> ArchiveEntry {
        ArchiveEntry(path: path, content: .file(path: source))
    }

    /// A directory.
    /// - Parameter path: the path inside the archive.
    /// - Returns: the entry.
    public static func directory(_ path: String) -> ArchiveEntry {
        ArchiveEntry(path: path, content: .directory)
    }
}
