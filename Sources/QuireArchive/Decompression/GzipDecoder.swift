internal import CQuireArchive
import QuireIO

/// Inflates a gzip stream with zlib, checking what libarchive does not.
///
/// libarchive 3.6.2 skips the gzip trailer unchecked (`consume_trailer`: "XXX TODO: Verify the length and
/// CRC") and ends quietly at bytes that do not start another member, so a damaged or padded stream passes
/// (measured on `targz-bad-crc.tar.gz`). zlib with the gzip wrapper verifies every member's CRC-32 and ISIZE
/// (RFC 1952 §2.3.1); this type adds the rest: members follow each other to the end of the input (RFC 1952
/// §2.2), anything else after the last member is refused, and an input that stops inside a member is truncated.
///
/// Memory is bounded by one input buffer; output goes straight into the caller's buffer.
final class GzipDecoder: ByteSource {
    let name: String
    private let source: any ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 1 << 16
    private var inputStart = 0
    private var inputEnd = 0
    private var sourceIsAtEnd = false
    private var isInMember = false
    private var finishedMembers = 0
    private var isFinished = false

    /// Prepares a decoder (`inflateInit2` with the gzip wrapper).
    /// - Parameter source: the compressed bytes.
    init(source: any ByteSource) {
        self.source = source
        name = source.name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: inputCapacity)
        // Only memory exhaustion or a zlib older than its header makes this fail; no input can.
        guard CQuireArchive_inflateInitGzip(stream) == Z_OK else { preconditionFailure("zlib inflateInit2 failed") }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let output = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), !buffer.isEmpty else { return 0 }
        let outputCount = min(buffer.count, Int(UInt32.max))
        while !isFinished {
            if !isInMember {
                guard try startMember() else {
                    isFinished = true
                    return 0
                }
            }
            stream.pointee.next_in = input + inputStart
            stream.pointee.avail_in = UInt32(inputEnd - inputStart)
            stream.pointee.next_out = output
            stream.pointee.avail_out = UInt32(outputCount)
            let status = inflate(stream, Z_NO_FLUSH)
            let consumed = inputEnd - inputStart - Int(stream.pointee.avail_in)
            let produced = outputCount - Int(stream.pointee.avail_out)
            inputStart += consumed
            switch status {
            case Z_STREAM_END:
                isInMember = false
                finishedMembers += 1
                if produced > 0 { return produced }
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if inputStart == inputEnd {
                    try refill()
                    if inputStart == inputEnd {
                        throw ArchiveError.truncated(path: name, detail: "the gzip stream ends inside a member")
                    }
                } else if consumed == 0 {
                    throw ArchiveError.corrupt(path: name, detail: "gzip: inflate made no progress")
                }
            default:
                throw failure(status)
            }
        }
        return 0
    }

    /// Begins the next member, or reports the clean end of the input.
    /// - Returns: false at the end of the input after at least one member.
    private func startMember() throws -> Bool {
        while inputEnd - inputStart < 2, !sourceIsAtEnd { try refill() }
        let available = inputEnd - inputStart
        if available == 0 {
            if finishedMembers == 0 { throw ArchiveError.truncated(path: name, detail: "the gzip stream is empty") }
            return false
        }
        guard available >= 2, input[inputStart] == 0x1F, input[inputStart + 1] == 0x8B else {
            if finishedMembers == 0 { throw ArchiveError.corrupt(path: name, detail: "not a gzip stream") }
            throw ArchiveError.trailingData(path: name, detail: "bytes after the last gzip member")
        }
        if finishedMembers > 0 {
            guard inflateReset(stream) == Z_OK else { throw failure(Z_STREAM_ERROR) }
        }
        isInMember = true
        return true
    }

    /// Moves unread input to the front and reads more behind it.
    private func refill() throws {
        if inputStart > 0 {
            let remaining = inputEnd - inputStart
            if remaining > 0 { input.update(from: input + inputStart, count: remaining) }
            inputStart = 0
            inputEnd = remaining
        }
        guard inputEnd < inputCapacity, !sourceIsAtEnd else { return }
        let count = try source.read(
            into: UnsafeMutableRawBufferPointer(start: input + inputEnd, count: inputCapacity - inputEnd))
        if count == 0 { sourceIsAtEnd = true } else { inputEnd += count }
    }

    private func failure(_ status: Int32) -> ArchiveError {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        switch message {
        case "incorrect data check":
            return .corrupt(path: name, detail: "gzip CRC-32 mismatch: the data is damaged")
        case "incorrect length check":
            return .corrupt(path: name, detail: "gzip length mismatch: the data is damaged")
        default:
            return .corrupt(path: name, detail: "gzip: \(message)")
        }
    }
}
