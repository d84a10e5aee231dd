import QuireIO
import QuireImport
import QuireModel
import Testing

/// Every real sample imported and compared byte for byte with hand-checked native JSONL.
@Suite("Golden imports of the real samples")
struct GoldenTests {
    /// A sample, the format it is read as, and its golden file.
    struct Sample: CustomTestStringConvertible, Sendable {
        var path: String
        var format: TraceFormatRequest
        var traces: Int

        var golden: String { String(path.dropLast(".json".count)) + ".jsonl" }
        var testDescription: String { path }
    }

    static let samples: [Sample] = [
        Sample(path: "langfuse/autogen-2025-06-06.json", format: .auto, traces: 1),
        Sample(path: "langfuse/google-adk-2025-08-28.json", format: .auto, traces: 1),
        Sample(path: "langfuse/llamaindex-2025-06-05.json", format: .auto, traces: 1),
        Sample(path: "langfuse/microsoft-agent-2025-10-14.json", format: .auto, traces: 1),
        Sample(path: "langfuse/openai-agents-2025-09-30.json", format: .auto, traces: 1),
        Sample(path: "langfuse/pydantic-ai-tools-2025-12-04.json", format: .auto, traces: 1),
        Sample(path: "langfuse/pydantic-ai-with-gemini-2025-12-24.trace.json", format: .auto, traces: 1),
        Sample(path: "otlp-genai/captured-openai-v2-support-agent.otlp.json", format: .auto, traces: 2),
        Sample(path: "otlp-genai/opentelemetry-proto-example-trace.json", format: .auto, traces: 1),
        Sample(path: "otlp-genai/otel_genai_client_span_tool_calls.json", format: .auto, traces: 1),
        Sample(path: "otlp-genai/otel_genai_deprecated_client_span_tool_calls.json", format: .auto, traces: 1),
        Sample(path: "otlp-genai/otel_genai_tool_execution_span.json", format: .auto, traces: 1),
        Sample(path: "openinference/captured-openinference-openai-support-agent.otlp.json", format: .auto, traces: 3),
        Sample(path: "openinference/openinference_client_span_input_output_only.json", format: .auto, traces: 1),
        Sample(path: "openinference/openinference_client_span_tool_calls.json", format: .auto, traces: 1),
        Sample(path: "braintrust/langgraph-v1.log-payloads.json", format: .auto, traces: 1),
        Sample(path: "braintrust/late-update-payloads.json", format: .auto, traces: 1),
        // A projection without ids: the table's sniffing rules do not recognise it, so it is named.
        Sample(path: "braintrust/mastra-v1.log-payloads.json", format: .forced(.braintrust), traces: 16),
    ]

    @Test("each real sample imports to its golden native JSONL", arguments: samples)
    func sampleMatchesGolden(_ sample: Sample) throws {
        let result = try ImportFixtures.read([ImportFixtures.trace(sample.path)], format: sample.format)
        #expect(result.traces.count == sample.traces)
        #expect(result.summary.invalidCount == 0)
        try ImportFixtures.expectGolden(result.jsonl, named: sample.golden)
    }

    @Test("importing native output again changes nothing", arguments: samples)
    func goldenIsAFixedPoint(_ sample: Sample) throws {
        let first = try ImportFixtures.read([ImportFixtures.trace(sample.path)], format: sample.format)
        let again = try ImportFixtures.read(text: first.jsonl, name: "again.jsonl")
        #expect(again.jsonl == first.jsonl)
        #expect(again.traces.allSatisfy { $0.format == .native })
    }

    @Test("the GenAI message JSON schemas in the samples are refused as not traces")
    func schemasAreNotTraces() throws {
        let path = ImportFixtures.trace("otlp-genai/gen-ai-input-messages.schema.json")
        #expect(
            throws: TraceInputError.unrecognizedFormat(
                QuireModel.SourceLocation(path: path),
                reason:
                    "no resourceSpans, trace, span_id/root_span_id, span_attributes, gen_ai.* or id member"
            )
        ) { try ImportFixtures.read([path]) }
    }
}
