/// Agreement between two reviewers on the items both rated: one row of a merge report's pair table.
public struct PairwiseAgreement: Sendable, Equatable, Encodable {
    /// The first reviewer (earlier in code-point order).
    public var firstReviewer: String
    /// The second reviewer.
    public var secondReviewer: String
    /// Items both rated.
    public var sharedItems: Int
    /// The share of shared items both rated the same.
    public var percentAgreement: Coefficient
    /// Cohen's κ, unweighted.
    public var cohenKappa: Coefficient
    /// Cohen's κ with linear weights (ordered levels only).
    public var cohenKappaLinear: Coefficient
    /// Cohen's κ with quadratic weights (ordered levels only).
    public var cohenKappaQuadratic: Coefficient
    /// Krippendorff's α of the two at the level.
    public var krippendorffAlpha: Coefficient

    /// Creates a row.
    /// - Parameters:
    ///   - firstReviewer: the first reviewer.
    ///   - secondReviewer: the second reviewer.
    ///   - sharedItems: items both rated.
    ///   - percentAgreement: the share rated the same.
    ///   - cohenKappa: unweighted κ.
    ///   - cohenKappaLinear: linear κ.
    ///   - cohenKappaQuadratic: quadratic κ.
    ///   - krippendorffAlpha: α of the two.
    public init(
        firstReviewer: String,
        secondReviewer: String,
        sharedItems: Int,
        percentAgreement: Coefficient,
        cohenKappa: Coefficient,
        cohenKappaLinear: Coefficient,
        cohenKappaQuadratic: Coefficient,
        krippendorffAlpha: Coefficient
    ) {
        self.firstReviewer = firstReviewer
        self.secondReviewer = secondReviewer
        self.sharedItems = sharedItems
        self.percentAgreement = percentAgreement
        self.cohenKappa = cohenKappa
        self.cohenKappaLinear = cohenKappaLinear
        self.cohenKappaQuadratic = cohenKappaQuadratic
        self.krippendorffAlpha = krippendorffAlpha
    }

    private enum CodingKeys: String, CodingKey {
        case firstReviewer = "first_reviewer"
        case secondReviewer = "second_reviewer"
        case sharedItems = "shared_items"
        case percentAgreement = "percent_agreement"
        case cohenKappa = "cohen_kappa"
        case cohenKappaLinear = "cohen_kappa_linear"
        case cohenKappaQuadratic = "cohen_kappa_quadratic"
        case krippendorffAlpha = "krippendorff_alpha"
    }
}

extension RatingTable {
    /// Agreement for every pair of reviewers with values, in reviewer order (first < second).
    ///
    /// Each row compares the two on the items both rated: raw agreement, Cohen's κ in three weightings
    /// and Krippendorff's α of the two at the level (an item only one of them rated is unpairable and
    /// adds nothing).
    /// - Parameter level: the level of measurement.
    /// - Returns: one row per pair.
    /// - Complexity: O(reviewers² × (items + categories)).
    public func pairwiseAgreement(level: MeasurementLevel) -> [PairwiseAgreement] {
        let rating = reviewerValueCounts.indices.filter { reviewerValueCounts[$0] > 0 }
        var rows: [PairwiseAgreement] = []
        for (offset, first) in rating.enumerated() {
            for second in rating[(offset + 1)...] {
                let kappa = pairKappa(first, second, weights: UniformItemWeights())
                let alpha = restricted(toReviewers: [first, second]).krippendorffAlpha(level: level)
                rows.append(
                    PairwiseAgreement(
                        firstReviewer: reviewers[first],
                        secondReviewer: reviewers[second],
                        sharedItems: Int(kappa.sharedItems),
                        percentAgreement: kappa.agreement,
                        cohenKappa: kappa.unweighted,
                        cohenKappaLinear: level.isOrdered ? kappa.linear : .undefined(.unorderedLevel),
                        cohenKappaQuadratic: level.isOrdered ? kappa.quadratic : .undefined(.unorderedLevel),
                        krippendorffAlpha: alpha
                    )
                )
            }
        }
        return rows
    }
}
