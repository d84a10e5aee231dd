/// An independent walk over a tar byte stream, checking what libarchive lets through.
///
/// libarchive decides what the entries are; this scanner sees the same bytes (before libarchive does) and
/// records the first of three problems libarchive 3.6.2 does not report:
/// - a NUL inside a pax `path`/`linkpath` record or a GNU long name: libarchive cuts the name at the NUL
///   (`bundle/data/evil\0.txt/../../x` reads as `bundle/data/evil`), other tools may not, so two readers
///   would see different files (`tar-nul-in-name.tar`);
/// - bytes after the end-of-archive marker: libarchive stops at the first zero block, so entries hidden
///   behind it, or a second archive appended, would go unseen here and be extracted by other tools;
/// - a stream that ends without an end-of-archive marker, or inside a header: a cut archive.
///
/// Problems are reported after libarchive has finished (``finish()``), so libarchive's own, more specific
/// refusal of an entry wins when both fire. Sizes follow libarchive: a pax `size` record overrides the next
/// header's field, and link, device, directory and FIFO headers carry no content.
struct TarStreamScanner {
    /// The archive, for messages.
    let path: String

    private enum State {
        case header
        /// Content and padding to pass over.
        case skip(remaining: Int64)
        case metadata(typeflag: UInt8, remaining: Int)
        case endOfArchive
        case stopped
    }

    /// The largest pax or GNU long-name block accepted: names are capped far lower by the policy.
    private static let maxMetadataBytes = 1 << 20
    private static let blockSize = 512
    /// Sizes beyond this cannot be padded to a block without overflow; no budget comes near it.
    private static let maxSize = Int64.max - 1_024

    private var state = State.header
    private var block: [UInt8] = []
    private var metadata: [UInt8] = []
    private var metadataPadding: Int64 = 0
    private var paxSize: Int64?
    private var problem: ArchiveError?

    init(path: String) {
        self.path = path
        block.reserveCapacity(Self.blockSize)
    }

    /// Feeds the next bytes of the decompressed stream.
    /// - Parameter bytes: the bytes, in order.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            switch state {
            case .stopped:
                return
            case .endOfArchive:
                for index in offset..<bytes.count where bytes[index] != 0 {
                    record(.trailingData(path: path, detail: "non-zero bytes after the tar end-of-archive marker"))
                    return
                }
                return
            case .skip(let remaining):
                let skip = Int(min(Int64(bytes.count - offset), remaining))
                offset += skip
                state = remaining == Int64(skip) ? .header : .skip(remaining: remaining - Int64(skip))
            case .metadata(let typeflag, let remaining):
                let take = min(bytes.count - offset, remaining)
                metadata.append(contentsOf: bytes[offset..<offset + take])
                offset += take
                if take < remaining {
                    state = .metadata(typeflag: typeflag, remaining: remaining - take)
                } else {
                    finishMetadata(typeflag: typeflag)
                }
            case .header:
                let take = min(bytes.count - offset, Self.blockSize - block.count)
                block.append(contentsOf: bytes[offset..<offset + take])
                offset += take
                if block.count == Self.blockSize {
                    processHeader()
                    block.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    /// Reports the first problem seen, or a stream that did not end with an end-of-archive marker.
    /// - Throws: ``ArchiveError``.
    func finish() throws {
        if let problem { throw problem }
        guard case .endOfArchive = state else {
            throw ArchiveError.truncated(path: path, detail: "the tar stream ends without its end-of-archive marker")
        }
    }

    private mutating func record(_ error: ArchiveError) {
        if problem == nil { problem = error }
        state = .stopped
    }

    private mutating func processHeader() {
        if block.allSatisfy({ $0 == 0 }) {
            state = .endOfArchive
            return
        }
        guard let stored = Self.octal(block[148..<156]), Self.checksums(block).contains(stored) else {
            record(.corrupt(path: path, detail: "a tar header fails its checksum"))
            return
        }
        let typeflag = block[156]
        guard let fieldSize = Self.size(block[124..<136]), fieldSize <= Self.maxSize else {
            record(.corrupt(path: path, detail: "a tar header has an unreadable size"))
            return
        }
        switch typeflag {
        case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
            guard fieldSize <= Int64(Self.maxMetadataBytes) else {
                record(.corrupt(path: path, detail: "a tar extended header is larger than 1 MiB"))
                return
            }
            metadata.removeAll(keepingCapacity: true)
            metadataPadding = Self.padding(for: fieldSize)
            if fieldSize == 0 {
                finishMetadata(typeflag: typeflag)
            } else {
                state = .metadata(typeflag: typeflag, remaining: Int(fieldSize))
            }
        case UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "5"),
            UInt8(ascii: "6"):
            paxSize = nil
            state = .header
        default:
            let size = paxSize ?? fieldSize
            paxSize = nil
            state = size == 0 ? .header : .skip(remaining: size + Self.padding(for: size))
        }
    }

    private mutating func finishMetadata(typeflag: UInt8) {
        state = metadataPadding == 0 ? .header : .skip(remaining: metadataPadding)
        switch typeflag {
        case UInt8(ascii: "x"), UInt8(ascii: "g"):
            parsePax(isGlobal: typeflag == UInt8(ascii: "g"))
        default:
            // A GNU long name is the name, then NUL padding: a non-NUL byte after the first NUL is a hidden tail.
            if let nul = metadata.firstIndex(of: 0), metadata[nul...].contains(where: { $0 != 0 }) {
                var name = metadata[...]
                while name.last == 0 { name = name.dropLast() }
                record(.refusedEntry(path: path, entry: String(decoding: name, as: UTF8.self), rule: .controlCharacter))
            }
        }
    }

    /// Parses `LEN KEY=VALUE\n` records (POSIX.1-2008 pax, "pax Extended Header").
    private mutating func parsePax(isGlobal: Bool) {
        var index = 0
        while index < metadata.count {
            if metadata[index...].allSatisfy({ $0 == 0 }) { return }
            var cursor = index
            var length = 0
            while cursor < metadata.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(metadata[cursor]) {
                length = length * 10 + Int(metadata[cursor] - UInt8(ascii: "0"))
                if length > metadata.count { break }
                cursor += 1
            }
            guard cursor < metadata.count, metadata[cursor] == UInt8(ascii: " "), length > 0,
                index + length <= metadata.count, metadata[index + length - 1] == UInt8(ascii: "\n"),
                let equals = metadata[(cursor + 1)..<(index + length - 1)].firstIndex(of: UInt8(ascii: "="))
            else {
                record(.corrupt(path: path, detail: "a malformed pax extended header record"))
                return
            }
            let key = metadata[(cursor + 1)..<equals]
            let value = metadata[(equals + 1)..<(index + length - 1)]
            if key.contains(0) {
                record(.corrupt(path: path, detail: "a pax record key holds a NUL"))
                return
            }
            let keyText = String(decoding: key, as: UTF8.self)
            if ["path", "linkpath", "GNU.sparse.name"].contains(keyText), value.contains(0) {
                record(
                    .refusedEntry(path: path, entry: String(decoding: value, as: UTF8.self), rule: .controlCharacter))
                return
            }
            if keyText == "size", !isGlobal {
                guard let size = Int64(String(decoding: value, as: UTF8.self)), (0...Self.maxSize).contains(size) else {
                    record(.corrupt(path: path, detail: "a pax size record is not a number"))
                    return
                }
                paxSize = size
            }
            index += length
        }
    }

    private static func padding(for size: Int64) -> Int64 {
        (Int64(blockSize) - size % Int64(blockSize)) % Int64(blockSize)
    }

    /// Both sums tar writers have used: unsigned bytes (POSIX) and signed bytes (old Sun and GNU tar).
    private static func checksums(_ header: [UInt8]) -> [Int64] {
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (index, byte) in header.enumerated() {
            let value = (148..<156).contains(index) ? UInt8(ascii: " ") : byte
            unsigned += Int64(value)
            signed += Int64(Int8(bitPattern: value))
        }
        return [unsigned, signed]
    }

    /// An octal field: optional leading spaces, digits, then NUL or space to the end.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var seenDigit = false
        var isDone = false
        for byte in field {
            switch byte {
            case UInt8(ascii: " ") where !seenDigit && !isDone:
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "7") where !isDone:
                seenDigit = true
                guard value < Int64.max >> 3 else { return nil }
                value = value << 3 + Int64(byte - UInt8(ascii: "0"))
            case 0, UInt8(ascii: " "):
                isDone = true
            default:
                return nil
            }
        }
        return value
    }

    /// A size field: octal, or base-256 when the top bit of the first byte is set (GNU, star).
    private static func size(_ field: ArraySlice<UInt8>) -> Int64? {
        guard let first = field.first, first & 0x80 != 0 else { return octal(field) }
        guard first & 0x40 == 0 else { return nil }
        var value = Int64(first & 0x3F)
        for byte in field.dropFirst() {
            guard value <= Int64.max >> 8 else { return nil }
            value = value << 8 | Int64(byte)
        }
        return value
    }
}
