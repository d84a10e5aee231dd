/// The container an input turned out to be.
public enum ArchiveFormat: String, Sendable, Equatable {
    /// A tar (ustar, pax or GNU), possibly compressed.
    case tar
    /// A zip.
    case zip
    /// A plain directory, read in place.
    case directory
}

/// One file or directory of an archive, as it was (or would be) extracted.
public struct ArchiveEntryInfo: Sendable, Equatable {
    /// The relative path, `/`-separated, without a leading `./` or a trailing `/`.
    public var name: String
    /// Whether it is a directory.
    public var isDirectory: Bool
    /// The content's size in bytes, as counted while reading (0 for a directory).
    public var size: Int64

    /// Creates an entry description.
    /// - Parameters:
    ///   - name: the relative path.
    ///   - isDirectory: whether it is a directory.
    ///   - size: the content's size in bytes.
    public init(name: String, isDirectory: Bool, size: Int64) {
        self.name = name
        self.isDirectory = isDirectory
        self.size = size
    }
}

/// What an archive held: its format, its compression and its entries in archive order.
public struct ArchiveContents: Sendable, Equatable {
    /// The container.
    public var format: ArchiveFormat
    /// The compression around it.
    public var compression: StreamCompression
    /// Every entry, in the order the archive stores them (sorted by path for a directory).
    public var entries: [ArchiveEntryInfo]

    /// Creates a description.
    /// - Parameters:
    ///   - format: the container.
    ///   - compression: the compression around it.
    ///   - entries: the entries in order.
    public init(format: ArchiveFormat, compression: StreamCompression, entries: [ArchiveEntryInfo]) {
        self.format = format
        self.compression = compression
        self.entries = entries
    }
}

/// A bundle opened for reading: where its files are, and what it held.
public struct OpenedArchive: Sendable, Equatable {
    /// The directory holding the files: the input itself for a directory, the destination for an archive.
    public var directory: String
    /// Whether the files were extracted (true) or read in place (false).
    public var wasExtracted: Bool
    /// What the input held.
    public var contents: ArchiveContents

    /// Creates a description.
    /// - Parameters:
    ///   - directory: the directory holding the files.
    ///   - wasExtracted: whether they were extracted.
    ///   - contents: what the input held.
    public init(directory: String, wasExtracted: Bool, contents: ArchiveContents) {
        self.directory = directory
        self.wasExtracted = wasExtracted
        self.contents = contents
    }
}
