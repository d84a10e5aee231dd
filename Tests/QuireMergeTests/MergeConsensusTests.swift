import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// Reconciliation of the standard scenario under each policy: exact values, statuses, counts and reasons.
@Suite("Merge consensus")
struct MergeConsensusTests {
    private static func merge(_ options: MergeOptions = MergeOptions()) async throws -> MergeResult {
        let scenario = try MergeScenario()
        return try await Merger.merge(bundles: scenario.archives, adjudications: [], options: options)
    }

    private static func expect(
        _ result: MergeResult, _ item: Int, _ name: String, _ value: JSONValue, _ status: ConsensusStatus, n: Int,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let row = try result.consensus(item, name)
        #expect(row?.value == value, "i\(item) \(name)", sourceLocation: sourceLocation)
        #expect(row?.status == status, "i\(item) \(name)", sourceLocation: sourceLocation)
        #expect(row?.count == n, "i\(item) \(name)", sourceLocation: sourceLocation)
    }

    @Test("median with the default tolerance (one step): medians within a step agree, wider spreads and ties conflict")
    func medianDefault() async throws {
        let result = try await Self.merge()
        try Self.expect(result, 0, "correctness", .int(4), .agreed, n: 3)
        try Self.expect(result, 1, "correctness", .null, .conflict, n: 2)
        try Self.expect(result, 3, "correctness", .double(4.5), .agreed, n: 2)
        try Self.expect(result, 4, "correctness", .double(1.5), .agreed, n: 2)
        try Self.expect(result, 5, "correctness", .int(5), .agreed, n: 1)
        try Self.expect(result, 0, "tone", .string("good"), .agreed, n: 3)
        try Self.expect(result, 1, "tone", .null, .conflict, n: 2)
        try Self.expect(result, 2, "tone", .null, .conflict, n: 3)
        try Self.expect(result, 2, "hallucination", .int(0), .agreed, n: 3)
        try Self.expect(result, 3, "hallucination", .null, .conflict, n: 2)
        #expect(result.conflictCount == 6)
        #expect(result.consensus.count == 21)
        #expect(result.scores.count == 49)
        let reasons = result.report.conflicts.map { "\($0.score): \($0.reason)" }
        #expect(
            reasons == [
                "correctness: spread 3 > tolerance 1", "tone: tie 1–1", "tone: tie 1–1–1", "hallucination: tie 1–1",
                "expected_output: 2 different corrections", "hallucination: tie 1–1",
            ])
    }

    @Test("mean averages the answers within tolerance")
    func mean() async throws {
        let result = try await Self.merge(MergeOptions(policy: .mean))
        try Self.expect(result, 0, "correctness", .double(13.0 / 3.0), .agreed, n: 3)
        #expect(try result.consensus(0, "correctness")?.json.jsonText.contains("\"value\":4.333333333333333") == true)
        try Self.expect(result, 3, "correctness", .double(4.5), .agreed, n: 2)
        try Self.expect(result, 1, "correctness", .null, .conflict, n: 2)
    }

    @Test("majority takes the most frequent exact number, and a tie of numbers is a conflict")
    func majority() async throws {
        let result = try await Self.merge(MergeOptions(policy: .majority))
        try Self.expect(result, 0, "correctness", .int(4), .agreed, n: 3)
        try Self.expect(result, 1, "correctness", .null, .conflict, n: 2)
        try Self.expect(result, 3, "correctness", .null, .conflict, n: 2)
        try Self.expect(result, 4, "correctness", .null, .conflict, n: 2)
        try Self.expect(result, 5, "correctness", .int(5), .agreed, n: 1)
        #expect(result.report.conflicts.first?.reason == "tie 1–1")
    }

    @Test("lead:ben: ben's answer wins wherever he gave one; elsewhere majority and median")
    func lead() async throws {
        let result = try await Self.merge(MergeOptions(policy: .lead("ben")))
        try Self.expect(result, 1, "correctness", .int(5), .agreed, n: 2)
        try Self.expect(result, 1, "tone", .string("bad"), .agreed, n: 2)
        try Self.expect(result, 2, "tone", .string("good"), .agreed, n: 3)
        try Self.expect(result, 3, "hallucination", .int(0), .agreed, n: 2)
        try Self.expect(result, 3, "expected_output", .string("B"), .agreed, n: 2)
        try Self.expect(result, 1, "notes", .string("missing refund"), .agreed, n: 2)
        try Self.expect(result, 4, "correctness", .double(1.5), .agreed, n: 2)
        try Self.expect(result, 4, "tone", .string("good"), .agreed, n: 2)
        #expect(result.conflictCount == 0)
        #expect(!result.hasAdjudicationBundle)
    }

    @Test("--tolerance overrides every numeric score's default", arguments: [(0.0, 4), (3.0, 0)])
    func tolerance(_ tolerance: Double, _ correctnessConflicts: Int) async throws {
        let result = try await Self.merge(MergeOptions(tolerance: tolerance))
        let conflicts = result.consensus.filter { $0.name == "correctness" && $0.status == .conflict }
        #expect(conflicts.count == correctnessConflicts)
        if tolerance == 3 { try Self.expect(result, 1, "correctness", .double(3.5), .agreed, n: 2) }
        if tolerance == 0 {
            #expect(result.report.conflicts.first?.reason == "spread 1 > tolerance 0")
        }
    }

    @Test("the default tolerance is one step, else a tenth of the range, else 0")
    func defaultTolerance() {
        var stepped = ScoreConfig(name: "a", kind: .numeric)
        stepped.minimum = 1
        stepped.maximum = 5
        stepped.step = 1
        var ranged = ScoreConfig(name: "b", kind: .numeric)
        ranged.minimum = 0
        ranged.maximum = 1
        let open = ScoreConfig(name: "c", kind: .numeric)
        #expect(MergeOptions.defaultTolerance(for: stepped) == 1)
        #expect(MergeOptions.defaultTolerance(for: ranged) == 0.1)
        #expect(MergeOptions.defaultTolerance(for: open) == 0)
        #expect(MergeOptions(tolerance: 2).tolerance(for: stepped) == 2)
    }

    @Test("free text identical after trimming agrees; differing text stays side by side with no consensus line")
    func textSideBySide() async throws {
        let result = try await Self.merge()
        try Self.expect(result, 0, "notes", .string("Fine."), .agreed, n: 2)
        #expect(try result.consensus(1, "notes") == nil)
        let id = try MergeFixture.ids()[1]
        let notes = result.scores.filter { $0.item == id && $0.name == "notes" }
        #expect(notes.map(\.reviewer) == ["ana", "ben"])
        #expect(notes.map(\.value) == [.string("too short"), .string("missing refund")])
        #expect(notes.allSatisfy { $0.dataType == "TEXT" })
        let section = try #require(result.report.scores.first { $0.name == "notes" })
        #expect(section.level == nil)
        #expect(section.agreed == 1)
        #expect(section.conflicts == 0)
    }

    @Test("corrections equal after trimming agree on the trimmed text; different ones are conflicts")
    func corrections() async throws {
        let result = try await Self.merge()
        try Self.expect(result, 1, "expected_output", .string("Refund issued."), .agreed, n: 2)
        try Self.expect(result, 3, "expected_output", .null, .conflict, n: 2)
        let id = try MergeFixture.ids()[1]
        let kept = result.scores.filter { $0.item == id && $0.name == "expected_output" }.map(\.value)
        #expect(kept == [.string("Refund issued."), .string("Refund issued. ")])
    }

    @Test("every reviewer's score is kept with author, time and comment, items in pack order")
    func everyScoreKept() async throws {
        let result = try await Self.merge()
        let ids = try MergeFixture.ids()
        let first = try #require(result.scores.first { $0.item == ids[1] && $0.name == "correctness" })
        #expect(first.reviewer == "ana")
        #expect(first.comment == "answer invents a date")
        #expect(first.at == Timestamp(secondsSinceEpoch: 1_763_900_000 + 5 * 30))
        #expect(first.json.jsonText.hasSuffix(#""comment":"answer invents a date"}"#))
        #expect(result.itemLines.count == 6)
        let order = try result.itemLines.map { try BundleItem(json: JSONParser.parse($0)).id }
        #expect(order == ids)
        let byReviewer = Dictionary(grouping: result.scores, by: \.reviewer).mapValues(\.count)
        #expect(byReviewer == ["ana": 19, "ben": 19, "chen": 11])
    }
}
