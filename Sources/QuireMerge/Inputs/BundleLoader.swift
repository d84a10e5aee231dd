import QuireBundle
import QuireIO
import QuireModel

/// Opens and checks one bundle for merge or `quire agree` (DESIGN.md §3, §5): everything `quire verify` checks,
/// then that the journal is sealed, then the replay.
enum BundleLoader {
    /// Loads a bundle.
    /// - Parameters:
    ///   - path: an archive or a bag directory, as given.
    ///   - asAdjudication: whether it was given as an adjudication bundle (`--adjudication`).
    ///   - verifiedItems: item lines already checked by the other bundles of this merge.
    /// - Returns: the loaded bundle.
    /// - Throws: ``BundleError`` or `ArchiveError` for an invalid or hostile bundle; ``MergeError`` when it is
    ///   the wrong kind of bundle, not sealed, or names no reviewer; ``FileError``.
    static func load(
        _ path: String, asAdjudication: Bool, verifiedItems: VerifiedItems? = nil
    ) throws -> LoadedBundle {
        let readable = try BundleWorkspace.openForReading(path)
        let verified = try BundleVerifier.open(
            directory: readable.directory, name: path, isArchive: readable.isArchive, verifiedItems: verifiedItems)
        let summary = verified.summary
        let bundle = verified.bundle
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
        let state = summary.state
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
            state: state, itemBytes: verified.itemBytes)
    }
}
