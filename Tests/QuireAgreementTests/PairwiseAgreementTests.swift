import QuireAgreement
import Testing

@Suite("Reviewer pairs")
struct PairwiseAgreementTests {
    @Test("each pair's row equals the statistics of a table holding only those two", arguments: 0..<20 as Range<UInt64>)
    func pairsMatchTwoReviewerTables(seed: UInt64) throws {
        let table = try RandomRatings(seed: seed, reviewers: 4).table()
        let pairs = table.pairwiseAgreement(level: .ordinal)
        let rating = table.reviewers.indices.filter { reviewer in
            table.items.indices.contains { table[$0, reviewer] != nil }
        }
        #expect(pairs.count == rating.count * (rating.count - 1) / 2)
        for pair in pairs {
            let first = try #require(table.reviewers.firstIndex(of: pair.firstReviewer))
            let second = try #require(table.reviewers.firstIndex(of: pair.secondReviewer))
            #expect(first < second)
            let two = table.restricted(toReviewers: [first, second])
            let report = AgreementReport(table: two, level: .ordinal)
            #expect(agree(pair.krippendorffAlpha, report.krippendorffAlpha))
            #expect(agree(pair.cohenKappa, report.cohenKappa))
            #expect(agree(pair.cohenKappaQuadratic, report.cohenKappaQuadratic))
            let shared = table.items.indices.filter { table[$0, first] != nil && table[$0, second] != nil }
            #expect(pair.sharedItems == shared.count)
            let equal = shared.filter { table[$0, first] == table[$0, second] }.count
            if !shared.isEmpty {
                #expect(abs((pair.percentAgreement.value ?? .nan) - Double(equal) / Double(shared.count)) < 1e-15)
            }
        }
    }

    @Test("the confusion matrix counts the items both rated, rows for the first reviewer")
    func confusionMatrix() throws {
        let table = try RatingTable(
            labels: ratings(itemsByReviewers: [
                ["bad", "bad", "ok"], ["good", "bad", nil], ["good", "good", "good"], [nil, "ok", "ok"],
            ]))
        let matrix = table.confusionMatrix(between: 0, and: 1)
        #expect(matrix.labels == ["bad", "good", "ok"])
        #expect(matrix.counts == [[1, 0, 0], [1, 1, 0], [0, 0, 0]])
        #expect((matrix.firstReviewer, matrix.secondReviewer) == ("r0", "r1"))
    }
}
