import QuireIO
import QuireModel

/// The last steps every importer shares: where the trace came from, conversation fallbacks, tool call ids
/// that pair up, and the native writer's normal form.
enum TraceFinishing {
    /// `metadata.source`: the format and the file name (not its directory, so output does not depend on
    /// where the input was stored).
    static func source(format: TraceFormat, path: String) -> JSONValue {
        .object(
            JSONObject([
                ("format", .string(format.rawValue)),
                ("file", .string(path == "-" ? "-" : FileSystem.lastComponent(of: path))),
            ]))
    }

    /// Whether any generation carries chat messages in its input or output.
    static func hasGenerationMessages(_ observations: [Observation]) -> Bool {
        observations.contains { observation in
            observation.type == "GENERATION" && (isMessages(observation.input) || isMessages(observation.output))
        }
    }

    static func isMessages(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object): return object["role"] != nil
        case .array(let elements): return elements.contains { $0["role"] != nil }
        default: return false
        }
    }

    /// A trace without input or output of its own shows its conversation: the question is the last user
    /// message the first generation was given, the answer the output of the generation that ended last
    /// (the "final assistant message" of NATIVE.md "Conventions").
    static func deriveConversation(for trace: inout Trace) {
        let generations = trace.observations.filter { $0.type == "GENERATION" }
        if trace.input.isNull, let first = generations.min(by: { ($0.startTime, $0.id) < ($1.startTime, $1.id) }) {
            var messages: [JSONValue] = []
            switch first.input {
            case .array(let list): messages = list
            case .object: messages = [first.input]
            default: break
            }
            if let question = messages.last(where: { $0["role"] == .string("user") }) {
                trace.input = .array([question])
            }
        }
        if trace.output.isNull,
            let last = generations.filter({ !$0.output.isNull }).max(by: {
                ($0.endTime ?? $0.startTime, $0.id) < ($1.endTime ?? $1.startTime, $1.id)
            })
        {
            trace.output = last.output
        }
    }

    /// FORMATS.md (a): trace input/output that are plain strings become a user / an assistant message when
    /// no generation has messages; otherwise they stay strings.
    static func applyPlainStringRule(to trace: inout Trace) {
        guard !hasGenerationMessages(trace.observations) else { return }
        if case .string(let text) = trace.input {
            trace.input = .array([ChatMessage.message(role: "user", content: .string(text))])
        }
        if case .string(let text) = trace.output {
            trace.output = ChatMessage.assistant(content: .string(text), toolCalls: [])
        }
    }

    /// Pairs TOOL observations with calls whose ids the source never gave (Gemini function calls carry none,
    /// so they get `name-k`): a TOOL whose `metadata.tool_call_id` matches no call takes the synthesised id
    /// of a call to the same tool, keeping its own id as `metadata.sourceToolCallId`.
    static func pairToolCalls(in trace: inout Trace, synthesized: [(name: String, id: String)]) {
        guard !synthesized.isEmpty else { return }
        var known = Set<String>()
        for observation in trace.observations {
            collectCallIDs(observation.input, into: &known)
            collectCallIDs(observation.output, into: &known)
        }
        var byName: [String: [String]] = [:]
        for call in synthesized where known.contains(call.id) {
            if !(byName[call.name]?.contains(call.id) ?? false) { byName[call.name, default: []].append(call.id) }
        }
        var used: [String: Int] = [:]
        let order = trace.observations.indices.sorted {
            (trace.observations[$0].startTime, trace.observations[$0].id) < (
                trace.observations[$1].startTime, trace.observations[$1].id
            )
        }
        for index in order where trace.observations[index].type == "TOOL" {
            var observation = trace.observations[index]
            guard case .string(let current)? = observation.metadata["tool_call_id"], !known.contains(current),
                let name = toolName(of: observation), let candidates = byName[name], !candidates.isEmpty
            else { continue }
            let position = min(used[name, default: 0], candidates.count - 1)
            used[name, default: 0] += 1
            observation.metadata["sourceToolCallId"] = .string(current)
            observation.metadata["tool_call_id"] = .string(candidates[position])
            trace.observations[index] = observation
        }
    }

    static func toolName(of observation: Observation) -> String? {
        let attributes = observation.metadata["attributes"]?.objectValue
        if let name = attributes?["gen_ai.tool.name"]?.stringValue ?? attributes?["tool.name"]?.stringValue {
            return name
        }
        return observation.name
    }

    static func collectCallIDs(_ value: JSONValue, into ids: inout Set<String>) {
        switch value {
        case .array(let messages):
            for message in messages { collectCallIDs(message, into: &ids) }
        case .object(let message):
            guard case .array(let calls)? = message["tool_calls"] else { return }
            for call in calls {
                if case .string(let id)? = call["id"] { ids.insert(id) }
            }
        default:
            return
        }
    }
}
