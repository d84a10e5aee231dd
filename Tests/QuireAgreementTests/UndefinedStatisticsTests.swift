import QuireAgreement
import Testing

/// Data that leave a statistic undefined give its reason, never NaN or a made-up number.
@Suite("Undefined statistics")
struct UndefinedStatisticsTests {
    private func report(_ matrix: [[Double?]], _ level: MeasurementLevel) throws -> AgreementReport {
        AgreementReport(table: try RatingTable(numbers: ratings(itemsByReviewers: matrix)), level: level)
    }

    @Test("constant ratings: α, κ and AC1 have no variation, agreement is 1")
    func constant() throws {
        let report = try report([[2, 2, 2], [2, 2, nil], [2, 2, 2]], .interval)
        #expect(report.krippendorffAlpha == .undefined(.noVariation))
        #expect(report.percentAgreement == .defined(1))
        #expect(report.fleissKappa == .undefined(.noVariation))
        #expect(report.gwetAC1 == .undefined(.noVariation))
        #expect(report.cohenKappa == .undefined(.needsTwoReviewers(found: 3)))
        #expect(report.icc == .undefined(.incompleteRatings))
    }

    @Test("constant complete numbers: every ICC form has a zero denominator")
    func constantICC() throws {
        let forms = try #require(try report([[0.1, 0.1], [0.1, 0.1], [0.1, 0.1]], .ratio).icc.value)
        for form in forms.named { #expect(form.value == .undefined(.zeroDenominator), "\(form.key)") }
    }

    @Test("one reviewer: nothing is pairable")
    func singleReviewer() throws {
        let report = try report([[1], [2], [3]], .interval)
        #expect(report.krippendorffAlpha == .undefined(.nothingPairable))
        #expect(report.percentAgreement == .undefined(.nothingPairable))
        #expect(report.fleissKappa == .undefined(.nothingPairable))
        #expect(report.gwetAC1 == .undefined(.nothingPairable))
        #expect(report.cohenKappa == .undefined(.needsTwoReviewers(found: 1)))
        #expect(report.icc == .undefined(.tooFewRatings))
    }

    @Test("no values at all: zero counts and every statistic undefined")
    func allMissing() throws {
        let report = try report([[nil, nil], [nil, nil]], .interval)
        #expect((report.items, report.reviewers, report.values) == (0, 0, 0))
        for (key, coefficient) in report.coefficients {
            #expect(coefficient.value == nil, "\(key)")
        }
        #expect(report.krippendorffAlpha == .undefined(.noValues))
        #expect(report.icc == .undefined(.noValues))
    }

    @Test("two reviewers who share no item: Cohen's κ has nothing to compare")
    func noSharedItems() throws {
        let report = try report([[1, nil], [nil, 2], [3, nil]], .ordinal)
        #expect(report.cohenKappa == .undefined(.noSharedItems))
        #expect(report.cohenKappaQuadratic == .undefined(.noSharedItems))
        #expect(report.krippendorffAlpha == .undefined(.nothingPairable))
    }

    @Test("two reviewers who use one value on the items they share: κ has no variation")
    func kappaWithoutVariation() throws {
        let report = try report([[1, 1], [1, 1], [2, nil]], .ordinal)
        #expect(report.cohenKappa == .undefined(.noVariation))
        #expect(report.krippendorffAlpha == .undefined(.noVariation))
        #expect(report.fleissKappa.value != nil)
    }

    @Test("weighted κ is undefined at the nominal level, ICC below interval")
    func levelRules() throws {
        let matrix: [[Double?]] = [[1, 2], [2, 2], [3, 1]]
        let nominal = try report(matrix, .nominal)
        #expect(nominal.cohenKappa.value != nil)
        #expect(nominal.cohenKappaLinear == .undefined(.unorderedLevel))
        #expect(nominal.cohenKappaQuadratic == .undefined(.unorderedLevel))
        #expect(try report(matrix, .ordinal).icc == .undefined(.needsIntervalLevel))
        #expect(try report(matrix, .interval).icc.value != nil)
    }

    @Test("one item with variation: α is 0, the others are defined")
    func singleItem() throws {
        let report = try report([[1, 1, 2]], .nominal)
        #expect(abs((report.krippendorffAlpha.value ?? .nan) - 0) < 1e-15)
        #expect(abs((report.percentAgreement.value ?? .nan) - 1.0 / 3.0) < 1e-15)
        #expect(report.fleissKappa.value != nil && report.gwetAC1.value != nil)
    }

    @Test("each reason has its own wording, and the reviewer count is stated")
    func reasonsAreDistinct() {
        let reasons: [UndefinedReason] = [
            .noValues, .nothingPairable, .noVariation, .needsTwoReviewers(found: 3), .noSharedItems, .unorderedLevel,
            .needsIntervalLevel, .incompleteRatings, .tooFewRatings, .zeroDenominator, .noDefinedResamples,
        ]
        #expect(Set(reasons.map(\.description)).count == reasons.count)
        #expect(UndefinedReason.needsTwoReviewers(found: 3).description == "needs exactly 2 reviewers, found 3")
    }
}
