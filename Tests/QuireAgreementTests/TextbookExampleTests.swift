import QuireAgreement
import Testing

/// Published examples, recomputed by value.
///
/// Each expected number was checked to full precision with
/// the reference package named beside it (`krippendorff` 0.9.0, statsmodels 0.15, scikit-learn 1.9,
/// pingouin 0.6, irrCAC 0.4.4).
@Suite("Textbook examples")
struct TextbookExampleTests {
    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §C.
    ///
    /// 4 observers × 12 units with missing values. The paper gives α = .743 nominal, .815 ordinal, .849 interval, .797 ratio.
    static let krippendorff2011: [[Double?]] = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
        [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
    ]

    @Test(
        "Krippendorff 2011's reliability data give the paper's α at every level",
        arguments: [
            (MeasurementLevel.nominal, 0.743421052631579, 0.743),
            (.ordinal, 0.8153875037548814, 0.815),
            (.interval, 0.8491071428571428, 0.849),
            (.ratio, 0.7974027747116121, 0.797),
        ]
    )
    func krippendorff2011Alpha(level: MeasurementLevel, exact: Double, published: Double) throws {
        let table = try RatingTable(numbers: ratings(reviewersByItems: Self.krippendorff2011))
        let alpha = try #require(table.krippendorffAlpha(level: level).value)
        #expect(abs(alpha - exact) < 1e-12)
        #expect(abs(alpha - published) < 0.0005)
    }

    @Test("the same data as labels give the nominal α of the paper")
    func krippendorff2011Labels() throws {
        let labels = Self.krippendorff2011.map { $0.map { $0.map { ["", "a", "b", "c", "d", "e"][Int($0)] } } }
        var rows: [Rating<String>] = []
        for (reviewer, row) in labels.enumerated() {
            for (item, label) in row.enumerated() {
                rows.append(Rating(item: itemName(item), reviewer: "r\(reviewer)", value: label))
            }
        }
        let alpha = try #require(try RatingTable(labels: rows).krippendorffAlpha(level: .nominal).value)
        #expect(abs(alpha - 0.743421052631579) < 1e-12)
    }

    /// Wikipedia, "Krippendorff's alpha", worked example: 3 coders × 15 units (α = 0.691 nominal,
    /// 0.811 interval; the `krippendorff` package's doctest).
    @Test("the Wikipedia worked example gives α = 0.691 nominal and 0.811 interval")
    func wikipediaAlpha() throws {
        let data: [[Double?]] = [
            [nil, nil, nil, nil, nil, 3, 4, 1, 2, 1, 1, 3, 3, nil, 3],
            [1, nil, 2, 1, 3, 3, 4, 3, nil, nil, nil, nil, nil, nil, nil],
            [nil, nil, 2, 1, 3, 4, 4, nil, 2, 1, 1, 3, 3, nil, 4],
        ]
        let table = try RatingTable(numbers: ratings(reviewersByItems: data))
        #expect(abs((table.krippendorffAlpha(level: .nominal).value ?? .nan) - 0.691358024691358) < 1e-12)
        #expect(abs((table.krippendorffAlpha(level: .interval).value ?? .nan) - 0.8108448928121059) < 1e-12)
    }

    /// Fleiss (1971), "Measuring nominal scale agreement among many raters", Table 1.
    ///
    /// 30 patients, 6 psychiatrists, 5 diagnoses; κ = .430 (R irr `kappam.fleiss`: 0.4302445; statsmodels
    /// `fleiss_kappa`: 0.43024452006014074). AC1 and percent agreement from irrCAC.
    static let fleiss1971: [[Int]] = [
        [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ]

    @Test("Fleiss 1971's diagnoses give κ = .430, AC1 = .448 and 5/9 agreement")
    func fleiss1971() throws {
        let labels = Self.fleiss1971.map {
            $0.map { Optional(["depression", "personality", "schizophrenia", "neurosis", "other"][$0 - 1]) }
        }
        let table = try RatingTable(labels: ratings(itemsByReviewers: labels))
        #expect(abs((table.fleissKappa().value ?? .nan) - 0.4302445200601408) < 1e-12)
        #expect(abs((table.gwetAC1().value ?? .nan) - 0.447884515844564) < 1e-12)
        #expect(abs((table.percentAgreement().value ?? .nan) - 5.0 / 9.0) < 1e-12)
        #expect(abs((table.krippendorffAlpha(level: .nominal).value ?? .nan) - 0.4334098282820289) < 1e-12)
    }

    /// The classic two-rater example (Wikipedia, "Cohen's kappa"): 50 proposals, both yes 20, yes/no 5,
    /// no/yes 10, both no 15; p_o = 0.7, p_e = 0.5, κ = 0.4 (scikit-learn agrees).
    @Test("the 50-proposal example gives Cohen's κ = 0.4")
    func cohenProposals() throws {
        let table = try RatingTable(labels: ratings(confusion: [[20, 5], [10, 15]], labels: ["yes", "no"]))
        #expect(abs((table.cohenKappa(level: .nominal).value ?? .nan) - 0.4) < 1e-12)
    }

    /// statsmodels' `table10` (checked there against SAS PROC FREQ: κ = 0.4842, linear-weighted 0.4701);
    /// quadratic from scikit-learn.
    @Test(
        "a 3 × 3 confusion matrix gives SAS's κ in each weighting",
        arguments: [
            (KappaWeighting.unweighted, 0.48416289592760176), (.linear, 0.4701195219123506),
            (.quadratic, 0.45016077170418),
        ]
    )
    func cohenWeighted(weighting: KappaWeighting, expected: Double) throws {
        let table = try RatingTable(
            labels: ratings(confusion: [[0, 4, 1], [0, 8, 0], [0, 1, 5]], labels: ["1", "2", "3"])
        )
        #expect(abs((table.cohenKappa(weighting, level: .ordinal).value ?? .nan) - expected) < 1e-12)
    }

    /// Shrout & Fleiss (1979), Table 2: 6 targets × 4 judges; Table 4 gives ICC(1,1) .17, (2,1) .29,
    /// (3,1) .71, (1,4) .44, (2,4) .62, (3,4) .91 (pingouin's `intraclass_corr` agrees to 1e-15).
    @Test("Shrout & Fleiss 1979's judges give their six ICCs")
    func shroutFleiss() throws {
        let data: [[Double?]] = [
            [9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7],
        ]
        let table = try RatingTable(numbers: ratings(itemsByReviewers: data))
        let forms = try #require(table.intraclassCorrelation(level: .interval).value)
        let expected = [
            0.16574176840547553, 0.2897637795275592, 0.7148407148407154, 0.4427971336792688, 0.6200505475989893,
            0.9093155423770697,
        ]
        let published = [0.17, 0.29, 0.71, 0.44, 0.62, 0.91]
        for (index, form) in forms.named.enumerated() {
            let value = try #require(form.value.value, "\(form.key)")
            #expect(abs(value - expected[index]) < 1e-12, "\(form.key)")
            #expect(abs(value - published[index]) < 0.005, "\(form.key)")
        }
    }
}
