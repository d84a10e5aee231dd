import QuireBundle
import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// The output directory: written whole or not at all, never over someone's files unless asked.
@Suite("Merge output directory")
struct MergeOutputTests {
    @Test("a non-empty output directory is refused, and left as it was")
    func refusesNonEmpty() async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        try FileSystem.createDirectory(out)
        try FileSystem.writeAtomically("keep me\n", to: FileSystem.join(out, "notes.txt"))
        await #expect(throws: MergeError.outputNotEmpty(path: out)) {
            _ = try await MergeOutputWriter.merge(scenario.archives, to: out)
        }
        #expect(try FileSystem.contentsOfDirectory(out) == ["notes.txt"])
    }

    @Test("--force replaces a non-empty directory with the new output, leaving nothing else beside it")
    func forceReplaces() async throws {
        let scenario = try MergeScenario()
        let parent = scenario.file("parent")
        let out = FileSystem.join(parent, "out")
        try FileSystem.createDirectory(out)
        try FileSystem.writeAtomically("old\n", to: FileSystem.join(out, "stale.txt"))
        let result = try await Merger.merge(bundles: scenario.archives, adjudications: [], options: MergeOptions())
        let written = try await MergeOutputWriter.write(result, to: out, force: true)
        #expect(try FileSystem.contentsOfDirectory(out).sorted() == written)
        #expect(!written.contains("stale.txt"))
        #expect(try FileSystem.contentsOfDirectory(parent) == ["out"])
    }

    @Test("an empty existing directory is filled; a missing one is created with its parent")
    func emptyOrMissing() async throws {
        let scenario = try MergeScenario()
        let result = try await Merger.merge(bundles: scenario.archives, adjudications: [], options: MergeOptions())
        let empty = scenario.file("empty")
        try FileSystem.createDirectory(empty)
        #expect(try await MergeOutputWriter.write(result, to: empty, force: false).count == 8)
        let nested = scenario.file("a/b/out")
        #expect(try await MergeOutputWriter.write(result, to: nested, force: false).count == 8)
    }

    @Test("an output path that is a file is refused")
    func outputIsAFile() async throws {
        let scenario = try MergeScenario()
        let file = scenario.file("out")
        try FileSystem.writeAtomically("x", to: file)
        #expect(throws: MergeError.outputNotADirectory(path: file)) {
            try MergeOutputWriter.checkTarget(file, force: true)
        }
    }

    @Test("without conflicts no adjudication bundle is written")
    func noConflicts() async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        let result = try await MergeOutputWriter.merge(
            scenario.archives, options: MergeOptions(policy: .lead("ben")), to: out)
        #expect(result.conflictCount == 0)
        #expect(
            try FileSystem.contentsOfDirectory(out).sorted() == [
                "agreement.json", "consensus.jsonl", "items.jsonl", "merge.json", "report.html", "report.md",
                "scores.jsonl",
            ])
        #expect(result.report.header.adjudicationBundle == nil)
    }

    @Test("merge.json records pack, queue, policy, bundles with their hashes, items, time and score configs")
    func manifest() async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        let result = try await MergeOutputWriter.merge(scenario.archives, to: out)
        let json = try JSONParser.parse(try FileSystem.readFile(FileSystem.join(out, "merge.json")))
        #expect(json["packId"] == .string(MergeFixture.packID))
        #expect(json["queue"] == .string("sample-queue"))
        #expect(json["policy"] == .string("median"))
        #expect(json["tolerance"] == .null)
        #expect(json["items"] == .int(6))
        #expect(json["generatedAt"] == .string(result.generatedAt.canonicalText))
        let bundles = try #require(json["bundles"]?.arrayValue)
        #expect(bundles.map { $0["path"] } == scenario.archives.map(JSONValue.string))
        let digest = try BagManifestDigest.sha256(of: scenario.archive("ana"))
        #expect(bundles[0]["sha256"] == .string(digest))
        #expect(json["scores"]?.arrayValue?.count == 5)
    }
}

extension MergeOutputTests {
    @Test("times a journal spells with an offset or more digits are written in UTC with milliseconds")
    func canonicalTimes() async throws {
        let temporary = try TemporaryDirectory()
        let directory = temporary.file("ana")
        try MergeFixture.writeBundle(to: directory, reviewer: "ana", items: [0, 1])
        let ids = try MergeFixture.ids()
        let bundle = try AnnotationBundle(directory: directory)
        var previous = JournalChain.genesis(bundleID: bundle.manifest.bundleID)
        var journal: [UInt8] = []
        for (seq, (item, spelled)) in [(0, "2025-11-23T13:13:20+01:00"), (1, "2025-11-23T12:13:21.123456Z")]
            .enumerated()
        {
            let event = JournalEvent(
                seq: seq + 1, at: try #require(Timestamp(rfc3339: spelled)), reviewer: "ana", item: ids[item],
                kind: .scoreSet, payload: ["name": .string("correctness"), "value": .int(3)], prev: previous)
            let line = JournalChain.line(for: event)
            previous = JournalChain.hash(ofLine: line)
            journal += line + [0x0A]
        }
        try FileSystem.writeAtomically(journal, to: FileSystem.join(directory, BundleLayout.journal))
        _ = try JournalWriter(
            bundle: try AnnotationBundle(directory: directory), reviewer: nil, clock: MergeClock(start: 0).read,
            diagnostics: IgnoringDiagnostics()
        ).seal()
        let result = try await Merger.merge(bundles: [directory], adjudications: [], options: MergeOptions())
        let lines = String(decoding: result.dataFiles()[2].bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.map { $0.contains("\"at\":\"2025-11-23T12:13:20.000Z\"") } == [true, false])
        #expect(lines.map { $0.contains("\"at\":\"2025-11-23T12:13:21.123Z\"") } == [false, true])
    }
}

/// SHA-256 of a file, for checking recorded bundle hashes.
enum BagManifestDigest {
    static func sha256(of path: String) throws -> String {
        SHA256.hex(of: try FileSystem.readFile(path))
    }
}
