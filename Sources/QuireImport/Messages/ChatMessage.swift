import QuireModel

/// Builders for messages in the native (OpenAI chat) shape of NATIVE.md "Messages".
enum ChatMessage {
    static func message(role: String, content: JSONValue) -> JSONValue {
        .object(JSONObject([("role", .string(role)), ("content", content)]))
    }

    /// An assistant message; `content` null when it only calls tools.
    static func assistant(content: JSONValue, toolCalls: [JSONValue]) -> JSONValue {
        var members: [(String, JSONValue)] = [("role", .string("assistant")), ("content", content)]
        if !toolCalls.isEmpty { members.append(("tool_calls", .array(toolCalls))) }
        return .object(JSONObject(members))
    }

    /// A tool call; `arguments` becomes JSON text when it is not a string already, as the OpenAI API spells it.
    static func toolCall(id: String, name: String, arguments: JSONValue) -> JSONValue {
        .object(
            JSONObject([
                ("id", .string(id)),
                ("type", .string("function")),
                (
                    "function",
                    .object(JSONObject([("name", .string(name)), ("arguments", .string(text(of: arguments)))]))
                ),
            ]))
    }

    /// A tool result message; non-string content becomes JSON text.
    static func toolResult(id: String, content: JSONValue) -> JSONValue {
        .object(
            JSONObject([
                ("role", .string("tool")),
                ("tool_call_id", .string(id)),
                ("content", .string(text(of: content))),
            ]))
    }

    /// A string as is; anything else as compact JSON text (null as `null`, objects as `{…}`).
    static func text(of value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return value.jsonText
    }

    /// Text content from text pieces: one piece as a string, several as OpenAI content parts, none as `empty`.
    static func content(texts: [String], otherParts: [JSONValue], empty: JSONValue) -> JSONValue {
        if otherParts.isEmpty {
            if texts.isEmpty { return empty }
            if texts.count == 1 { return .string(texts[0]) }
        }
        var parts: [JSONValue] = texts.map { .object(JSONObject([("type", .string("text")), ("text", .string($0))])) }
        parts.append(contentsOf: otherParts)
        return .array(parts)
    }

    /// One provider message, split into parts, in chat shape.
    ///
    /// The tool results it carried come first (each a `tool` message), then the message itself, an assistant
    /// one when it calls tools. A message that only carried tool results is just those.
    static func turn(
        role: String, texts: [String], otherParts: [JSONValue], calls: [JSONValue], results: [JSONValue]
    ) -> [JSONValue] {
        if !results.isEmpty, texts.isEmpty, otherParts.isEmpty, calls.isEmpty { return results }
        if role == "assistant" || !calls.isEmpty {
            return results + [
                assistant(content: content(texts: texts, otherParts: otherParts, empty: .null), toolCalls: calls)
            ]
        }
        return results + [
            message(role: role, content: content(texts: texts, otherParts: otherParts, empty: .string("")))
        ]
    }

    /// `model` (Gemini) and `ai`/`human` (LangChain) spelled as chat roles; other roles kept as given.
    static func chatRole(_ role: String) -> String {
        switch role {
        case "model", "ai", "AIMessage", "AIMessageChunk": "assistant"
        case "human", "HumanMessage", "HumanMessageChunk": "user"
        case "SystemMessage", "SystemMessageChunk": "system"
        case "ToolMessage", "ToolMessageChunk": "tool"
        default: role
        }
    }
}
