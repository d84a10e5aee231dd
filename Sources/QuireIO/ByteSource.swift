/// Something that yields bytes in chunks: a file, standard input, a decompressor.
///
/// A class-bound protocol so a reader can hold any source; sources are not `Sendable`: each owns a
/// descriptor or a C handle used by one task at a time.
public protocol ByteSource: AnyObject {
    /// The name of the input for messages (a path, or `-` for standard input).
    var name: String { get }

    /// Reads up to `buffer.count` bytes.
    /// - Parameter buffer: where to put them.
    /// - Returns: the number of bytes read; 0 at the end.
    /// - Throws: the source's error, naming the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A file or standard input as a ``ByteSource``.
public final class FileInput: ByteSource {
    private var descriptor: FileDescriptor

    /// The path, or `-` for standard input.
    public var name: String { descriptor.path }

    /// Opens a file, or standard input for `-`.
    /// - Parameter path: the file or `-`.
    /// - Throws: ``FileError``.
    public init(path: String) throws {
        descriptor = path == "-" ? FileDescriptor.standardInput() : try FileDescriptor.openForReading(path)
    }

    /// Reads the next chunk.
    /// - Parameter buffer: where to put the bytes.
    /// - Returns: bytes read; 0 at the end.
    /// - Throws: ``FileError``.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try descriptor.read(into: buffer)
    }
}
