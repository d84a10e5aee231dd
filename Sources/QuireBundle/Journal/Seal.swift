import QuireIO
import QuireModel

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
    /// - Complexity: O(n log n) in the items with events.
    public static func scoresFile(for state: ReviewState, bundle: AnnotationBundle) -> [UInt8] {
        var out: [UInt8] = []
        let writer = JSONWriter()
        let positioned = state.items.compactMap { id, item in bundle.index.position(of: id).map { ($0, id, item) } }
        for (_, id, item) in positioned.sorted(by: { $0.0 < $1.0 }) {
            for config in bundle.manifest.scores {
                guard let score = item.scores[config.name] else { continue }
                let line: JSONObject = [
                    "item": .string(id), "name": .string(config.name), "dataType": .string(config.kind.dataType),
                    "value": score.value, "reviewer": .string(state.reviewer ?? ""), "at": .string(score.at.text),
                    "comment": .optionalString(score.comment),
                ]
                writer.write(.object(line), into: &out)
                out.append(0x0A)
            }
        }
        return out
    }

    /// Checks that a sealed bundle's `scores.jsonl` is the replay of its journal.
    /// - Parameters:
    ///   - events: the journal's events.
    ///   - bundle: the bundle.
    /// - Throws: ``BundleError/missingFile(bundle:file:)`` or ``BundleError/invalidContent(bundle:file:line:reason:)``
    ///   naming the first line that differs.
    static func checkScores(_ events: [JournalEvent], bundle: AnnotationBundle) throws {
        let path = bundle.path(BundleLayout.scores)
        guard FileSystem.isRegularFile(path) else {
            if events.isEmpty { return }
            throw BundleError.missingFile(bundle: bundle.name, file: BundleLayout.scores)
        }
        let actual = try FileSystem.readFile(path)
        let expected = scoresFile(for: ReviewState.replay(events), bundle: bundle)
        guard actual != expected else { return }
        let actualLines = actual.split(separator: 0x0A, omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
        let line =
            zip(actualLines, expectedLines).enumerated().first { !$0.element.0.elementsEqual($0.element.1) }?.offset
            ?? min(actualLines.count, expectedLines.count)
        throw BundleError.invalidContent(
            bundle: bundle.name, file: BundleLayout.scores, line: line + 1,
            reason: "does not match the replay of the journal")
    }
}

extension JournalWriter {
    /// Seals the bag directory: writes `annotations/scores.jsonl` from the journal and rewrites the tag
    /// manifest, each atomically (temp, fsync, rename, fsync of the directory).
    ///
    /// Runs under the writer's lock, so no event can land between the replay and the manifest. An archive
    /// bundle is then written back from this directory by the caller.
    /// - Returns: what was written.
    /// - Throws: ``FileError``.
    public func seal() throws -> SealSummary {
        let bytes = Seal.scoresFile(for: state, bundle: bundle)
        try FileSystem.writeAtomically(bytes, to: bundle.path(BundleLayout.scores))
        try TagManifest.rewrite(directory: bundle.directory)
        return SealSummary(
            scores: bytes.count { $0 == 0x0A }, events: state.eventCount, completed: state.counts.completed,
            items: bundle.itemCount)
    }
}
