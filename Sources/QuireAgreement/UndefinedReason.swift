/// Why a statistic has no value.
public enum UndefinedReason: Sendable, Hashable, CustomStringConvertible {
    /// The data holds no values at all.
    case noValues
    /// No item has two or more values, so no two ratings can be compared.
    case nothingPairable
    /// Every comparable value is the same, so chance agreement is total and the coefficient is 0/0.
    case noVariation
    /// The statistic compares two reviewers, and the data has a different number (with at least one value).
    case needsTwoReviewers(found: Int)
    /// The two reviewers rated no item in common.
    case noSharedItems
    /// Weighted κ needs ordered values; the level is nominal.
    case unorderedLevel
    /// The statistic needs interval or ratio numbers; the level is nominal or ordinal.
    case needsIntervalLevel
    /// The statistic needs every reviewer to rate every item, and some ratings are missing.
    case incompleteRatings
    /// The statistic needs at least two items and two reviewers.
    case tooFewRatings
    /// The formula's denominator is zero for these data.
    case zeroDenominator
    /// No bootstrap resample gave a defined value (or no resamples were asked for).
    case noDefinedResamples

    /// The reason in words, for text output.
    public var description: String {
        switch self {
        case .noValues: "no values"
        case .nothingPairable: "nothing pairable: no item has two or more ratings"
        case .noVariation: "no variation: every comparable value is the same"
        case .needsTwoReviewers(let found): "needs exactly 2 reviewers, found \(found)"
        case .noSharedItems: "the two reviewers rated no item in common"
        case .unorderedLevel: "weighted κ needs ordered values (ordinal, interval or ratio)"
        case .needsIntervalLevel: "needs interval or ratio data"
        case .incompleteRatings: "needs every reviewer to rate every item"
        case .tooFewRatings: "needs at least 2 items and 2 reviewers"
        case .zeroDenominator: "the denominator is zero for these data"
        case .noDefinedResamples: "no bootstrap resample gave a value"
        }
    }
}
