import QuireBundle
import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Synchronization

/// A clock that starts at a fixed instant and moves a fixed number of seconds per reading, so journals are
/// byte-identical from run to run.
final class MergeClock: Sendable {
    private let next: Mutex<Int64>
    private let step: Int64

    init(start: Int64, step: Int64 = 30) {
        next = Mutex(start)
        self.step = step
    }

    var read: @Sendable () -> Timestamp {
        { [self] in
            next.withLock { seconds in
                defer { seconds += step }
                return Timestamp(secondsSinceEpoch: seconds)
            }
        }
    }
}

/// One reviewer's work on one item: score answers (name, value, comment), then how the item ends.
struct ItemWork {
    enum End { case complete, skip, none }
    var item: Int
    var scores: [(String, JSONValue, String?)]
    var end: End = .complete
    var flag = false
}

/// Builds real, sealed bundles from the shared sample's traces: BagWriter, the journal writer, seal.
enum MergeFixture {
    static let packID = "0123456789abcdef0123456789abcdef"

    /// The ids of the first sample traces, which the fixtures use as items.
    static func ids(_ count: Int = 6) throws -> [String] {
        try SampleBundle.traces(count: count).map(\.id)
    }

    /// Writes a bag directory with the chosen sample traces (by position in the sample) as items.
    static func writeBundle(
        to directory: String, reviewer: String?, items: [Int], packID: String = packID,
        scores: [ScoreConfig] = SampleBundle.scoreConfigs, edit: (inout BundleItem) -> Void = { _ in }
    ) throws {
        var manifest = QueueManifest(
            packID: packID, bundleID: BundleIdentity.bundleID(packID: packID, reviewer: reviewer),
            name: "sample-queue", reviewer: reviewer, packTime: Timestamp(secondsSinceEpoch: 1_763_856_000),
            scores: scores)
        manifest.reviewers = ["ana", "ben", "chen"]
        manifest.overlap = 2
        let writer = try BagWriter(
            directory: directory, manifest: manifest, instructions: "# Instructions\n\nScore each answer.\n",
            sourceSHA256: String(repeating: "a", count: 64))
        let traces = try SampleBundle.traces(count: (items.max() ?? 0) + 1)
        for position in items {
            let trace = traces[position]
            var item = BundleItem(
                id: trace.id, target: .init(traceID: trace.id, sessionID: trace.sessionID), trace: trace,
                evalScores: trace.scores.filter(\.isEval))
            edit(&item)
            try writer.append(item)
        }
        _ = try writer.finish()
    }

    /// Appends a reviewer's work to a bag directory's journal and seals it.
    static func annotate(
        _ directory: String, reviewer: String? = nil, start: Int64, work: [ItemWork], seal: Bool = true
    ) throws {
        let bundle = try AnnotationBundle(directory: directory)
        let ids = try ids()
        let writer = try JournalWriter(
            bundle: bundle, reviewer: reviewer, clock: MergeClock(start: start).read,
            diagnostics: IgnoringDiagnostics())
        for entry in work {
            let id = ids[entry.item]
            for (name, value, comment) in entry.scores {
                var payload: JSONObject = ["name": .string(name), "value": value]
                if let comment { payload["comment"] = .string(comment) }
                try writer.append(EventDraft(item: id, kind: .scoreSet, payload: payload))
            }
            if entry.flag {
                try writer.append(EventDraft(item: id, kind: .itemFlag, payload: ["reason": .string("odd trace")]))
            }
            switch entry.end {
            case .complete: try writer.append(EventDraft(item: id, kind: .itemComplete))
            case .skip: try writer.append(EventDraft(item: id, kind: .itemSkip))
            case .none: break
            }
        }
        if seal { _ = try writer.seal() }
    }

    /// Shorthands for answers.
    static func c(_ value: Int, _ comment: String? = nil) -> (String, JSONValue, String?) {
        ("correctness", .int(value), comment)
    }
    static func tone(_ label: String, _ comment: String? = nil) -> (String, JSONValue, String?) {
        ("tone", .string(label), comment)
    }
    static func hal(_ value: Bool) -> (String, JSONValue, String?) { ("hallucination", .bool(value), nil) }
    static func notes(_ text: String) -> (String, JSONValue, String?) { ("notes", .string(text), nil) }
    static func expected(_ text: String) -> (String, JSONValue, String?) { ("expected_output", .string(text), nil) }

    /// The work of the three reviewers of the standard scenario (see ``MergeScenario``).
    static var anaWork: [ItemWork] {
        [
            ItemWork(item: 0, scores: [c(4), tone("good"), hal(false), notes("Fine.")]),
            ItemWork(
                item: 1,
                scores: [
                    c(2, "answer invents a date"), tone("good"), hal(true), notes("too short"),
                    expected("Refund issued."),
                ]),
            ItemWork(item: 2, scores: [c(3), tone("neutral"), hal(false)]),
            ItemWork(item: 3, scores: [c(5), tone("bad"), hal(true), expected("A")]),
            ItemWork(item: 4, scores: [c(1), tone("good"), hal(false)], flag: true),
        ]
    }

    static var benWork: [ItemWork] {
        [
            ItemWork(item: 0, scores: [c(4), tone("good"), hal(false), notes(" Fine. ")]),
            ItemWork(
                item: 1,
                scores: [c(5), tone("bad", "rude"), hal(true), notes("missing refund"), expected("Refund issued. ")]),
            ItemWork(item: 2, scores: [c(3), tone("good"), hal(true)]),
            ItemWork(item: 3, scores: [c(4), tone("bad"), hal(false), expected("B")]),
            ItemWork(item: 5, scores: [c(5), tone("neutral"), hal(false)], end: .skip),
        ]
    }

    static var chenWork: [ItemWork] {
        [
            ItemWork(item: 0, scores: [c(5), tone("bad"), hal(false)]),
            ItemWork(item: 2, scores: [c(3), tone("bad"), hal(false)]),
            ItemWork(item: 4, scores: [c(2), tone("good"), hal(false)]),
            ItemWork(item: 5, scores: [tone("neutral"), hal(true)]),
        ]
    }
}

/// Three sealed bundles of one pack with known disagreement, as bag directories and as archives.
///
/// Items are the first six sample traces (i0…i5); ana has i0–i4, ben i0–i3 and i5, chen i0, i2, i4, i5. With
/// the median policy and the default tolerance (1, the step of correctness) the conflicts are: i1 correctness
/// (2 vs 5), i1 tone (tie), i2 tone (three-way tie), i3 hallucination (tie), i3 expected_output (A vs B), i5
/// hallucination (tie).
final class MergeScenario: Sendable {
    let temporary: TemporaryDirectory

    init(archives: Bool = true, packID: String = MergeFixture.packID, scores: [ScoreConfig] = SampleBundle.scoreConfigs)
        throws
    {
        temporary = try TemporaryDirectory()
        let plan: [(String, [Int], Int64, [ItemWork])] = [
            ("ana", [0, 1, 2, 3, 4], 1_763_900_000, MergeFixture.anaWork),
            ("ben", [0, 1, 2, 3, 5], 1_763_910_000, MergeFixture.benWork),
            ("chen", [0, 2, 4, 5], 1_763_920_000, MergeFixture.chenWork),
        ]
        for (reviewer, items, start, work) in plan {
            let directory = temporary.file("\(reviewer).d")
            try MergeFixture.writeBundle(
                to: directory, reviewer: reviewer, items: items, packID: packID, scores: scores)
            try MergeFixture.annotate(directory, start: start, work: work)
            if archives { try BundleArchiver.archive(directory: directory, to: temporary.file("\(reviewer).quire")) }
        }
    }

    /// The bag directory of a reviewer.
    func directory(_ reviewer: String) -> String { temporary.file("\(reviewer).d") }

    /// The archive of a reviewer.
    func archive(_ reviewer: String) -> String { temporary.file("\(reviewer).quire") }

    /// The three archives, in name order.
    var archives: [String] { ["ana", "ben", "chen"].map(archive) }

    /// The standard scenario merged in memory (the bundles live until the merge is done).
    static func merged(_ options: MergeOptions = MergeOptions()) async throws -> MergeResult {
        let scenario = try MergeScenario()
        return try await Merger.merge(bundles: scenario.archives, adjudications: [], options: options)
    }

    /// A path for outputs.
    func file(_ name: String) -> String { temporary.file(name) }
}

extension MergeOutputWriter {
    /// Merges and writes in one step, for tests.
    static func merge(
        _ bundles: [String], adjudications: [String] = [], options: MergeOptions = MergeOptions(), to directory: String
    ) async throws -> MergeResult {
        let result = try await Merger.merge(bundles: bundles, adjudications: adjudications, options: options)
        try await write(result, to: directory, force: false)
        return result
    }
}

extension MergeResult {
    /// The consensus line of an item (by its index in the sample) and score.
    func consensus(_ item: Int, _ name: String) throws -> ConsensusRow? {
        let id = try MergeFixture.ids()[item]
        return consensus.first { $0.item == id && $0.name == name }
    }
}

/// Reads a file as text.
func text(_ path: String) throws -> String {
    try FileSystem.readText(path)
}

/// Reads JSON Lines into values.
func jsonLines(_ path: String) throws -> [JSONValue] {
    try FileSystem.readText(path).split(separator: "\n").map { try JSONParser.parse(String($0)) }
}
