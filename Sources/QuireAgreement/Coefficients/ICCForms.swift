/// The six intraclass correlations of Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing
/// rater reliability", Psychological Bulletin 86(2).
///
/// Case 1: each item rated by a different random set of reviewers (one-way model); case 2: reviewers are a
/// random sample, absolute agreement (two-way random, ICC(A,1) in McGraw & Wong 1996); case 3: these
/// reviewers only, consistency (two-way mixed, ICC(C,1)). The `k` forms are the reliability of the mean
/// of k reviewers. A form is undefined when its denominator is zero.
public struct ICCForms: Sendable, Equatable, Encodable {
    /// ICC(1,1) = (MSR − MSW) / (MSR + (k − 1) MSW).
    public var icc1: Coefficient
    /// ICC(2,1) = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n).
    public var icc2: Coefficient
    /// ICC(3,1) = (MSR − MSE) / (MSR + (k − 1) MSE).
    public var icc3: Coefficient
    /// ICC(1,k) = (MSR − MSW) / MSR.
    public var icc1k: Coefficient
    /// ICC(2,k) = (MSR − MSE) / (MSR + (MSC − MSE) / n).
    public var icc2k: Coefficient
    /// ICC(3,k) = (MSR − MSE) / MSR.
    public var icc3k: Coefficient

    /// Creates the six forms.
    /// - Parameters:
    ///   - icc1: ICC(1,1).
    ///   - icc2: ICC(2,1).
    ///   - icc3: ICC(3,1).
    ///   - icc1k: ICC(1,k).
    ///   - icc2k: ICC(2,k).
    ///   - icc3k: ICC(3,k).
    public init(
        icc1: Coefficient,
        icc2: Coefficient,
        icc3: Coefficient,
        icc1k: Coefficient,
        icc2k: Coefficient,
        icc3k: Coefficient
    ) {
        self.icc1 = icc1
        self.icc2 = icc2
        self.icc3 = icc3
        self.icc1k = icc1k
        self.icc2k = icc2k
        self.icc3k = icc3k
    }

    /// The forms with their JSON keys, in the order Shrout & Fleiss list them.
    public var named: [(key: String, value: Coefficient)] {
        [("icc1", icc1), ("icc2", icc2), ("icc3", icc3), ("icc1k", icc1k), ("icc2k", icc2k), ("icc3k", icc3k)]
    }

    private enum CodingKeys: String, CodingKey {
        case icc1 = "icc1"
        case icc2 = "icc2"
        case icc3 = "icc3"
        case icc1k = "icc1k"
        case icc2k = "icc2k"
        case icc3k = "icc3k"
    }
}
