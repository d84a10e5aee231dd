import QuireIO
public import QuireModel

/// Appends events to a bundle's journal, one durable line at a time (DESIGN.md §3 "Journal").
///
/// Opening takes the bundle's ``WorkLock``, reads the journal and checks its chain, and cuts off a torn last
/// line (a crash mid-write) with a warning. Each ``append(_:)`` validates the event, fills in `seq`, `at`,
/// `reviewer` and `prev`, writes the line and its newline in one `write`, and returns only after `fsync`:
/// a returned event survives `kill -9` and power loss. Nothing is ever rewritten: ``undo()`` appends the
/// event that restores the previous state.
///
/// Not `Sendable`: one owner (the `AnnotationSession` actor, or a command) uses it at a time.
public final class JournalWriter {
    /// The bundle written.
    public let bundle: AnnotationBundle
    /// The state after every event written so far.
    public private(set) var state: ReviewState
    /// Who the events are recorded for; nil for an open bundle whose reviewer has not named themself.
    public let reviewer: String?
    private let lock: WorkLock
    private let journal: FileDescriptor
    private var lastHash: String
    private var validLength: Int
    private let clock: @Sendable () -> Timestamp

    /// Opens a bundle's journal for writing.
    /// - Parameters:
    ///   - bundle: the opened bag directory.
    ///   - reviewer: who is working: must match the bundle's reviewer when it has one; names the reviewer of an
    ///     open bundle. Nil takes the bundle's (or the journal's) reviewer.
    ///   - clock: the time recorded in each event's `at`.
    ///   - diagnostics: receives the warning when a torn last line is dropped.
    /// - Throws: ``BundleError/locked(bundle:lockFile:)`` when another annotator works on the bundle;
    ///   ``BundleError/brokenJournal(bundle:line:reason:)`` when the journal was tampered with;
    ///   ``JournalError`` for a wrong reviewer; ``FileError``.
    public init(
        bundle: AnnotationBundle, reviewer: String?, clock: @escaping @Sendable () -> Timestamp,
        diagnostics: any DiagnosticSink
    ) throws {
        lock = try WorkLock.acquire(directory: bundle.directory, bundle: bundle.name)
        let path = bundle.path(BundleLayout.journal)
        let existed = FileSystem.exists(path)
        journal = try FileDescriptor.openForAppending(path)
        // A journal created here must have its directory entry on disk too, or a power loss could take the
        // whole file with every save acknowledged in it.
        if !existed { try FileSystem.syncDirectory(FileSystem.parent(of: path)) }
        let contents = try bundle.readJournal()
        if contents.tornBytes > 0 {
            // The last line has no newline, so its write never finished and was never acknowledged: dropping it
            // loses nothing a reviewer was told was saved. It must go before the next append joins onto it.
            try journal.truncate(to: contents.validLength)
            try journal.sync()
            diagnostics.emit(
                Diagnostic(
                    .warning, at: SourceLocation(path: path, line: contents.events.count + 1),
                    "dropped an incomplete last line (\(contents.tornBytes) bytes) left by an interrupted save; "
                        + "every acknowledged save is kept"))
        }
        try JournalValidation.check(contents.events, against: bundle)
        let state = ReviewState.replay(contents.events, itemCount: bundle.itemCount)
        self.reviewer = try Self.resolveReviewer(given: reviewer, bundle: bundle, recorded: state.reviewer)
        self.bundle = bundle
        self.state = state
        self.clock = clock
        lastHash = contents.lastHash
        validLength = contents.validLength
    }

    /// Validates an event and appends it durably.
    /// - Parameter draft: the item, type and payload.
    /// - Returns: the event as written, after `fsync`.
    /// - Throws: ``BundleError/unknownItem(bundle:item:)``, ``JournalError``, `ScoreValueError` (the message lists
    ///   the allowed values) for a refused event, with nothing written; ``FileError`` when the write or `fsync`
    ///   fails, with the journal cut back to its last acknowledged line.
    @discardableResult
    public func append(_ draft: EventDraft) throws -> JournalEvent {
        guard reviewer != nil else { throw JournalError.reviewerRequired(bundle: bundle.name) }
        return try write(EventValidation.validated(draft, bundle: bundle, state: state), undoing: nil)
    }

    /// Undoes the last change that is not undone yet, by appending the event that restores what it changed.
    /// - Returns: the compensating event, whose payload's `undoes` names the event undone.
    /// - Throws: ``JournalError/nothingToUndo(bundle:)``; ``FileError``.
    @discardableResult
    public func undo() throws -> JournalEvent {
        guard reviewer != nil else { throw JournalError.reviewerRequired(bundle: bundle.name) }
        guard let entry = state.undoStack.last else { throw JournalError.nothingToUndo(bundle: bundle.name) }
        return try write(entry.inverse, undoing: entry.seq)
    }

    private func write(_ draft: EventDraft, undoing undone: Int?) throws -> JournalEvent {
        var payload = draft.payload
        if let undone { payload["undoes"] = .int(undone) }
        let event = JournalEvent(
            seq: state.lastSeq + 1, at: clock(), reviewer: reviewer ?? "", item: draft.item, kind: draft.kind,
            payload: payload, prev: lastHash)
        let line = JournalChain.line(for: event)
        do {
            // One write of line and newline: a crash leaves either the whole line, or a tail without its
            // newline that the next open drops.
            try journal.writeAll(line + [0x0A])
            try journal.sync()
        } catch {
            // A failed write or fsync may have left part of the line; cut back to the last acknowledged line so
            // a later append cannot join onto it.
            try? journal.truncate(to: validLength)
            try? journal.sync()
            throw error
        }
        validLength += line.count + 1
        lastHash = JournalChain.hash(ofLine: line)
        state.apply(event)
        return event
    }

    private static func resolveReviewer(given: String?, bundle: AnnotationBundle, recorded: String?) throws -> String? {
        if let given, !JournalError.isValidReviewerName(given) { throw JournalError.invalidReviewerName(given) }
        guard let expected = bundle.manifest.reviewer ?? recorded else { return given }
        if let given, given != expected {
            throw JournalError.reviewerMismatch(bundle: bundle.name, given: given, expected: expected)
        }
        return expected
    }
}
