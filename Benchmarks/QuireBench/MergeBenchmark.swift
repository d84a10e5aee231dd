import Foundation
import QuireAgreement
import QuireBundle
import QuireIO
import QuireMerge
import QuireModel
import Synchronization

/// `quire merge` on 5 bundles × 10,000 items with agreement (DESIGN.md §7: under 2 s).
///
/// Setup (not timed): one pack's worth of synthetic support traces (~2 KB each, one GENERATION observation,
/// an EVAL hallucination score on every fifth), written into five bag directories with ``BagWriter``; each
/// reviewer's journal is written with ``JournalWriter`` (every append fsync'd, as in the page: three scores per
/// item, a note on every tenth, a completion), then sealed; each bag is also archived as a `.quire`. Timed: the
/// merge of the five (verify, replay, reconcile, agreement with 1,000 bootstrap resamples per score) and the
/// writing of the output directory (report and adjudication bundle included), from bag directories and from
/// archives. Best of three.
enum MergeBenchmark {
    static let reviewers = ["ana", "ben", "chen", "dara", "eli"]
    static let items = 10_000
    static let repeats = 3

    static func run() async throws {
        // QUIRE_BENCH_MERGE_DIR keeps the generated bundles there and reuses them on the next run (for profiling).
        let kept = ProcessInfo.processInfo.environment["QUIRE_BENCH_MERGE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let root =
            try kept
            ?? FileSystem.makeTemporaryDirectory(in: FileSystem.temporaryDirectory, prefix: "quire-bench-merge-")
        defer { if kept == nil { try? FileSystem.removeTree(root) } }
        print("merge: \(reviewers.count) bundles × \(items) items (every reviewer rates every item), 5 score configs")
        let setupStart = ContinuousClock.now
        let (directories, archives) =
            kept != nil && FileSystem.exists(FileSystem.join(root, "eli.quire"))
            ? (
                reviewers.map { FileSystem.join(root, "\($0).d") },
                reviewers.map { FileSystem.join(root, "\($0).quire") }
            )
            : try writeBundles(in: root)
        for name in try FileSystem.contentsOfDirectory(root) where name.hasPrefix("out-") {
            try FileSystem.removeTree(FileSystem.join(root, name))
        }
        let bytes = try directories.reduce(0) {
            $0 + (try FileSystem.size(of: FileSystem.join($1, BundleLayout.items)))
        }
        print(
            "setup (untimed): \(seconds(ContinuousClock.now - setupStart)) s; items.jsonl \(bytes / 1_000_000) MB in "
                + "total, \(items * 4) journal events per bundle")
        // Same-run baseline: jq only parsing and printing the JSON the merge must read (items and journals), so
        // the numbers below can be compared across machines and load.
        let jsonFiles = directories.flatMap {
            [FileSystem.join($0, BundleLayout.items), FileSystem.join($0, BundleLayout.journal)]
        }
        let jqStart = ContinuousClock.now
        try BenchPaths.run("/usr/bin/jq", ["-c", "."] + jsonFiles, discardingOutput: true)
        let jqSeconds = BenchPaths.seconds(ContinuousClock.now - jqStart)
        print("  baseline: jq -c . over the same items and journals: \(String(format: "%.3f", jqSeconds)) s")
        for (label, inputs) in [("bag directories", directories), (".quire archives", archives)] {
            var bestMerge = Duration.seconds(3600)
            var bestWrite = Duration.seconds(3600)
            var bestCPU = Double.infinity
            var summary = ""
            for run in 0..<repeats {
                let out = FileSystem.join(root, "out-\(label.hasPrefix("bag") ? "d" : "a")-\(run)")
                let cpuStart = cpuSeconds()
                let start = ContinuousClock.now
                let result = try await Merger.merge(bundles: inputs, adjudications: [], options: MergeOptions())
                let merged = ContinuousClock.now
                try await MergeOutputWriter.write(result, to: out, force: false)
                let written = ContinuousClock.now
                bestMerge = min(bestMerge, merged - start)
                bestWrite = min(bestWrite, written - merged)
                bestCPU = min(bestCPU, cpuSeconds() - cpuStart)
                let alphas = result.agreement.map {
                    "\($0.name) \($0.report.krippendorffAlpha.value.map { String(format: "%.3f", $0) } ?? "null")"
                }
                summary =
                    "\(result.consensus.count) consensus lines, \(result.conflictCount) conflicts, α: "
                    + alphas.joined(separator: ", ")
            }
            print(
                "  \(label): merge \(seconds(bestMerge)) s + write \(seconds(bestWrite)) s = "
                    + "\(seconds(bestMerge + bestWrite)) s, CPU \(String(format: "%.3f", bestCPU)) s (best of \(repeats)); "
                    + summary)
            let total = BenchPaths.seconds(bestMerge + bestWrite)
            print(
                "    \(String(format: "%.2f", total / jqSeconds))× jq's parse time; target < 2 s: "
                    + (total < 2 ? "met" : "NOT met"))
        }
    }

    /// Writes, annotates, seals and archives the five bundles.
    static func writeBundles(in root: String) throws -> (directories: [String], archives: [String]) {
        let packID = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0"
        let traces = try (0..<items).map { try trace($0) }
        var directories: [String] = []
        var archives: [String] = []
        for (index, reviewer) in reviewers.enumerated() {
            let directory = FileSystem.join(root, "\(reviewer).d")
            var manifest = QueueManifest(
                packID: packID, bundleID: BundleIdentity.bundleID(packID: packID, reviewer: reviewer),
                name: "bench-queue", reviewer: reviewer, packTime: Timestamp(secondsSinceEpoch: 1_763_856_000),
                scores: scoreConfigs)
            manifest.reviewers = reviewers
            manifest.overlap = reviewers.count
            let writer = try BagWriter(
                directory: directory, manifest: manifest, instructions: "# Score each answer\n",
                sourceSHA256: String(repeating: "b", count: 64))
            for trace in traces {
                try writer.append(
                    BundleItem(
                        id: trace.id, target: .init(traceID: trace.id), trace: trace,
                        evalScores: trace.scores.filter(\.isEval)))
            }
            _ = try writer.finish()
            try annotate(directory, reviewer: index, ids: traces.map(\.id))
            let archive = FileSystem.join(root, "\(reviewer).quire")
            try BundleArchiver.archive(directory: directory, to: archive)
            directories.append(directory)
            archives.append(archive)
        }
        return (directories, archives)
    }

    /// One reviewer's journal: answers near each item's "true" value, so agreement is substantial but imperfect.
    static func annotate(_ directory: String, reviewer: Int, ids: [String]) throws {
        let bundle = try AnnotationBundle(directory: directory)
        let clock = BenchClock(start: 1_763_900_000 + Int64(reviewer) * 1_000_000)
        let writer = try JournalWriter(
            bundle: bundle, reviewer: nil, clock: clock.read, diagnostics: IgnoringDiagnostics())
        var random = SplitMix(seed: 0x5EED + UInt64(reviewer))
        let tones = ["good", "neutral", "bad"]
        for (position, id) in ids.enumerated() {
            var truth = SplitMix(seed: UInt64(position) &* 0x9E37_79B9)
            let correctness = Int(truth.next() % 5) + 1
            let tone = Int(truth.next() % 3)
            let hallucination = truth.next() % 4 == 0
            let noisy = min(5, max(1, correctness + (random.next() % 5 == 0 ? (random.next() % 2 == 0 ? 1 : -1) : 0)))
            let noisyTone = random.next() % 8 == 0 ? Int(random.next() % 3) : tone
            let noisyHallucination = random.next() % 10 == 0 ? !hallucination : hallucination
            try writer.append(set(id, "correctness", .int(noisy)))
            try writer.append(set(id, "tone", .string(tones[noisyTone])))
            try writer.append(set(id, "hallucination", .bool(noisyHallucination)))
            if position % 10 == 0 { try writer.append(set(id, "notes", .string("Checked against the policy page."))) }
            try writer.append(EventDraft(item: id, kind: .itemComplete))
        }
        _ = try writer.seal()
    }

    static func set(_ item: String, _ name: String, _ value: JSONValue) -> EventDraft {
        EventDraft(item: item, kind: .scoreSet, payload: ["name": .string(name), "value": value])
    }

    static var scoreConfigs: [ScoreConfig] {
        var correctness = ScoreConfig(name: "correctness", kind: .numeric)
        correctness.minimum = 1
        correctness.maximum = 5
        correctness.step = 1
        var tone = ScoreConfig(name: "tone", kind: .categorical)
        tone.categories = [
            .init(label: "good", value: 1), .init(label: "neutral", value: 0.5), .init(label: "bad", value: 0),
        ]
        return [
            correctness, tone, ScoreConfig(name: "hallucination", kind: .boolean),
            ScoreConfig(name: "notes", kind: .text), ScoreConfig(name: "expected_output", kind: .correction),
        ]
    }

    /// A support-chat trace of about 2 KB.
    static func trace(_ index: Int) throws -> Trace {
        let id = String(format: "bench-%05d", index)
        let eval =
            index % 5 == 0
            ? #"[{"name":"hallucination","value":\#(index % 4 == 0 ? 1 : 0),"stringValue":null,"dataType":"NUMERIC","source":"EVAL","comment":"judge","observationId":null}]"#
            : "[]"
        let text = """
            {"id":"\(id)","name":"support-chat","timestamp":"2025-03-03T09:14:02.118Z","sessionId":"sess-\(index / 3)",\
            "userId":"cust-\(index % 997)","environment":"production","release":"2025.03.1","version":"agent-v7",\
            "tags":["en","refund","support"],"metadata":{"channel":"web","ticket":"T-\(index)"},\
            "input":[{"role":"user","content":"Hi, I ordered a kettle (order NW-\(58_000 + index)) two weeks ago and it \
            arrived broken. The handle came off when I lifted it the first time. Can I get a refund or a replacement?"}],\
            "output":{"role":"assistant","content":"I'm sorry about the kettle. I have issued a full refund of $42 to \
            your original payment method; it should arrive within 3–5 business days. You don't need to send the \
            kettle back. Is there anything else I can help with?"},\
            "observations":[{"id":"\(id)-o1","traceId":"\(id)","parentObservationId":null,"type":"GENERATION",\
            "name":"chat gpt-4o-mini","startTime":"2025-03-03T09:14:02.128Z","endTime":"2025-03-03T09:14:02.704Z",\
            "model":"gpt-4o-mini","input":[{"role":"system","content":"You are a support agent for NorthWind. Be \
            brief and kind. Use the tools to look up orders and issue refunds; never promise what a tool did not \
            confirm."},{"role":"user","content":"Hi, I ordered a kettle two weeks ago and it arrived broken."}],\
            "output":{"role":"assistant","content":"I have issued a full refund of $42."},\
            "usageDetails":{"input":612,"output":61,"total":673},"costDetails":{"total":0.0001284},"level":"DEFAULT",\
            "statusMessage":null,"metadata":{}}],"scores":\(eval)}
            """
        return try Trace(json: JSONParser.parse(text))
    }

    /// User + system CPU time of the process so far, in seconds (`getrusage`): on a shared machine the wall
    /// time depends on the neighbours, the CPU time much less.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func seconds(_ duration: Duration) -> String {
        let components = duration.components
        return String(format: "%.3f", Double(components.seconds) + Double(components.attoseconds) / 1e18)
    }
}

/// A clock moving 20 s per reading, so journals look like a reviewer's pace.
final class BenchClock: Sendable {
    private let start: Int64
    private let counter = Counter()

    init(start: Int64) {
        self.start = start
    }

    var read: @Sendable () -> Timestamp {
        { [self] in Timestamp(secondsSinceEpoch: start + counter.next() * 20) }
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = Mutex<Int64>(0)

    func next() -> Int64 {
        value.withLock { current in
            defer { current += 1 }
            return current
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014), seeded, for synthetic answers.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
