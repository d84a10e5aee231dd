import ArgumentParser
import QuireAgreement
import QuireIO
import QuireMerge
import QuireModel

/// `quire agree`: inter-rater agreement of one score from a ratings CSV or from reviewers' bundles
/// (DESIGN.md §5; the contract is `shared/oracles/README.md`).
struct AgreeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agree",
        abstract: "Measure inter-rater agreement: Krippendorff's α, κ, AC1, ICC.",
        discussion: """
            Reads ratings in the long format: a CSV with columns item, reviewer and value (any order, \
            other columns ignored), and optionally score, which --score selects. An empty value is a \
            missing rating. At the nominal level values are compared as exact strings; at the other \
            levels they must be numbers. The level defaults to nominal for CSV.

            Or reads reviewers' sealed bundles (.quire archives or bag directories), checked as quire \
            merge checks them, so a lead can measure agreement before merging: --score picks the score \
            (optional when the queue has one numeric, categorical or boolean score) and the level comes \
            from its config (numeric → interval unless it sets level; categorical → nominal, ordinal when \
            ordered; boolean → nominal) unless --level is given.

            Prints Krippendorff's α at the level, percent agreement, Fleiss' κ, Gwet's AC1, Cohen's κ \
            (exactly two reviewers; weighted forms at ordered levels) and the six Shrout–Fleiss ICC \
            forms (complete interval or ratio data). A statistic the data cannot define is shown with \
            the reason, or null with --json. The text output adds bootstrap confidence intervals and \
            a table of reviewer pairs.
            """
    )

    @Argument(help: "Ratings CSV files (item,reviewer,value[,score]), or reviewers' bundles.")
    var inputs: [String]

    @Option(help: "The score to measure, when the files have a score column with several names.")
    var score: String?

    @Option(
        name: .customLong("level"),
        help: ArgumentHelp(
            "The level of measurement, which decides how values are compared (default: nominal for CSV, the "
                + "score config's level for bundles)."))
    var levelArgument: LevelArgument?

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

    func run() async throws {
        let (ratings, level) = try await Self.ratings(from: inputs, score: score, level: levelArgument?.level)
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

    /// The ratings of the chosen score from the command's inputs, and the level to measure them at.
    ///
    /// Inputs ending in `.csv` are ratings files; anything else is a bundle. Bundles are checked as `quire
    /// merge` checks them (verified, sealed, one pack, each reviewer once) and give every reviewer's sealed
    /// answer to the score, spelled for the level.
    /// - Parameters:
    ///   - inputs: the paths as given: all CSV files, or all bundles.
    ///   - score: the `--score` name, if any.
    ///   - level: the `--level` given, if any.
    /// - Returns: the ratings (in input order for CSV, pack order for bundles) and the level.
    /// - Throws: `ValidationError` for CSV files mixed with bundles; ``FileError`` when a file cannot be read;
    ///   ``AgreementInputError`` for malformed CSV or an ambiguous or absent score; ``MergeError`` and
    ///   `BundleError` for bundles.
    static func ratings(from inputs: [String], score: String?, level: MeasurementLevel?) async throws
        -> (ratings: [Rating<String>], level: MeasurementLevel)
    {
        let isCSV = inputs.map { $0.lowercased().hasSuffix(".csv") && !FileSystem.isDirectory($0) }
        if !isCSV.contains(true) {
            let bundles = try await BundleRatings.load(inputs, score: score)
            let level = level ?? bundles.level
            return (bundles.ratings(at: level), level)
        }
        if let bundle = zip(inputs, isCSV).first(where: { !$0.1 })?.0 {
            throw ValidationError(
                "\(bundle): not a CSV file; give either ratings CSV files (item,reviewer,value[,score]) or bundles, "
                    + "not both")
        }
        var files: [RatingCSV] = []
        for input in inputs {
            files.append(try RatingCSV(parsing: try FileSystem.readFile(input), path: input))
        }
        return (try RatingCSV.ratings(from: files, score: score), level ?? .nominal)
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
