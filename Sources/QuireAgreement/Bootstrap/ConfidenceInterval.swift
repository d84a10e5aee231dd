/// A bootstrap percentile confidence interval (Efron & Tibshirani 1993, §13.3).
public struct ConfidenceInterval: Sendable, Equatable, Encodable {
    /// The lower bound: the (1 − confidence)/2 quantile of the resampled estimates.
    public var lower: Double
    /// The upper bound: the (1 + confidence)/2 quantile of the resampled estimates.
    public var upper: Double
    /// The nominal coverage, such as 0.95.
    public var confidence: Double
    /// Resamples drawn.
    public var resamples: Int
    /// Resamples whose estimate was undefined (no variation drawn, say) and so left out.
    public var undefinedResamples: Int

    /// Creates an interval.
    /// - Parameters:
    ///   - lower: the lower bound.
    ///   - upper: the upper bound.
    ///   - confidence: the nominal coverage.
    ///   - resamples: resamples drawn.
    ///   - undefinedResamples: resamples left out as undefined.
    public init(lower: Double, upper: Double, confidence: Double, resamples: Int, undefinedResamples: Int) {
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
        self.resamples = resamples
        self.undefinedResamples = undefinedResamples
    }

    private enum CodingKeys: String, CodingKey {
        case lower = "lower"
        case upper = "upper"
        case confidence = "confidence"
        case resamples = "resamples"
        case undefinedResamples = "undefined_resamples"
    }
}
