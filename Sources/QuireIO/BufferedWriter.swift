/// Writes a new file through a buffer, fsyncs it on ``finish()``, and counts the bytes written.
///
/// Used for large outputs (items of a pack, imported traces) that must not sit in memory whole.
public struct BufferedWriter: ~Copyable {
    private let descriptor: FileDescriptor
    private var buffer: [UInt8]
    private let capacity: Int
    /// Bytes written so far, buffered or not: the offset of the next byte.
    public private(set) var offset: Int

    /// Creates the file, which must not exist.
    /// - Parameters:
    ///   - path: the new file.
    ///   - capacity: the buffer size.
    /// - Throws: ``FileError``.
    public init(creating path: String, capacity: Int = 1 << 20) throws {
        descriptor = try FileDescriptor.createExclusive(path)
        buffer = []
        buffer.reserveCapacity(capacity)
        self.capacity = capacity
        offset = 0
    }

    /// Appends bytes.
    /// - Parameter bytes: the bytes.
    /// - Throws: ``FileError``.
    public mutating func write(_ bytes: some Collection<UInt8>) throws {
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try Array(bytes).withUnsafeBytes { try descriptor.writeAll($0) }
        } else {
            buffer.append(contentsOf: bytes)
        }
        offset += bytes.count
    }

    /// Appends a string's UTF-8 bytes.
    /// - Parameter text: the text.
    /// - Throws: ``FileError``.
    public mutating func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try descriptor.writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and fsyncs the file.
    /// - Throws: ``FileError``.
    public mutating func finish() throws {
        try flush()
        try descriptor.sync()
    }
}
