import QuireIO
import QuireImport
import QuireModel
import Testing

/// The ten converted traces of `native/sample.jsonl` (an independent reference conversion of the same real
/// samples, EXPECTED.md) against the importer, on the fields that matter for annotation.
///
/// Every difference is listed in `deliberate` with its reason; the test fails on any other difference and on
/// a listed one that disappears, so the list stays the exact account of where the importer departs from the
/// reference.
@Suite("Cross-check with the reference conversion in native/sample.jsonl")
struct SampleCrossCheckTests {
    static let sources = [
        "langfuse/autogen-2025-06-06.json", "langfuse/llamaindex-2025-06-05.json",
        "langfuse/openai-agents-2025-09-30.json", "langfuse/microsoft-agent-2025-10-14.json",
        "langfuse/pydantic-ai-tools-2025-12-04.json", "langfuse/pydantic-ai-with-gemini-2025-12-24.trace.json",
        "langfuse/google-adk-2025-08-28.json", "otlp-genai/captured-openai-v2-support-agent.otlp.json",
        "openinference/captured-openinference-openai-support-agent.otlp.json",
    ]

    /// Where the importer deliberately differs from the reference, and why (FORMATS.md clause in brackets).
    static let deliberate: [String: String] = [
        "1b72c51fabed12ae7df83bfd4a09f545 output":
            "trace output kept as the string: the generation has messages [(a) plain-string rule]",
        "1b72c51fabed12ae7df83bfd4a09f545 83517f9062f5ada4 input":
            "flattened prompt string kept as given, roles not guessed [(a) shape 5]",
        "12ea412956f99347b0503c1144acd0ec output":
            "trace output kept as the string: the generation has messages [(a) plain-string rule]",
        "12ea412956f99347b0503c1144acd0ec 7ca8b22f6628d0c7 input":
            "call-argument object {args: […]} kept as given [(a) shape 5]",
        "e3a407423619277a2dcef3c13dc89982 output":
            "the whole decoded output conversation kept (tool call, tool result, answer), not only its last message",
        "e3a407423619277a2dcef3c13dc89982 7f845be8c0da22f3 tool_call_id":
            "TOOL observation names its call (gen_ai.tool.call.id, array reduced to the call id) [NATIVE.md conventions]",
        "7a38edd8123db47ad8dcb8aa4c5e3926 input": "SDK call arguments {args, kwargs} kept as given [(a) shape 5]",
        "7a38edd8123db47ad8dcb8aa4c5e3926 output":
            "trace output kept as the string: generations have messages [(a) plain-string rule]",
        "f68601af42c4a35e1d5e4699de569c1f 8ffb64580a84a3f0 response_format":
            "Pydantic AI output_object written in OpenAI's json_schema shape (name, schema, strict); same type",
        "b82a0bdc1994fc5d1c8576ca032543f7 input": "Google ADK run arguments kept as given (an SDK object) [(a)]",
        "5c93783e511670e5b36328e6a235f866 c75dd667485ef80e cost":
            "no cost in OTLP GenAI spans: none invented from a price table [(b) costDetails]",
        "5c93783e511670e5b36328e6a235f866 88a8f80881f104c3 cost":
            "no cost in OTLP GenAI spans: none invented from a price table [(b) costDetails]",
        "27ed06963c8a13592f7492b247c0b89f input":
            "a trace without input shows the failed call's user message (the reference leaves it null)",
        "84a1608a5380f7f015164eb8c5061e17 48e0178d6396b0bd cost":
            "no cost in OpenInference spans without llm.cost.* [(c)]",
    ]

    @Test("the importer agrees with the reference on every compared field except the listed deliberate ones")
    func crossCheck() throws {
        let imported = try ImportFixtures.read(Self.sources.map(ImportFixtures.trace))
        var mine: [String: Trace] = [:]
        for located in imported.traces { mine[located.trace.id] = located.trace }
        let sample = try FileSystem.readText(FileSystem.join(ImportFixtures.root, "native/sample.jsonl"))
        var differences: Set<String> = []
        for line in sample.split(separator: "\n").prefix(10) {
            let reference = try Trace(json: JSONParser.parse(String(line)))
            let trace = try #require(mine[reference.id], "trace \(reference.id) not imported")
            differences.formUnion(Self.differences(reference, trace))
        }
        #expect(differences.subtracting(Self.deliberate.keys).sorted() == [])
        #expect(Set(Self.deliberate.keys).subtracting(differences).sorted() == [])
    }

    static func differences(_ reference: Trace, _ trace: Trace) -> [String] {
        var found: [String] = []
        let id = reference.id
        let fields: [(String, String?, String?)] = [
            ("name", reference.name, trace.name), ("timestamp", reference.timestamp.text, trace.timestamp.text),
            ("sessionId", reference.sessionID, trace.sessionID), ("userId", reference.userID, trace.userID),
            ("environment", reference.environment, trace.environment), ("release", reference.release, trace.release),
            ("version", reference.version, trace.version),
        ]
        for (name, expected, actual) in fields where expected != actual { found.append("\(id) \(name)") }
        if reference.tags != trace.tags { found.append("\(id) tags") }
        if conversation(reference.input) != conversation(trace.input) { found.append("\(id) input") }
        if conversation(reference.output) != conversation(trace.output) { found.append("\(id) output") }
        if reference.observations.map(\.id) != trace.observations.map(\.id) { found.append("\(id) observation order") }
        for expected in reference.observations {
            guard let actual = trace.observations.first(where: { $0.id == expected.id }) else { continue }
            let place = "\(id) \(expected.id)"
            if expected.type != actual.type { found.append("\(place) type") }
            if expected.parentObservationID != actual.parentObservationID { found.append("\(place) parent") }
            if expected.startTime.text != actual.startTime.text || expected.endTime?.text != actual.endTime?.text {
                found.append("\(place) times")
            }
            if expected.model != actual.model { found.append("\(place) model") }
            if expected.usageDetails != actual.usageDetails { found.append("\(place) usage") }
            if expected.costDetails["total"]?.doubleValue != actual.costDetails["total"]?.doubleValue {
                found.append("\(place) cost")
            }
            if expected.level != actual.level || expected.statusMessage != actual.statusMessage {
                found.append("\(place) level")
            }
            if conversation(expected.input) != conversation(actual.input) { found.append("\(place) input") }
            if conversation(expected.output) != conversation(actual.output) { found.append("\(place) output") }
            for key in ["tool_call_id", "response_format"] where expected.metadata[key] != actual.metadata[key] {
                found.append("\(place) \(key)")
            }
        }
        return found
    }

    /// Messages reduced to what a reviewer sees: role, text, tool calls (id, name, arguments as JSON values,
    /// so `{"a": 1}` and `{"a":1}` agree) and tool results (id, content as JSON when it parses).
    static func conversation(_ value: JSONValue) -> JSONValue {
        func canonical(_ text: JSONValue?) -> JSONValue {
            guard case .string(let string)? = text else { return text ?? .null }
            return (try? JSONParser.parse(string)) ?? .string(string)
        }
        func message(_ value: JSONValue) -> JSONValue {
            guard case .object(let object) = value, object["role"] != nil else { return value }
            let calls: [JSONValue] = (object["tool_calls"]?.arrayValue ?? []).map { call in
                .array([
                    call["id"] ?? .null, call["function"]?["name"] ?? .null, canonical(call["function"]?["arguments"]),
                ])
            }
            return .array([
                object["role"] ?? .null, canonical(object["content"]), .array(calls), object["tool_call_id"] ?? .null,
            ])
        }
        switch value {
        case .array(let messages): return .array(messages.map(message))
        case .object: return .array([message(value)])
        default: return value
        }
    }
}
