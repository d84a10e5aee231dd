import Foundation
import QuireAgreement
import QuireModel
import QuireTestSupport
import Testing

@Suite("Agreement report")
struct AgreementReportTests {
    /// Five items, two reviewers; every value below agrees with the oracle (shared/oracles) to 1e-15.
    static let rows = [
        ("i1", "a", 1.0), ("i1", "b", 2), ("i2", "a", 2), ("i2", "b", 2), ("i3", "a", 3), ("i3", "b", 3),
        ("i4", "a", 1), ("i4", "b", 1), ("i5", "a", 3), ("i5", "b", 2),
    ].map { Rating<Double>(item: $0.0, reviewer: $0.1, value: $0.2) }

    @Test("the JSON has exactly the contract's keys, sorted, numbers in shortest round-trip form")
    func jsonText() throws {
        let report = AgreementReport(table: try RatingTable(numbers: Self.rows), level: .interval)
        #expect(
            report.jsonValue.canonicalJSONText
                == #"{"cohen_kappa":0.4444444444444444,"cohen_kappa_linear":0.5454545454545454,"#
                + #""cohen_kappa_quadratic":0.6666666666666666,"fleiss_kappa":0.3939393939393939,"#
                + #""gwet_ac1":0.40298507462686567,"icc":{"icc1":0.7241379310344828,"icc1k":0.8400000000000001,"#
                + #""icc2":0.7142857142857143,"icc2k":0.8333333333333334,"icc3":0.6666666666666666,"icc3k":0.8},"#
                + #""items":5,"krippendorff_alpha":0.7,"level":"interval","percent_agreement":0.6,"reviewers":2,"#
                + #""values":10}"#
        )
    }

    @Test("undefined statistics are null in the JSON")
    func nullInJSON() throws {
        let report = AgreementReport(table: try RatingTable(numbers: Self.rows), level: .nominal)
        let object = try #require(report.jsonValue.objectValue)
        #expect(object["cohen_kappa_linear"] == .null)
        #expect(object["icc"] == .null)
        #expect(object["level"] == .string("nominal"))
    }

    @Test("Encodable gives the same keys and values as the JSON form, null included")
    func encodableMatchesJSON() throws {
        for level in MeasurementLevel.allCases {
            let report = AgreementReport(table: try RatingTable(numbers: Self.rows), level: level)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let encoded = try JSONValue(parsing: String(decoding: try encoder.encode(report), as: UTF8.self))
            #expect(differences(encoded, report.jsonValue, at: "$", tolerance: 0).isEmpty, "\(level)")
        }
    }
}
