import QuireBundle
import QuireIO
import QuireModel

/// One bundle after every check: verified, sealed, its journal replayed, and everything merge reads of it
/// (items, instructions) in memory, so an archive's extraction is gone by then.
final class LoadedBundle: Sendable {
    /// The path as given on the command line (what messages and `merge.json` name).
    let path: String
    /// The opened bag: its metadata, queue and index (its files are not read after loading).
    let bundle: AnnotationBundle
    /// Who scored: the bundle's reviewer, or the one an open bundle's journal names.
    let reviewer: String
    /// SHA-256 of the archive file, or of `tagmanifest-sha256.txt` for a bag directory (which pins every other
    /// file through the two manifests).
    let sha256: String
    /// The time of the journal's newest event (the first of equals), or nil for an empty journal.
    let newestEvent: Timestamp?
    /// The median time between consecutive completions, in seconds (see
    /// ``MergeReportBuilder/medianSecondsPerItem(_:)``).
    let medianSecondsPerItem: Double?
    /// The replayed journal: current answers, statuses, flags.
    let state: ReviewState
    /// `data/items.jsonl` as read; lines are sliced with the index.
    let itemBytes: [UInt8]
    /// `data/instructions.md`.
    let instructions: String

    init(
        path: String, bundle: AnnotationBundle, reviewer: String, sha256: String, events: [JournalEvent],
        state: ReviewState, itemBytes: [UInt8], instructions: String
    ) {
        // What the outputs need of the events is kept; the events themselves are not.
        self.newestEvent = events.lazy.map(\.at).max()
        self.medianSecondsPerItem = MergeReportBuilder.medianSecondsPerItem(events)
        self.path = path
        self.bundle = bundle
        self.reviewer = reviewer
        self.sha256 = sha256
        self.state = state
        self.itemBytes = itemBytes
        self.instructions = instructions
    }

    /// The resolved queue.
    var manifest: QueueManifest { bundle.manifest }

    /// Whether a merge wrote this bundle for a lead's decisions.
    var isAdjudication: Bool { bundle.manifest.isAdjudication }

    /// The item ids in bundle order.
    var itemIDs: [String] { bundle.index.ids }

    /// The raw JSON line of an item, without its newline.
    /// - Parameter position: 0-based position in the bundle.
    /// - Returns: the bytes.
    func line(at position: Int) -> ArraySlice<UInt8> {
        let start = bundle.index.offsets[position]
        return itemBytes[start..<(start + bundle.index.lengths[position])]
    }

    /// Parses an item.
    /// - Parameter position: 0-based position in the bundle.
    /// - Returns: the item.
    /// - Throws: ``BundleError`` (never for a verified bundle, whose every item parsed).
    func item(at position: Int) throws -> BundleItem {
        do {
            return try BundleItem(json: JSONParser.parse(Array(line(at: position))))
        } catch let error as FieldError {
            throw BundleError.invalidContent(
                bundle: path, file: BundleLayout.items, line: position + 1, reason: error.description)
        } catch {
            throw BundleError.invalidContent(
                bundle: path, file: BundleLayout.items, line: position + 1, reason: "not JSON: \(error)")
        }
    }
}
