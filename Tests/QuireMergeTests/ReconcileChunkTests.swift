import QuireModel
import Testing

@testable import QuireMerge

/// Reconciliation runs on runs of items in parallel; joined, they must equal one pass over all items.
@Suite("Reconcile in parallel runs")
struct ReconcileChunkTests {
    /// Everything a computation holds after reconciling, as comparable text.
    private static func snapshot(_ computation: MergeComputation) -> [String] {
        var lines = computation.scores.map { "\($0)" } + computation.consensus.map { "\($0)" }
        for tally in computation.tallies {
            lines.append(
                "tally \(tally.ratedItems) \(tally.agreed) \(tally.conflicts) \(tally.adjudicated) \(tally.sideBySide)")
            lines += tally.ratings.map { "rating \($0.item) \($0.reviewer) \($0.value.jsonText)" }
            lines.append("answers \(tally.answers) against consensus \(tally.againstConsensus)")
        }
        lines += computation.matches.map { "match \($0.agreeing)/\($0.total)" }
        for index in computation.conflictAnswers.keys.sorted() {
            let answers = computation.conflictAnswers[index] ?? []
            lines.append("conflict \(index) \(answers.map { "\($0.reviewer)=\($0.value.jsonText)" })")
        }
        return lines
    }

    @Test("any number of runs gives exactly the rows, counts and conflicts of one pass", arguments: [2, 3, 4, 6, 7])
    func chunksJoinInOrder(chunks: Int) async throws {
        let scenario = try MergeScenario()
        let loaded = try await Merger.load(scenario.archives.map { ($0, false) })
        let inputs = try MergeInputs(reviewers: loaded, adjudications: [])
        var whole = MergeComputation(inputs: inputs, options: MergeOptions())
        whole.reconcileAll(chunks: 1)
        var split = MergeComputation(inputs: inputs, options: MergeOptions())
        split.reconcileAll(chunks: chunks)
        #expect(Self.snapshot(whole).count > 40)
        #expect(Self.snapshot(split) == Self.snapshot(whole))
        #expect(whole.conflictAnswers.count == 6)
    }
}
