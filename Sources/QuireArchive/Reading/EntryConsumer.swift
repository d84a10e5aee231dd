/// Receives the entries of an archive that passed the policy, in archive order.
protocol EntryConsumer: AnyObject {
    /// A directory entry.
    func directory(_ name: String) throws
    /// The start of a regular file's content.
    func beginFile(_ name: String) throws
    /// The next bytes of the current file.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// The end of the current file, after its size has been checked.
    func endFile() throws
}

/// Reads entries without writing anything: listing and validation.
final class DiscardingConsumer: EntryConsumer {
    func directory(_ name: String) throws {}
    func beginFile(_ name: String) throws {}
    func write(_ bytes: UnsafeRawBufferPointer) throws {}
    func endFile() throws {}
}

/// Keeps the bytes of one named file while the whole archive is read and checked.
final class CapturingConsumer: EntryConsumer {
    private let wanted: String
    private var isCapturing = false
    private(set) var captured: [UInt8]?

    init(wanted: String) {
        self.wanted = wanted
    }

    func directory(_ name: String) throws {}

    func beginFile(_ name: String) throws {
        isCapturing = name == wanted
        if isCapturing { captured = [] }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if isCapturing { captured?.append(contentsOf: bytes) }
    }

    func endFile() throws {
        isCapturing = false
    }
}
