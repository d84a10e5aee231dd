import Foundation
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

extension ClassifierSampleTests {
    /// A flag EXPECTED.md lists, with words its reason and evidence must contain.
    struct ExpectedFlag: Sendable, CustomStringConvertible {
        var traceID: String
        var classifier: String
        var reason: String
        var evidence: String
        var description: String { "\(classifier) \(traceID)" }
    }

    static let expectedFlags: [ExpectedFlag] = [
        .init(
            traceID: "sup-003", classifier: "tool-call-errors", reason: #"has an "error" field"#,
            evidence: "order service timeout after 30000 ms"),
        .init(
            traceID: "sup-004", classifier: "tool-call-errors", reason: #"has "status": "failed""#,
            evidence: "card_declined"),
        .init(
            traceID: "sup-005", classifier: "tool-call-errors",
            reason: #"call id "call_zz9" has no matching tool call"#,
            evidence: #"tool_call_id "call_zz9""#),
        .init(
            traceID: "sup-006", classifier: "tool-call-errors",
            reason: #"2 tool calls in one assistant message share the id "call_dup1""#,
            evidence: "NW-61003"),
        .init(
            traceID: "sup-013", classifier: "tool-call-errors", reason: #"has "isError": true"#,
            evidence: "Permission denied"),
        .init(
            traceID: "sup-014", classifier: "tool-call-errors", reason: #"has "success": false"#,
            evidence: "postcode required"),
        .init(
            traceID: "sup-015", classifier: "tool-call-errors", reason: "has an empty id; a tool result",
            evidence: #"id "": lookup_order"#),
        .init(
            traceID: "rag-002", classifier: "output-schema",
            reason: "(json_object) but its output is not valid JSON: unexpected character ']' after a trailing comma",
            evidence: #""Enterprise",], "sources""#),
        .init(
            traceID: "rag-003", classifier: "output-schema",
            reason: #"cut off at the token limit (finish_reason "length") and is not valid JSON: unterminated string"#,
            evidence: "including replacement"),
        .init(
            traceID: "code-004", classifier: "output-schema", reason: "(json_schema) but its output is not valid JSON",
            evidence: "Sure! Here's the fix:"),
        .init(
            traceID: "sup-007", classifier: "empty-response",
            reason: "the final assistant message (the trace output) is empty",
            evidence: #""content": """#),
        .init(
            traceID: "sup-008", classifier: "empty-response", reason: "is only whitespace",
            evidence: "7 whitespace characters: 4 spaces, 2 line feeds, 1 tab"),
        .init(
            traceID: "sup-009", classifier: "empty-response", reason: "one character repeated 8 times",
            evidence: #""........""#),
        .init(
            traceID: "sup-012", classifier: "resource-outliers",
            reason: "latency 412350 ms is above the 95th percentile (61127.4 ms)",
            evidence: #"TOOL "cancel_subscription" ran 6 times"#),
        .init(
            traceID: "rag-005", classifier: "resource-outliers", reason: "latency 93816 ms is above",
            evidence: #"RETRIEVER "vector-search" took 91500 ms"#),
        .init(
            traceID: "code-002", classifier: "resource-outliers",
            reason: "182400 tokens are above the 95th percentile (7046.75) and 178× the median (1020); cost 0.5892 USD",
            evidence: "claude-sonnet-4"),
        .init(
            traceID: "hos-002", classifier: "resource-outliers",
            reason: "52775 tokens are above the 95th percentile (7046.75) and 51× the median (1020); cost 0.132425 USD",
            evidence: "52410 input"),
    ]

    @Test("each expected flag gives the reason and evidence EXPECTED.md describes", arguments: expectedFlags)
    func expectedFlagReads(_ expected: ExpectedFlag) throws {
        let flags = Self.allFlags(try ClassifierFixtures.sample())
        let flag = try #require(
            flags.first { $0.traceID == expected.traceID && $0.flag.classifier == expected.classifier }?.flag)
        #expect(flag.reason.contains(expected.reason), "\(flag.reason)")
        #expect(flag.evidence.contains(expected.evidence), "\(flag.evidence)")
    }

    static let mustNotFlag: [(String, String)] = [
        ("sup-002", "tool-call-errors"), ("sup-012", "tool-call-errors"),
        ("e3a407423619277a2dcef3c13dc89982", "tool-call-errors"),
        ("7a38edd8123db47ad8dcb8aa4c5e3926", "tool-call-errors"),
        ("fee618f96dc31e0ca38b2f7b26eb8b29", "tool-call-errors"),
        ("b82a0bdc1994fc5d1c8576ca032543f7", "tool-call-errors"),
        ("5c93783e511670e5b36328e6a235f866", "tool-call-errors"),
        ("rag-004", "output-schema"), ("f68601af42c4a35e1d5e4699de569c1f", "output-schema"),
        ("sup-010", "empty-response"), ("sup-016", "empty-response"),
        ("27ed06963c8a13592f7492b247c0b89f", "empty-response"),
        ("sup-003", "resource-outliers"), ("sup-011", "resource-outliers"),
    ]

    @Test("EXPECTED.md's must-not-flag cases are not flagged", arguments: mustNotFlag)
    func mustNotFlagCases(traceID: String, classifier: String) throws {
        let flags = Self.allFlags(try ClassifierFixtures.sample())
        #expect(!flags.contains { $0.traceID == traceID && $0.flag.classifier == classifier })
    }

    @Test("the outlier population statistics reproduce EXPECTED.md's table")
    func populationStatisticsMatchTable() throws {
        let traces = try ClassifierFixtures.sample()
        let classifier = ResourceOutlierClassifier(population: traces.map(TraceResourceMetrics.init(of:)))
        let statistics = try #require(classifier.statistics)
        #expect(classifier.populationCount == 40)
        // Exact doubles, as the Python reference computes them (0.95 × 39 is not exactly 37.05).
        #expect(statistics.latencyMilliseconds.median == 2916.5)
        #expect(statistics.latencyMilliseconds.p95 == 61127.4499999999)
        #expect(statistics.tokens.median == 1020)
        #expect(statistics.tokens.p95 == 7046.749999999864)
        #expect(statistics.cost.median == 0.000222)
        #expect(statistics.cost.p95 == 0.010813124999999636)
        // The table's rendering, six significant digits.
        let table = [
            statistics.latencyMilliseconds.median, statistics.latencyMilliseconds.p95,
            3 * statistics.latencyMilliseconds.median, statistics.tokens.median, statistics.tokens.p95,
            3 * statistics.tokens.median, statistics.cost.median, statistics.cost.p95, 3 * statistics.cost.median,
        ].map { String(format: "%.6g", $0) }
        #expect(
            table == ["2916.5", "61127.4", "8749.5", "1020", "7046.75", "3060", "0.000222", "0.0108131", "0.000666"])
    }

    @Test(
        "EXPECTED.md's near misses have the metric it states and are not outliers",
        arguments: [
            ("code-002", "latency", 59407.0), ("sup-003", "latency", 32889), ("sup-012", "tokens", 4640),
            ("sup-011", "cost", 0.0044125),
        ])
    func nearMissesAreNotOutliers(traceID: String, metric: String, value: Double) throws {
        let traces = try ClassifierFixtures.sample()
        let classifier = ResourceOutlierClassifier(population: traces.map(TraceResourceMetrics.init(of:)))
        let statistics = try #require(classifier.statistics)
        let metrics = TraceResourceMetrics(of: try #require(traces.first { $0.id == traceID }))
        let (measured, population) =
            switch metric {
            case "latency": (metrics.latencyMilliseconds, statistics.latencyMilliseconds)
            case "tokens": (Double(metrics.tokens), statistics.tokens)
            default: (metrics.cost, statistics.cost)
            }
        #expect(measured == value)
        #expect(!population.isOutlier(measured))
        #expect(classifier.flag(for: metrics)?.reason.contains(metric) != true)
    }

    @Test("a population of only the support traces (16, below 30) flags no outlier")
    func smallPopulationFlagsNothing() throws {
        let support = try ClassifierFixtures.sample().filter { $0.id.hasPrefix("sup-") }
        #expect(support.count == 16)
        let flags = ResourceOutlierClassifier.flags(for: support.map(TraceResourceMetrics.init(of:)))
        #expect(flags.isEmpty)
        #expect(ResourceOutlierClassifier(population: support.map(TraceResourceMetrics.init(of:))).statistics == nil)
    }

    @Test("29 traces flag nothing and 30 are judged, the boundary of the population rule")
    func populationBoundary() throws {
        // sup-012 first, so both populations hold the slowest trace.
        let sample = try ClassifierFixtures.sample()
        let traces = sample.filter { $0.id == "sup-012" } + sample.filter { $0.id != "sup-012" }
        let metrics = traces.map(TraceResourceMetrics.init(of:))
        #expect(ResourceOutlierClassifier.flags(for: Array(metrics.prefix(29))).isEmpty)
        #expect(ResourceOutlierClassifier.flags(for: Array(metrics.prefix(30)))["sup-012"] != nil)
    }

    @Test("hostile traces never give evidence over 160 characters or with control or bidi characters")
    func hostileTracesGiveInertEvidence() throws {
        let traces = try ClassifierFixtures.sample()
        let hostile = traces.filter { $0.id.hasPrefix("hos-") }
        #expect(hostile.count == 3)
        for (_, flag) in Self.allFlags(traces) {
            #expect(flag.evidence.unicodeScalars.count <= 160)
            #expect(!flag.evidence.unicodeScalars.contains { ClassifierEvidenceTests.isForbidden($0) })
            #expect(!flag.reason.unicodeScalars.contains { ClassifierEvidenceTests.isForbidden($0) })
        }
    }
}
