import QuireIO
import QuireImport
import QuireModel
import QuireTestSupport
import Testing

/// Builds OTLP/JSON envelopes for the tests.
enum OTLP {
    static func string(_ key: String, _ value: String) -> String {
        #"{"key":\#(JSONValue.string(key).jsonText),"value":{"stringValue":\#(JSONValue.string(value).jsonText)}}"#
    }

    static func attribute(_ key: String, _ anyValue: String) -> String {
        #"{"key":"\#(key)","value":\#(anyValue)}"#
    }

    static func span(
        trace: String = "5c93783e511670e5b36328e6a235f866", id: String, parent: String? = nil, name: String = "s",
        start: String = #""1795388902149260870""#, end: String = #""1795388902165915549""#, attributes: [String] = [],
        extra: String = ""
    ) -> String {
        let parentMember = parent.map { #","parentSpanId":"\#($0)""# } ?? ""
        return
            #"{"traceId":"\#(trace)","spanId":"\#(id)"\#(parentMember),"name":"\#(name)","startTimeUnixNano":\#(start),"endTimeUnixNano":\#(end),"attributes":[\#(attributes.joined(separator: ","))]\#(extra)}"#
    }

    static func request(_ spans: [String], resource: [String] = []) -> String {
        #"{"resourceSpans":[{"resource":{"attributes":[\#(resource.joined(separator: ","))]},"scopeSpans":[{"scope":{"name":"test"},"spans":[\#(spans.joined(separator: ","))]}]}]}"#
    }
}

/// One test per OTLP/GenAI quirk of FORMATS.md (b).
@Suite("OTLP GenAI import quirks")
struct OTLPImportTests {
    private func single(_ spans: [String], resource: [String] = []) throws -> Trace {
        try ImportFixtures.single(OTLP.request(spans, resource: resource))
    }

    @Test("spans group by trace id across resourceSpans and files, traces in order of their first span")
    func grouping() throws {
        let directory = try TemporaryDirectory()
        let first = OTLP.request([OTLP.span(trace: "aa", id: "1"), OTLP.span(trace: "bb", id: "2")])
        let second = OTLP.request([OTLP.span(trace: "aa", id: "3", parent: "1")])
        try FileSystem.writeAtomically(first, to: directory.file("a.json"))
        try FileSystem.writeAtomically(second, to: directory.file("b.json"))
        let result = try ImportFixtures.read([directory.file("a.json"), directory.file("b.json")])
        #expect(result.traces.map(\.trace.id) == ["aa", "bb"])
        #expect(result.traces[0].trace.observations.map(\.id) == ["1", "3"])
        #expect(result.traces[0].trace.observations[1].parentObservationID == "1")
        #expect(result.summary.inputs.map(\.traces) == [2, 0])
    }

    @Test("a parent that is absent, empty or not in the data makes a root; the unknown parent id is kept")
    func roots() throws {
        let trace = try single([
            OTLP.span(id: "a"), OTLP.span(id: "b", parent: ""), OTLP.span(id: "c", parent: "ffffffffffffffff"),
        ])
        #expect(trace.observations.map(\.parentObservationID) == [nil, nil, nil])
        #expect(trace.observations.first { $0.id == "c" }?.metadata["parentSpanId"] == .string("ffffffffffffffff"))
    }

    @Test("base64 ids from generic protobuf tools become lowercase hex; hex ids keep their spelling")
    func base64IDs() throws {
        let trace = try single([
            OTLP.span(trace: "A8suuE3VKsm8FJapnHM4gA==", id: "EEE19B7EC3C1B174"),
            OTLP.span(trace: "A8suuE3VKsm8FJapnHM4gA==", id: "3sGbfsPBsXQ=", parent: "EEE19B7EC3C1B174"),
        ])
        #expect(trace.id == "03cb2eb84dd52ac9bc1496a99c733880")
        #expect(Set(trace.observations.map(\.id)) == ["EEE19B7EC3C1B174", "dec19b7ec3c1b174"])
    }

    @Test("nanosecond times as strings or numbers beyond 2^53 keep every digit and truncate to milliseconds")
    func nanoseconds() throws {
        let trace = try single([
            OTLP.span(id: "a", start: "1795388902149999999", end: #""1795388902999999999""#)
        ])
        #expect(trace.observations[0].startTime.text == "2026-11-22T23:08:22.149Z")
        #expect(trace.observations[0].endTime?.text == "2026-11-22T23:08:22.999Z")
        #expect(trace.timestamp.text == "2026-11-22T23:08:22.149Z")
    }

    @Test("a start time that is not an integer is refused naming the span field")
    func badTime() {
        let text = OTLP.request([OTLP.span(id: "a", start: "1.5e18")])
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 1),
                reason:
                    "resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: not an integer count of nanoseconds since the epoch"
            )
        ) { try ImportFixtures.read(text: text) }
    }

    @Test(
        "operation names map to observation types",
        arguments: [
            ("chat", "GENERATION"), ("text_completion", "GENERATION"), ("generate_content", "GENERATION"),
            ("embeddings", "EMBEDDING"), ("execute_tool", "TOOL"), ("invoke_agent", "AGENT"), ("create_agent", "AGENT"),
            ("something_else", "SPAN"),
        ])
    func types(operation: String, type: String) throws {
        let trace = try single([OTLP.span(id: "a", attributes: [OTLP.string("gen_ai.operation.name", operation)])])
        #expect(trace.observations[0].type == type)
    }

    @Test("the response model wins over the request model")
    func model() throws {
        let trace = try single([
            OTLP.span(
                id: "a",
                attributes: [
                    OTLP.string("gen_ai.request.model", "gpt-4"), OTLP.string("gen_ai.response.model", "gpt-4-0613"),
                ])
        ])
        #expect(trace.observations[0].model == "gpt-4-0613")
    }

    @Test("token counts as string or number intValue, total summed, older names and cache reads kept")
    func usage() throws {
        let trace = try single([
            OTLP.span(
                id: "a",
                attributes: [
                    OTLP.attribute("gen_ai.usage.input_tokens", #"{"intValue":"40"}"#),
                    OTLP.attribute("gen_ai.usage.output_tokens", #"{"intValue":5}"#),
                    OTLP.attribute("gen_ai.usage.cache_read.input_tokens", #"{"intValue":"7"}"#),
                ]),
            OTLP.span(
                id: "b",
                attributes: [
                    OTLP.attribute("gen_ai.usage.prompt_tokens", #"{"intValue":"3"}"#),
                    OTLP.attribute("gen_ai.usage.completion_tokens", #"{"intValue":"4"}"#),
                    OTLP.attribute("gen_ai.usage.cost", #"{"doubleValue":0.25}"#),
                ]),
        ])
        #expect(
            trace.observations[0].usageDetails == [
                "input": .int(40), "output": .int(5), "input_cache_read": .int(7), "total": .int(45),
            ])
        #expect(trace.observations[1].usageDetails == ["input": .int(3), "output": .int(4), "total": .int(7)])
        #expect(trace.observations[1].costDetails == ["total": .number(JSONNumber(literal: "0.25"))])
    }

    @Test("a negative token count is reported with the span id; skipping drops only that count")
    func negativeTokens() throws {
        let text = OTLP.request([
            OTLP.span(id: "a", attributes: [OTLP.attribute("gen_ai.usage.input_tokens", #"{"intValue":"-3"}"#)])
        ])
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 1),
                reason: "span a: gen_ai.usage.input_tokens: negative token count (-3)")
        ) { try ImportFixtures.read(text: text) }
        let skipped = try ImportFixtures.read(text: text, skipsInvalid: true)
        #expect(skipped.traces.first?.trace.observations.first?.usageDetails == [:])
        #expect(skipped.summary.invalidCount == 1)
    }

    @Test(
        "status code 2, \"2\" or STATUS_CODE_ERROR is ERROR with its message; 1, 0 and {} are DEFAULT",
        arguments: [
            (#"{"code":2,"message":"boom"}"#, "ERROR", "boom"),
            (#"{"code":"STATUS_CODE_ERROR","message":"x"}"#, "ERROR", "x"),
            (#"{"code":"2"}"#, "ERROR", nil), (#"{"code":1}"#, "DEFAULT", nil), (#"{}"#, "DEFAULT", nil),
            (#"{"code":0}"#, "DEFAULT", nil),
        ] as [(String, String, String?)])
    func status(status: String, level: String, message: String?) throws {
        let trace = try single([OTLP.span(id: "a", extra: #","status":\#(status)"#)])
        #expect(trace.observations[0].level == level)
        #expect(trace.observations[0].statusMessage == message)
    }

    @Test("without a status message, an error takes the exception event's message, then error.type verbatim")
    func exceptionMessage() throws {
        let event =
            #","status":{"code":2},"events":[{"timeUnixNano":"1795388902191151681","name":"exception","attributes":[\#(OTLP.string("exception.message", "Error code: 500"))]}]"#
        let withEvent = try single([OTLP.span(id: "a", extra: event)])
        #expect(withEvent.observations[0].statusMessage == "Error code: 500")
        #expect(withEvent.observations[0].metadata["events"]?.arrayValue?.first?["name"] == .string("exception"))
        let withType = try single([
            OTLP.span(
                id: "a", attributes: [OTLP.string("error.type", "<class 'openai.InternalServerError'>")],
                extra: #","status":{"code":2}"#)
        ])
        #expect(withType.observations[0].statusMessage == "<class 'openai.InternalServerError'>")
    }

    @Test("gen_ai.input/output.messages as JSON strings or arrayValue, with system instructions, become messages")
    func messages() throws {
        let parts = #"[{"role":"user","parts":[{"type":"text","content":"hi"}]}]"#
        let arrayValue =
            #"{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"role","value":{"stringValue":"assistant"}},{"key":"parts","value":{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"type","value":{"stringValue":"text"}},{"key":"content","value":{"stringValue":"hello"}}]}}]}}}]}}]}}"#
        let trace = try single([
            OTLP.span(
                id: "a",
                attributes: [
                    OTLP.string("gen_ai.operation.name", "chat"), OTLP.string("gen_ai.input.messages", parts),
                    OTLP.attribute("gen_ai.output.messages", arrayValue),
                    OTLP.string("gen_ai.system_instructions", #"[{"type":"text","content":"Be kind."}]"#),
                ])
        ])
        let observation = trace.observations[0]
        #expect(
            observation.input
                == (try JSONParser.parse(#"[{"role":"system","content":"Be kind."},{"role":"user","content":"hi"}]"#)))
        #expect(observation.output == (try JSONParser.parse(#"{"role":"assistant","content":"hello"}"#)))
        #expect(observation.metadata["attributes"]?["gen_ai.operation.name"] == .string("chat"))
        #expect(observation.metadata["attributes"]?["gen_ai.input.messages"] == nil)
    }

    @Test("deprecated indexed gen_ai.prompt.N / gen_ai.completion.N keys sort numerically")
    func indexedKeys() throws {
        var attributes: [String] = []
        for index in [10, 2, 0, 1] {
            attributes.append(OTLP.string("gen_ai.prompt.\(index).role", "user"))
            attributes.append(OTLP.string("gen_ai.prompt.\(index).content", "m\(index)"))
        }
        attributes.append(OTLP.string("gen_ai.completion.0.role", "assistant"))
        attributes.append(OTLP.string("gen_ai.completion.0.tool_calls.0.id", "c1"))
        attributes.append(OTLP.string("gen_ai.completion.0.tool_calls.0.name", "f"))
        attributes.append(OTLP.string("gen_ai.completion.0.tool_calls.0.arguments", #"{"x":1}"#))
        let observation = try single([OTLP.span(id: "a", attributes: attributes)]).observations[0]
        #expect(observation.input.arrayValue?.compactMap { $0["content"]?.stringValue } == ["m0", "m1", "m2", "m10"])
        #expect(
            observation.output
                == (try JSONParser.parse(
                    #"{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}}]}"#
                )))
    }

    @Test("older message events (gen_ai.user.message, gen_ai.choice) become input and output")
    func events() throws {
        let extra =
            #","events":[{"name":"gen_ai.system.message","attributes":[\#(OTLP.string("content", "sys"))]},{"name":"gen_ai.user.message","attributes":[\#(OTLP.string("content", "hi"))]},{"name":"gen_ai.choice","attributes":[\#(OTLP.attribute("message", #"{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"yo"}}]}}"#))]}]"#
        let observation = try single([OTLP.span(id: "a", extra: extra)]).observations[0]
        #expect(
            observation.input
                == (try JSONParser.parse(#"[{"role":"system","content":"sys"},{"role":"user","content":"hi"}]"#)))
        #expect(observation.output == (try JSONParser.parse(#"{"role":"assistant","content":"yo"}"#)))
        #expect(observation.metadata["events"] == nil)
    }

    @Test("a tool span takes its arguments, result and call id from gen_ai.tool.call.*")
    func toolSpan() throws {
        let observation = try single([
            OTLP.span(
                id: "a",
                attributes: [
                    OTLP.string("gen_ai.operation.name", "execute_tool"), OTLP.string("gen_ai.tool.call.id", "call_7"),
                    OTLP.string("gen_ai.tool.call.arguments", #"{"order_id":"A-1"}"#),
                    OTLP.string("gen_ai.tool.call.result", #"{"status":"shipped"}"#),
                ])
        ]).observations[0]
        #expect(observation.type == "TOOL")
        #expect(observation.input == (try JSONParser.parse(#"{"order_id":"A-1"}"#)))
        #expect(observation.output == (try JSONParser.parse(#"{"status":"shipped"}"#)))
        #expect(observation.metadata["tool_call_id"] == .string("call_7"))
    }

    @Test("session, user, tags from span attributes; environment and release from resource attributes")
    func traceFields() throws {
        let trace = try single(
            [
                OTLP.span(
                    id: "root",
                    attributes: [
                        OTLP.string("gen_ai.conversation.id", "sess-1"), OTLP.string("enduser.id", "u-1"),
                        OTLP.attribute(
                            "langfuse.trace.tags",
                            #"{"arrayValue":{"values":[{"stringValue":"b"},{"stringValue":"a"}]}}"#),
                    ]),
                OTLP.span(id: "child", parent: "root", attributes: [OTLP.string("session.id", "other")]),
            ],
            resource: [OTLP.string("deployment.environment", "staging"), OTLP.string("service.version", "1.4.2")])
        #expect(trace.sessionID == "sess-1")
        #expect(trace.userID == "u-1")
        #expect(trace.tags == ["a", "b"])
        #expect(trace.environment == "staging")
        #expect(trace.release == "1.4.2")
        #expect(trace.name == "s")
        #expect(
            trace.metadata["resource"]
                == .object(["deployment.environment": .string("staging"), "service.version": .string("1.4.2")]))
    }

    @Test("a repeated attribute key keeps its last value; the span kind is kept in metadata")
    func repeatedKeys() throws {
        let observation = try single([
            OTLP.span(id: "a", attributes: [OTLP.string("k", "first"), OTLP.string("k", "last")], extra: #","kind":3"#)
        ]).observations[0]
        #expect(observation.metadata["attributes"]?["k"] == .string("last"))
        #expect(observation.metadata["kind"] == .int(3))
    }

    @Test("a span without traceId is refused naming its path; skipping keeps the other spans")
    func missingTraceID() throws {
        let text = OTLP.request([#"{"spanId":"x","startTimeUnixNano":"1"}"#, OTLP.span(id: "b")])
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 1),
                reason: "resourceSpans[0].scopeSpans[0].spans[0].traceId: missing")
        ) { try ImportFixtures.read(text: text) }
        let skipped = try ImportFixtures.read(text: text, skipsInvalid: true)
        #expect(skipped.traces.map { $0.trace.observations.map(\.id) } == [["b"]])
    }

    @Test("an OTLP file exporter's JSONL (one request a line) reads line by line")
    func jsonlRequests() throws {
        let text =
            OTLP.request([OTLP.span(trace: "t1", id: "a")]) + "\n" + OTLP.request([OTLP.span(trace: "t2", id: "b")])
            + "\n"
        let result = try ImportFixtures.read(text: text, name: "spans.jsonl")
        #expect(result.traces.map(\.trace.id) == ["t1", "t2"])
        #expect(result.traces.map(\.location.line) == [1, 2])
    }
}

/// One test per OpenInference quirk of FORMATS.md (c).
@Suite("OpenInference import quirks")
struct OpenInferenceImportTests {
    private func observation(_ attributes: [String]) throws -> Observation {
        let text = OTLP.request([
            OTLP.span(id: "a", attributes: [OTLP.string("openinference.span.kind", "LLM")] + attributes)
        ])
        return try #require(try ImportFixtures.single(text).observations.first)
    }

    @Test("message indices sort numerically (10 after 2) and gaps are compacted in order")
    func numericIndices() throws {
        var attributes: [String] = []
        for index in [0, 1, 2, 10, 11, 15] {
            attributes.append(OTLP.string("llm.input_messages.\(index).message.role", "user"))
            attributes.append(OTLP.string("llm.input_messages.\(index).message.content", "m\(index)"))
        }
        let input = try observation(attributes).input
        #expect(input.arrayValue?.compactMap { $0["content"]?.stringValue } == ["m0", "m1", "m2", "m10", "m11", "m15"])
    }

    @Test("contents parts (with gaps) and content both give the text; images become image_url parts")
    func contents() throws {
        let input = try observation([
            OTLP.string("llm.input_messages.0.message.role", "user"),
            OTLP.string("llm.input_messages.0.message.contents.1.message_content.type", "text"),
            OTLP.string("llm.input_messages.0.message.contents.1.message_content.text", "look"),
            OTLP.string("llm.input_messages.0.message.contents.3.message_content.type", "image"),
            OTLP.string("llm.input_messages.0.message.contents.3.message_content.image.image.url", "https://x/y.png"),
            OTLP.string("llm.input_messages.1.message.role", "user"),
            OTLP.string("llm.input_messages.1.message.content", "plain"),
        ]).input
        #expect(
            input
                == (try JSONParser.parse(
                    #"[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]},{"role":"user","content":"plain"}]"#
                )))
    }

    @Test("tool calls and tool results keep their ids; arguments stay JSON text")
    func toolCalls() throws {
        let observation = try observation([
            OTLP.string("llm.input_messages.0.message.role", "tool"),
            OTLP.string("llm.input_messages.0.message.tool_call_id", "c1"),
            OTLP.string("llm.input_messages.0.message.content", "ok"),
            OTLP.string("llm.output_messages.0.message.role", "assistant"),
            OTLP.string("llm.output_messages.0.message.tool_calls.0.tool_call.id", "c2"),
            OTLP.string("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "f"),
            OTLP.string("llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", #"{"a":1}"#),
        ])
        #expect(observation.input == (try JSONParser.parse(#"[{"role":"tool","tool_call_id":"c1","content":"ok"}]"#)))
        #expect(
            observation.output
                == (try JSONParser.parse(
                    #"{"role":"assistant","content":null,"tool_calls":[{"id":"c2","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]}"#
                )))
    }

    @Test("input.value/output.value are used only without messages, decoded when their mime type is JSON")
    func valueFallback() throws {
        let decoded = try observation([
            OTLP.string("input.value", #"{"messages":[{"role":"user","content":"q"}],"model":"m"}"#),
            OTLP.string("input.mime_type", "application/json"), OTLP.string("output.value", "plain answer"),
            OTLP.string("output.mime_type", "text/plain"),
        ])
        #expect(decoded.input == (try JSONParser.parse(#"[{"role":"user","content":"q"}]"#)))
        #expect(decoded.output == (try JSONParser.parse(#"{"role":"assistant","content":"plain answer"}"#)))
        let withMessages = try observation([
            OTLP.string("llm.input_messages.0.message.role", "user"),
            OTLP.string("llm.input_messages.0.message.content", "m"),
            OTLP.string("input.value", "raw request"),
        ])
        #expect(withMessages.input == (try JSONParser.parse(#"[{"role":"user","content":"m"}]"#)))
        #expect(withMessages.metadata["attributes"]?["input.value"] == .string("raw request"))
    }

    @Test("token counts with details, costs, model name")
    func countsAndCosts() throws {
        let observation = try observation([
            OTLP.string("llm.model_name", "gpt-4o-mini"),
            OTLP.attribute("llm.token_count.prompt", #"{"intValue":"161"}"#),
            OTLP.attribute("llm.token_count.completion", #"{"intValue":"24"}"#),
            OTLP.attribute("llm.token_count.total", #"{"intValue":"185"}"#),
            OTLP.attribute("llm.token_count.prompt_details.cache_read", #"{"intValue":"100"}"#),
            OTLP.attribute("llm.cost.total", #"{"doubleValue":0.001}"#),
        ])
        #expect(observation.model == "gpt-4o-mini")
        #expect(
            observation.usageDetails
                == ["input": .int(161), "output": .int(24), "total": .int(185), "prompt_details.cache_read": .int(100)])
        #expect(observation.costDetails == ["total": .number(JSONNumber(literal: "0.001"))])
    }

    @Test("session, user, tags and the metadata JSON string reach the trace")
    func traceFields() throws {
        let text = OTLP.request([
            OTLP.span(
                id: "a",
                attributes: [
                    OTLP.string("openinference.span.kind", "AGENT"), OTLP.string("session.id", "s"),
                    OTLP.string("user.id", "u"),
                    OTLP.attribute("tag.tags", #"{"arrayValue":{"values":[{"stringValue":"support"}]}}"#),
                    OTLP.string("metadata", #"{"channel":"web"}"#),
                ])
        ])
        let trace = try ImportFixtures.single(text)
        #expect(trace.sessionID == "s")
        #expect(trace.userID == "u")
        #expect(trace.tags == ["support"])
        #expect(trace.metadata["channel"] == .string("web"))
        #expect(trace.observations[0].type == "AGENT")
        #expect(try ImportFixtures.read(text: text).traces.first?.format == .openinference)
    }

    @Test(
        "span kinds map to observation types",
        arguments: [
            ("LLM", "GENERATION"), ("TOOL", "TOOL"), ("AGENT", "AGENT"), ("CHAIN", "CHAIN"), ("RETRIEVER", "RETRIEVER"),
            ("EMBEDDING", "EMBEDDING"), ("RERANKER", "RERANKER"), ("GUARDRAIL", "GUARDRAIL"),
            ("EVALUATOR", "EVALUATOR"),
        ])
    func kinds(kind: String, type: String) throws {
        let text = OTLP.request([OTLP.span(id: "a", attributes: [OTLP.string("openinference.span.kind", kind)])])
        #expect(try ImportFixtures.single(text).observations[0].type == type)
    }
}
