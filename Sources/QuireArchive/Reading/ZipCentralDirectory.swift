import QuireIO

/// A zip's central directory, parsed from the file and checked against every local header before extraction.
///
/// A zip describes each file twice: a local header before its data and a record in the central directory at
/// the end. libarchive's streaming reader (used here, as for tar) trusts the local headers; its seekable
/// reader, Python and most unzip tools trust the central directory (tools/README.md). A hostile zip makes the
/// two disagree so that a checker and an extractor see different files: a harmless local name over a `../`
/// central one (`zip-central-local-mismatch.zip`), a symlink flagged only in the central directory's external
/// attributes, one compressed stream shared by 32 records (`zip-overlapping-bomb.zip`), a size that differs
/// (`zip-declared-size-mismatch.zip`). So the archive is accepted only when both views tell one story: names,
/// methods, flags, CRCs and sizes agree, and the entries tile the file from offset 0 to the central directory
/// in order, with no overlap and no unclaimed bytes (APPNOTE.TXT 6.3.10 §4.3).
struct ZipCentralDirectory {
    struct Entry {
        /// The header the entry policy judges: raw name, and type and permissions from the external attributes.
        var header: EntryHeader
        var flags: UInt16
        var method: UInt16
        var crc32: UInt32
        var compressedSize: Int64
        var uncompressedSize: Int64
        var localHeaderOffset: Int64
    }

    /// The entries in central-directory order, which is also their order in the file.
    let entries: [Entry]

    private static let localHeaderSignature: UInt32 = 0x0403_4B50
    private static let centralHeaderSignature: UInt32 = 0x0201_4B50
    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64ExtraID: UInt16 = 0x0001
    private static let encryptedFlags: UInt16 = 0x0041
    private static let dataDescriptorFlag: UInt16 = 0x0008

    /// Parses and checks a zip file.
    /// - Parameter path: the file.
    /// - Throws: ``ArchiveError`` for a damaged or self-contradicting zip; `FileError` if it cannot be read.
    init(path: String) throws {
        let file = try RandomAccessFile(path: path)
        let (directoryOffset, directorySize, count) = try Self.locateDirectory(in: file, path: path)
        // Each record is at least 46 bytes: a count that cannot fit is a lie told to make us allocate.
        guard count <= directorySize / 46 || count == 0 else {
            throw ArchiveError.corrupt(path: path, detail: "the zip end record claims more entries than fit")
        }
        let directory = try file.bytes(at: directoryOffset, count: Int(directorySize))
        var entries: [Entry] = []
        var cursor = 0
        for _ in 0..<count {
            let (entry, next) = try Self.centralRecord(in: directory, at: cursor, path: path)
            entries.append(entry)
            cursor = next
        }
        guard cursor == directory.count else {
            throw ArchiveError.corrupt(path: path, detail: "the zip central directory holds unlisted bytes")
        }
        try Self.checkLocalHeaders(entries, directoryOffset: directoryOffset, in: file, path: path)
        self.entries = entries
    }

    /// Finds the end record (and its zip64 form) at the very end of the file.
    private static func locateDirectory(
        in file: borrowing RandomAccessFile, path: String
    ) throws -> (offset: Int64, size: Int64, count: Int) {
        let tailLength = Int(min(file.size, 22 + 65_535))
        let tailStart = file.size - Int64(tailLength)
        let tail = try file.bytes(at: tailStart, count: tailLength)
        var found: Int?
        var sawSignature = false
        var index = tailLength - 22
        while index >= 0 {
            if tail.uint32(at: index) == endSignature {
                sawSignature = true
                if index + 22 + Int(tail.uint16(at: index + 20)) == tailLength {
                    found = index
                    break
                }
            }
            index -= 1
        }
        guard let end = found else {
            if sawSignature {
                throw ArchiveError.trailingData(
                    path: path, detail: "bytes after the zip end-of-central-directory record")
            }
            throw ArchiveError.corrupt(path: path, detail: "no zip end-of-central-directory record")
        }
        let endOffset = tailStart + Int64(end)
        guard tail.uint16(at: end + 4) == 0, tail.uint16(at: end + 6) == 0,
            tail.uint16(at: end + 8) == tail.uint16(at: end + 10)
        else {
            throw ArchiveError.unsupportedFormat(path: path, detail: "multi-disk zip archives are not supported")
        }
        var count = Int64(tail.uint16(at: end + 10))
        var size = Int64(tail.uint32(at: end + 12))
        var offset = Int64(tail.uint32(at: end + 16))
        var directoryEnd = endOffset
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            let locatorOffset = endOffset - 20
            let locator = try file.bytes(at: locatorOffset, count: 20)
            guard locator.uint32(at: 0) == zip64LocatorSignature, locator.uint32(at: 4) == 0,
                locator.uint32(at: 16) == 1
            else {
                throw ArchiveError.corrupt(path: path, detail: "a damaged zip64 end-of-central-directory locator")
            }
            let recordOffset = Int64(bitPattern: locator.uint64(at: 8))
            let record = try file.bytes(at: recordOffset, count: 56)
            guard record.uint32(at: 0) == zip64EndSignature, record.uint32(at: 16) == 0, record.uint32(at: 20) == 0,
                record.uint64(at: 24) == record.uint64(at: 32),
                recordOffset.addingReportingOverflow(12 + Int64(bitPattern: record.uint64(at: 4))) == (
                    locatorOffset, false
                )
            else {
                throw ArchiveError.corrupt(path: path, detail: "a damaged zip64 end-of-central-directory record")
            }
            count = Int64(bitPattern: record.uint64(at: 32))
            size = Int64(bitPattern: record.uint64(at: 40))
            offset = Int64(bitPattern: record.uint64(at: 48))
            directoryEnd = recordOffset
        }
        guard count >= 0, size >= 0, offset >= 0, offset.addingReportingOverflow(size) == (directoryEnd, false) else {
            throw ArchiveError.corrupt(path: path, detail: "the zip central directory is not where its end record says")
        }
        return (offset, size, Int(count))
    }

    /// One central directory record (APPNOTE 4.3.12) with its zip64 extra field (4.5.3).
    private static func centralRecord(in directory: [UInt8], at start: Int, path: String) throws -> (Entry, Int) {
        guard start + 46 <= directory.count, directory.uint32(at: start) == centralHeaderSignature else {
            throw ArchiveError.corrupt(path: path, detail: "a damaged zip central directory record")
        }
        let nameLength = Int(directory.uint16(at: start + 28))
        let extraLength = Int(directory.uint16(at: start + 30))
        let commentLength = Int(directory.uint16(at: start + 32))
        let nameStart = start + 46
        let next = nameStart + nameLength + extraLength + commentLength
        guard next <= directory.count else {
            throw ArchiveError.corrupt(path: path, detail: "a zip central directory record runs past its end")
        }
        let name = Array(directory[nameStart..<nameStart + nameLength])
        let extra = directory[nameStart + nameLength..<nameStart + nameLength + extraLength]
        var uncompressed = Int64(directory.uint32(at: start + 24))
        var compressed = Int64(directory.uint32(at: start + 20))
        var offset = Int64(directory.uint32(at: start + 42))
        var disk = Int64(directory.uint16(at: start + 34))
        let display = String(decoding: name, as: UTF8.self)
        if uncompressed == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || offset == 0xFFFF_FFFF || disk == 0xFFFF {
            guard var fields = zip64Fields(in: extra) else {
                throw ArchiveError.inconsistentZip(
                    path: path, entry: display, detail: "zip64 sizes without their extra field")
            }
            func take(_ width: Int) throws -> Int64 {
                guard fields.count >= width else {
                    throw ArchiveError.inconsistentZip(path: path, entry: display, detail: "a short zip64 extra field")
                }
                let value = width == 8 ? Int64(bitPattern: fields.uint64(at: 0)) : Int64(fields.uint32(at: 0))
                fields = Array(fields.dropFirst(width))
                return value
            }
            if uncompressed == 0xFFFF_FFFF { uncompressed = try take(8) }
            if compressed == 0xFFFF_FFFF { compressed = try take(8) }
            if offset == 0xFFFF_FFFF { offset = try take(8) }
            if disk == 0xFFFF { disk = try take(4) }
        }
        guard disk == 0, uncompressed >= 0, compressed >= 0, offset >= 0 else {
            throw ArchiveError.inconsistentZip(path: path, entry: display, detail: "impossible sizes or offset")
        }

        let flags = directory.uint16(at: start + 8)
        let method = directory.uint16(at: start + 10)
        let external = directory.uint32(at: start + 38)
        let mode = external >> 16
        let endsWithSlash = name.last == UInt8(ascii: "/")
        let kind: EntryKind
        switch mode & 0o170000 {
        // No Unix mode (written on DOS or Windows): the name or the MS-DOS directory attribute decides.
        case 0: kind = endsWithSlash || external & 0x10 != 0 ? .directory : .regular
        case 0o100000: kind = endsWithSlash ? .other : .regular
        case 0o040000: kind = .directory
        case 0o120000: kind = .symlink
        case 0o020000: kind = .characterDevice
        case 0o060000: kind = .blockDevice
        case 0o010000: kind = .fifo
        case 0o140000: kind = .socket
        default: kind = .other
        }
        var header = EntryHeader(
            name: name, kind: kind, permissions: mode & 0o170000 == 0 ? 0 : mode & 0o7777,
            declaredSize: uncompressed)
        header.isEncrypted = flags & encryptedFlags != 0
        header.zipMethod = Int(method)
        let entry = Entry(
            header: header, flags: flags, method: method, crc32: directory.uint32(at: start + 16),
            compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset)
        return (entry, next)
    }

    /// Reads every local header (APPNOTE 4.3.7) and checks it against its central record, and that the entries
    /// tile the file: the first at 0, each ending where the next begins (after its data descriptor, 4.3.9), the
    /// last where the central directory begins.
    private static func checkLocalHeaders(
        _ entries: [Entry], directoryOffset: Int64, in file: borrowing RandomAccessFile, path: String
    ) throws {
        var expectedOffset: Int64 = 0
        var previousHasDescriptor = false
        for entry in entries {
            let display = entry.header.displayName
            func inconsistent(_ detail: String) -> ArchiveError {
                .inconsistentZip(path: path, entry: display, detail: detail)
            }
            try checkGap(
                from: expectedOffset, to: entry.localHeaderOffset, hasDescriptor: previousHasDescriptor,
                inconsistent: inconsistent)
            let fixed = try file.bytes(at: entry.localHeaderOffset, count: 30)
            guard fixed.uint32(at: 0) == localHeaderSignature else {
                throw inconsistent("no local header where the central directory points")
            }
            let nameLength = Int(fixed.uint16(at: 26))
            let extraLength = Int(fixed.uint16(at: 28))
            let variable = try file.bytes(at: entry.localHeaderOffset + 30, count: nameLength + extraLength)
            let localName = Array(variable[0..<nameLength])
            guard localName == entry.header.name else {
                throw inconsistent(
                    "the local header names '\(ArchiveError.printable(String(decoding: localName, as: UTF8.self)))'")
            }
            let flags = fixed.uint16(at: 6)
            guard flags & (encryptedFlags | dataDescriptorFlag) == entry.flags & (encryptedFlags | dataDescriptorFlag),
                fixed.uint16(at: 8) == entry.method
            else {
                throw inconsistent("the local header's flags or compression method differ")
            }
            var localCompressed = Int64(fixed.uint32(at: 18))
            var localUncompressed = Int64(fixed.uint32(at: 22))
            if localCompressed == 0xFFFF_FFFF || localUncompressed == 0xFFFF_FFFF {
                let fields = zip64Fields(in: variable[nameLength...]) ?? []
                if fields.count >= 16 {
                    localUncompressed = Int64(bitPattern: fields.uint64(at: 0))
                    localCompressed = Int64(bitPattern: fields.uint64(at: 8))
                }
            }
            let localCRC = fixed.uint32(at: 14)
            let hasDescriptor = flags & dataDescriptorFlag != 0
            // With a data descriptor the local fields may be zero; whatever they say must still be the truth.
            let sizesAgree =
                hasDescriptor
                ? (localCRC == 0 || localCRC == entry.crc32)
                    && (localCompressed == 0 || localCompressed == entry.compressedSize)
                    && (localUncompressed == 0 || localUncompressed == entry.uncompressedSize)
                : localCRC == entry.crc32 && localCompressed == entry.compressedSize
                    && localUncompressed == entry.uncompressedSize
            guard sizesAgree else {
                throw inconsistent(
                    "the local header declares \(localUncompressed) bytes, the central directory \(entry.uncompressedSize)"
                )
            }
            let (dataStart, overflow) = entry.localHeaderOffset.addingReportingOverflow(
                Int64(30 + nameLength + extraLength))
            let (dataEnd, overflow2) = dataStart.addingReportingOverflow(entry.compressedSize)
            guard !overflow, !overflow2, dataEnd <= directoryOffset else {
                throw inconsistent("the entry's data runs into the central directory")
            }
            expectedOffset = dataEnd
            previousHasDescriptor = hasDescriptor
        }
        let lastName = entries.last?.header.displayName ?? ""
        try checkGap(
            from: expectedOffset, to: directoryOffset, hasDescriptor: previousHasDescriptor,
            inconsistent: { .inconsistentZip(path: path, entry: lastName, detail: $0) })
    }

    /// What may sit between one entry's data and the next header: nothing, or a data descriptor of 12 or 20
    /// bytes (zip64), each with an optional 4-byte signature.
    private static func checkGap(
        from end: Int64, to next: Int64, hasDescriptor: Bool, inconsistent: (String) -> ArchiveError
    ) throws {
        let gap = next - end
        if gap < 0 { throw inconsistent("entries overlap (one stream read as several files)") }
        let allowed: Set<Int64> = hasDescriptor ? [12, 16, 20, 24] : [0]
        guard allowed.contains(gap) else { throw inconsistent("\(gap) bytes between entries belong to no entry") }
    }

    /// The zip64 extended information extra field's data (APPNOTE 4.5.3), if present.
    private static func zip64Fields(in extra: ArraySlice<UInt8>) -> [UInt8]? {
        let bytes = Array(extra)
        var index = 0
        while index + 4 <= bytes.count {
            let id = bytes.uint16(at: index)
            let size = Int(bytes.uint16(at: index + 2))
            guard index + 4 + size <= bytes.count else { return nil }
            if id == zip64ExtraID { return Array(bytes[index + 4..<index + 4 + size]) }
            index += 4 + size
        }
        return nil
    }
}

/// A file read at offsets (`pread`), for the parts of a zip that sit at its end.
private struct RandomAccessFile: ~Copyable {
    let descriptor: FileDescriptor
    let size: Int64
    let path: String

    init(path: String) throws {
        let opened = try FileDescriptor.openForReading(path)
        size = Int64(try opened.size())
        descriptor = opened
        self.path = path
    }

    func bytes(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw ArchiveError.corrupt(path: path, detail: "a zip record points past the end of the file")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let read = try bytes.withUnsafeMutableBytes { raw in
                try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[done...]), at: Int(offset) + done)
            }
            if read == 0 { throw ArchiveError.truncated(path: path, detail: "the zip file shrank while being read") }
            done += read
        }
        return bytes
    }
}

extension Array where Element == UInt8 {
    /// Little-endian integers, as every zip field is (APPNOTE 4.4.1.1); the caller has checked the bounds.
    fileprivate func uint16(at index: Int) -> UInt16 {
        UInt16(self[index]) | UInt16(self[index + 1]) << 8
    }

    fileprivate func uint32(at index: Int) -> UInt32 {
        UInt32(uint16(at: index)) | UInt32(uint16(at: index + 2)) << 16
    }

    fileprivate func uint64(at index: Int) -> UInt64 {
        UInt64(uint32(at: index)) | UInt64(uint32(at: index + 4)) << 32
    }
}
