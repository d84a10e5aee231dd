/// Everything a report shows about one score's agreement: the statistics, bootstrap intervals for the
/// chance-corrected coefficients, and the reviewer-pair table.
public struct AgreementAnalysis: Sendable, Equatable {
    /// The coefficients `quire agree` prints.
    public var report: AgreementReport
    /// Bootstrap percentile intervals, by coefficient; only those asked for.
    public var intervals: [AgreementStatistic: Statistic<ConfidenceInterval>]
    /// Agreement for every pair of reviewers with values.
    public var pairs: [PairwiseAgreement]

    /// The coefficients that get an interval unless told otherwise: α and the two κ.
    public static let defaultIntervalStatistics: [AgreementStatistic] = [
        .krippendorffAlpha, .fleissKappa, .cohenKappa,
    ]

    /// Analyses a table.
    /// - Parameters:
    ///   - table: the ratings.
    ///   - level: the level of measurement.
    ///   - intervalStatistics: the coefficients to bootstrap.
    ///   - resamples: bootstrap resamples; 0 skips the intervals.
    ///   - confidence: the intervals' nominal coverage.
    ///   - generator: the source of randomness; the same seed gives the same intervals.
    /// - Complexity: O(resamples × items × reviewers + reviewers² × items), more at ratio level.
    public init(
        table: RatingTable,
        level: MeasurementLevel,
        intervalStatistics: [AgreementStatistic] = AgreementAnalysis.defaultIntervalStatistics,
        resamples: Int = 1000,
        confidence: Double = 0.95,
        using generator: inout some RandomNumberGenerator
    ) {
        report = AgreementReport(table: table, level: level)
        intervals = table.bootstrapIntervals(
            of: intervalStatistics,
            level: level,
            resamples: resamples,
            confidence: confidence,
            using: &generator
        )
        pairs = table.pairwiseAgreement(level: level)
    }
}
