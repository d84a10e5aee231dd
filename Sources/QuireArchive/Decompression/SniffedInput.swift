import QuireIO

/// A ``ByteSource`` whose first bytes have been read to recognise its format, then handed back in order.
///
/// Formats are recognised by content, never by file name: a `.quire` may hold anything, and standard input
/// has no name at all. The peeked bytes are replayed, so this works on pipes too.
final class SniffedInput: ByteSource {
    /// What the first bytes say the stream is.
    enum Signature: Equatable {
        /// gzip, RFC 1952 §2.3.1: ID1 ID2 = 1f 8b.
        case gzip
        /// zstd, RFC 8878 §3.1.1: magic number 0xFD2FB528, little-endian.
        case zstd
        /// A zip local file header (`PK\3\4`) or an empty zip's end record (`PK\5\6`).
        case zip
        /// A compression this module does not decode, named for the message.
        case unsupported(String)
        /// Anything else: plain bytes, or a tar.
        case other
    }

    let name: String
    let signature: Signature
    private let source: any ByteSource
    private var prefix: [UInt8]
    private var prefixOffset = 0

    /// Reads up to six bytes, as many as the longest signature (xz's).
    /// - Throws: the source's errors.
    init(source: any ByteSource) throws {
        self.source = source
        name = source.name
        var peeked = [UInt8](repeating: 0, count: 6)
        var count = 0
        while count < peeked.count {
            let read = try peeked.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[count...]))
            }
            if read == 0 { break }
            count += read
        }
        prefix = Array(peeked[..<count])
        signature = Self.recognise(prefix)
    }

    private static func recognise(_ bytes: [UInt8]) -> Signature {
        func starts(with magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes[..<magic.count]) == magic }
        if starts(with: [0x1F, 0x8B]) { return .gzip }
        if starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        if starts(with: [0x50, 0x4B, 0x03, 0x04]) || starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .unsupported("xz") }
        if starts(with: [0x42, 0x5A, 0x68]) { return .unsupported("bzip2") }
        if starts(with: [0x04, 0x22, 0x4D, 0x18]) { return .unsupported("lz4") }
        return .other
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard prefixOffset < prefix.count else { return try source.read(into: buffer) }
        let count = min(buffer.count, prefix.count - prefixOffset)
        prefix.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[prefixOffset..<prefixOffset + count]))
        }
        prefixOffset += count
        return count
    }
}
