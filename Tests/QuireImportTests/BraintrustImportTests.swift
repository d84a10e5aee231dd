import QuireImport
import QuireModel
import Testing

/// One test per Braintrust quirk of FORMATS.md (d).
@Suite("Braintrust import quirks")
struct BraintrustImportTests {
    private func rows(_ rows: [String]) throws -> [Trace] {
        try ImportFixtures.read(text: "[" + rows.joined(separator: ",") + "]").traces.map(\.trace)
    }

    @Test("rows group by root_span_id; span_parents[0] is the parent, further parents kept in metadata")
    func grouping() throws {
        let traces = try rows([
            #"{"id":"r1","span_id":"root","root_span_id":"root","span_attributes":{"name":"top","type":"task"}}"#,
            #"{"id":"r2","span_id":"a","root_span_id":"root","span_parents":["root","other"],"span_attributes":{"type":"llm"}}"#,
            #"{"id":"r3","span_id":"x","root_span_id":"second","span_attributes":{"type":"tool"}}"#,
        ])
        #expect(traces.map(\.id) == ["root", "second"])
        let child = try #require(traces[0].observations.first { $0.id == "a" })
        #expect(child.parentObservationID == "root")
        #expect(child.type == "GENERATION")
        #expect(child.metadata["span_parents"] == .array([.string("root"), .string("other")]))
        #expect(traces[0].name == "top")
        #expect(traces[1].observations[0].type == "TOOL")
        #expect(child.metadata["braintrust"]?["id"] == .string("r2"))
    }

    @Test("_is_merge rows patch the row with the same id in file order: objects merged, scalars and arrays replaced")
    func merges() throws {
        let traces = try rows([
            #"{"id":"r","span_id":"s","root_span_id":"s","metadata":{"kind":"late","keep":1,"list":[1,2]},"metrics":{"start":1717000000.5}}"#,
            #"{"_is_merge":true,"id":"r","metadata":{"patched":true,"list":[3]},"metrics":{"end":1717000001.25},"output":{"state":"updated"}}"#,
            #"{"_is_merge":true,"id":"r","metadata":{"kind":"final"}}"#,
        ])
        let observation = try #require(traces.first?.observations.first)
        #expect(
            observation.metadata["kind"] == .string("final") && observation.metadata["keep"] == .int(1)
                && observation.metadata["patched"] == .bool(true) && observation.metadata["list"] == .array([.int(3)]))
        #expect(observation.output == .object(["state": .string("updated")]))
        #expect(observation.startTime.text == "2024-05-29T16:26:40.500Z")
        #expect(observation.endTime?.text == "2024-05-29T16:26:41.250Z")
    }

    @Test("metrics.start 0 means unknown: created is used, else the epoch with a warning")
    func unknownTimes() throws {
        let result = try ImportFixtures.read(
            text:
                #"[{"id":"r","span_id":"s","root_span_id":"s","created":"2025-01-02T03:04:05.6789Z","metrics":{"start":0,"end":0}},{"id":"q","span_id":"t","root_span_id":"t","created":"<timestamp>","metrics":{"start":0}}]"#
        )
        #expect(result.traces[0].trace.observations[0].startTime.text == "2025-01-02T03:04:05.678Z")
        #expect(result.traces[0].trace.observations[0].endTime == nil)
        #expect(result.traces[0].trace.timestamp.text == "2025-01-02T03:04:05.678Z")
        #expect(result.traces[1].trace.observations[0].startTime.text == "1970-01-01T00:00:00.000Z")
        #expect(result.diagnostics.count == 1)
    }

    @Test("token metrics map to usage; placeholders and other non-numbers are ignored; estimated cost is the total")
    func metrics() throws {
        let traces = try rows([
            #"{"id":"r","span_id":"s","root_span_id":"s","span_attributes":{"type":"llm"},"metrics":{"prompt_tokens":10,"completion_tokens":"<number>","tokens":30,"prompt_cached_tokens":4,"estimated_cost":0.002,"time_to_first_token":0.5}}"#
        ])
        let observation = try #require(traces.first?.observations.first)
        #expect(observation.usageDetails == ["input": .int(10), "total": .int(30), "input_cache_read": .int(4)])
        #expect(observation.costDetails == ["total": .number(JSONNumber(literal: "0.002"))])
        #expect(
            observation.metadata["metrics"] == .object(["time_to_first_token": .number(JSONNumber(literal: "0.5"))]))
    }

    @Test("scores become EVAL numeric scores; expected goes to metadata.expected; error makes ERROR")
    func scoresExpectedError() throws {
        let traces = try rows([
            #"{"id":"r","span_id":"s","root_span_id":"s","scores":{"accuracy":0.75,"skipped":null},"expected":"Paris","error":{"message":"boom"}}"#,
            #"{"id":"q","span_id":"c","root_span_id":"s","span_parents":["s"],"scores":{"faithful":1},"error":"tool failed"}"#,
        ])
        let trace = try #require(traces.first)
        #expect(trace.scores.map(\.name) == ["accuracy", "faithful"])
        #expect(trace.scores.allSatisfy { $0.source == "EVAL" && $0.dataType == "NUMERIC" })
        #expect(trace.scores.map(\.observationID) == [nil, "c"])
        #expect(trace.metadata["expected"] == .string("Paris"))
        #expect(trace.observations.map(\.level) == ["ERROR", "ERROR"])
        #expect(trace.observations.map(\.statusMessage) == ["tool failed", "boom"])
    }

    @Test("metadata.model names an LLM span's model; session and user come from metadata")
    func modelSessionUser() throws {
        let traces = try rows([
            #"{"id":"r","span_id":"s","root_span_id":"s","metadata":{"session_id":"sess","userId":"u"},"tags":["b","a"]}"#,
            #"{"id":"q","span_id":"c","root_span_id":"s","span_parents":["s"],"span_attributes":{"type":"llm"},"metadata":{"model":"gpt-4o-mini"}}"#,
        ])
        let trace = try #require(traces.first)
        #expect(trace.sessionID == "sess")
        #expect(trace.userID == "u")
        #expect(trace.tags == ["a", "b"])
        #expect(trace.observations.first { $0.id == "c" }?.model == "gpt-4o-mini")
    }

    @Test("JSONL rows read line by line with their line numbers")
    func jsonl() throws {
        let text =
            #"{"id":"r","span_id":"s","root_span_id":"s"}"# + "\n"
            + #"{"id":"q","span_id":"c","root_span_id":"s","span_parents":["s"]}"# + "\n"
        let result = try ImportFixtures.read(text: text, name: "logs.jsonl")
        #expect(result.traces.map(\.trace.id) == ["s"])
        #expect(result.traces[0].format == .braintrust)
    }

    @Test("a negative token metric is reported with the span; skipping keeps the row without it")
    func negativeMetric() throws {
        let text = #"[{"id":"r","span_id":"s","root_span_id":"s","metrics":{"prompt_tokens":-1}}]"#
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 1),
                reason: "span s: metrics.prompt_tokens: negative token count (-1)")
        ) { try ImportFixtures.read(text: text) }
        #expect(
            try ImportFixtures.read(text: text, skipsInvalid: true).traces.first?.trace.observations[0].usageDetails
                == [:])
    }
}
