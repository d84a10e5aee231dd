public import QuireIO

/// How a stream is compressed.
public enum StreamCompression: String, Sendable, Equatable {
    /// Not compressed.
    case none
    /// gzip (RFC 1952), possibly several members.
    case gzip
    /// zstd (RFC 8878), possibly several frames.
    case zstd
}

/// A file or standard input, decompressed on the fly when it is gzip or zstd, passed through when it is plain.
///
/// The compression is recognised by the first bytes, not the file name. Memory stays bounded (one 64 KiB
/// input buffer) whatever the size, so a 1 GB `traces.jsonl.gz` streams through ``QuireIO/LineReader``.
/// A damaged stream fails with an ``ArchiveError`` naming the input: a cut stream is
/// ``ArchiveError/truncated(path:detail:)``, a failed checksum ``ArchiveError/corrupt(path:detail:)``,
/// bytes after the last gzip member ``ArchiveError/trailingData(path:detail:)``.
public final class DecompressingInput: ByteSource {
    /// The input's name: its path, or `-` for standard input.
    public let name: String
    /// What the first bytes said the input is.
    public let compression: StreamCompression
    private let decoded: any ByteSource

    /// Opens a file, or standard input for `-`.
    /// - Parameter path: the input.
    /// - Throws: `FileError` if it cannot be opened; ``ArchiveError`` if it is compressed in a way this type does
    ///   not decode (xz, bzip2, lz4) or is a zip archive.
    public convenience init(path: String) throws {
        try self.init(source: FileInput(path: path))
    }

    /// Wraps any byte source.
    /// - Parameter source: the possibly compressed bytes.
    /// - Throws: ``ArchiveError`` as ``init(path:)``, or the source's errors.
    public init(source: any ByteSource) throws {
        _ = archiveLocaleIsUTF8
        let sniffed = try SniffedInput(source: source)
        name = sniffed.name
        switch sniffed.signature {
        case .gzip:
            compression = .gzip
            decoded = GzipDecoder(source: sniffed)
        case .zstd:
            compression = .zstd
            decoded = try ZstdDecoder(source: sniffed)
        case .zip:
            throw ArchiveError.unsupportedFormat(path: name, detail: "a zip archive, not a compressed stream")
        case .unsupported(let format):
            throw ArchiveError.unsupportedFormat(
                path: name, detail: "\(format) compression (only gzip and zstd are read)")
        case .other:
            compression = .none
            decoded = sniffed
        }
    }

    /// Reads decompressed bytes.
    /// - Parameter buffer: where to put them.
    /// - Returns: the bytes read; 0 at the end of the stream, once its integrity has been checked.
    /// - Throws: ``ArchiveError`` for a damaged stream, or the underlying source's errors.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try decoded.read(into: buffer)
    }
}
