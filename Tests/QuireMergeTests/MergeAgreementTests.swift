import QuireAgreement
import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// `agreement.json` and the report's statistics: against the `krippendorff` package and against `quire agree`
/// on the same ratings written as CSV.
@Suite("Merge agreement")
struct MergeAgreementTests {
    /// The standard scenario's ratings as `item,reviewer,value` CSV per score (items by sample position).
    static func csv(_ name: String) throws -> String {
        let ids = try MergeFixture.ids()
        var lines = ["item,reviewer,value"]
        for (reviewer, work) in [
            ("ana", MergeFixture.anaWork), ("ben", MergeFixture.benWork), ("chen", MergeFixture.chenWork),
        ] {
            for entry in work {
                for (score, value, _) in entry.scores where score == name {
                    let text =
                        switch value {
                        case .bool(let bool): bool ? "True" : "False"
                        case .string(let label): label
                        default: value.jsonText
                        }
                    lines.append("\(ids[entry.item]),\(reviewer),\(text)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(
        "Krippendorff's α per score equals the krippendorff package (0.9.0) on the same ratings to 1e-9",
        arguments: [
            ("correctness", "interval", 0.41850220264317184), ("tone", "nominal", 0.2777777777777777),
            ("hallucination", "nominal", 0.13333333333333341),
        ])
    func alphaAgainstOracle(_ name: String, _ level: String, _ oracle: Double) async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: out)
        let agreement = try JSONParser.parse(try FileSystem.readFile(FileSystem.join(out, "agreement.json")))
        let entry = try #require(agreement["scores"]?[name])
        #expect(entry["level"] == .string(level))
        let alpha = try #require(entry["krippendorff_alpha"]?.doubleValue)
        #expect(abs(alpha - oracle) <= 1e-9)
    }

    @Test("agreement.json has one entry per measured score, none for text and corrections")
    func measuredScoresOnly() async throws {
        let result = try await MergeScenario.merged(MergeOptions())
        #expect(result.agreement.map(\.name) == ["correctness", "tone", "hallucination"])
        let keys = result.agreementJSON["scores"]?.objectValue?.keys.sorted()
        #expect(keys == ["correctness", "hallucination", "tone"])
    }

    @Test(
        "each agreement.json entry equals quire agree's report on the same ratings as CSV",
        arguments: [("correctness", MeasurementLevel.interval), ("tone", .nominal), ("hallucination", .nominal)])
    func matchesCSVReport(_ name: String, _ level: MeasurementLevel) async throws {
        let result = try await MergeScenario.merged(MergeOptions())
        let file = try RatingCSV(parsing: Array(try Self.csv(name).utf8), path: "\(name).csv")
        let table = try RatingTable(parsing: try RatingCSV.ratings(from: [file], score: nil), level: level)
        let expected = AgreementReport(table: table, level: level).jsonValue
        #expect(result.agreement.first { $0.name == name }?.report.jsonValue == expected)
    }

    @Test("an ordered categorical score is measured at the ordinal level on its category values")
    func orderedCategorical() async throws {
        var scores = SampleBundle.scoreConfigs
        scores[1].isOrdered = true
        let scenario = try MergeScenario(scores: scores)
        let result = try await Merger.merge(bundles: scenario.archives, adjudications: [], options: MergeOptions())
        let tone = try #require(result.agreement.first { $0.name == "tone" }?.report)
        #expect(tone.level == .ordinal)
        // krippendorff 0.9.0 on the tone ratings coded bad 0, neutral 0.5, good 1, ordinal level.
        #expect(abs((tone.krippendorffAlpha.value ?? .nan) - 0.06791125541125542) <= 1e-9)
        let section = try #require(result.report.scores.first { $0.name == "tone" })
        #expect(section.level == .ordinal)
        #expect(section.statistics.map(\.statistic).contains(.cohenKappaLinear))
    }

    @Test("the report's α rows carry bootstrap intervals that depend on the seed and contain the estimate")
    func bootstrapIntervals() async throws {
        let scenario = try MergeScenario()
        let first = try await Merger.merge(
            bundles: scenario.archives, adjudications: [], options: MergeOptions(seed: 1))
        let again = try await Merger.merge(
            bundles: scenario.archives, adjudications: [], options: MergeOptions(seed: 1))
        let other = try await Merger.merge(
            bundles: scenario.archives, adjudications: [], options: MergeOptions(seed: 2))
        let alpha = try #require(first.report.scores[0].alpha)
        let low = try #require(alpha.ciLow)
        let high = try #require(alpha.ciHigh)
        #expect(low <= (alpha.value ?? .nan) && (alpha.value ?? .nan) <= high)
        #expect(again.report.scores[0].alpha == alpha)
        #expect(other.report.scores[0].alpha != alpha)
        let none = try await Merger.merge(
            bundles: scenario.archives, adjudications: [], options: MergeOptions(resamples: 0))
        #expect(none.report.scores[0].alpha?.ciLow == nil)
    }

    @Test("the report's interval equals quire agree's for the same ratings and seed")
    func intervalMatchesAgree() async throws {
        let result = try await MergeScenario.merged(MergeOptions(seed: 7))
        let file = try RatingCSV(parsing: Array(try Self.csv("tone").utf8), path: "tone.csv")
        let table = try RatingTable(parsing: try RatingCSV.ratings(from: [file], score: nil), level: .nominal)
        var generator = SeededGenerator(seed: 7)
        let analysis = AgreementAnalysis(table: table, level: .nominal, using: &generator)
        let interval = try #require(analysis.intervals[.krippendorffAlpha]?.value)
        let alpha = try #require(result.report.scores.first { $0.name == "tone" }?.alpha)
        #expect(alpha.ciLow == interval.lower)
        #expect(alpha.ciHigh == interval.upper)
    }

    @Test("pairs and confusion matrices: tone between ana and ben, and every reviewer against the consensus")
    func pairsAndMatrices() async throws {
        let result = try await MergeScenario.merged(MergeOptions())
        let tone = try #require(result.report.scores.first { $0.name == "tone" })
        #expect(
            tone.pairs.map { "\($0.first)–\($0.second) \($0.sharedItems)" } == [
                "ana–ben 4", "ana–chen 3", "ben–chen 3",
            ])
        #expect(tone.pairs[0].percentAgreement == 0.5)
        let pair = try #require(tone.confusionMatrices.first)
        #expect(pair.rowTitle == "ana" && pair.columnTitle == "ben")
        #expect(pair.labels == ["bad", "neutral", "good"])
        #expect(pair.counts == [[1, 0, 0], [0, 0, 1], [1, 0, 1]])
        let consensus = try #require(tone.confusionMatrices.last)
        #expect(consensus.rowTitle == "all reviewers" && consensus.columnTitle == "consensus")
        #expect(consensus.counts == [[2, 0, 1], [0, 2, 0], [0, 0, 4]])
        let correctness = result.report.scores[0]
        #expect(correctness.confusionMatrices.isEmpty)
        #expect(
            correctness.statistics.first { $0.statistic == .cohenKappa }?.reasonIfNull
                == "needs exactly 2 reviewers, found 3")
        #expect(correctness.statistics.last?.statistic == .icc1)
    }
}
