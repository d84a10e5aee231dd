import QuireIO
public import QuireModel

/// What a seal wrote.
public struct SealSummary: Sendable, Equatable {
    /// Lines in `annotations/scores.jsonl`: one per current score.
    public var scores: Int
    /// Journal events replayed.
    public var events: Int
    /// Items marked complete.
    public var completed: Int
    /// Items in the bundle.
    public var items: Int

    /// Creates a summary.
    /// - Parameters:
    ///   - scores: lines written.
    ///   - events: events replayed.
    ///   - completed: items complete.
    ///   - items: items in the bundle.
    public init(scores: Int, events: Int, completed: Int, items: Int) {
        self.scores = scores
        self.events = events
        self.completed = completed
        self.items = items
    }
}

/// Materialises a journal into `annotations/scores.jsonl` (DESIGN.md §3 "Seal").
///
/// `scores.jsonl` holds one line per current score (a score set and not cleared since), items in bundle
/// order, scores in the queue's order, each a JSON object with exactly these members in this order:
///
/// ```
/// {"item":"sup-001","name":"correctness","dataType":"NUMERIC","value":4,"reviewer":"ana",
///  "at":"2026-11-23T10:00:00.000Z","comment":null}
/// ```
///
/// `dataType` is Langfuse's (`NUMERIC`, `CATEGORICAL`, `BOOLEAN`, `TEXT`; a correction is `TEXT`); `value` is a
/// number for numeric and boolean (1/0) scores, the label for categorical ones, the text for text and
/// correction scores; `at` is when the value was last set; `comment` is the score's comment or null. The
/// file is a function of the journal alone, so `quire verify` recomputes it and compares bytes.
public enum Seal {
    /// The bytes of `scores.jsonl` for a state.
    /// - Parameters:
    ///   - state: the replayed journal.
    ///   - bundle: the bundle, for item order and score configs.
    /// - Returns: JSON Lines, empty when no score is set.
    /// - Complexity: O(n) in the items.
    public static func scoresFile(for state: ReviewState, bundle: AnnotationBundle) -> [UInt8] {
        var out: [UInt8] = []
        forEachScoreLine(of: state, bundle: bundle) { out.append(contentsOf: $0) }
        return out
    }

    /// Gives each line of `scores.jsonl`, newline included, in order, from one reused buffer.
    /// - Parameters:
    ///   - state: the replayed journal.
    ///   - bundle: the bundle, for item order and score configs.
    ///   - body: called with each line; the buffer is reused after it returns.
    /// - Complexity: O(n) in the items.
    static func forEachScoreLine(
        of state: ReviewState, bundle: AnnotationBundle, _ body: ([UInt8]) throws -> Void
    ) rethrows {
        var line: [UInt8] = []
        let writer = JSONWriter()
        let reviewer = state.reviewer ?? ""
        let configs = bundle.manifest.scores
        // In bundle order; items the index does not list have no line.
        for id in bundle.index.ids {
            guard let scores = state.items[id]?.scores, !scores.isEmpty else { continue }
            for config in configs {
                guard let score = scores[config.name] else { continue }
                line.removeAll(keepingCapacity: true)
                writeScoreMembers(
                    item: id, name: config.name, dataType: config.kind.dataType, value: score.value,
                    reviewer: reviewer, at: score.at.text, comment: score.comment, into: &line, with: writer)
                line.append(contentsOf: "}\n".utf8)
                try body(line)
            }
        }
    }

    /// Appends a score line's members, `{` through `comment`, without the closing brace.
    ///
    /// The bytes are those `JSONWriter` gives for these members in this order, written without building the
    /// object. A merge's `scores.jsonl` has the same members (and `adjudication` after them on a lead's
    /// decisions).
    /// - Parameters:
    ///   - item: the item id.
    ///   - name: the score's name.
    ///   - dataType: Langfuse's data type.
    ///   - value: the stored value.
    ///   - reviewer: who scored.
    ///   - at: when, as RFC 3339 text.
    ///   - comment: the comment, written as null when nil.
    ///   - out: the buffer.
    ///   - writer: the writer for the value.
    public static func writeScoreMembers(
        item: String, name: String, dataType: String, value: JSONValue, reviewer: String, at: String,
        comment: String?, into out: inout [UInt8], with writer: JSONWriter
    ) {
        out.append(contentsOf: #"{"item":"#.utf8)
        JSONWriter.writeString(item, into: &out)
        out.append(contentsOf: #","name":"#.utf8)
        JSONWriter.writeString(name, into: &out)
        out.append(contentsOf: #","dataType":"#.utf8)
        JSONWriter.writeString(dataType, into: &out)
        out.append(contentsOf: #","value":"#.utf8)
        writer.write(value, into: &out)
        out.append(contentsOf: #","reviewer":"#.utf8)
        JSONWriter.writeString(reviewer, into: &out)
        out.append(contentsOf: #","at":"#.utf8)
        JSONWriter.writeString(at, into: &out)
        out.append(contentsOf: #","comment":"#.utf8)
        if let comment { JSONWriter.writeString(comment, into: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    /// Checks that a sealed bundle's `scores.jsonl` is the replay of its journal.
    /// - Parameters:
    ///   - state: the replay of the journal's events.
    ///   - bundle: the bundle.
    /// - Throws: ``BundleError/missingFile(bundle:file:)`` or ``BundleError/invalidContent(bundle:file:line:reason:)``
    ///   naming the first line that differs.
    static func checkScores(_ state: ReviewState, bundle: AnnotationBundle) throws {
        let path = bundle.path(BundleLayout.scores)
        guard FileSystem.isRegularFile(path) else {
            if state.eventCount == 0 { return }
            throw BundleError.missingFile(bundle: bundle.name, file: BundleLayout.scores)
        }
        let actual = try FileSystem.readFile(path)
        // Line by line against the file: the expected file is never built whole.
        var offset = 0
        var lineNumber = 0
        func mismatch() -> BundleError {
            .invalidContent(
                bundle: bundle.name, file: BundleLayout.scores, line: lineNumber + 1,
                reason: "does not match the replay of the journal")
        }
        try forEachScoreLine(of: state, bundle: bundle) { expected in
            let end = offset + expected.count
            guard end <= actual.count, actual[offset..<end].hasSameBytes(as: expected) else { throw mismatch() }
            offset = end
            lineNumber += 1
        }
        guard offset == actual.count else { throw mismatch() }
    }
}

extension JournalWriter {
    /// Seals the bundle: writes `annotations/scores.jsonl` from the journal, rewrites the tag manifest, and for an
    /// archive bundle writes the bag back into the archive (DESIGN.md §3 "Seal").
    ///
    /// Each file, the archive included, is replaced atomically (temp, fsync, rename, fsync of the directory), so a
    /// crash leaves the old or the new version, never a mix. Runs under the writer's lock, so no event can land
    /// between the replay and the manifest.
    /// - Parameter archive: the `.quire` file to replace with the sealed bag, or nil for a directory bundle.
    /// - Returns: what was written.
    /// - Throws: `FileError`; `ArchiveError` when the archive cannot be written.
    public func seal(archive: String? = nil) throws -> SealSummary {
        let bytes = Seal.scoresFile(for: state, bundle: bundle)
        try FileSystem.writeAtomically(bytes, to: bundle.path(BundleLayout.scores))
        try TagManifest.rewrite(directory: bundle.directory)
        if let archive { try BundleArchiver.archive(directory: bundle.directory, to: archive) }
        return SealSummary(
            scores: bytes.count { $0 == 0x0A }, events: state.eventCount, completed: state.counts.completed,
            items: bundle.itemCount)
    }
}
