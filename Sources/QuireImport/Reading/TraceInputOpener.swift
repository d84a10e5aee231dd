import QuireArchive
import QuireIO
import QuireModel

/// Opens trace inputs: a path or `-` for standard input, decompressed when its first bytes say gzip or zstd.
///
/// Compression is recognised by content, not by the file name (QuireArchive's ``DecompressingInput``), so
/// `traces.jsonl` that is really gzip and `export.gz` piped through standard input both work, in bounded
/// memory. This is the one place the importers meet decompression.
enum TraceInputOpener {
    /// Opens a path (`-` for standard input) for reading, undoing any compression.
    /// - Throws: `FileError` when it cannot be opened; `ArchiveError` for xz, bzip2, lz4 or zip input.
    static func open(path: String) throws -> PeekableSource {
        try open(FileInput(path: path))
    }

    /// Wraps a source, undoing any compression its first bytes announce.
    /// - Throws: `ArchiveError` for a compression other than gzip and zstd, or the source's errors.
    static func open(_ source: any ByteSource) throws -> PeekableSource {
        PeekableSource(try DecompressingInput(source: source))
    }
}
