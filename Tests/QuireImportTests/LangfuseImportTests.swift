import QuireIO
import QuireImport
import QuireModel
import QuireTestSupport
import Testing

/// One test per Langfuse quirk of FORMATS.md (a).
@Suite("Langfuse import quirks")
struct LangfuseImportTests {
    static func export(trace: String = "", observations: String = "[]") -> String {
        #"{"trace":{"id":"t1","timestamp":"2025-06-06T11:31:33.965Z","projectId":"p"\#(trace)},"observations":\#(observations)}"#
    }

    static func observation(_ id: String, start: String, extra: String = "") -> String {
        #"{"id":"\#(id)","traceId":"t1","type":"GENERATION","startTime":"\#(start)"\#(extra)}"#
    }

    @Test("the {trace, observations} shape, an array of them, JSONL of them and a bare trace all import")
    func shapes() throws {
        let one = Self.export()
        #expect(try ImportFixtures.read(text: one).traces.map(\.trace.id) == ["t1"])
        let array = "[\(one), \(one.replacingFirst("t1", "t2"))]"
        #expect(try ImportFixtures.read(text: array).traces.map(\.trace.id) == ["t1", "t2"])
        let jsonl = one + "\n" + one.replacingFirst("t1", "t3") + "\n"
        let lines = try ImportFixtures.read(text: jsonl, name: "x.jsonl")
        #expect(lines.traces.map(\.trace.id) == ["t1", "t3"])
        #expect(lines.traces.map(\.location.line) == [1, 2])
        let bare =
            #"{"id":"b","timestamp":"2025-06-06T11:31:33Z","projectId":"p","observations":[\#(Self.observation("o", start: "2025-06-06T11:31:34Z"))]}"#
        let trace = try ImportFixtures.single(bare)
        #expect(trace.observations.map(\.id) == ["o"])
        #expect(trace.observations[0].traceID == "b")
        #expect(try ImportFixtures.read(text: bare).traces.first?.format == .langfuse)
    }

    @Test("metadata given as a JSON string is parsed; text that is not an object is kept as _raw")
    func metadataString() throws {
        let parsed = try ImportFixtures.single(Self.export(trace: #","metadata":"{\"email\":\"a@b.c\"}""#))
        #expect(parsed.metadata["email"] == .string("a@b.c"))
        let raw = try ImportFixtures.single(Self.export(trace: #","metadata":"not json""#))
        #expect(raw.metadata["_raw"] == .string("not json"))
        #expect(raw.metadata["langfuse"]?["projectId"] == .string("p"))
        #expect(raw.metadata["source"] == .object(["format": .string("langfuse"), "file": .string("input.json")]))
    }

    @Test("JSON-encoded trace input and output decode, a plain string becoming a message when no generation has any")
    func encodedInputOutput() throws {
        let trace = try ImportFixtures.single(
            Self.export(trace: #","input":"\"Say 'Hello World!'\"","output":"\"Hello World!\"""#))
        #expect(trace.input == .array([.object(["role": .string("user"), "content": .string("Say 'Hello World!'")])]))
        #expect(trace.output == .object(["role": .string("assistant"), "content": .string("Hello World!")]))
        let withMessages = try ImportFixtures.single(
            Self.export(
                trace: #","input":"\"hi\"","output":"\"ok\"""#,
                observations: "[\(Self.observation("g", start: "2025-06-06T11:31:34Z", extra: #","output":"ok""#))]"))
        #expect(withMessages.input == .string("hi"))
        #expect(withMessages.output == .string("ok"))
        #expect(
            withMessages.observations[0].output == .object(["role": .string("assistant"), "content": .string("ok")]))
    }

    @Test("double-encoded input decodes until it is a value (microsoft-agent)")
    func doubleEncoding() throws {
        let inner = #"[{"role":"user","parts":[{"type":"text","content":"hi"}]}]"#
        let once = JSONValue.string(inner).jsonText
        let twice = JSONValue.string(once).jsonText
        let trace = try ImportFixtures.single(Self.export(trace: #","input":\#(twice)"#))
        #expect(trace.input == .array([.object(["role": .string("user"), "content": .string("hi")])]))
    }

    @Test("observations come out sorted by (startTime, id) whatever the source order")
    func unsortedObservations() throws {
        let observations = [
            Self.observation("c", start: "2025-06-06T11:31:35Z"), Self.observation("b", start: "2025-06-06T11:31:34Z"),
            Self.observation("a", start: "2025-06-06T11:31:35Z"),
        ]
        let trace = try ImportFixtures.single(Self.export(observations: "[\(observations.joined(separator: ","))]"))
        #expect(trace.observations.map(\.id) == ["b", "a", "c"])
    }

    @Test("usageDetails wins over the older inputUsage/outputUsage/totalUsage, which are used only without it")
    func usageDuplicates() throws {
        let present = try ImportFixtures.single(
            Self.export(
                observations:
                    "[\(Self.observation("g", start: "2025-06-06T11:31:34Z", extra: #","usageDetails":{"input":41,"prompt_details.cache_read":2,"output":3,"total":44},"inputUsage":999"#))]"
            ))
        #expect(
            present.observations[0].usageDetails
                == ["input": .int(41), "prompt_details.cache_read": .int(2), "output": .int(3), "total": .int(44)])
        let older = try ImportFixtures.single(
            Self.export(
                observations:
                    "[\(Self.observation("g", start: "2025-06-06T11:31:34Z", extra: #","inputUsage":10,"outputUsage":"5""#))]"
            ))
        #expect(older.observations[0].usageDetails == ["input": .int(10), "output": .int(5), "total": .int(15)])
    }

    @Test("costDetails keep their numbers as spelled; totalCost is used only without costDetails")
    func costs() throws {
        let trace = try ImportFixtures.single(
            Self.export(
                observations:
                    "[\(Self.observation("g", start: "2025-06-06T11:31:34Z", extra: #","costDetails":{"total":6.1049999e-05},"totalCost":1"#)),"
                    + "\(Self.observation("h", start: "2025-06-06T11:31:35Z", extra: #","totalCost":0.5"#))]"))
        #expect(trace.observations[0].costDetails == ["total": .number(JSONNumber(literal: "6.1049999e-05"))])
        #expect(trace.observations[1].costDetails == ["total": .number(JSONNumber(literal: "0.5"))])
        #expect(trace.observations[0].json.jsonText.contains(#""costDetails":{"total":6.1049999e-05}"#))
    }

    @Test("a negative token count is refused with file, line and field; skipping drops that observation")
    func negativeCounts() throws {
        let text = Self.export(
            observations:
                "[\(Self.observation("g", start: "2025-06-06T11:31:34Z", extra: #","usageDetails":{"input":-5}"#))]")
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 1),
                reason: "observations[0].usageDetails.input: negative token count (-5)")
        ) { try ImportFixtures.read(text: text) }
        let skipped = try ImportFixtures.read(text: text, skipsInvalid: true)
        #expect(skipped.traces.first?.trace.observations.isEmpty == true)
        #expect(skipped.summary.invalidCount == 1)
    }

    @Test("Langfuse-only fields move to metadata.langfuse; completionStartTime stays in metadata; derived ones go")
    func extraFields() throws {
        let trace = try ImportFixtures.single(
            Self.export(
                observations:
                    "[\(Self.observation("g", start: "2025-06-06T11:31:34Z", extra: #","completionStartTime":"2025-06-06T11:31:34.5Z","promptName":"p1","latency":628,"totalUsage":44,"modelParameters":{"temperature":1}"#))]"
            ))
        let metadata = trace.observations[0].metadata
        #expect(metadata["completionStartTime"] == .string("2025-06-06T11:31:34.5Z"))
        #expect(
            metadata["langfuse"]
                == .object(["promptName": .string("p1"), "modelParameters": .object(["temperature": .int(1)])]))
    }

    @Test("existing scores keep name, value, type, source and comment; their metadata string is parsed")
    func scores() throws {
        let trace = try ImportFixtures.single(
            Self.export(
                trace:
                    #","scores":[{"id":"s1","name":"toxicity","value":0.8,"stringValue":null,"dataType":"NUMERIC","source":"EVAL","comment":"c","metadata":"{\"k\":1}","observationId":null}]"#
            ))
        let score = try #require(trace.scores.first)
        #expect(score.name == "toxicity")
        #expect(score.value == JSONNumber(literal: "0.8"))
        #expect(score.dataType == "NUMERIC")
        #expect(score.source == "EVAL")
        #expect(score.comment == "c")
        #expect(score.extra == ["id": .string("s1"), "metadata": .object(["k": .int(1)])])
    }

    @Test("environment defaults to default; a trace without timestamp takes its earliest observation's")
    func defaults() throws {
        let text =
            #"{"trace":{"id":"t","projectId":"p","environment":""},"observations":[\#(Self.observation("o", start: "2025-01-02T03:04:05.678Z"))]}"#
        let trace = try ImportFixtures.single(text)
        #expect(trace.environment == "default")
        #expect(trace.timestamp.text == "2025-01-02T03:04:05.678Z")
    }

    @Test(
        "times may be RFC 3339 with any offset and 0–9 digits, or epoch seconds, milliseconds or nanoseconds",
        arguments: [
            (#""2025-01-02T04:04:05.6789+01:00""#, "2025-01-02T03:04:05.678Z"),
            (#""2025-01-02T03:04:05Z""#, "2025-01-02T03:04:05.000Z"),
            ("1735787045.678999", "2025-01-02T03:04:05.678Z"), ("1735787045678", "2025-01-02T03:04:05.678Z"),
            (#""1735787045678999999""#, "2025-01-02T03:04:05.678Z"), ("1735787045", "2025-01-02T03:04:05.000Z"),
        ])
    func timeSpellings(value: String, canonical: String) throws {
        let text =
            #"{"trace":{"id":"t","timestamp":\#(value),"projectId":"p"},"observations":[{"id":"e","type":"EVENT","startTime":\#(value),"endTime":null}]}"#
        let trace = try ImportFixtures.single(text)
        #expect(trace.timestamp.text == canonical)
        #expect(trace.observations[0].startTime.text == canonical)
        #expect(trace.observations[0].endTime == nil)
    }

    @Test("a trace whose id is missing is refused naming trace.id")
    func missingID() {
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 1), reason: "trace.id: missing")
        ) { try ImportFixtures.read(text: #"{"trace":{"timestamp":"2025-01-01T00:00:00Z"},"observations":[]}"#) }
    }

    @Test("a TOOL observation takes its call id from the span attributes, an array reduced to the call id")
    func toolCallID() throws {
        let tool =
            #"{"id":"t","type":"TOOL","startTime":"2025-06-06T11:31:34Z","metadata":{"attributes":{"gen_ai.tool.call.id":["run_1","call_9"]}}}"#
        let trace = try ImportFixtures.single(Self.export(observations: "[\(tool)]"))
        #expect(trace.observations[0].metadata["tool_call_id"] == .string("call_9"))
    }

    @Test("a native line read as Langfuse is taken as native")
    func nativeAccepted() throws {
        let line = #"{"id":"n","timestamp":"2025-01-01T00:00:00Z","extraField":1}"#
        let result = try ImportFixtures.read(text: line, format: .forced(.langfuse))
        #expect(result.traces.first?.trace.extra == ["extraField": .int(1)])
    }
}

extension String {
    /// The text with its first occurrence of `target` replaced.
    func replacingFirst(_ target: String, _ replacement: String) -> String {
        let text = Array(self)
        let pattern = Array(target)
        guard !pattern.isEmpty, text.count >= pattern.count else { return self }
        for start in 0...(text.count - pattern.count) where Array(text[start..<start + pattern.count]) == pattern {
            return String(text[..<start]) + replacement + String(text[(start + pattern.count)...])
        }
        return self
    }
}
