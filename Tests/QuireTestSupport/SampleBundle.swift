import QuireBundle
import QuireIO
public import QuireModel

/// Builds small, real bag directories from the shared sample traces, for tests of every module that reads bundles.
public enum SampleBundle {
    /// The score configs of the sample queue: one of each kind.
    public static var scoreConfigs: [ScoreConfig] {
        var correctness = ScoreConfig(name: "correctness", kind: .numeric)
        correctness.minimum = 1
        correctness.maximum = 5
        correctness.step = 1
        var tone = ScoreConfig(name: "tone", kind: .categorical)
        tone.categories = [
            .init(label: "good", value: 1), .init(label: "neutral", value: 0.5), .init(label: "bad", value: 0),
        ]
        let hallucination = ScoreConfig(name: "hallucination", kind: .boolean)
        var notes = ScoreConfig(name: "notes", kind: .text)
        notes.maximumLength = 2000
        let expected = ScoreConfig(name: "expected_output", kind: .correction)
        return [correctness, tone, hallucination, notes, expected]
    }

    /// The first `count` traces of the shared sample, in file order.
    /// - Parameter count: how many.
    /// - Returns: the traces.
    /// - Throws: when the sample cannot be read.
    public static func traces(count: Int) throws -> [Trace] {
        let text = try FileSystem.readText(FixturePaths.shared + "/data/native/sample.jsonl")
        return try text.split(separator: "\n").prefix(count).map { try Trace(json: JSONParser.parse(Array($0.utf8))) }
    }

    /// Writes a bag directory with the first `count` sample traces as items.
    /// - Parameters:
    ///   - directory: the bag's root; must not exist.
    ///   - count: how many items.
    ///   - reviewer: the reviewer, or nil for an open bundle.
    ///   - packID: the pack id.
    ///   - configure: changes to the queue manifest (blind mode, adjudication) before writing.
    ///   - adjust: changes to each item (reviews of an adjudication bundle) before writing.
    /// - Returns: the manifest written.
    /// - Throws: when writing fails.
    @discardableResult
    public static func write(
        to directory: String, count: Int = 5, reviewer: String? = "ana",
        packID: String = "0123456789abcdef0123456789abcdef",
        configure: (inout QueueManifest) -> Void = { _ in }, adjust: (inout BundleItem) -> Void = { _ in }
    ) throws -> QueueManifest {
        var manifest = QueueManifest(
            packID: packID, bundleID: BundleIdentity.bundleID(packID: packID, reviewer: reviewer),
            name: "sample-queue", reviewer: reviewer, packTime: Timestamp(secondsSinceEpoch: 1_763_856_000),
            scores: scoreConfigs)
        manifest.reviewers = reviewer.map { [$0] } ?? []
        configure(&manifest)
        let writer = try BagWriter(
            directory: directory, manifest: manifest, instructions: "# Instructions\n\nScore each answer.\n",
            sourceSHA256: String(repeating: "a", count: 64))
        for trace in try traces(count: count) {
            var item = BundleItem(
                id: trace.id, target: .init(traceID: trace.id, sessionID: trace.sessionID), trace: trace,
                evalScores: trace.scores.filter(\.isEval))
            adjust(&item)
            try writer.append(item)
        }
        _ = try writer.finish()
        manifest.itemCount = count
        return manifest
    }
}
