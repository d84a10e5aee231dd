import QuireIO

/// A source whose first bytes can be looked at before anyone reads them: magic numbers, the first line.
///
/// Peeked bytes are kept and served first, so the reader that follows sees the stream from its start.
final class PeekableSource: ByteSource {
    private let source: any ByteSource
    private var pending: [UInt8] = []
    private var pendingStart = 0
    private var isAtEnd = false

    var name: String { source.name }

    init(_ source: any ByteSource) {
        self.source = source
    }

    /// The first `count` bytes of what is left (fewer at the end of the stream), without consuming them.
    func peek(_ count: Int) throws -> ArraySlice<UInt8> {
        while pending.count - pendingStart < count, !isAtEnd {
            try fill(atLeast: count - (pending.count - pendingStart))
        }
        return pending[pendingStart..<min(pending.count, pendingStart + count)]
    }

    /// The bytes up to and including the first newline after the leading whitespace, or up to `limit` bytes,
    /// whichever comes first; nil when only whitespace is left.
    func peekFirstLine(limit: Int) throws -> (bytes: ArraySlice<UInt8>, isComplete: Bool)? {
        var scanned = pendingStart
        var sawContent = false
        while true {
            while scanned < pending.count {
                let byte = pending[scanned]
                if sawContent, byte == 0x0A {
                    return (pending[pendingStart...scanned], true)
                }
                if byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 { sawContent = true }
                scanned += 1
                if scanned - pendingStart >= limit { return (pending[pendingStart..<scanned], false) }
            }
            if isAtEnd {
                return sawContent ? (pending[pendingStart..<pending.count], true) : nil
            }
            try fill(atLeast: 1 << 16)
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if pendingStart < pending.count {
            let count = min(buffer.count, pending.count - pendingStart)
            pending.withUnsafeBytes { raw in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[pendingStart..<pendingStart + count]))
            }
            pendingStart += count
            if pendingStart == pending.count {
                pending = []
                pendingStart = 0
            }
            return count
        }
        if isAtEnd { return 0 }
        return try source.read(into: buffer)
    }

    private func fill(atLeast count: Int) throws {
        let chunk = max(count, 1 << 16)
        var failure: (any Error)?
        // Read straight into fresh storage: no zero-filling, one copy into `pending`.
        let fresh = [UInt8](unsafeUninitializedCapacity: chunk) { buffer, initialized in
            do {
                initialized = try source.read(into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        if fresh.isEmpty { isAtEnd = true } else { pending.append(contentsOf: fresh) }
    }
}
