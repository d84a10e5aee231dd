import QuireBundle
import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// The adjudication loop: merge writes the conflicts into a bundle, a lead decides and seals, merge folds the
/// decisions in as adjudications beside the reviewers' answers.
@Suite("Adjudication round trip")
struct AdjudicationRoundTripTests {
    /// Annotates an adjudication archive as a lead would (its `B.d/` working directory, the journal writer,
    /// seal), then writes the archive back.
    static func decide(
        _ archive: String, as lead: String, start: Int64, _ decisions: [(item: Int, (String, JSONValue, String?))]
    ) throws {
        let work = try BundleWorkspace.openForWork(archive)
        let bundle = try AnnotationBundle(directory: work.directory, name: archive)
        let ids = try MergeFixture.ids()
        let writer = try JournalWriter(
            bundle: bundle, reviewer: lead, clock: MergeClock(start: start).read, diagnostics: IgnoringDiagnostics())
        for (item, answer) in decisions {
            var payload: JSONObject = ["name": .string(answer.0), "value": answer.1]
            if let comment = answer.2 { payload["comment"] = .string(comment) }
            try writer.append(EventDraft(item: ids[item], kind: .scoreSet, payload: payload))
        }
        _ = try writer.seal()
        try BundleArchiver.archive(directory: work.directory, to: archive)
        try FileSystem.removeTree(work.directory)
    }

    @Test(
        "the adjudication bundle holds only the conflicting items, not blind, with every answer and a flag per conflict"
    )
    func bundleContent() async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: out)
        let opened = try BundleWorkspace.openForReading(FileSystem.join(out, MergeResult.adjudicationFileName))
        let bundle = try AnnotationBundle(directory: opened.directory)
        let ids = try MergeFixture.ids()
        #expect(bundle.manifest.isAdjudication)
        #expect(!bundle.manifest.isBlind)
        #expect(bundle.manifest.reviewer == nil)
        #expect(bundle.manifest.packID == MergeFixture.packID)
        #expect(bundle.manifest.bundleID != BundleIdentity.bundleID(packID: MergeFixture.packID, reviewer: nil))
        #expect(bundle.manifest.scores == SampleBundle.scoreConfigs)
        #expect(bundle.index.ids == [ids[1], ids[2], ids[3], ids[5]])
        let item = try bundle.item(id: ids[1])
        #expect(item.reviews.count == 10)
        #expect(
            item.reviews.first
                == BundleItem.Review(
                    reviewer: "ana", name: "correctness", value: .int(2), comment: "answer invents a date"))
        let flags = item.flags.filter { $0.classifier == "merge-conflict" }
        #expect(flags.map(\.reason) == ["correctness: spread 3 > tolerance 1", "tone: tie 1–1"])
        #expect(flags.map(\.evidence) == ["ana: 2 · ben: 5", "ana: good · ben: bad"])
        #expect(try bundle.item(id: ids[2]).evalScores.map(\.name) == ["toxicity", "hallucination"])
        #expect(
            try bundle.instructions().hasPrefix(
                "# Adjudication\n\nReviewers disagreed on 6 item × score pairs in 4 items."))
    }

    @Test("decisions are recorded as adjudicated with their author, originals kept, the rest left for the next round")
    func roundTrip() async throws {
        let scenario = try MergeScenario()
        let first = scenario.file("first")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: first)
        let adjudication = FileSystem.join(first, MergeResult.adjudicationFileName)
        try Self.decide(
            adjudication, as: "lena", start: 1_764_000_000,
            [
                (1, MergeFixture.c(3, "checked the order date")), (1, MergeFixture.tone("bad")),
                (3, MergeFixture.expected("Refund of $42 issued.")),
            ])
        let second = scenario.file("second")
        let result = try await MergeOutputWriter.merge(scenario.archives, adjudications: [adjudication], to: second)
        let ids = try MergeFixture.ids()

        let decided = try #require(try result.consensus(1, "correctness"))
        #expect(decided.value == .int(3) && decided.status == .adjudicated && decided.count == 3)
        #expect(try result.consensus(1, "tone")?.status == .adjudicated)
        #expect(try result.consensus(3, "expected_output")?.value == .string("Refund of $42 issued."))
        #expect(result.conflictCount == 3)
        #expect(result.adjudicatedCount == 3)

        let lines = try jsonLines(FileSystem.join(second, "scores.jsonl"))
        let forItem = lines.filter { $0["item"] == .string(ids[1]) && $0["name"] == .string("correctness") }
        #expect(
            forItem.map(\.jsonText) == [
                #"{"item":"\#(ids[1])","name":"correctness","dataType":"NUMERIC","value":2,"reviewer":"ana","at":"2025-11-23T12:15:50.000Z","comment":"answer invents a date"}"#,
                #"{"item":"\#(ids[1])","name":"correctness","dataType":"NUMERIC","value":5,"reviewer":"ben","at":"2025-11-23T15:02:30.000Z","comment":null}"#,
                #"{"item":"\#(ids[1])","name":"correctness","dataType":"NUMERIC","value":3,"reviewer":"lena","at":"2025-11-24T16:00:00.000Z","comment":"checked the order date","adjudication":true}"#,
            ])
        #expect(lines.count == 49 + 3)

        let manifest = try JSONParser.parse(try FileSystem.readFile(FileSystem.join(second, "merge.json")))
        let bundles = try #require(manifest["bundles"]?.arrayValue)
        #expect(bundles.map { $0["reviewer"] } == ["ana", "ben", "chen", "lena"].map(JSONValue.string))
        #expect(bundles.last?["adjudication"] == .bool(true))
        #expect(manifest["generatedAt"] == .string(Timestamp(secondsSinceEpoch: 1_764_000_060).canonicalText))

        let next = try BundleWorkspace.openForReading(FileSystem.join(second, MergeResult.adjudicationFileName))
        #expect(try AnnotationBundle(directory: next.directory).index.ids == [ids[2], ids[3], ids[5]])
        #expect(result.report.header.reviewers == ["ana", "ben", "chen", "lena"])
        #expect(result.report.scores[0].adjudicated == 1)
    }

    @Test("of two decisions on one item × score the later one stands; both are kept")
    func laterDecisionWins() async throws {
        let scenario = try MergeScenario()
        let first = scenario.file("first")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: first)
        let original = FileSystem.join(first, MergeResult.adjudicationFileName)
        let early = scenario.file("early.quire")
        let late = scenario.file("late.quire")
        for path in [early, late] { try FileSystem.writeAtomically(try FileSystem.readFile(original), to: path) }
        try Self.decide(late, as: "omar", start: 1_764_100_000, [(1, MergeFixture.tone("bad"))])
        try Self.decide(early, as: "lena", start: 1_764_000_000, [(1, MergeFixture.tone("good"))])
        for order in [[early, late], [late, early]] {
            let result = try await Merger.merge(
                bundles: scenario.archives, adjudications: order, options: MergeOptions())
            #expect(try result.consensus(1, "tone")?.value == .string("bad"))
            #expect(try result.consensus(1, "tone")?.count == 4)
            #expect(result.scores.filter { $0.isAdjudication }.map(\.reviewer) == ["lena", "omar"])
        }
    }

    @Test("an adjudication bundle from another pack is refused")
    func otherPack() async throws {
        let other = try MergeScenario(packID: "fedcba9876543210fedcba9876543210")
        let otherOut = other.file("out")
        _ = try await MergeOutputWriter.merge(other.archives, to: otherOut)
        let foreign = FileSystem.join(otherOut, MergeResult.adjudicationFileName)
        try Self.decide(foreign, as: "lena", start: 1_764_000_000, [(1, MergeFixture.tone("bad"))])
        let scenario = try MergeScenario()
        await #expect(
            throws: MergeError.differentPack(
                bundle: foreign, packID: "fedcba9876543210fedcba9876543210", expected: MergeFixture.packID,
                firstBundle: scenario.archive("ana"))
        ) {
            _ = try await Merger.merge(bundles: scenario.archives, adjudications: [foreign], options: MergeOptions())
        }
    }

    @Test("an adjudication bundle for items the merged bundles do not have is refused")
    func otherItems() async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        _ = try await MergeOutputWriter.merge([scenario.archive("ben"), scenario.archive("chen")], to: out)
        let adjudication = FileSystem.join(out, MergeResult.adjudicationFileName)
        try Self.decide(adjudication, as: "lena", start: 1_764_000_000, [(0, MergeFixture.tone("bad"))])
        await #expect(
            throws: MergeError.unknownAdjudicationItem(bundle: adjudication, item: try MergeFixture.ids()[5])
        ) {
            _ = try await Merger.merge(
                bundles: [scenario.archive("ana")], adjudications: [adjudication], options: MergeOptions())
        }
    }

    @Test("an adjudication bundle nobody sealed is refused as not sealed")
    func unsealedAdjudication() async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: out)
        let adjudication = FileSystem.join(out, MergeResult.adjudicationFileName)
        await #expect(
            throws: MergeError.notSealed(
                bundle: adjudication, reason: "it was never sealed (no annotations/scores.jsonl)")
        ) {
            _ = try await Merger.merge(
                bundles: scenario.archives, adjudications: [adjudication], options: MergeOptions())
        }
    }
}
