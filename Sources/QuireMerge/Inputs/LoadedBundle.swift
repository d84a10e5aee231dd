import QuireBundle
import QuireIO
import QuireModel

/// One bundle after every check: verified, sealed, its journal replayed and its items in memory.
///
/// Holds the extraction of an archive alive until merge is done with it.
final class LoadedBundle: Sendable {
    /// The path as given on the command line (what messages and `merge.json` name).
    let path: String
    /// The opened bag.
    let bundle: AnnotationBundle
    /// Who scored: the bundle's reviewer, or the one an open bundle's journal names.
    let reviewer: String
    /// SHA-256 of the archive file, or of `tagmanifest-sha256.txt` for a bag directory (which pins every other
    /// file through the two manifests).
    let sha256: String
    /// The journal's events, in order.
    let events: [JournalEvent]
    /// The replayed journal: current answers, statuses, flags.
    let state: ReviewState
    /// `data/items.jsonl` as read; lines are sliced with the index.
    let itemBytes: [UInt8]
    private let readable: ReadableBundle

    init(
        path: String, readable: ReadableBundle, bundle: AnnotationBundle, reviewer: String, sha256: String,
        events: [JournalEvent], state: ReviewState, itemBytes: [UInt8]
    ) {
        self.path = path
        self.readable = readable
        self.bundle = bundle
        self.reviewer = reviewer
        self.sha256 = sha256
        self.events = events
        self.state = state
        self.itemBytes = itemBytes
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

/// Opens and checks one bundle for merge or `quire agree` (DESIGN.md §3, §5): everything `quire verify` checks,
/// then that the journal is sealed, then the replay.
enum BundleLoader {
    /// Loads a bundle.
    /// - Parameters:
    ///   - path: an archive or a bag directory, as given.
    ///   - asAdjudication: whether it was given as an adjudication bundle (`--adjudication`).
    /// - Returns: the loaded bundle.
    /// - Throws: ``BundleError`` or `ArchiveError` for an invalid or hostile bundle; ``MergeError`` when it is
    ///   the wrong kind of bundle, not sealed, or names no reviewer; ``FileError``.
    static func load(_ path: String, asAdjudication: Bool) throws -> LoadedBundle {
        let readable = try BundleWorkspace.openForReading(path)
        let summary = try BundleVerifier.verify(
            directory: readable.directory, name: path, isArchive: readable.isArchive)
        let bundle = try AnnotationBundle(directory: readable.directory, name: path)
        if bundle.manifest.isAdjudication != asAdjudication {
            throw asAdjudication
                ? MergeError.notAnAdjudicationBundle(bundle: path)
                : MergeError.adjudicationAsReviewerBundle(bundle: path)
        }
        guard summary.isSealed else {
            throw MergeError.notSealed(bundle: path, reason: "its journal changed after the last seal")
        }
        // A bundle nobody sealed has no scores.jsonl: its journal was never materialised, so it is not a result.
        guard FileSystem.isRegularFile(bundle.path(BundleLayout.scores)) else {
            throw MergeError.notSealed(bundle: path, reason: "it was never sealed (no \(BundleLayout.scores))")
        }
        let events = summary.events
        let state = ReviewState.replay(events)
        let reviewer: String
        if let named = bundle.manifest.reviewer ?? state.reviewer {
            reviewer = named
        } else if asAdjudication {
            reviewer = BagWriter.openReviewer
        } else {
            throw MergeError.noReviewer(bundle: path)
        }
        let sha256 =
            readable.isArchive
            ? try BagManifest.digest(ofFile: path).sha256
            : try BagManifest.digest(ofFile: bundle.path(BundleLayout.tagManifest)).sha256
        return LoadedBundle(
            path: path, readable: readable, bundle: bundle, reviewer: reviewer, sha256: sha256, events: events,
            state: state, itemBytes: try FileSystem.readFile(bundle.path(BundleLayout.items)))
    }
}
