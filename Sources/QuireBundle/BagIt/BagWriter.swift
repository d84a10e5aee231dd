import QuireIO
public import QuireModel

/// Writes a bundle as a bag directory (DESIGN.md §3): payload under `data/`, an empty journal, manifests.
///
/// Items stream to `data/items.jsonl` as they come, so a pack of any size needs memory for the index only.
/// The directory is created fresh; the caller renames or archives it once ``finish()`` returns.
public final class BagWriter {
    private let directory: String
    private var manifest: QueueManifest
    private let instructions: String
    private let sourceSHA256: String
    private var items: BufferedWriter
    private var index = ItemIndex()
    private let writer = JSONWriter()

    /// Starts a bag in a new directory.
    /// - Parameters:
    ///   - directory: the bag's root; must not exist.
    ///   - manifest: the resolved queue; `itemCount` is filled in by ``finish()``.
    ///   - instructions: the reviewer instructions (Markdown).
    ///   - sourceSHA256: the digest of the sources, for `Quire-Source-SHA256`.
    /// - Throws: ``FileError``.
    public init(directory: String, manifest: QueueManifest, instructions: String, sourceSHA256: String) throws {
        guard !FileSystem.exists(directory) else {
            throw FileError("mkdir", path: directory, errno: 17)
        }
        try FileSystem.createDirectory(FileSystem.join(directory, "data"))
        try FileSystem.createDirectory(FileSystem.join(directory, "annotations"))
        self.directory = directory
        self.manifest = manifest
        self.instructions = instructions
        self.sourceSHA256 = sourceSHA256
        items = try BufferedWriter(creating: FileSystem.join(directory, BundleLayout.items))
    }

    /// Appends an item.
    /// - Parameter item: the item.
    /// - Throws: ``BundleError/invalidContent(bundle:file:line:reason:)`` for a repeated id; ``FileError``.
    public func append(_ item: BundleItem) throws {
        try appendLine(id: item.id, line: writer.bytes(item.json))
    }

    /// Appends an item already serialised as one JSON line (without the newline).
    /// - Parameters:
    ///   - id: the item's id.
    ///   - line: its JSON bytes.
    /// - Throws: ``BundleError``; ``FileError``.
    public func appendLine(id: String, line: [UInt8]) throws {
        guard index.append(id: id, offset: items.offset, length: line.count) else {
            throw BundleError.invalidContent(
                bundle: directory, file: BundleLayout.items, line: index.count + 1, reason: "item id \"\(id)\" repeats")
        }
        try items.write(line)
        try items.write([0x0A])
    }

    /// Writes the remaining files and both manifests.
    /// - Returns: the bag's metadata.
    /// - Throws: ``FileError``.
    public func finish() throws -> BagInfo {
        try items.finish()
        manifest.itemCount = index.count
        func write(_ relative: String, _ text: String) throws {
            try FileSystem.writeAtomically(text, to: FileSystem.join(directory, relative))
        }
        try write(BundleLayout.queue, JSONWriter().string(manifest.json) + "\n")
        try write(BundleLayout.instructions, instructions)
        try write(BundleLayout.itemIndex, index.text)
        try write(BundleLayout.journal, "")
        try write(BundleLayout.bagDeclaration, BundleLayout.bagDeclarationText)

        var payload = BagManifest()
        var octets = 0
        let files = try FileSystem.regularFiles(under: FileSystem.join(directory, "data"))
        for file in files {
            let digest = try BagManifest.digest(ofFile: FileSystem.join(directory, "data/" + file))
            payload.set("data/" + file, sha256: digest.sha256)
            octets += digest.size
        }
        try write(BundleLayout.payloadManifest, payload.text)

        var info = BagInfo()
        info.append("Bag-Software-Agent", "quire (https://github.com/quire-annotate/quire)")
        info.append("Bagging-Date", String(manifest.packTime.canonicalText.prefix(10)))
        info.append("Payload-Oxum", "\(octets).\(files.count)")
        info.append("Quire-Pack-Id", manifest.packID)
        info.append("Quire-Bundle-Id", manifest.bundleID)
        info.append("Quire-Queue", manifest.name)
        info.append("Quire-Reviewer", manifest.reviewer ?? BagWriter.openReviewer)
        info.append("Quire-Source-SHA256", sourceSHA256)
        info.append("Quire-Items", String(index.count))
        try write(BundleLayout.bagInfo, info.text)
        try TagManifest.rewrite(directory: directory)
        try FileSystem.syncDirectory(FileSystem.join(directory, "data"))
        try FileSystem.syncDirectory(FileSystem.join(directory, "annotations"))
        try FileSystem.syncDirectory(directory)
        return info
    }

    /// The `Quire-Reviewer` value of an open bundle, whose reviewer names themself when they start.
    ///
    /// Reviewer names are `[A-Za-z0-9._-]`, so this cannot collide with one.
    public static let openReviewer = "(open)"
}

/// Writes `tagmanifest-sha256.txt` over the tag files: the declaration, bag-info, the payload manifest and
/// everything in `annotations/` (the only part of a bag that changes, DESIGN.md §3).
public enum TagManifest {
    /// The tag files of a bag directory, sorted.
    /// - Parameter directory: the bag's root.
    /// - Returns: relative paths.
    /// - Throws: ``FileError``.
    public static func tagFiles(in directory: String) throws -> [String] {
        var files = [BundleLayout.bagDeclaration, BundleLayout.bagInfo, BundleLayout.payloadManifest]
        let annotations = FileSystem.join(directory, "annotations")
        if FileSystem.isDirectory(annotations) {
            files += try FileSystem.regularFiles(under: annotations).map { "annotations/" + $0 }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Recomputes and atomically rewrites the tag manifest.
    /// - Parameter directory: the bag's root.
    /// - Throws: ``FileError``.
    public static func rewrite(directory: String) throws {
        var manifest = BagManifest()
        for file in try tagFiles(in: directory) {
            manifest.set(file, sha256: try BagManifest.digest(ofFile: FileSystem.join(directory, file)).sha256)
        }
        try FileSystem.writeAtomically(manifest.text, to: FileSystem.join(directory, BundleLayout.tagManifest))
    }
}
