import Dispatch
import QuireIO
public import QuireModel
import Synchronization

/// What `quire verify` found in a valid bundle.
public struct VerificationSummary: Sendable, Equatable {
    /// The bundle's name as given.
    public var bundle: String
    /// `Quire-Pack-Id`.
    public var packID: String
    /// `Quire-Bundle-Id`.
    public var bundleID: String
    /// The reviewer, or nil for an open bundle.
    public var reviewer: String?
    /// Items in the bundle.
    public var items: Int
    /// Payload files checked.
    public var payloadFiles: Int
    /// Journal events whose chain was checked.
    public var journalEvents: Int
    /// Whether the tag manifest matches the journal: no work since the last seal.
    public var isSealed: Bool
    /// Problems that do not make the bundle invalid (unsealed work, a torn journal tail in a working directory).
    public var warnings: [String]
    /// The journal's events as checked, so a caller (merge) need not read the journal again.
    public var events: [JournalEvent]
    /// The replay of those events.
    public var state: ReviewState
}

/// A verified bag, open: what a merge reads after checking it.
public struct VerifiedBundle: Sendable {
    /// What verification found.
    public var summary: VerificationSummary
    /// The bag.
    public var bundle: AnnotationBundle
    /// `data/items.jsonl`, the bytes that were checked.
    public var itemBytes: [UInt8]
}

/// Checks a bag directory completely: structure, every checksum, the queue, the items, the journal chain
/// (DESIGN.md §3 "Seal" and "verify").
public enum BundleVerifier {
    /// Verifies a bag directory.
    /// - Parameters:
    ///   - directory: the bag's root.
    ///   - name: the name for messages.
    ///   - isArchive: whether it came from an archive: then work not sealed into the tag manifest is an error,
    ///     since an archive is only ever written by pack or seal.
    ///   - verifiedItems: item lines already checked by another verification in this process (one merge).
    /// - Returns: the summary.
    /// - Throws: ``BundleError`` naming the first problem.
    /// - Complexity: O(n) in the bundle's size: every byte is hashed once, every item parsed once.
    public static func verify(
        directory: String, name: String, isArchive: Bool, verifiedItems: VerifiedItems? = nil
    ) throws -> VerificationSummary {
        let check = try Check(
            directory: directory, name: name, isArchive: isArchive, verifiedItems: verifiedItems, keepsItems: false)
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            if side == 0 { check.checkFiles() } else { check.checkJournal() }
        }
        return try check.finish().summary
    }

    /// One bag's verification in steps a caller schedules: the file checks and the journal checks are
    /// independent and may run on different threads, in either order, before ``finish()``.
    ///
    /// Errors are reported in the same order whichever side finishes first (the bag's metadata, then the
    /// files, then the journal), so the outcome never depends on scheduling.
    public final class Check: Sendable {
        /// The bag being checked.
        public let bundle: AnnotationBundle
        private let directory: String
        private let isArchive: Bool
        private let verifiedItems: VerifiedItems?
        private let keepsItems: Bool
        private let files = Mutex<Result<FileCheck, any Error>?>(nil)
        private let journal = Mutex<Result<JournalCheck, any Error>?>(nil)

        /// Opens a bag directory and checks its metadata.
        /// - Parameters:
        ///   - directory: the bag's root.
        ///   - name: the name for messages.
        ///   - isArchive: whether it came from an archive: then work not sealed into the tag manifest is an
        ///     error, since an archive is only ever written by pack or seal.
        ///   - verifiedItems: item lines already checked by another verification in this process (one merge).
        ///   - keepsItems: whether `data/items.jsonl` is read whole and kept, so what is read afterwards is
        ///     exactly what was checked.
        /// - Throws: ``BundleError`` when it is not a BagIt 1.0 bag with Quire's metadata.
        public init(
            directory: String, name: String, isArchive: Bool, verifiedItems: VerifiedItems?, keepsItems: Bool
        ) throws {
            let declaration = FileSystem.join(directory, BundleLayout.bagDeclaration)
            guard FileSystem.isRegularFile(declaration) else {
                throw BundleError.notABundle(path: name, reason: "no \(BundleLayout.bagDeclaration)")
            }
            guard try FileSystem.readText(declaration) == BundleLayout.bagDeclarationText else {
                throw BundleError.malformedBag(
                    bundle: name, file: BundleLayout.bagDeclaration, line: nil,
                    reason: "expected BagIt-Version 1.0 and UTF-8 tag files")
            }
            let bundle = try AnnotationBundle(directory: directory, name: name)
            let info = bundle.bagInfo
            for label in [
                "Bagging-Date", "Payload-Oxum", "Quire-Pack-Id", "Quire-Bundle-Id", "Quire-Queue", "Quire-Reviewer",
                "Quire-Source-SHA256",
            ] where info[label] == nil {
                throw BundleError.malformedBag(
                    bundle: name, file: BundleLayout.bagInfo, line: nil, reason: "missing \(label)")
            }
            self.bundle = bundle
            self.directory = directory
            self.isArchive = isArchive
            self.verifiedItems = verifiedItems
            self.keepsItems = keepsItems
        }

        /// Checks every file against its manifest, the queue against the bag's metadata, and the items.
        public func checkFiles() {
            let result = Result {
                try BundleVerifier.checkFiles(
                    bundle, directory: directory, isArchive: isArchive, verifiedItems: verifiedItems,
                    keepsItems: keepsItems)
            }
            files.withLock { $0 = result }
        }

        /// Checks the journal's chain and events, replays it and compares `scores.jsonl`.
        public func checkJournal() {
            let result = Result { try BundleVerifier.checkJournal(bundle, isArchive: isArchive) }
            journal.withLock { $0 = result }
        }

        /// The outcome; a side not run yet is run now.
        /// - Returns: the summary, the bag and (when kept) its items.
        /// - Throws: ``BundleError`` naming the first problem.
        public func finish() throws -> VerifiedBundle {
            if files.withLock({ $0 == nil }) { checkFiles() }
            if journal.withLock({ $0 == nil }) { checkJournal() }
            guard let filesResult = files.withLock({ $0 }), let journalResult = journal.withLock({ $0 }) else {
                preconditionFailure("both sides ran")
            }
            let checkedFiles = try filesResult.get()
            let checkedJournal = try journalResult.get()
            let unsealed = checkedFiles.unsealed
            var warnings = checkedJournal.warnings
            // A sealed bundle's scores.jsonl is the replay of its journal (DESIGN.md §3 "Seal"); see Seal.swift.
            if unsealed.isEmpty, let error = checkedJournal.scoresError { throw error }
            if !unsealed.isEmpty {
                warnings.append(
                    "work not sealed yet (\(unsealed.joined(separator: ", ")) changed since the last seal)")
            }
            let manifest = bundle.manifest
            let journalEvents = checkedJournal.events
            let summary = VerificationSummary(
                bundle: bundle.name, packID: manifest.packID, bundleID: manifest.bundleID,
                reviewer: manifest.reviewer, items: bundle.itemCount, payloadFiles: checkedFiles.payloadCount,
                journalEvents: journalEvents.count, isSealed: unsealed.isEmpty, warnings: warnings,
                events: journalEvents, state: checkedJournal.state)
            return VerifiedBundle(summary: summary, bundle: bundle, itemBytes: checkedFiles.itemBytes ?? [])
        }
    }

    /// What the file checks found.
    fileprivate struct FileCheck: Sendable {
        var payloadCount: Int
        /// Annotation files changed since the last seal (a working directory only).
        var unsealed: [String]
        /// `data/items.jsonl` when it was read whole.
        var itemBytes: [UInt8]?
    }

    /// What the journal checks found.
    fileprivate struct JournalCheck: Sendable {
        var events: [JournalEvent]
        var state: ReviewState
        var warnings: [String]
        /// Why scores.jsonl is not the replay of the journal, if it is not: an error only for sealed work.
        var scoresError: (any Error)?
    }

    /// Checks every file against its manifest, the queue against the bag's metadata, and the items against
    /// their index.
    fileprivate static func checkFiles(
        _ bundle: AnnotationBundle, directory: String, isArchive: Bool, verifiedItems: VerifiedItems?,
        keepsItems: Bool
    ) throws -> FileCheck {
        let name = bundle.name
        let info = bundle.bagInfo
        // Every file of the bag is listed exactly once, in the manifest that covers it.
        let allFiles = try regularFilesRefusingOthers(in: directory, name: name)
        let payloadManifest = try readManifest(BundleLayout.payloadManifest, in: directory, name: name)
        let tagManifest = try readManifest(BundleLayout.tagManifest, in: directory, name: name)
        var payloadBytes = 0
        var payloadCount = 0
        var unsealed: [String] = []
        // Items read whole are hashed and checked from memory; otherwise they are streamed twice.
        let itemBytes =
            keepsItems && allFiles.contains(BundleLayout.items)
            ? try FileSystem.readFile(bundle.path(BundleLayout.items)) : nil
        for file in allFiles where file != BundleLayout.tagManifest && file != BundleLayout.lock {
            let isPayload = file.hasPrefix("data/")
            let manifest = isPayload ? payloadManifest : tagManifest
            guard let expected = manifest.entries[file] else {
                if !isArchive && file.hasPrefix("annotations/") {
                    unsealed.append(file)
                    continue
                }
                throw BundleError.unlistedFile(bundle: name, file: file)
            }
            let actual =
                if file == BundleLayout.items, let itemBytes {
                    (sha256: SHA256.hex(of: itemBytes), size: itemBytes.count)
                } else {
                    try BagManifest.digest(ofFile: FileSystem.join(directory, file))
                }
            if actual.sha256 != expected {
                if !isArchive && file.hasPrefix("annotations/") {
                    unsealed.append(file)
                    continue
                }
                throw BundleError.checksumMismatch(bundle: name, file: file, expected: expected, actual: actual.sha256)
            }
            if isPayload {
                payloadBytes += actual.size
                payloadCount += 1
            }
        }
        let present = Set(allFiles)
        for (manifestName, manifest) in [
            (BundleLayout.payloadManifest, payloadManifest), (BundleLayout.tagManifest, tagManifest),
        ] {
            for file in manifest.entries.keys.sorted() where !present.contains(file) {
                throw BundleError.listedFileMissing(bundle: name, manifest: manifestName, file: file)
            }
        }
        for file in payloadManifest.entries.keys.sorted() where !file.hasPrefix("data/") {
            throw BundleError.malformedBag(
                bundle: name, file: BundleLayout.payloadManifest, line: nil,
                reason: "\(file) is outside data/")
        }
        guard info["Payload-Oxum"] == "\(payloadBytes).\(payloadCount)" else {
            throw BundleError.malformedBag(
                bundle: name, file: BundleLayout.bagInfo, line: nil,
                reason: "Payload-Oxum \(info["Payload-Oxum"] ?? "") does not match \(payloadBytes).\(payloadCount)")
        }
        for file in [BundleLayout.queue, BundleLayout.instructions, BundleLayout.items, BundleLayout.itemIndex]
        where !present.contains(file) {
            throw BundleError.missingFile(bundle: name, file: file)
        }

        // The queue agrees with the bag's metadata.
        let manifest = bundle.manifest
        func disagree(_ label: String, _ value: String) -> BundleError {
            .invalidContent(
                bundle: name, file: BundleLayout.queue, line: nil,
                reason: "\(value) disagrees with \(label) in \(BundleLayout.bagInfo)")
        }
        guard info["Quire-Pack-Id"] == manifest.packID else { throw disagree("Quire-Pack-Id", "packId") }
        guard info["Quire-Bundle-Id"] == manifest.bundleID else { throw disagree("Quire-Bundle-Id", "bundleId") }
        guard info["Quire-Queue"] == manifest.name else { throw disagree("Quire-Queue", "name") }
        guard info["Quire-Reviewer"] == (manifest.reviewer ?? BagWriter.openReviewer) else {
            throw disagree("Quire-Reviewer", "reviewer")
        }
        guard manifest.itemCount == bundle.itemCount else {
            throw BundleError.invalidContent(
                bundle: name, file: BundleLayout.itemIndex, line: nil,
                reason: "\(bundle.itemCount) items indexed, queue.json says \(manifest.itemCount)")
        }

        // The index covers items.jsonl line by line, and every item parses. One sequential read: a
        // 10k-item bundle is verified in one pass, not 10k seeks.
        let itemsSize = try itemBytes?.count ?? FileSystem.size(of: bundle.path(BundleLayout.items))
        var expectedOffset = 0
        let lines = LineReader(
            source: try itemBytes.map { BytesInput($0, name: BundleLayout.items) }
                ?? FileInput(path: bundle.path(BundleLayout.items)))
        var position = 0
        while let line = try lines.next({ line, bytes -> LineReader.Line in
            if line.isOversized {
                throw BundleError.invalidContent(
                    bundle: name, file: BundleLayout.items, line: line.number, reason: "item line over 64 MiB")
            }
            if position < bundle.itemCount {
                let id = bundle.index.ids[position]
                if verifiedItems?.contains(bytes, id: id) == true { return line }
                _ = try bundle.item(fromLine: bytes, at: position)
                if let verifiedItems {
                    // A line of items held in memory is kept by reference; a streamed one is copied.
                    let kept = itemBytes.map { $0[line.offset..<(line.offset + line.length)] } ?? ArraySlice(bytes)
                    verifiedItems.insert(kept, id: id)
                }
            }
            return line
        }) {
            guard position < bundle.itemCount else {
                throw BundleError.invalidContent(
                    bundle: name, file: BundleLayout.items, line: position + 1, reason: "a line the index does not list"
                )
            }
            guard bundle.index.offsets[position] == expectedOffset, line.offset == expectedOffset,
                line.length == bundle.index.lengths[position]
            else {
                throw BundleError.invalidContent(
                    bundle: name, file: BundleLayout.itemIndex, line: position + 1,
                    reason: "offset \(bundle.index.offsets[position]) does not follow the previous line")
            }
            expectedOffset += bundle.index.lengths[position] + 1
            position += 1
        }
        guard position == bundle.itemCount else {
            throw BundleError.invalidContent(
                bundle: name, file: BundleLayout.items, line: nil,
                reason: "\(bundle.itemCount - position) indexed items missing from the file")
        }
        guard expectedOffset == itemsSize else {
            throw BundleError.invalidContent(
                bundle: name, file: BundleLayout.items, line: nil,
                reason: "\(itemsSize - expectedOffset) bytes after the last indexed item")
        }

        return FileCheck(payloadCount: payloadCount, unsealed: unsealed, itemBytes: itemBytes)
    }

    /// Checks the journal's chain and every event against the queue, and replays it.
    fileprivate static func checkJournal(_ bundle: AnnotationBundle, isArchive: Bool) throws -> JournalCheck {
        let name = bundle.name
        var warnings: [String] = []
        // The journal's chain holds and every event fits the queue.
        let journal = try bundle.readJournal()
        if journal.tornBytes > 0 {
            if isArchive {
                throw BundleError.brokenJournal(
                    bundle: name, line: journal.events.count + 1, reason: "last line is incomplete")
            }
            warnings.append(
                "annotations/journal.jsonl: an incomplete last line (\(journal.tornBytes) bytes) will be dropped")
        }
        try JournalValidation.check(journal.events, against: bundle)
        let state = ReviewState.replay(journal.events, itemCount: bundle.itemCount)
        var scoresError: (any Error)?
        do { try Seal.checkScores(state, bundle: bundle) } catch { scoresError = error }
        return JournalCheck(events: journal.events, state: state, warnings: warnings, scoresError: scoresError)
    }

    private static func readManifest(_ file: String, in directory: String, name: String) throws -> BagManifest {
        let path = FileSystem.join(directory, file)
        guard FileSystem.isRegularFile(path) else { throw BundleError.missingFile(bundle: name, file: file) }
        return try BagManifest(parsing: FileSystem.readText(path), file: file, bundle: name)
    }

    /// Regular files under the bag; a symlink, device or FIFO in a bag directory is refused, never followed.
    private static func regularFilesRefusingOthers(in directory: String, name: String) throws -> [String] {
        let files = try FileSystem.regularFiles(under: directory)
        let all = try FileSystem.allEntries(under: directory)
        for entry in all where entry.kind != .regular && entry.kind != .directory {
            throw BundleError.notABundle(
                path: name, reason: "\(entry.path) is a \(entry.kind.rawValue), not a regular file")
        }
        return files
    }
}
