import ArgumentParser
import QuireAgreement
import QuireIO
import QuireModel

/// `quire agree`: inter-rater agreement of one score from a ratings CSV (DESIGN.md §5; the contract is
/// `shared/oracles/README.md`).
struct AgreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agree",
        abstract: "Measure inter-rater agreement: Krippendorff's α, κ, AC1, ICC.",
        discussion: """
            Reads ratings in the long format: a CSV with columns item, reviewer and value (any order, \
            other columns ignored), and optionally score, which --score selects. An empty value is a \
            missing rating. At the nominal level values are compared as exact strings; at the other \
            levels they must be numbers.

            Prints Krippendorff's α at the level, percent agreement, Fleiss' κ, Gwet's AC1, Cohen's κ \
            (exactly two reviewers; weighted forms at ordered levels) and the six Shrout–Fleiss ICC \
            forms (complete interval or ratio data). A statistic the data cannot define is shown with \
            the reason, or null with --json. The text output adds bootstrap confidence intervals and \
            a table of reviewer pairs.
            """
    )

    @Argument(help: "Ratings CSV files (item,reviewer,value[,score]).")
    var inputs: [String]

    @Option(help: "The score to measure, when the files have a score column with several names.")
    var score: String?

    @Option(name: .customLong("level"), help: "The level of measurement, which decides how values are compared.")
    var levelArgument = LevelArgument(.nominal)

    var level: MeasurementLevel { levelArgument.level }

    @Flag(help: "Print one JSON object (sorted keys, null where undefined) instead of the table.")
    var json = false

    @Option(help: "Bootstrap resamples for the confidence intervals of the text output (0: none).")
    var resamples = 1000

    @Option(help: "The seed of the bootstrap's random numbers; the same seed gives the same intervals.")
    var seed: UInt64 = 1

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one ratings file.") }
        guard resamples >= 0 else { throw ValidationError("--resamples must be 0 or more, not \(resamples).") }
    }

    func run() throws {
        let ratings = try Self.ratings(from: inputs, score: score)
        let table = try RatingTable(parsing: ratings, level: level)
        if json {
            let report = AgreementReport(table: table, level: level)
            Terminal.standardOutput.write(report.jsonValue.canonicalJSONText + "\n")
            return
        }
        var generator = SeededGenerator(seed: seed)
        let analysis = AgreementAnalysis(table: table, level: level, resamples: resamples, using: &generator)
        let title = inputs.joined(separator: ", ") + (score.map { ", score \"\($0)\"" } ?? "")
        Terminal.standardOutput.write(AgreementText(analysis: analysis, title: title, seed: seed).text)
    }

    /// The ratings of the chosen score from the command's inputs: the one place a new kind of input
    /// (bundles, which a lead checks before merging) is added.
    /// - Parameters:
    ///   - inputs: the paths as given.
    ///   - score: the `--score` name, if any.
    /// - Returns: the ratings, in input order.
    /// - Throws: `ValidationError` for an input that is not a CSV file; ``FileError`` when a file cannot
    ///   be read; ``AgreementInputError`` for malformed CSV or an ambiguous or absent score.
    static func ratings(from inputs: [String], score: String?) throws -> [Rating<String>] {
        var files: [RatingCSV] = []
        for input in inputs {
            guard input.lowercased().hasSuffix(".csv"), !FileSystem.isDirectory(input) else {
                throw ValidationError(
                    "\(input): not a CSV file. quire agree reads ratings as CSV (item,reviewer,value[,score]); "
                        + "reading bundles directly is not supported yet."
                )
            }
            files.append(try RatingCSV(parsing: try FileSystem.readFile(input), path: input))
        }
        return try RatingCSV.ratings(from: files, score: score)
    }
}

/// The value of the level option, a ``MeasurementLevel`` named as in the contract.
///
/// A wrapper, because a conformance of the public `MeasurementLevel` would make ArgumentParser part of
/// QuireAgreement's public face.
struct LevelArgument: ExpressibleByArgument, Equatable {
    let level: MeasurementLevel

    init(_ level: MeasurementLevel) {
        self.level = level
    }

    init?(argument: String) {
        guard let level = MeasurementLevel(rawValue: argument) else { return nil }
        self.level = level
    }

    var defaultValueDescription: String { level.rawValue }

    static var allValueStrings: [String] { MeasurementLevel.allCases.map(\.rawValue) }
}
