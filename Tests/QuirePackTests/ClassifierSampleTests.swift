import QuireIO
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

/// The shared sample against `data/native/EXPECTED.md`: exactly the listed traces are flagged.
@Suite("Classifiers on the shared sample")
struct ClassifierSampleTests {
    /// Every flag of every system classifier over the sample, in file order; the outlier population is
    /// all 40 traces.
    static func allFlags(_ traces: [Trace]) -> [(traceID: String, flag: BundleItem.Flag)] {
        let perTrace: [any TraceClassifier] = [
            ToolCallErrorClassifier(), OutputSchemaClassifier(), EmptyResponseClassifier(),
        ]
        let outliers = ResourceOutlierClassifier(population: traces.map(TraceResourceMetrics.init(of:)))
        var flags: [(String, BundleItem.Flag)] = []
        for classifier in perTrace {
            for trace in traces {
                if let flag = classifier.classify(trace) { flags.append((trace.id, flag)) }
            }
        }
        for trace in traces {
            if let flag = outliers.flag(for: TraceResourceMetrics(of: trace)) { flags.append((trace.id, flag)) }
        }
        return flags
    }

    static let expected: [String: [String]] = [
        "tool-call-errors": ["sup-003", "sup-004", "sup-005", "sup-006", "sup-013", "sup-014", "sup-015"],
        "output-schema": ["rag-002", "rag-003", "code-004"],
        "empty-response": ["sup-007", "sup-008", "sup-009"],
        "resource-outliers": ["sup-012", "rag-005", "code-002", "hos-002"],
    ]

    @Test(
        "exactly the traces EXPECTED.md lists are flagged by each classifier",
        arguments: ["tool-call-errors", "output-schema", "empty-response", "resource-outliers"])
    func exactlyTheExpectedTracesAreFlagged(classifier: String) throws {
        let traces = try ClassifierFixtures.sample()
        let flagged = Self.allFlags(traces).filter { $0.flag.classifier == classifier }.map(\.traceID)
        #expect(flagged.sorted() == (Self.expected[classifier] ?? []).sorted())
    }

    @Test("every flag of the sample matches the golden file byte for byte")
    func flagsMatchGolden() throws {
        let traces = try ClassifierFixtures.sample()
        var text = ""
        for (traceID, flag) in Self.allFlags(traces) {
            let line: JSONValue = .object([
                "classifier": .string(flag.classifier), "traceId": .string(traceID),
                "reason": .string(flag.reason), "evidence": .string(flag.evidence),
            ])
            text += line.jsonText + "\n"
        }
        try ClassifierFixtures.expectGolden(text, named: "classifier-flags.jsonl")
    }
}
