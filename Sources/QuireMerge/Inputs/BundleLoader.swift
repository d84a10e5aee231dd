import Dispatch
import QuireBundle
import QuireIO
import QuireModel
import Synchronization

/// Opens and checks bundles for merge or `quire agree` (DESIGN.md §3, §5): everything `quire verify` checks,
/// then that each journal is sealed, then the replay.
enum BundleLoader {
    /// A bundle opened (an archive extracted) whose metadata passed, its checks not run yet.
    struct Opened: Sendable {
        let path: String
        let readable: ReadableBundle
        let check: BundleVerifier.Check
    }

    /// Loads bundles, using every core to the end.
    ///
    /// Each bundle's journal checks and file checks run as separate jobs, so no core idles while one bundle
    /// finishes alone. The first bundle's files go first: they parse the items the other bundles share, which
    /// then only compare them; then every journal, then the other bundles' files. A bundle is opened (an archive
    /// extracted) by whichever of its two jobs starts first; the other waits for it. Whichever ends last
    /// finishes the bundle and removes its extraction: everything merge reads afterwards is in memory.
    /// - Parameter paths: archives or bag directories as given, and whether each was given as an adjudication
    ///   bundle (`--adjudication`).
    /// - Returns: each bundle's outcome, in the order given.
    static func loadAll(_ paths: [(path: String, asAdjudication: Bool)]) -> [Result<LoadedBundle, any Error>] {
        // The bundles of one pack share their items: each distinct item line is parsed once across them.
        let verifiedItems = VerifiedItems()
        let count = paths.count
        guard count > 0 else { return [] }
        let openings = paths.map { entry in OnceResult<Opened> { try open(entry.path, verifiedItems: verifiedItems) } }
        // Files of bundle 0, then the journals (bundle 1's first, so the first two jobs open different
        // bundles), then the files of bundles 1...
        let journals = count > 1 ? [1, 0] + Array(2..<count) : [0]
        let jobs = [(0, false)] + journals.map { ($0, true) } + (1..<count).map { ($0, false) }
        let sidesLeft = Mutex([Int](repeating: 2, count: count))
        let outcomes = Mutex<[Int: Result<LoadedBundle, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { job in
            let (index, isJournal) = jobs[job]
            let opened = openings[index].value()
            if case .success(let bundle) = opened {
                if isJournal { bundle.check.checkJournal() } else { bundle.check.checkFiles() }
            }
            let isLast = sidesLeft.withLock { left in
                left[index] -= 1
                return left[index] == 0
            }
            guard isLast else { return }
            let outcome = Result {
                let bundle = try opened.get()
                defer { bundle.readable.close() }
                return try finish(bundle, asAdjudication: paths[index].asAdjudication)
            }
            outcomes.withLock { $0[index] = outcome }
        }
        let finished = outcomes.withLock { $0 }
        return (0..<count).map { index in
            guard let outcome = finished[index] else { preconditionFailure("every bundle was finished") }
            return outcome
        }
    }

    /// Opens a bundle and checks its bag metadata.
    private static func open(_ path: String, verifiedItems: VerifiedItems) throws -> Opened {
        let readable = try BundleWorkspace.openForReading(path)
        let check = try BundleVerifier.Check(
            directory: readable.directory, name: path, isArchive: readable.isArchive, verifiedItems: verifiedItems,
            keepsItems: true)
        return Opened(path: path, readable: readable, check: check)
    }

    /// The outcome of a bundle's checks, then what merge needs of it.
    /// - Throws: ``BundleError`` or `ArchiveError` for an invalid or hostile bundle; ``MergeError`` when it is
    ///   the wrong kind of bundle, not sealed, or names no reviewer; ``FileError``.
    private static func finish(_ opened: Opened, asAdjudication: Bool) throws -> LoadedBundle {
        let path = opened.path
        let readable = opened.readable
        let verified = try opened.check.finish()
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
            path: path, bundle: bundle, reviewer: reviewer, sha256: sha256, events: events, state: state,
            itemBytes: verified.itemBytes, instructions: try bundle.instructions())
    }
}

/// A result computed once by the first caller; callers arriving meanwhile wait for it.
///
/// The first caller computes without waiting on anyone, so a waiter always waits on work under way.
final class OnceResult<Value: Sendable>: Sendable {
    private let make: @Sendable () throws -> Value
    private let state = Mutex<(claimed: Bool, result: Result<Value, any Error>?)>((false, nil))
    private let ready = DispatchSemaphore(value: 0)

    /// Creates the slot.
    /// - Parameter make: what computes the value.
    init(_ make: @escaping @Sendable () throws -> Value) {
        self.make = make
    }

    /// The result, computed on the first call.
    /// - Returns: the value or the error `make` threw.
    func value() -> Result<Value, any Error> {
        let isFirst = state.withLock { state in
            defer { state.claimed = true }
            return !state.claimed
        }
        if isFirst {
            let result = Result { try make() }
            state.withLock { $0.result = result }
            ready.signal()
            return result
        }
        // Wait for the first caller, then let the next waiter through.
        ready.wait()
        ready.signal()
        guard let result = state.withLock({ $0.result }) else { preconditionFailure("set before the signal") }
        return result
    }
}
