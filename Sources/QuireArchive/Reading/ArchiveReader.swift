import QuireIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads bundles from strangers: tar (plain, gzip, zstd) and zip archives, and plain directories.
///
/// Every entry passes ``EntryRule``'s rules within ``ArchiveLimits`` before its content is read (DESIGN.md §3,
/// "Reading archives safely"); formats are recognised by content, never by file name. Extraction writes into
/// a private staging directory beside the destination and renames it into place only after the whole input,
/// including the gzip trailer and anything after the archive's end, has been checked: on any failure nothing
/// is left behind.
public struct ArchiveReader: Sendable {
    /// The budgets every input is held to.
    public var limits: ArchiveLimits

    /// Creates a reader.
    /// - Parameter limits: the budgets; the defaults suit bundles.
    public init(limits: ArchiveLimits = .default) {
        self.limits = limits
    }

    /// Opens a bundle given as an archive or a directory.
    ///
    /// A directory is checked in place (an `lstat` walk that refuses links and special files) and returned as is;
    /// an archive is extracted into `destination`.
    /// - Parameters:
    ///   - path: the archive or directory.
    ///   - destination: where an archive is extracted; must not exist. Unused for a directory.
    /// - Returns: where the files are and what the input held.
    /// - Throws: ``ArchiveError``, `FileError`.
    public func open(_ path: String, extractingTo destination: String) throws -> OpenedArchive {
        if try Self.isDirectory(path) {
            return OpenedArchive(directory: path, wasExtracted: false, contents: try checkDirectory(path))
        }
        let contents = try extract(path, to: destination)
        return OpenedArchive(directory: destination, wasExtracted: true, contents: contents)
    }

    /// Extracts an archive into a new directory.
    /// - Parameters:
    ///   - archive: a tar, tar.gz, tar.zst or zip file, whatever its name.
    ///   - destination: the directory to create; must not exist, its parent must.
    /// - Returns: what the archive held.
    /// - Throws: ``ArchiveError`` (``ArchiveError/destinationExists(path:)`` if `destination` exists), `FileError`.
    public func extract(_ archive: String, to destination: String) throws -> ArchiveContents {
        _ = archiveLocaleIsUTF8
        try Self.requireRegularFile(archive)
        if FileSystem.exists(destination) { throw ArchiveError.destinationExists(path: destination) }
        let staging = try StagingDirectory(for: destination)
        let extractor = SafeExtractor(root: staging.root)
        let contents = try ArchiveTraversal.run(path: archive, limits: limits, consumer: extractor)
        try extractor.syncDirectories()
        try staging.commit(to: destination)
        return contents
    }

    /// Lists an archive or a directory, checking it exactly as ``extract(_:to:)`` would, without writing anything.
    /// - Parameter path: the archive or directory.
    /// - Returns: what it holds.
    /// - Throws: ``ArchiveError``, `FileError`.
    public func entries(of path: String) throws -> ArchiveContents {
        if try Self.isDirectory(path) { return try checkDirectory(path) }
        try Self.requireRegularFile(path)
        return try ArchiveTraversal.run(path: path, limits: limits, consumer: DiscardingConsumer())
    }

    /// Reads one regular file of an archive or a directory into memory, after checking the whole input.
    /// - Parameters:
    ///   - name: the file's relative path, as ``ArchiveEntryInfo/name`` gives it.
    ///   - path: the archive or directory.
    /// - Returns: the file's bytes (at most ``ArchiveLimits/maxFileBytes``).
    /// - Throws: ``ArchiveError/entryNotFound(path:entry:)`` when there is no such file; ``ArchiveError``,
    ///   `FileError`.
    public func contents(ofFile name: String, in path: String) throws -> [UInt8] {
        if try Self.isDirectory(path) {
            let contents = try checkDirectory(path)
            guard contents.entries.contains(where: { $0.name == name && !$0.isDirectory }) else {
                throw ArchiveError.entryNotFound(path: path, entry: name)
            }
            return try FileSystem.readFile(FileSystem.join(path, name))
        }
        try Self.requireRegularFile(path)
        let capture = CapturingConsumer(wanted: name)
        _ = try ArchiveTraversal.run(path: path, limits: limits, consumer: capture)
        guard let bytes = capture.captured else { throw ArchiveError.entryNotFound(path: path, entry: name) }
        return bytes
    }

    /// Whether a path is a directory; anything but a directory or a regular file is refused.
    private static func isDirectory(_ path: String) throws -> Bool {
        var info = stat()
        _ = try FileSystem.retrying("stat", path: path) { stat(path, &info) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return true
        case S_IFREG: return false
        default: throw ArchiveError.unsupportedFormat(path: path, detail: "neither a regular file nor a directory")
        }
    }

    /// Refuses FIFOs, devices and directories before opening: opening a FIFO would block.
    private static func requireRegularFile(_ path: String) throws {
        if try isDirectory(path) {
            throw ArchiveError.unsupportedFormat(path: path, detail: "a directory, not an archive file")
        }
    }
}
