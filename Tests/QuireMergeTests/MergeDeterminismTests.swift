import QuireBundle
import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// The same bundles give the same bytes: in any argument order, on every run.
@Suite("Merge determinism")
struct MergeDeterminismTests {
    /// Every file of a directory, by name.
    static func contents(_ directory: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileSystem.regularFiles(under: directory) {
            files[name] = try FileSystem.readFile(FileSystem.join(directory, name))
        }
        return files
    }

    @Test("every argument order gives a byte-identical output directory, adjudication bundle and report included")
    func argumentOrder() async throws {
        let scenario = try MergeScenario()
        let orders = [["ana", "ben", "chen"], ["chen", "ana", "ben"], ["ben", "chen", "ana"]]
        var outputs: [[String: [UInt8]]] = []
        for (index, order) in orders.enumerated() {
            let out = scenario.file("out-\(index)")
            _ = try await MergeOutputWriter.merge(order.map(scenario.archive), to: out)
            outputs.append(try Self.contents(out))
        }
        #expect(
            outputs[0].keys.sorted() == [
                "adjudication.quire", "agreement.json", "consensus.jsonl", "items.jsonl", "merge.json", "report.html",
                "report.md", "scores.jsonl",
            ])
        for output in outputs.dropFirst() {
            for name in outputs[0].keys.sorted() {
                #expect(output[name] == outputs[0][name], "\(name) depends on the argument order")
            }
        }
    }

    @Test("bag directories and their archives give the same data files (only the bundle hashes differ)")
    func directoriesAndArchives() async throws {
        let scenario = try MergeScenario()
        let fromArchives = try await Merger.merge(
            bundles: scenario.archives, adjudications: [], options: MergeOptions())
        let fromDirectories = try await Merger.merge(
            bundles: ["ana", "ben", "chen"].map(scenario.directory), adjudications: [], options: MergeOptions())
        let archived = Dictionary(uniqueKeysWithValues: fromArchives.dataFiles().map { ($0.name, $0.bytes) })
        for file in fromDirectories.dataFiles() where file.name != "merge.json" {
            #expect(file.bytes == archived[file.name], "\(file.name) differs")
        }
    }

    @Test("the adjudication bundle is a valid, deterministic bundle that quire verify accepts")
    func adjudicationBundleVerifies() async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: out)
        let path = FileSystem.join(out, MergeResult.adjudicationFileName)
        let opened = try BundleWorkspace.openForReading(path)
        let summary = try BundleVerifier.verify(directory: opened.directory, name: path, isArchive: true)
        #expect(summary.packID == MergeFixture.packID)
        #expect(summary.reviewer == nil)
        #expect(summary.items == 4)
        #expect(summary.journalEvents == 0)
    }

    /// Answers drawn from a seed: each of three reviewers rates a random subset of six items.
    private static func randomWork(_ generator: inout SplitMix64) -> [[ItemWork]] {
        let tones = ["good", "neutral", "bad"]
        return (0..<3).map { _ in
            (0..<6).compactMap { item -> ItemWork? in
                guard generator.next() % 4 != 0 else { return nil }
                var scores: [(String, JSONValue, String?)] = []
                if generator.next() % 5 != 0 { scores.append(MergeFixture.c(Int(generator.next() % 5) + 1)) }
                if generator.next() % 5 != 0 { scores.append(MergeFixture.tone(tones[Int(generator.next() % 3)])) }
                if generator.next() % 5 != 0 { scores.append(MergeFixture.hal(generator.next() % 2 == 0)) }
                return ItemWork(item: item, scores: scores)
            }
        }
    }

    @Test(
        "random answers: consensus follows majority and median rules, and the order of bundles never matters",
        arguments: 0..<8 as Range<UInt64>)
    func randomScenarios(_ seed: UInt64) async throws {
        var generator = SplitMix64(seed: seed)
        let work = Self.randomWork(&generator)
        let temporary = try TemporaryDirectory()
        let reviewers = ["ana", "ben", "chen"]
        var paths: [String] = []
        for (index, reviewer) in reviewers.enumerated() {
            let path = temporary.file(reviewer)
            try MergeFixture.writeBundle(to: path, reviewer: reviewer, items: Array(0..<6))
            try MergeFixture.annotate(path, start: 1_763_900_000 + Int64(index) * 10_000, work: work[index])
            paths.append(path)
        }
        let forward = try await Merger.merge(bundles: paths, adjudications: [], options: MergeOptions())
        let backward = try await Merger.merge(bundles: paths.reversed(), adjudications: [], options: MergeOptions())
        #expect(forward.dataFiles().map(\.bytes) == backward.dataFiles().map(\.bytes))
        #expect(forward.scores.count == work.reduce(0) { $0 + $1.reduce(0) { $0 + $1.scores.count } })

        // An independent reading of the rules, per item × score.
        let ids = try MergeFixture.ids()
        for item in 0..<6 {
            for name in ["correctness", "tone", "hallucination"] {
                let answers = work.compactMap { reviewerWork in
                    reviewerWork.first { $0.item == item }?.scores.first { $0.0 == name }?.1
                }
                let row = forward.consensus.first { $0.item == ids[item] && $0.name == name }
                guard !answers.isEmpty else {
                    #expect(row == nil)
                    continue
                }
                let row2 = try #require(row)
                #expect(row2.count == answers.count)
                if name == "correctness" {
                    let numbers = answers.compactMap(\.doubleValue).sorted()
                    let spread = numbers[numbers.count - 1] - numbers[0]
                    let middle = numbers.count / 2
                    let median =
                        numbers.count % 2 == 1 ? numbers[middle] : (numbers[middle - 1] + numbers[middle]) / 2
                    #expect(row2.status == (spread > 1 ? .conflict : .agreed))
                    if spread <= 1 { #expect(row2.value.doubleValue == median) }
                } else {
                    let normalised = answers.map { $0.boolValue.map { JSONValue.int($0 ? 1 : 0) } ?? $0 }
                    var counts: [JSONValue: Int] = [:]
                    for value in normalised { counts[value, default: 0] += 1 }
                    let top = counts.values.max() ?? 0
                    let leaders = counts.filter { $0.value == top }.map(\.key)
                    #expect(row2.status == (leaders.count == 1 ? .agreed : .conflict))
                    if leaders.count == 1 { #expect(row2.value == leaders[0]) }
                }
            }
        }
    }
}
