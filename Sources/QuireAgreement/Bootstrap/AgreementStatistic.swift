/// A coefficient that can be computed on resampled items, named by its JSON key.
public enum AgreementStatistic: String, Sendable, Hashable, CaseIterable, Codable {
    /// Krippendorff's α at the level.
    case krippendorffAlpha = "krippendorff_alpha"
    /// Percent agreement.
    case percentAgreement = "percent_agreement"
    /// Fleiss' κ.
    case fleissKappa = "fleiss_kappa"
    /// Gwet's AC1.
    case gwetAC1 = "gwet_ac1"
    /// Cohen's κ, unweighted.
    case cohenKappa = "cohen_kappa"
    /// Cohen's κ, linear weights.
    case cohenKappaLinear = "cohen_kappa_linear"
    /// Cohen's κ, quadratic weights.
    case cohenKappaQuadratic = "cohen_kappa_quadratic"

    /// The Cohen weighting, for the three κ forms.
    var kappaWeighting: KappaWeighting? {
        switch self {
        case .cohenKappa: .unweighted
        case .cohenKappaLinear: .linear
        case .cohenKappaQuadratic: .quadratic
        default: nil
        }
    }
}

extension RatingTable {
    /// One coefficient by name.
    /// - Parameters:
    ///   - statistic: the coefficient.
    ///   - level: the level of measurement.
    /// - Returns: its value, or why it is undefined.
    /// - Complexity: that of the coefficient: O(items × reviewers + categories), more for ratio α.
    public func coefficient(_ statistic: AgreementStatistic, level: MeasurementLevel) -> Coefficient {
        switch statistic {
        case .krippendorffAlpha: krippendorffAlpha(level: level)
        case .percentAgreement: percentAgreement()
        case .fleissKappa: fleissKappa()
        case .gwetAC1: gwetAC1()
        case .cohenKappa, .cohenKappaLinear, .cohenKappaQuadratic:
            cohenKappa(statistic.kappaWeighting ?? .unweighted, level: level)
        }
    }

    /// A coefficient with items counted by multiplicity; the caller has checked the point estimate.
    func coefficient<Weights: ItemWeights>(
        _ statistic: AgreementStatistic,
        level: MeasurementLevel,
        pair: Pair?,
        weights: Weights
    ) -> Coefficient {
        switch statistic {
        case .krippendorffAlpha: return krippendorffAlpha(level: level, weights: weights)
        case .percentAgreement: return categoryAgreement(weights: weights).percentAgreement
        case .fleissKappa: return categoryAgreement(weights: weights).fleissKappa
        case .gwetAC1: return categoryAgreement(weights: weights).gwetAC1
        case .cohenKappa, .cohenKappaLinear, .cohenKappaQuadratic:
            guard let pair else { return .undefined(.needsTwoReviewers(found: ratingReviewerCount)) }
            return pairKappa(pair.first, pair.second, weights: weights)[statistic.kappaWeighting ?? .unweighted]
        }
    }
}
