internal import CQuireArchive
import QuireIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a deterministic gzip'd POSIX tar: the `NAME.quire` form of a bundle (DESIGN.md §3).
///
/// The same entries in the same order give the same bytes, on any machine with the same libarchive and zlib:
/// pax restricted format (plain ustar headers, a pax record only for what ustar cannot hold), mtime 0, uid and
/// gid 0, owner and group `root`, mode 0644 for files and 0755 for directories, and no timestamp in the gzip
/// header (notes/toolchain.md §2a, checked byte for byte). Entries go in the caller's order;
/// ``writeDeterministicTarGz(entries:to:)`` sorts them. Names and sizes must pass the rules the reader applies
/// with its default ``ArchiveLimits`` (``EntryRule``), so nothing this writes is refused when read back.
///
/// The archive is written to a temp file beside the target; ``finish()`` writes the gzip trailer, fsyncs and
/// renames it into place. A writer dropped without `finish()` removes its temp file, leaving the target untouched.
public struct ArchiveWriter: ~Copyable {
    private let handle: OpaquePointer
    private let entry: OpaquePointer
    private let output: FileDescriptor
    private let destination: String
    private let temporary: String
    private var policy: EntryPolicy
    private var isCommitted = false

    private static let chunkSize = 1 << 20

    /// Starts an archive (`archive_write_new`, pax restricted, gzip without timestamp, `archive_write_open_fd`).
    /// - Parameter path: the archive to create or replace once ``finish()`` succeeds.
    /// - Throws: ``ArchiveError/writeFailed(path:detail:)``, `FileError`.
    public init(creatingAt path: String) throws {
        _ = archiveLocaleIsUTF8
        guard let raw = archive_write_new() else { preconditionFailure("archive_write_new: out of memory") }
        let setup: [(String, (OpaquePointer) -> Int32)] = [
            ("archive_write_set_format_pax_restricted", archive_write_set_format_pax_restricted),
            ("archive_write_add_filter_gzip", archive_write_add_filter_gzip),
            // Without this libarchive writes time(NULL) into the gzip header's MTIME and no two runs match.
            ("gzip:!timestamp", { archive_write_set_options($0, "gzip:!timestamp") }),
        ]
        for (call, configure) in setup where configure(raw) != ARCHIVE_OK {
            let message = Self.errorString(raw)
            archive_write_free(raw)
            throw ArchiveError.writeFailed(path: path, detail: "\(call): \(message)")
        }
        guard let rawEntry = archive_entry_new() else { preconditionFailure("archive_entry_new: out of memory") }
        let temporary = FileSystem.temporarySibling(of: path)
        let output: FileDescriptor
        do {
            output = try FileDescriptor.createExclusive(temporary, mode: 0o644)
        } catch {
            archive_entry_free(rawEntry)
            archive_write_free(raw)
            throw error
        }
        guard archive_write_open_fd(raw, output.rawValue) == ARCHIVE_OK else {
            let message = Self.errorString(raw)
            archive_entry_free(rawEntry)
            archive_write_free(raw)
            _ = unlink(temporary)
            throw ArchiveError.writeFailed(path: path, detail: "archive_write_open_fd: \(message)")
        }
        self.output = output
        self.temporary = temporary
        destination = path
        policy = EntryPolicy(path: path, limits: .default)
        entry = rawEntry
        handle = raw
    }

    deinit {
        // After finish() the archive is closed and this only frees; otherwise it is an abandoned archive, whose
        // temp file goes. The descriptor closes after this body, when the stored properties are destroyed.
        archive_write_free(handle)
        archive_entry_free(entry)
        if !isCommitted { _ = unlink(temporary) }
    }

    /// Adds a directory entry (mode 0755).
    /// - Parameter name: the path inside the archive, with or without a trailing `/`.
    /// - Throws: ``ArchiveError/refusedEntry(path:entry:rule:)`` for a name the reader would refuse;
    ///   ``ArchiveError/writeFailed(path:detail:)``.
    public mutating func appendDirectory(_ name: String) throws {
        try writeHeader(name: name, isDirectory: true, size: 0)
        try finishEntry(name)
    }

    /// Adds a regular file (mode 0644) from memory.
    /// - Parameters:
    ///   - name: the path inside the archive.
    ///   - bytes: the content.
    /// - Throws: ``ArchiveError/refusedEntry(path:entry:rule:)``, ``ArchiveError/writeFailed(path:detail:)``.
    public mutating func appendFile(_ name: String, bytes: [UInt8]) throws {
        try writeHeader(name: name, isDirectory: false, size: Int64(bytes.count))
        try bytes.withUnsafeBytes { try writeData($0, entry: name) }
        try finishEntry(name)
    }

    /// Adds a regular file (mode 0644) streamed from disk in 1 MiB chunks.
    /// - Parameters:
    ///   - name: the path inside the archive.
    ///   - source: the file on disk.
    /// - Throws: ``ArchiveError/sourceChanged(path:source:)`` if its size changes meanwhile;
    ///   ``ArchiveError/refusedEntry(path:entry:rule:)``, ``ArchiveError/writeFailed(path:detail:)``, `FileError`.
    public mutating func appendFile(_ name: String, contentsOf source: String) throws {
        var input = try FileDescriptor.openForReading(source)
        let size = Int64(try input.size())
        try writeHeader(name: name, isDirectory: false, size: size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var written: Int64 = 0
        while true {
            let count = try input.read(into: buffer)
            if count == 0 { break }
            // A file that grows would overrun the size already in the header; one that shrinks would be padded.
            guard written + Int64(count) <= size else {
                throw ArchiveError.sourceChanged(path: destination, source: source)
            }
            try writeData(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), entry: name)
            written += Int64(count)
        }
        guard written == size else { throw ArchiveError.sourceChanged(path: destination, source: source) }
        try finishEntry(name)
    }

    /// Writes the end-of-archive blocks and the gzip trailer (`archive_write_close`), fsyncs the temp file and
    /// renames it over the target, then fsyncs the directory.
    /// - Throws: ``ArchiveError/writeFailed(path:detail:)``, `FileError`; the target is then untouched.
    public consuming func finish() throws {
        guard archive_write_close(handle) == ARCHIVE_OK else {
            throw ArchiveError.writeFailed(
                path: destination, detail: "archive_write_close: \(Self.errorString(handle))")
        }
        try output.sync()
        try FileSystem.commitTemporary(temporary, to: destination)
        isCommitted = true
    }

    /// Writes a deterministic `.quire`-style archive in one call: entries sorted by the UTF-8 bytes of their
    /// paths, a directory entry for every parent (so `tar -xf` recreates empty directories too).
    /// - Parameters:
    ///   - entries: the files and directories, in any order.
    ///   - path: the archive to write atomically.
    /// - Throws: ``ArchiveError/refusedEntry(path:entry:rule:)`` for a bad or duplicate path;
    ///   ``ArchiveError/writeFailed(path:detail:)``, ``ArchiveError/sourceChanged(path:source:)``, `FileError`.
    /// - Complexity: O(n log n) in the number of entries, plus their bytes.
    public static func writeDeterministicTarGz(entries: [ArchiveEntry], to path: String) throws {
        var directories = Set<String>()
        var files: [(name: String, content: ArchiveEntry.Content)] = []
        for entry in entries {
            // Judge the caller's path before deriving parents from it, so a refusal names the entry given.
            let name: String
            switch EntryPolicy.normalisedName(
                Array(entry.path.utf8), isDirectory: entry.content == .directory, limits: .default)
            {
            case .success(let normalised): name = normalised
            case .failure(let refusal):
                throw ArchiveError.refusedEntry(path: path, entry: entry.path, rule: refusal.rule)
            }
            if name.isEmpty { continue }
            var parent = Substring(name)
            while let slash = parent.lastIndex(of: "/") {
                parent = parent[..<slash]
                directories.insert(String(parent))
            }
            if entry.content == .directory {
                directories.insert(name)
            } else {
                files.append((name, entry.content))
            }
        }
        // Sorted by path bytes, never by Dictionary or Set order, which changes from run to run (STYLE.md §3).
        let ordered =
            (directories.map { (name: $0, content: ArchiveEntry.Content.directory) } + files)
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var writer = try ArchiveWriter(creatingAt: path)
        for item in ordered {
            switch item.content {
            case .directory: try writer.appendDirectory(item.name)
            case .bytes(let bytes): try writer.appendFile(item.name, bytes: bytes)
            case .file(let source): try writer.appendFile(item.name, contentsOf: source)
            }
        }
        try writer.finish()
    }

    private mutating func writeHeader(name: String, isDirectory: Bool, size: Int64) throws {
        let admitted = try policy.admit(
            EntryHeader(
                name: Array(name.utf8), kind: isDirectory ? .directory : .regular,
                permissions: isDirectory ? 0o755 : 0o644, declaredSize: size))
        guard !admitted.name.isEmpty else {
            throw ArchiveError.refusedEntry(path: destination, entry: name, rule: .emptyName)
        }
        archive_entry_clear(entry)
        archive_entry_set_pathname_utf8(entry, isDirectory ? admitted.name + "/" : admitted.name)
        archive_entry_set_filetype(
            entry, isDirectory ? CQuireArchive_fileTypeDirectory() : CQuireArchive_fileTypeRegular())
        archive_entry_set_perm(entry, isDirectory ? 0o755 : 0o644)
        archive_entry_set_size(entry, isDirectory ? 0 : size)
        archive_entry_set_mtime(entry, 0, 0)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        archive_entry_set_uname_utf8(entry, "root")
        archive_entry_set_gname_utf8(entry, "root")
        guard archive_write_header(handle, entry) == ARCHIVE_OK else {
            throw ArchiveError.writeFailed(
                path: destination, detail: "header of '\(name)': \(Self.errorString(handle))")
        }
    }

    private func writeData(_ bytes: UnsafeRawBufferPointer, entry name: String) throws {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = archive_write_data(handle, base + offset, bytes.count - offset)
            guard written > 0 else {
                throw ArchiveError.writeFailed(
                    path: destination, detail: "data of '\(name)': \(Self.errorString(handle))")
            }
            offset += written
        }
    }

    private func finishEntry(_ name: String) throws {
        guard archive_write_finish_entry(handle) == ARCHIVE_OK else {
            throw ArchiveError.writeFailed(path: destination, detail: "end of '\(name)': \(Self.errorString(handle))")
        }
    }

    private static func errorString(_ handle: OpaquePointer) -> String {
        archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}
