import QuireIO

/// Passes a decompressed archive stream through, showing every byte to a ``TarStreamScanner`` on the way.
///
/// It sits between the decompressor and libarchive, so the scanner sees exactly the bytes libarchive
/// parses, and after libarchive stops, ``drain()`` pulls the rest of the stream through both the scanner
/// and the decompressor, which is what makes a gzip trailer or bytes after the end marker get checked.
final class ScanningSource: ByteSource {
    let name: String
    private let source: any ByteSource
    private var scanner: TarStreamScanner?

    /// - Parameters:
    ///   - source: the decompressed stream.
    ///   - scanner: the tar scanner, or nil for a zip, whose structure is checked from its central directory.
    init(source: any ByteSource, scanner: TarStreamScanner?) {
        self.source = source
        self.scanner = scanner
        name = source.name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try source.read(into: buffer)
        if count > 0 { scanner?.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        return count
    }

    /// Reads the stream to its end, then reports what the scanner found.
    /// - Throws: the decompressor's integrity errors, or the scanner's ``ArchiveError``.
    func drain() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while try read(into: buffer) > 0 {}
        try scanner?.finish()
    }
}
