import QuireIO

/// The one read loop behind extraction, listing and reading a single file.
///
/// The pipeline: the file → format recognised by its first bytes → gzip (zlib) or zstd (libarchive) decoder
/// → ``ScanningSource`` (tar structure checks) → libarchive with only the tar and zip formats enabled →
/// ``EntryPolicy`` for every header, before its content is read → the consumer. A zip's central directory is
/// parsed and judged first. After the last entry the rest of the stream is read and checked, so a damaged
/// gzip trailer or bytes after the end of the archive fail the whole archive: a consumer must treat what it
/// received as provisional until `run` returns.
enum ArchiveTraversal {
    /// Reads and checks a whole archive file.
    /// - Parameters:
    ///   - path: the archive.
    ///   - limits: the budgets.
    ///   - consumer: receives each admitted entry.
    /// - Returns: what the archive held.
    /// - Throws: ``ArchiveError``, `FileError`, or what the consumer throws.
    static func run(path: String, limits: ArchiveLimits, consumer: some EntryConsumer) throws -> ArchiveContents {
        _ = archiveLocaleIsUTF8
        let sniffed = try SniffedInput(source: FileInput(path: path))
        var policy = EntryPolicy(path: path, limits: limits)

        let decoded: any ByteSource
        let compression: StreamCompression
        var zipEntries: [ZipCentralDirectory.Entry]?
        var admittedZipEntries: [AdmittedEntry] = []
        switch sniffed.signature {
        case .gzip:
            compression = .gzip
            decoded = GzipDecoder(source: sniffed)
        case .zstd:
            compression = .zstd
            decoded = try ZstdDecoder(source: sniffed)
        case .zip:
            compression = .none
            decoded = sniffed
            let directory = try ZipCentralDirectory(path: path)
            zipEntries = directory.entries
            // The whole central directory is judged before a byte is inflated.
            admittedZipEntries = try directory.entries.map { try policy.admit($0.header) }
        case .unsupported(let format):
            throw ArchiveError.unsupportedFormat(
                path: path, detail: "\(format) compression (only gzip and zstd are read)")
        case .other:
            compression = .none
            decoded = sniffed
        }
        let isZip = zipEntries != nil
        let stream = ScanningSource(source: decoded, scanner: isZip ? nil : TarStreamScanner(path: path))
        let archive = try ArchiveReadHandle(name: path, source: stream, formats: .tarOrZip)

        var infos: [ArchiveEntryInfo] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while let header = try archive.nextEntry() {
            guard archive.isZip == isZip else {
                throw ArchiveError.unsupportedFormat(
                    path: path, detail: isZip ? "zip content that is not a zip" : "a zip inside a compressed stream")
            }
            var entry: AdmittedEntry
            if let zipEntries {
                entry = try matchZipEntry(
                    header, index: infos.count, central: zipEntries, admitted: admittedZipEntries, path: path)
            } else {
                entry = try policy.admit(header)
            }
            if entry.name.isEmpty {
                infos.append(ArchiveEntryInfo(name: "", isDirectory: true, size: 0))
                continue
            }
            if entry.isDirectory {
                try consumer.directory(entry.name)
            } else {
                try consumer.beginFile(entry.name)
                while true {
                    let count = try archive.readData(into: buffer)
                    if count == 0 { break }
                    try policy.count(count, in: &entry)
                    try consumer.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                }
                try policy.finish(entry)
                try consumer.endFile()
            }
            infos.append(ArchiveEntryInfo(name: entry.name, isDirectory: entry.isDirectory, size: entry.actualSize))
        }
        if let zipEntries, infos.count != zipEntries.count {
            throw ArchiveError.inconsistentZip(
                path: path, entry: zipEntries[min(infos.count, zipEntries.count - 1)].header.displayName,
                detail: "the central directory lists \(zipEntries.count) entries, the local headers \(infos.count)")
        }
        guard !infos.isEmpty else { throw ArchiveError.empty(path: path) }
        try stream.drain()
        return ArchiveContents(
            format: isZip ? .zip : .tar, compression: compression, entries: infos.filter { !$0.name.isEmpty })
    }

    /// Pairs the n-th local entry libarchive streamed with the n-th central directory record, already admitted.
    private static func matchZipEntry(
        _ header: EntryHeader, index: Int, central: [ZipCentralDirectory.Entry], admitted: [AdmittedEntry],
        path: String
    ) throws -> AdmittedEntry {
        guard index < central.count else {
            throw ArchiveError.inconsistentZip(
                path: path, entry: header.displayName, detail: "a local entry the central directory does not list")
        }
        let record = central[index]
        func inconsistent(_ detail: String) -> ArchiveError {
            .inconsistentZip(path: path, entry: record.header.displayName, detail: detail)
        }
        guard header.name == record.header.name else {
            throw inconsistent("libarchive read the local entry as '\(ArchiveError.printable(header.displayName))'")
        }
        guard (header.kind == .directory) == admitted[index].isDirectory else {
            throw inconsistent("the local header and the central directory disagree on the entry's type")
        }
        if let size = header.declaredSize, !admitted[index].isDirectory, size != record.uncompressedSize {
            throw inconsistent(
                "the local header declares \(size) bytes, the central directory \(record.uncompressedSize)")
        }
        return admitted[index]
    }
}
