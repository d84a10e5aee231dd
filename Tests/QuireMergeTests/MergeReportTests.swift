import QuireHTML
import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// The report's view-model, filled from the standard scenario, and the page as a browser builds it.
@Suite("Merge report")
struct MergeReportTests {
    private static func result() async throws -> MergeResult {
        try await MergeScenario.merged(MergeOptions())
    }

    @Test("the header names the queue, pack, bundles, policy, the inputs' newest time and the adjudication bundle")
    func header() async throws {
        let header = try await Self.result().report.header
        #expect(header.queue == "sample-queue")
        #expect(header.packID == MergeFixture.packID)
        #expect(header.reviewers == ["ana", "ben", "chen"])
        #expect(header.bundles.map(\.reviewer) == ["ana", "ben", "chen"])
        #expect(header.items == 6)
        #expect(header.policy == "median")
        #expect(header.tolerance == nil)
        // chen's last journal event: 15 events, 30 s apart, from 1_763_920_000.
        #expect(header.generatedAt == Timestamp(secondsSinceEpoch: 1_763_920_420).canonicalText)
        #expect(header.adjudicationBundle == "adjudication.quire")
    }

    @Test("SOURCE_DATE_EPOCH, passed as the time option, replaces the inputs' time")
    func sourceDateEpoch() async throws {
        let result = try await MergeScenario.merged(MergeOptions(time: Timestamp(secondsSinceEpoch: 1_700_000_000)))
        #expect(result.report.header.generatedAt == "2023-11-14T22:13:20.000Z")
        #expect(result.manifestJSON["generatedAt"] == .string("2023-11-14T22:13:20.000Z"))
    }

    @Test("reviewer rows: workload from the bundle, statuses and pace from the journal, agreement with consensus")
    func reviewers() async throws {
        let rows = try await Self.result().report.reviewers
        #expect(rows.map(\.name) == ["ana", "ben", "chen"])
        #expect(rows.map(\.assigned) == [5, 5, 4])
        #expect(rows.map(\.completed) == [5, 4, 4])
        #expect(rows.map(\.skipped) == [0, 1, 0])
        #expect(rows.map(\.flagged) == [1, 0, 0])
        // Completions 6, 4, 5, 5 events apart for ana (30 s each): gaps 180, 120, 150, 150 s.
        #expect(rows.map(\.medianSecondsPerItem) == [150, 150, 120])
        #expect(rows[0].agreementWithConsensus == 1)
        #expect(rows[1].agreementWithConsensus == 0.9)
        #expect(rows[2].agreementWithConsensus == 8.0 / 9.0)
    }

    @Test("conflict rows show every reviewer's answer as people read it, with comments")
    func conflicts() async throws {
        let conflicts = try await Self.result().report.conflicts
        let ids = try MergeFixture.ids()
        #expect(conflicts.map(\.itemID) == [ids[1], ids[1], ids[2], ids[3], ids[3], ids[5]])
        #expect(
            conflicts[0].answers == [
                .init(reviewer: "ana", value: "2", comment: "answer invents a date"),
                .init(reviewer: "ben", value: "5", comment: nil),
            ])
        #expect(conflicts[1].answers.map(\.comment) == [nil, "rude"])
        #expect(conflicts[3].answers.map(\.value) == ["True", "False"])
    }

    @Test("sections count items, ratings, agreed and conflicts per score")
    func sections() async throws {
        let sections = try await Self.result().report.scores
        #expect(sections.map(\.name) == ["correctness", "tone", "hallucination", "notes", "expected_output"])
        #expect(sections.map(\.items) == [6, 6, 6, 2, 2])
        #expect(sections.map(\.ratings) == [13, 14, 14, 4, 4])
        #expect(sections.map(\.agreed) == [5, 4, 4, 1, 1])
        #expect(sections.map(\.conflicts) == [1, 2, 2, 0, 1])
        #expect(sections.map(\.level) == [.interval, .nominal, .nominal, nil, nil])
        #expect(sections[3].note?.contains("side by side") == true)
    }

    @Test("human-vs-EVAL: the hallucination consensus against the sample's EVAL scores")
    func alignment() async throws {
        let rows = try await Self.result().report.alignment
        #expect(
            rows == [
                .categorical(
                    score: "hallucination", count: 1, accuracy: 1, kappa: nil,
                    reasonIfNull: "no variation: every comparable value is the same")
            ])
    }

    @Test(
        "report.html in headless Chromium: no script, the charts drawn, the conflicts and the next step shown",
        .enabled(if: ReportChromiumTests.chromium != nil))
    func chromium() async throws {
        let browser = try #require(ReportChromiumTests.chromium)
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: out)
        let page = FileSystem.join(out, "report.html")
        let result = try ProcessRunner.run(
            browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(scenario.file("profile"))",
                "--dump-dom", "file://\(page)",
            ])
        #expect(result.status == 0, "\(result.standardError)")
        let dom = ParsedHTML(bytes: Array(result.standardOutput.utf8))
        let names = dom.elements.map(\.name)
        #expect(!names.contains("script"))
        #expect(names.contains("svg"))
        #expect(dom.text.contains("spread 3 > tolerance 1"))
        #expect(dom.text.contains("answer invents a date"))
        #expect(dom.text.contains("adjudication.quire"))
        let markdown = try text(FileSystem.join(out, "report.md"))
        #expect(markdown.contains("| 1 | 12ea412956f99347b0503c1144acd0ec | correctness |"))
    }
}
