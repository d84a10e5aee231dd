public import QuireArchive
import QuireIO
import QuireModel
import Synchronization

/// A bundle opened for reading: a bag directory, extracted to a private temp directory when it came as an
/// archive, and removed again when this value goes away.
public final class ReadableBundle: Sendable {
    /// The bag's root directory.
    public let directory: String
    /// Whether the input was an archive (then anything not sealed is an error, not a warning).
    public let isArchive: Bool
    private let temporary: Mutex<String?>

    init(directory: String, isArchive: Bool, temporary: String?) {
        self.directory = directory
        self.isArchive = isArchive
        self.temporary = Mutex(temporary)
    }

    /// Removes an archive's extraction now, for a caller done reading it.
    ///
    /// The directory is gone afterwards. Nothing happens for a bag directory, or when already closed.
    public func close() {
        let extraction = temporary.withLock { temporary in
            defer { temporary = nil }
            return temporary
        }
        if let extraction { try? FileSystem.removeTree(extraction) }
    }

    deinit {
        close()
    }
}

/// A bundle opened for annotation: the directory work happens in, and the archive seal writes back to.
public struct WorkingBundle: Sendable, Equatable {
    /// The bag directory work happens in: `B.d/` for an archive, the directory itself otherwise.
    public var directory: String
    /// The archive seal replaces, or nil for a directory bundle.
    public var archive: String?

    /// Creates a value.
    /// - Parameters:
    ///   - directory: the bag directory work happens in.
    ///   - archive: the archive seal replaces, if any.
    public init(directory: String, archive: String?) {
        self.directory = directory
        self.archive = archive
    }
}

/// Finds the bag behind a path the user gave: an archive (extracted safely) or a bag directory.
public enum BundleWorkspace {
    /// Opens a bundle for reading (verify, inspect, merge, agree).
    ///
    /// An archive is extracted with every defence of DESIGN.md §3 into a private temp directory; nothing is
    /// left behind on failure.
    /// - Parameter path: an archive or a bag directory.
    /// - Returns: the bag.
    /// - Throws: ``BundleError/notABundle(path:reason:)``, `ArchiveError` for a hostile archive, ``FileError``.
    public static func openForReading(_ path: String) throws -> ReadableBundle {
        if FileSystem.isDirectory(path) {
            return ReadableBundle(directory: path, isArchive: false, temporary: nil)
        }
        guard FileSystem.isRegularFile(path) else {
            throw BundleError.notABundle(path: path, reason: "no such file or directory")
        }
        let temporary = try FileSystem.makeTemporaryDirectory(in: FileSystem.temporaryDirectory, prefix: "quire-read-")
        let destination = FileSystem.join(temporary, "bag")
        do {
            _ = try ArchiveReader(limits: try limits(forArchive: path)).extract(path, to: destination)
            return ReadableBundle(
                directory: try bagRoot(in: destination, path: path), isArchive: true, temporary: temporary)
        } catch {
            try? FileSystem.removeTree(temporary)
            throw error
        }
    }

    /// Opens a bundle for annotation: an archive is extracted once into `B.d/` and reused afterwards, so work
    /// resumes after a crash or a reboot (DESIGN.md §4).
    /// - Parameter path: an archive or a bag directory.
    /// - Returns: where to work and what to seal into.
    /// - Throws: ``BundleError``, `ArchiveError`, ``FileError``.
    public static func openForWork(_ path: String) throws -> WorkingBundle {
        if FileSystem.isDirectory(path) {
            guard FileSystem.isRegularFile(FileSystem.join(path, BundleLayout.bagDeclaration)) else {
                throw BundleError.notABundle(path: path, reason: "no \(BundleLayout.bagDeclaration)")
            }
            return WorkingBundle(directory: path, archive: nil)
        }
        guard FileSystem.isRegularFile(path) else {
            throw BundleError.notABundle(path: path, reason: "no such file or directory")
        }
        let working = BundleLayout.workingDirectory(of: path)
        if !FileSystem.exists(working) {
            _ = try ArchiveReader(limits: try limits(forArchive: path)).extract(path, to: working)
        }
        guard FileSystem.isRegularFile(FileSystem.join(working, BundleLayout.bagDeclaration)) else {
            throw BundleError.notABundle(path: working, reason: "working directory holds no bag; move it aside")
        }
        return WorkingBundle(directory: working, archive: path)
    }

    /// The budgets for extracting a bundle archive.
    ///
    /// A bundle holds about a dozen files, and trace JSON compresses about 5–20×; a zip or gzip bomb inflates
    /// about 1000×. So a bundle may hold at most 256 entries and inflate to at most 200× its archive (at least
    /// 256 MiB, at most 8 GiB): a bomb is refused on its declared sizes before anything is written, instead of
    /// filling the disk first.
    /// - Parameter path: the archive.
    /// - Returns: the limits.
    /// - Throws: ``FileError`` when the archive's size cannot be read.
    public static func limits(forArchive path: String) throws -> ArchiveLimits {
        let size = Int64(try FileSystem.size(of: path))
        let total = min(Int64(8) << 30, max(Int64(256) << 20, size.multipliedReportingOverflow(by: 200).partialValue))
        return ArchiveLimits(maxEntries: 256, maxFileBytes: total, maxTotalBytes: total)
    }

    // A bag archived by Quire has its files at the root; one made by `tar -cf x.tar dir/` has them one level
    // down. Accept both, nothing deeper.
    private static func bagRoot(in directory: String, path: String) throws -> String {
        if FileSystem.isRegularFile(FileSystem.join(directory, BundleLayout.bagDeclaration)) { return directory }
        let entries = try FileSystem.contentsOfDirectory(directory)
        if entries.count == 1,
            FileSystem.isRegularFile(
                FileSystem.join(FileSystem.join(directory, entries[0]), BundleLayout.bagDeclaration))
        {
            return FileSystem.join(directory, entries[0])
        }
        throw BundleError.notABundle(path: path, reason: "no \(BundleLayout.bagDeclaration) at the archive's root")
    }
}

/// Writes a bag directory as a deterministic `.quire` archive (DESIGN.md §3), replacing the target atomically.
public enum BundleArchiver {
    /// Archives every file of the bag except the lock file, sorted, with fixed times, owners and modes.
    /// - Parameters:
    ///   - directory: the bag's root.
    ///   - path: the archive to write or replace.
    /// - Throws: `ArchiveError`, ``FileError``.
    public static func archive(directory: String, to path: String) throws {
        let files = try FileSystem.regularFiles(under: directory).filter { $0 != BundleLayout.lock }
        try ArchiveWriter.writeDeterministicTarGz(
            entries: files.map { .file($0, contentsOf: FileSystem.join(directory, $0)) }, to: path)
    }
}
