/// Bytes in memory as a ``ByteSource``: for tests, fuzzing and inputs already read.
public final class BytesInput: ByteSource {
    private let bytes: [UInt8]
    private var position = 0

    /// The name used in messages.
    public let name: String

    /// Creates a source over bytes.
    /// - Parameters:
    ///   - bytes: the content.
    ///   - name: the name used in messages, like a path.
    public init(_ bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// Copies the next bytes.
    /// - Parameter buffer: where to put them.
    /// - Returns: the number copied; 0 at the end.
    /// - Throws: nothing; the signature is the protocol's.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[position..<position + count]))
        }
        position += count
        return count
    }
}
