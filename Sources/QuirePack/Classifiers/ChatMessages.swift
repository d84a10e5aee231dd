import QuireModel

/// Reading OpenAI-shaped chat messages out of free-form trace JSON (NATIVE.md "Messages").
///
/// Inputs and outputs are any JSON, so every accessor tolerates shapes it does not know and answers
/// "nothing here" rather than failing: a classifier must never stop a pack.
enum ChatMessages {
    /// One entry of an assistant message's `tool_calls`.
    struct ToolCall {
        /// `id`; nil when absent or not a string.
        var id: String?
        /// `function.name` (or a top-level `name`); nil when absent or not a string.
        var name: String?
        /// `function.arguments` (or `arguments`), usually a JSON string.
        var arguments: JSONValue?
        /// The call as written.
        var object: JSONObject
    }

    /// The messages in a value: the objects of an array, or a single object that has a `role`.
    /// - Parameter value: a trace's or observation's input or output.
    /// - Returns: message objects in order.
    static func messages(in value: JSONValue) -> [JSONObject] {
        switch value {
        case .array(let elements): elements.compactMap(\.objectValue)
        case .object(let object) where object["role"] != nil: [object]
        default: []
        }
    }

    /// The message's `role`, if it is a string.
    static func role(of message: JSONObject) -> String? {
        message["role"]?.stringValue
    }

    /// The message's text: a string `content`, the joined text parts of an array `content`, any other
    /// JSON as text; nil when `content` is null or absent.
    /// - Parameter message: a message object.
    /// - Returns: the text.
    static func text(of message: JSONObject) -> String? {
        guard let content = message["content"] else { return nil }
        switch content {
        case .null: return nil
        case .string(let text): return text
        case .array(let parts): return parts.map(partText).joined()
        default: return content.jsonText
        }
    }

    /// The text of one content part: a string, or an object's `text` (or `refusal`) string.
    private static func partText(_ part: JSONValue) -> String {
        if let text = part.stringValue { return text }
        return part["text"]?.stringValue ?? part["refusal"]?.stringValue ?? ""
    }

    /// Whether an array `content` carries parts that are not text (images, audio, files, tool use), so an
    /// empty text does not mean an empty answer.
    static func hasNonTextParts(_ message: JSONObject) -> Bool {
        guard case .array(let parts)? = message["content"] else { return false }
        return parts.contains { part in
            guard let object = part.objectValue else { return false }
            return object["text"]?.stringValue == nil && object["refusal"]?.stringValue == nil
        }
    }

    /// The message's `tool_calls`, empty when absent or not an array.
    static func toolCalls(of message: JSONObject) -> [ToolCall] {
        guard case .array(let calls)? = message["tool_calls"] else { return [] }
        return calls.compactMap { value in
            guard let object = value.objectValue else { return nil }
            let function = object["function"]?.objectValue
            return ToolCall(
                id: object["id"]?.stringValue,
                name: function?["name"]?.stringValue ?? object["name"]?.stringValue,
                arguments: function?["arguments"] ?? object["arguments"],
                object: object)
        }
    }

    /// Every message object of a trace, in reading order: the trace's input, each observation's input and
    /// output, then the trace's output.
    static func allMessages(of trace: Trace) -> [JSONObject] {
        var all = messages(in: trace.input)
        for observation in trace.observations {
            all += messages(in: observation.input)
            all += messages(in: observation.output)
        }
        return all + messages(in: trace.output)
    }

    /// Where a final assistant message came from, for reasons.
    enum Source: Equatable {
        /// The trace's `output`.
        case traceOutput
        /// The output of the generation that ended last.
        case generation(name: String)

        /// "the trace output", "the output of generation "chat gpt-4o"".
        var phrase: String {
            switch self {
            case .traceOutput: "the trace output"
            case .generation(let name): "the output of generation \(Quoted(name))"
            }
        }
    }

    /// The trace's final assistant message, as NATIVE.md "Conventions" defines it.
    ///
    /// `output` when it is an assistant message, the last assistant message of an `output` array, or a
    /// plain string; otherwise the output of the GENERATION that ends last. Nil when there is none (the
    /// call failed).
    /// - Parameter trace: the trace.
    /// - Returns: the message and where it came from.
    static func finalAssistantMessage(of trace: Trace) -> (message: JSONObject, source: Source)? {
        if let message = assistantMessage(in: trace.output) { return (message, .traceOutput) }
        var last: Observation?
        for observation in trace.observations where observation.type == "GENERATION" {
            if !hasContent(observation.output) { continue }
            guard let current = last else {
                last = observation
                continue
            }
            if ends(observation, after: current) { last = observation }
        }
        guard let generation = last, let message = assistantMessage(in: generation.output) else { return nil }
        return (message, .generation(name: generation.name ?? generation.id))
    }

    /// An assistant message in an output value, as the convention reads it.
    private static func assistantMessage(in output: JSONValue) -> JSONObject? {
        switch output {
        case .string(let text): return ["role": .string("assistant"), "content": .string(text)]
        case .object(let object) where role(of: object) == "assistant": return object
        case .array(let elements):
            return elements.last { $0.objectValue.map { role(of: $0) == "assistant" } ?? false }?.objectValue
        default: return nil
        }
    }

    /// Whether an output holds anything (JSON null, `""`, `[]` and `{}` do not).
    private static func hasContent(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .string(let text): !text.isEmpty
        case .array(let elements): !elements.isEmpty
        case .object(let object): !object.isEmpty
        default: true
        }
    }

    /// Orders generations by end time (unfinished ones first), then id, so the pick is deterministic.
    private static func ends(_ lhs: Observation, after rhs: Observation) -> Bool {
        let left = lhs.endTime?.nanoseconds ?? .min
        let right = rhs.endTime?.nanoseconds ?? .min
        if left != right { return left > right }
        return rhs.id.utf8.lexicographicallyPrecedes(lhs.id.utf8)
    }
}

/// A name from a trace put inside a reason: cleaned, cut to 60 characters and quoted.
struct Quoted: CustomStringConvertible {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    var description: String { "\"" + EvidenceText.prefix(text, limit: 60) + "\"" }
}
