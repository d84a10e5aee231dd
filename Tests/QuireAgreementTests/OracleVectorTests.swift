import QuireAgreement
import QuireModel
import Testing

/// The library against values computed by the reference Python packages.
///
/// `shared/oracles` uses the `krippendorff` package for α, irrCAC and statsmodels for percent
/// agreement, Fleiss' κ and AC1, scikit-learn for Cohen's κ, pingouin for ICC. Tolerance 1e-9
/// absolute; null must be null.
@Suite("Oracle vectors")
struct OracleVectorTests {
    static let vectors = OracleCase.all(in: "vectors")
    static let edgeValues = OracleCase.all(in: "edge").filter { $0.expectedExit == nil }
    static let edgeErrors = OracleCase.all(in: "edge").filter { $0.expectedExit != nil }

    @Test("the fixtures hold the 300 generated cases and the 19 edge cases")
    func fixturesArePresent() {
        #expect(Self.vectors.count == 300)
        #expect(Self.edgeValues.count + Self.edgeErrors.count == 19)
    }

    @Test("every statistic of a generated case equals the oracle to 1e-9", arguments: vectors)
    func generatedCaseMatchesOracle(_ oracle: OracleCase) throws {
        let report = try oracle.report()
        let found = differences(report.jsonValue, .object(oracle.expected), at: "$", tolerance: 1e-9)
        #expect(found.isEmpty, "\(found.joined(separator: "; "))")
    }

    @Test("every statistic of an edge case equals the oracle to 1e-9", arguments: edgeValues)
    func edgeCaseMatchesOracle(_ oracle: OracleCase) throws {
        let report = try oracle.report()
        let found = differences(report.jsonValue, .object(oracle.expected), at: "$", tolerance: 1e-9)
        #expect(found.isEmpty, "\(found.joined(separator: "; "))")
    }

    @Test("an invalid edge case fails with the fault that gives its expected exit status", arguments: edgeErrors)
    func edgeErrorHasExpectedStatus(_ oracle: OracleCase) throws {
        let error = try #require(throws: AgreementInputError.self) { try oracle.report() }
        #expect(exitStatus(for: error.fault) == oracle.expectedExit)
    }
}
