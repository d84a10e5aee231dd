import QuireIO
public import QuireModel

/// An opened bundle directory: its metadata and index in memory, items read on demand.
///
/// Opening reads `bag-info.txt`, `data/queue.json` and `data/items.idx` only, so a 100k-item bundle opens
/// fast and in little memory (DESIGN.md §7); an item costs one `pread` and one parse.
public final class AnnotationBundle: Sendable {
    /// The bag's root directory.
    public let directory: String
    /// The name used in messages: the path the user gave.
    public let name: String
    /// The bag metadata.
    public let bagInfo: BagInfo
    /// The resolved queue.
    public let manifest: QueueManifest
    /// Item ids and their line positions.
    public let index: ItemIndex

    /// Opens a bag directory.
    /// - Parameters:
    ///   - directory: the bag's root.
    ///   - name: the name for messages (defaults to the directory).
    /// - Throws: ``BundleError`` for a missing or malformed file; ``FileError``.
    public init(directory: String, name: String? = nil) throws {
        let name = name ?? directory
        self.directory = directory
        self.name = name
        func read(_ relative: String) throws -> [UInt8] {
            let path = FileSystem.join(directory, relative)
            guard FileSystem.isRegularFile(path) else { throw BundleError.missingFile(bundle: name, file: relative) }
            return try FileSystem.readFile(path)
        }
        guard FileSystem.isRegularFile(FileSystem.join(directory, BundleLayout.bagDeclaration)) else {
            throw BundleError.notABundle(path: name, reason: "no \(BundleLayout.bagDeclaration)")
        }
        bagInfo = try BagInfo(parsing: String(decoding: read(BundleLayout.bagInfo), as: UTF8.self), bundle: name)
        let queueBytes = try read(BundleLayout.queue)
        do {
            manifest = try QueueManifest(json: JSONParser.parse(queueBytes))
        } catch let error as JSONSyntaxError {
            throw BundleError.invalidContent(
                bundle: name, file: BundleLayout.queue, line: nil, reason: "not JSON: \(error)")
        } catch let error as FieldError {
            throw BundleError.invalidContent(
                bundle: name, file: BundleLayout.queue, line: nil, reason: error.description)
        }
        index = try ItemIndex(parsing: read(BundleLayout.itemIndex), bundle: name)
    }

    /// The number of items.
    public var itemCount: Int { index.count }

    /// Reads one item by position.
    /// - Parameter position: 0-based.
    /// - Returns: the item.
    /// - Throws: ``BundleError``; ``FileError``.
    public func item(at position: Int) throws -> BundleItem {
        try item(fromLine: try itemLine(at: position), at: position)
    }

    /// Parses an item line and checks it against the index.
    /// - Parameters:
    ///   - bytes: the line without its newline.
    ///   - position: its 0-based position.
    /// - Returns: the item.
    /// - Throws: ``BundleError/invalidContent(bundle:file:line:reason:)``.
    public func item(fromLine bytes: some Collection<UInt8>, at position: Int) throws -> BundleItem {
        do {
            let item = try BundleItem(json: JSONParser.parse(bytes))
            guard item.id == index.ids[position] else {
                throw BundleError.invalidContent(
                    bundle: name, file: BundleLayout.items, line: position + 1,
                    reason: "item id \"\(item.id)\" does not match the index (\"\(index.ids[position])\")")
            }
            return item
        } catch let error as JSONSyntaxError {
            throw BundleError.invalidContent(
                bundle: name, file: BundleLayout.items, line: position + 1, reason: "not JSON: \(error)")
        } catch let error as FieldError {
            throw BundleError.invalidContent(
                bundle: name, file: BundleLayout.items, line: position + 1, reason: error.description)
        }
    }

    /// Reads one item by id.
    /// - Parameter id: the item id.
    /// - Returns: the item.
    /// - Throws: ``BundleError/unknownItem(bundle:item:)``; ``BundleError``; ``FileError``.
    public func item(id: String) throws -> BundleItem {
        guard let position = index.position(of: id) else { throw BundleError.unknownItem(bundle: name, item: id) }
        return try item(at: position)
    }

    /// The raw JSON bytes of one item's line.
    /// - Parameter position: 0-based.
    /// - Returns: the line without its newline.
    /// - Throws: ``FileError``; ``BundleError`` when the file is shorter than the index says.
    public func itemLine(at position: Int) throws -> [UInt8] {
        let path = FileSystem.join(directory, BundleLayout.items)
        let descriptor = try FileDescriptor.openForReading(path)
        let length = index.lengths[position]
        var bytes = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            let count = try bytes.withUnsafeMutableBytes { raw in
                try descriptor.read(
                    into: UnsafeMutableRawBufferPointer(rebasing: raw[filled..<length]),
                    at: index.offsets[position] + filled)
            }
            guard count > 0 else {
                throw BundleError.invalidContent(
                    bundle: name, file: BundleLayout.items, line: position + 1,
                    reason: "file ends before the item the index points to")
            }
            filled += count
        }
        return bytes
    }

    /// The reviewer instructions.
    /// - Returns: the Markdown text.
    /// - Throws: ``FileError``.
    public func instructions() throws -> String {
        try FileSystem.readText(FileSystem.join(directory, BundleLayout.instructions))
    }

    /// The bundle's reviewer, or nil for an open bundle.
    public var reviewer: String? { manifest.reviewer }

    /// The path of a file inside the bag.
    /// - Parameter relative: e.g. `annotations/journal.jsonl`.
    /// - Returns: the absolute path.
    public func path(_ relative: String) -> String {
        FileSystem.join(directory, relative)
    }

    /// Reads the journal and checks its chain.
    /// - Returns: the events and the valid length.
    /// - Throws: ``BundleError/brokenJournal(bundle:line:reason:)``; ``FileError``.
    public func readJournal() throws -> JournalContents {
        let path = path(BundleLayout.journal)
        let bytes = FileSystem.exists(path) ? try FileSystem.readFile(path) : []
        return try JournalChain.read(bytes, genesis: JournalChain.genesis(bundleID: manifest.bundleID), bundle: name)
    }
}
