public import QuireModel

/// Every statistic `quire agree` prints for one score, with the contract's JSON keys (`oracles/README.md`).
public struct AgreementReport: Sendable, Equatable, Encodable {
    /// The level of measurement used.
    public var level: MeasurementLevel
    /// Items with at least one value.
    public var items: Int
    /// Reviewers with at least one value.
    public var reviewers: Int
    /// Values (non-missing ratings).
    public var values: Int
    /// Krippendorff's α at the level.
    public var krippendorffAlpha: Coefficient
    /// Percent agreement (categories compared unordered).
    public var percentAgreement: Coefficient
    /// Fleiss' κ, generalised to unequal raters per item.
    public var fleissKappa: Coefficient
    /// Gwet's AC1.
    public var gwetAC1: Coefficient
    /// Cohen's κ, unweighted (exactly two reviewers).
    public var cohenKappa: Coefficient
    /// Cohen's κ with linear weights (ordered levels only).
    public var cohenKappaLinear: Coefficient
    /// Cohen's κ with quadratic weights (ordered levels only).
    public var cohenKappaQuadratic: Coefficient
    /// The six Shrout–Fleiss ICC forms (complete interval or ratio data only).
    public var icc: Statistic<ICCForms>

    /// Computes every statistic of a table at a level.
    /// - Parameters:
    ///   - table: the ratings.
    ///   - level: the level of measurement.
    /// - Complexity: O(items × reviewers + categories), O(items × reviewers² + categories²) at ratio level.
    public init(table: RatingTable, level: MeasurementLevel) {
        self.level = level
        items = table.ratedItemCount
        reviewers = table.ratingReviewerCount
        values = table.valueCount
        krippendorffAlpha = table.krippendorffAlpha(level: level)
        let shared = table.categoryAgreement(weights: UniformItemWeights())
        percentAgreement = shared.percentAgreement
        fleissKappa = shared.fleissKappa
        gwetAC1 = shared.gwetAC1
        switch table.ratingReviewerPair() {
        case .undefined(let reason):
            cohenKappa = .undefined(reason)
            cohenKappaLinear = .undefined(level.isOrdered ? reason : .unorderedLevel)
            cohenKappaQuadratic = .undefined(level.isOrdered ? reason : .unorderedLevel)
        case .defined(let pair):
            let kappa = table.pairKappa(pair.first, pair.second, weights: UniformItemWeights())
            cohenKappa = kappa.unweighted
            cohenKappaLinear = level.isOrdered ? kappa.linear : .undefined(.unorderedLevel)
            cohenKappaQuadratic = level.isOrdered ? kappa.quadratic : .undefined(.unorderedLevel)
        }
        icc = table.intraclassCorrelation(level: level)
    }

    /// The coefficients with their JSON keys, in the contract's order (ICC apart).
    public var coefficients: [(key: String, value: Coefficient)] {
        [
            ("krippendorff_alpha", krippendorffAlpha),
            ("percent_agreement", percentAgreement),
            ("fleiss_kappa", fleissKappa),
            ("gwet_ac1", gwetAC1),
            ("cohen_kappa", cohenKappa),
            ("cohen_kappa_linear", cohenKappaLinear),
            ("cohen_kappa_quadratic", cohenKappaQuadratic),
        ]
    }

    /// The report as a JSON object with the contract's keys, `null` where a statistic is undefined and
    /// numbers in their shortest round-trip spelling.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["level"] = .string(level.rawValue)
        object["items"] = .int(items)
        object["reviewers"] = .int(reviewers)
        object["values"] = .int(values)
        for (key, coefficient) in coefficients { object[key] = coefficient.jsonValue }
        switch icc {
        case .undefined: object["icc"] = .null
        case .defined(let forms):
            var nested = JSONObject()
            for (key, coefficient) in forms.named { nested[key] = coefficient.jsonValue }
            object["icc"] = .object(nested)
        }
        return .object(object)
    }

    private enum CodingKeys: String, CodingKey {
        case level = "level"
        case items = "items"
        case reviewers = "reviewers"
        case values = "values"
        case krippendorffAlpha = "krippendorff_alpha"
        case percentAgreement = "percent_agreement"
        case fleissKappa = "fleiss_kappa"
        case gwetAC1 = "gwet_ac1"
        case cohenKappa = "cohen_kappa"
        case cohenKappaLinear = "cohen_kappa_linear"
        case cohenKappaQuadratic = "cohen_kappa_quadratic"
        case icc = "icc"
    }
}

extension Statistic where Value == Double {
    /// The coefficient as JSON: its number, or `null` when undefined.
    public var jsonValue: JSONValue {
        switch self {
        case .defined(let value): .double(value)
        case .undefined: .null
        }
    }
}
