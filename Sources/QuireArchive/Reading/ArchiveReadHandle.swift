internal import CQuireArchive
import QuireIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one owner of a libarchive read handle, fed from a ``ByteSource`` through a C read callback.
///
/// A class, not a struct: libarchive calls back into it with the context pointer given at open, which must
/// stay valid and unmoved while the handle lives (as NIO's `BetterHTTPParser`). The callback is only ever
/// invoked from inside this type's own calls into libarchive, on the caller's thread.
final class ArchiveReadHandle {
    /// What the handle may read; nothing else is ever enabled (never `*_all`).
    enum Formats {
        /// tar (ustar, pax, GNU) and zip, with no filter: decompression happens before, in ``GzipDecoder`` or
        /// ``ZstdDecoder``, so trailers and trailing bytes are checked.
        case tarOrZip
        /// A bare zstd stream: the `raw` format over the zstd filter.
        case zstdStream
    }

    /// The input, for messages.
    let name: String
    private let handle: OpaquePointer
    private let source: any ByteSource
    private let chunk: UnsafeMutableRawBufferPointer
    /// An error the source threw inside the callback: it, not libarchive's generic message, explains the failure.
    private var sourceError: (any Error)?

    /// Creates the handle and opens it, which makes libarchive read ahead to recognise the format.
    /// - Parameters:
    ///   - name: the input's name for messages.
    ///   - source: the bytes.
    ///   - formats: what to enable.
    /// - Throws: ``ArchiveError``, or the source's own error.
    init(name: String, source: any ByteSource, formats: Formats) throws {
        guard let raw = archive_read_new() else { preconditionFailure("archive_read_new: out of memory") }
        let setup: [(String, (OpaquePointer) -> Int32)]
        switch formats {
        case .tarOrZip:
            setup = [
                ("archive_read_support_format_tar", archive_read_support_format_tar),
                ("archive_read_support_format_zip", archive_read_support_format_zip),
            ]
        case .zstdStream:
            setup = [
                ("archive_read_support_format_raw", archive_read_support_format_raw),
                ("archive_read_support_filter_zstd", archive_read_support_filter_zstd),
            ]
        }
        for (call, enable) in setup where enable(raw) != ARCHIVE_OK {
            let message = Self.errorString(raw)
            archive_read_free(raw)
            throw ArchiveError.unsupportedFormat(path: name, detail: "\(call): \(message)")
        }
        self.name = name
        self.source = source
        handle = raw
        chunk = .allocate(byteCount: 1 << 16, alignment: 16)
        let status = archive_read_open(raw, Unmanaged.passUnretained(self).toOpaque(), nil, readFromSource, nil)
        guard status == ARCHIVE_OK else { throw failure(status) }
    }

    deinit {
        archive_read_free(handle)
        chunk.deallocate()
    }

    /// The next entry's header, copied out of libarchive at once (`archive_read_next_header`).
    /// - Returns: nil at the end of the archive.
    /// - Throws: ``ArchiveError``; a warning is an error here, since a hostile archive is what warns.
    func nextEntry() throws -> EntryHeader? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(handle, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK, let entry else { throw failure(status) }

        guard let pathname = archive_entry_pathname(entry) else {
            throw ArchiveError.corrupt(path: name, detail: "an entry has no readable name")
        }
        let nameBytes = Array(UnsafeBufferPointer(start: pathname, count: strlen(pathname))).map {
            UInt8(bitPattern: $0)
        }
        var header = EntryHeader(
            name: nameBytes,
            kind: Self.kind(of: entry),
            permissions: UInt32(archive_entry_perm(entry)) & 0o7777,
            declaredSize: archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil)
        header.isSparse = archive_entry_sparse_count(entry) > 0
        header.isEncrypted = archive_entry_is_encrypted(entry) != 0
        return header
    }

    /// Reads the current entry's content (`archive_read_data`).
    /// - Parameter buffer: where to put it.
    /// - Returns: the bytes read; 0 at the end of the entry.
    /// - Throws: ``ArchiveError``, or the source's own error.
    func readData(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        let count = archive_read_data(handle, base, buffer.count)
        guard count >= 0 else { throw failure(Int32(truncatingIfNeeded: count)) }
        return count
    }

    /// Whether libarchive recognised a zip (`archive_format`), as opposed to a tar.
    var isZip: Bool {
        archive_format(handle) & ARCHIVE_FORMAT_BASE_MASK == ARCHIVE_FORMAT_ZIP
    }

    /// Whether the outermost filter is zstd (`archive_filter_code`).
    var isZstdFiltered: Bool {
        archive_filter_code(handle, 0) == ARCHIVE_FILTER_ZSTD
    }

    fileprivate func fill(_ buffer: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        do {
            let count = try source.read(into: chunk)
            buffer.pointee = UnsafeRawPointer(chunk.baseAddress)
            return count
        } catch {
            sourceError = error
            return Int(ARCHIVE_FATAL)
        }
    }

    /// The error for a failed call, read right after it (STYLE.md §2.7).
    private func failure(_ status: Int32) -> any Error {
        let message = Self.errorString(handle)
        if let sourceError { return sourceError }
        if status == ARCHIVE_WARN { return ArchiveError.corrupt(path: name, detail: "libarchive warned: \(message)") }
        if message.hasPrefix("Unrecognized archive format") {
            return ArchiveError.unsupportedFormat(path: name, detail: "not a tar or zip archive")
        }
        if message.contains("runcated") { return ArchiveError.truncated(path: name, detail: message) }
        return ArchiveError.corrupt(path: name, detail: message)
    }

    private static func errorString(_ handle: OpaquePointer) -> String {
        var message = archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
        // Some libarchive messages end in a newline; an error description is one line.
        while let last = message.last, last.isWhitespace { message.removeLast() }
        return message
    }

    private static func kind(of entry: OpaquePointer) -> EntryKind {
        // Hard links first: libarchive reports them with their target's file type (notes/toolchain.md §2b).
        if archive_entry_hardlink(entry) != nil { return .hardlink }
        if archive_entry_symlink(entry) != nil { return .symlink }
        let type = UInt32(archive_entry_filetype(entry))
        switch type {
        case CQuireArchive_fileTypeRegular(): return .regular
        case CQuireArchive_fileTypeDirectory(): return .directory
        case CQuireArchive_fileTypeSymlink(): return .symlink
        case CQuireArchive_fileTypeCharacter(): return .characterDevice
        case CQuireArchive_fileTypeBlock(): return .blockDevice
        case CQuireArchive_fileTypeFIFO(): return .fifo
        case CQuireArchive_fileTypeSocket(): return .socket
        default: return .other
        }
    }
}

/// The C read callback: finds its handle through the context pointer and fills libarchive's buffer.
private func readFromSource(
    _ archive: OpaquePointer?,
    _ context: UnsafeMutableRawPointer?,
    _ buffer: UnsafeMutablePointer<UnsafeRawPointer?>?
) -> la_ssize_t {
    guard let context, let buffer else { return la_ssize_t(ARCHIVE_FATAL) }
    return la_ssize_t(Unmanaged<ArchiveReadHandle>.fromOpaque(context).takeUnretainedValue().fill(buffer))
}
