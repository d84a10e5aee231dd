import QuireModel

/// What normalising messages learned that has no place in a chat message; the importer keeps it in the
/// observation's metadata so nothing is lost.
struct NormalizationNotes {
    /// Tool call ids that came as arrays (`["run_…", "call_…"]`, Microsoft Agent Framework): the original
    /// value for each chosen id, in order of appearance.
    var toolCallIDSources: [(id: String, original: JSONValue)] = []
    /// The members of a request object other than its messages (model, config, tools, …).
    var request: JSONObject?
    /// The members of a response object other than its messages (id, usage, finish reason, …).
    var response: JSONObject?
    /// A system prompt carried outside the messages (the Responses API's `instructions`).
    var instructions: String?
    /// Call ids made up for calls that had none (Gemini `function_call` without `id`), with the tool name.
    var synthesizedCallIDs: [(name: String, id: String)] = []

    /// The notes as metadata members.
    var metadataMembers: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if !toolCallIDSources.isEmpty {
            var seen = Set<String>()
            var sources: [(String, JSONValue)] = []
            for source in toolCallIDSources where seen.insert(source.id).inserted {
                sources.append((source.id, source.original))
            }
            members.append(("toolCallIdSources", .object(JSONObject(sources))))
        }
        if let request, !request.isEmpty { members.append(("request", .object(request))) }
        if let response, !response.isEmpty { members.append(("response", .object(response))) }
        return members
    }
}

/// Turns the message shapes of FORMATS.md (OpenAI chat, OTel GenAI parts, OpenAI Responses items, Gemini and
/// Google ADK objects, LangChain-serialised messages, Anthropic content blocks, chat completions) into
/// OpenAI chat messages (NATIVE.md "Messages").
///
/// Anything not recognised is kept exactly as given: a flattened prompt string, call arguments, an SDK
/// object (FORMATS.md (a), shape 5). Only the top levels are walked; nested values are copied.
enum MessageNormalizer {
    // MARK: - Entry points

    /// Normalises an input value: a message list of any known shape, or (for a generation) a request object.
    static func input(_ value: JSONValue, isGeneration: Bool, notes: inout NormalizationNotes) -> JSONValue {
        if case .array(let elements) = value, let messages = messages(elements, defaultRole: "user", notes: &notes) {
            return .array(messages)
        }
        if isGeneration, case .object(let object) = value {
            if let messages = requestMessages(object, notes: &notes) { return .array(messages) }
            if isSingleMessage(object), let messages = messages([value], defaultRole: "user", notes: &notes) {
                return .array(messages)
            }
        }
        return value
    }

    /// Normalises an output value.
    ///
    /// Recognised: a message list (one message unwrapped), a single message, or (for a generation) a response
    /// object; anything else is kept.
    /// - Parameters:
    ///   - value: the output.
    ///   - isGeneration: whether it is a generation's output.
    ///   - textIsAssistant: whether a plain string is the assistant's answer (a generation's output; default)
    ///     or kept as a string (a trace's output, FORMATS.md (a)).
    ///   - notes: collects what has no place in a message.
    /// - Returns: the normalised output.
    static func output(
        _ value: JSONValue, isGeneration: Bool, textIsAssistant: Bool? = nil, notes: inout NormalizationNotes
    ) -> JSONValue {
        switch value {
        case .string(let text) where textIsAssistant ?? isGeneration:
            // What a generation returns is the assistant's text; no role has to be guessed.
            return ChatMessage.assistant(content: .string(text), toolCalls: [])
        case .array(let elements):
            if let messages = messages(elements, defaultRole: "assistant", notes: &notes) {
                return messages.count == 1 ? messages[0] : .array(messages)
            }
            if isGeneration, let messages = choicesMessages(elements, notes: &notes) {
                return messages.count == 1 ? messages[0] : .array(messages)
            }
        case .object(let object):
            if isSingleMessage(object), let messages = messages([value], defaultRole: "assistant", notes: &notes) {
                return messages.count == 1 ? messages[0] : .array(messages)
            }
            if isGeneration, let messages = responseMessages(object, notes: &notes) {
                return messages.count == 1 ? messages[0] : .array(messages)
            }
        default:
            break
        }
        return value
    }

    /// An object that is one message: a role with content, parts or tool calls, or a LangChain message.
    static func isSingleMessage(_ object: JSONObject) -> Bool {
        if isLangChainMessage(object) { return true }
        guard case .string? = object["role"] else { return false }
        if case .array? = object["parts"] { return true }
        return object["content"] != nil || object["tool_calls"] != nil
    }

    // MARK: - Message lists

    /// A list of messages in any known shape, element by element; nil when an element is not a message.
    static func messages(_ elements: [JSONValue], defaultRole: String, notes: inout NormalizationNotes) -> [JSONValue]?
    {
        guard !elements.isEmpty else { return nil }
        // LangChain batches: `[[message, …]]` for one prompt.
        if elements.count == 1, case .array(let batch) = elements[0] {
            return messages(batch, defaultRole: defaultRole, notes: &notes)
        }
        var result: [JSONValue] = []
        var pendingCalls: [JSONValue] = []
        func flushCalls() {
            if !pendingCalls.isEmpty {
                result.append(ChatMessage.assistant(content: .null, toolCalls: pendingCalls))
                pendingCalls = []
            }
        }
        for element in elements {
            guard case .object(let object) = element else { return nil }
            if isLangChainMessage(object) {
                flushCalls()
                result.append(contentsOf: langChainMessage(object, notes: &notes))
                continue
            }
            if case .array(let parts)? = object["parts"] {
                flushCalls()
                let role = object["role"]?.stringValue ?? defaultRole
                result.append(contentsOf: partsMessage(role: role, parts: parts, notes: &notes))
                continue
            }
            switch object["type"]?.stringValue {
            case "function_call":
                let id = callID(object["call_id"] ?? object["id"], notes: &notes)
                pendingCalls.append(
                    ChatMessage.toolCall(
                        id: id, name: object["name"]?.stringValue ?? "", arguments: object["arguments"] ?? .object([:]))
                )
                continue
            case "function_call_output":
                flushCalls()
                result.append(
                    ChatMessage.toolResult(
                        id: callID(object["call_id"] ?? object["id"], notes: &notes), content: object["output"] ?? .null
                    ))
                continue
            case "reasoning":
                // Responses API reasoning summaries have no place in chat messages.
                continue
            case "message", nil:
                break
            default:
                if object["role"] == nil { return nil }
            }
            guard case .string(let role)? = object["role"] else { return nil }
            flushCalls()
            result.append(contentsOf: chatMessage(object, role: role, notes: &notes))
        }
        flushCalls()
        return result.isEmpty ? nil : result
    }

    /// An OpenAI-style message, kept as given except: roles spelled as chat roles, tool call arguments as JSON
    /// text, array ids reduced to one, and Anthropic `tool_use`/`tool_result` blocks turned into tool calls
    /// and tool messages.
    static func chatMessage(_ object: JSONObject, role: String, notes: inout NormalizationNotes) -> [JSONValue] {
        let chatRole = ChatMessage.chatRole(role)
        // The role first, whatever the source's member order, so every message reads alike.
        var members: [(String, JSONValue)] = [("role", .string(chatRole))]
        var toolCalls: [JSONValue] = []
        var toolResults: [JSONValue] = []
        for member in object {
            switch member.key {
            case "role":
                continue
            case "content":
                if case .array(let blocks) = member.value, blocks.contains(where: isAnthropicToolBlock) {
                    var texts: [String] = []
                    var others: [JSONValue] = []
                    for block in blocks {
                        guard case .object(let part) = block else {
                            others.append(block)
                            continue
                        }
                        switch part["type"]?.stringValue {
                        case "text" where part["text"]?.stringValue != nil:
                            texts.append(part["text"]?.stringValue ?? "")
                        case "tool_use":
                            toolCalls.append(
                                ChatMessage.toolCall(
                                    id: callID(part["id"], notes: &notes), name: part["name"]?.stringValue ?? "",
                                    arguments: part["input"] ?? .object([:])))
                        case "tool_result":
                            toolResults.append(
                                ChatMessage.toolResult(
                                    id: callID(part["tool_use_id"], notes: &notes),
                                    content: anthropicResultContent(part["content"] ?? .null)))
                        default:
                            others.append(block)
                        }
                    }
                    members.append(
                        ("content", ChatMessage.content(texts: texts, otherParts: others, empty: .null)))
                } else if case .array(let parts) = member.value, let texts = responsesTexts(parts) {
                    members.append(("content", texts.count == 1 ? .string(texts[0]) : .array(parts.map(textPart))))
                } else {
                    members.append(("content", member.value))
                }
            case "tool_calls":
                if case .array(let calls) = member.value {
                    toolCalls.append(contentsOf: calls.map { normalizedToolCall($0, notes: &notes) })
                } else {
                    members.append((member.key, member.value))
                }
            case "tool_call_id":
                members.append(("tool_call_id", .string(callID(member.value, notes: &notes))))
            default:
                members.append((member.key, member.value))
            }
        }
        if !toolCalls.isEmpty {
            if !members.contains(where: { $0.0 == "content" }) { members.append(("content", .null)) }
            members.append(("tool_calls", .array(toolCalls)))
        }
        var result: [JSONValue] = []
        if !toolResults.isEmpty {
            result.append(contentsOf: toolResults)
            // A user turn that only carried tool results becomes just the tool messages.
            if case .null? = members.first(where: { $0.0 == "content" })?.1, toolCalls.isEmpty { return result }
        }
        result.append(.object(JSONObject(members)))
        return result
    }

    /// The texts of a Responses API content list (`input_text`/`output_text` parts), or nil for other lists.
    static func responsesTexts(_ parts: [JSONValue]) -> [String]? {
        var texts: [String] = []
        for part in parts {
            guard case .string(let type)? = part["type"], type == "input_text" || type == "output_text",
                case .string(let text)? = part["text"]
            else { return nil }
            texts.append(text)
        }
        return texts.isEmpty ? nil : texts
    }

    /// A Responses API text part as an OpenAI chat text part.
    static func textPart(_ part: JSONValue) -> JSONValue {
        .object(JSONObject([("type", .string("text")), ("text", part["text"] ?? .string(""))]))
    }

    static func isAnthropicToolBlock(_ block: JSONValue) -> Bool {
        guard case .string(let type)? = block["type"] else { return false }
        return type == "tool_use" || type == "tool_result"
    }

    /// Anthropic tool result content: a string, or text blocks joined.
    static func anthropicResultContent(_ content: JSONValue) -> JSONValue {
        guard case .array(let blocks) = content else { return content }
        var texts: [String] = []
        for block in blocks {
            guard case .string(let text)? = block["text"], block["type"] == .string("text") else { return content }
            texts.append(text)
        }
        return .string(texts.joined(separator: "\n"))
    }

    /// A tool call in OpenAI shape (`function.arguments` a string), from OpenAI or LangChain (`name`, `args`).
    static func normalizedToolCall(_ value: JSONValue, notes: inout NormalizationNotes) -> JSONValue {
        guard case .object(let call) = value else { return value }
        if case .object(let function)? = call["function"] {
            return ChatMessage.toolCall(
                id: callID(call["id"], notes: &notes), name: function["name"]?.stringValue ?? "",
                arguments: function["arguments"] ?? .string(""))
        }
        if case .string(let name)? = call["name"] {
            return ChatMessage.toolCall(
                id: callID(call["id"], notes: &notes), name: name, arguments: call["args"] ?? call["arguments"] ?? .null
            )
        }
        return value
    }

    // MARK: - OpenTelemetry GenAI parts

    /// One message in the OTel GenAI parts shape (FORMATS.md (a) shape 2, (b) `gen_ai.*.messages`).
    ///
    /// Tool responses become one tool message each; an assistant's text and tool calls become one message.
    static func partsMessage(role: String, parts: [JSONValue], notes: inout NormalizationNotes) -> [JSONValue] {
        let chatRole = ChatMessage.chatRole(role)
        var texts: [String] = []
        var others: [JSONValue] = []
        var calls: [JSONValue] = []
        var results: [JSONValue] = []
        for part in parts {
            guard case .object(let object) = part else {
                others.append(part)
                continue
            }
            switch object["type"]?.stringValue {
            case "text":
                texts.append(ChatMessage.text(of: object["content"] ?? .string("")))
            case "tool_call":
                calls.append(
                    ChatMessage.toolCall(
                        id: callID(object["id"], notes: &notes), name: object["name"]?.stringValue ?? "",
                        arguments: object["arguments"] ?? .object([:])))
            case "tool_call_response":
                results.append(
                    ChatMessage.toolResult(
                        id: callID(object["id"], notes: &notes), content: object["response"] ?? .null)
                )
            default:
                others.append(part)
            }
        }
        return ChatMessage.turn(role: chatRole, texts: texts, otherParts: others, calls: calls, results: results)
    }

    /// A tool call id: a string as is; an array (or a string holding a JSON array) reduced to its last element,
    /// the call id proper, with the original noted; a number as its digits; missing as the empty string.
    static func callID(_ value: JSONValue?, notes: inout NormalizationNotes) -> String {
        switch value {
        case .string(let text)?:
            if text.hasPrefix("["), case .array(let elements)? = try? JSONParser.parse(text),
                let last = elements.last?.stringValue
            {
                notes.toolCallIDSources.append((last, .array(elements)))
                return last
            }
            return text
        case .array(let elements)?:
            if let last = elements.last?.stringValue {
                notes.toolCallIDSources.append((last, .array(elements)))
                return last
            }
            return ""
        case .number(let number)?:
            return number.literal
        default:
            return ""
        }
    }

    // MARK: - LangChain

    static func isLangChainMessage(_ object: JSONObject) -> Bool {
        guard object["lc"] != nil, case .array(let id)? = object["id"], case .string(let kind)? = id.last else {
            return false
        }
        return kind.hasSuffix("Message") || kind.hasSuffix("MessageChunk")
    }

    /// A LangChain-serialised message (`{"lc":1,"type":"constructor","id":[…,"HumanMessage"],"kwargs":{…}}`).
    static func langChainMessage(_ object: JSONObject, notes: inout NormalizationNotes) -> [JSONValue] {
        let kind = object["id"]?.arrayValue?.last?.stringValue ?? ""
        let kwargs = object["kwargs"]?.objectValue ?? JSONObject()
        var role = ChatMessage.chatRole(kind)
        if kind.hasPrefix("ChatMessage"), case .string(let given)? = kwargs["role"] { role = given }
        var message: [(String, JSONValue)] = [("role", .string(role)), ("content", kwargs["content"] ?? .null)]
        if case .array(let calls)? = kwargs["tool_calls"], !calls.isEmpty {
            message.append(("tool_calls", .array(calls)))
        }
        if let toolCallID = kwargs["tool_call_id"] { message.append(("tool_call_id", toolCallID)) }
        if let name = kwargs["name"], !name.isNull { message.append(("name", name)) }
        return chatMessage(JSONObject(message), role: role, notes: &notes)
    }

    // MARK: - Request objects

    /// The messages of a request object; the other members go to the notes.
    ///
    /// Gemini (`contents`, `config.system_instruction`), OpenAI chat (`messages`), OpenAI Responses (`input`,
    /// `instructions`).
    static func requestMessages(_ object: JSONObject, notes: inout NormalizationNotes) -> [JSONValue]? {
        if case .array(let contents)? = object["contents"] {
            var messages: [JSONValue] = []
            var rest = object
            rest["contents"] = nil
            let config = object["config"]?.objectValue
            if let system = geminiText(config?["system_instruction"] ?? object["systemInstruction"]) {
                messages.append(ChatMessage.message(role: "system", content: .string(system)))
            }
            for content in contents {
                guard case .object(let message) = content, let converted = geminiContent(message, notes: &notes)
                else { return nil }
                messages.append(contentsOf: converted)
            }
            notes.request = rest
            return messages
        }
        if case .array(let list)? = object["messages"],
            let messages = messages(list, defaultRole: "user", notes: &notes)
        {
            var rest = object
            rest["messages"] = nil
            notes.request = rest
            return messages
        }
        if case .array(let items)? = object["input"],
            let converted = messages(items, defaultRole: "user", notes: &notes)
        {
            var rest = object
            rest["input"] = nil
            var messages = converted
            if case .string(let instructions)? = object["instructions"] {
                messages.insert(ChatMessage.message(role: "system", content: .string(instructions)), at: 0)
                rest["instructions"] = nil
            }
            notes.request = rest
            return messages
        }
        return nil
    }

    /// Text of a Gemini system instruction: a string, or a content object's text parts.
    static func geminiText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .object(let content)?:
            guard case .array(let parts)? = content["parts"] else { return nil }
            let texts = parts.compactMap { $0["text"]?.stringValue }
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        default: return nil
        }
    }

    /// One Gemini content: a role (`user` or `model`) and parts (text, function calls, function responses).
    ///
    /// Calls without an id get `name-k` (k counting calls in the message), responses likewise, so a call and
    /// its response in the next turn pair up.
    static func geminiContent(_ content: JSONObject, notes: inout NormalizationNotes) -> [JSONValue]? {
        guard case .array(let parts)? = content["parts"] else { return nil }
        let role = ChatMessage.chatRole(content["role"]?.stringValue ?? "user")
        var texts: [String] = []
        var others: [JSONValue] = []
        var calls: [JSONValue] = []
        var results: [JSONValue] = []
        for part in parts {
            guard case .object(let object) = part else { return nil }
            if case .string(let text)? = object["text"] {
                texts.append(text)
            } else if case .object(let call)? = object["function_call"] ?? object["functionCall"] {
                let name = call["name"]?.stringValue ?? ""
                var id = "\(name)-\(calls.count)"
                if let given = present(call["id"]) {
                    id = callID(given, notes: &notes)
                } else {
                    notes.synthesizedCallIDs.append((name, id))
                }
                calls.append(ChatMessage.toolCall(id: id, name: name, arguments: call["args"] ?? .object([:])))
            } else if case .object(let response)? = object["function_response"] ?? object["functionResponse"] {
                let name = response["name"]?.stringValue ?? ""
                let id = present(response["id"]).map { callID($0, notes: &notes) } ?? "\(name)-\(results.count)"
                results.append(ChatMessage.toolResult(id: id, content: response["response"] ?? .null))
            } else {
                others.append(part)
            }
        }
        return ChatMessage.turn(role: role, texts: texts, otherParts: others, calls: calls, results: results)
    }

    /// A member that is there and not null.
    static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }

    // MARK: - Response objects

    /// The messages of a response object; the other members go to the notes.
    ///
    /// OpenAI Responses (`output` items), Gemini/ADK (`content`, `candidates`), chat completions (`choices`),
    /// LangChain (`generations`), or a bare completion (`{"text": …}`: the deprecated `gen_ai.completion`,
    /// Mastra).
    static func responseMessages(_ object: JSONObject, notes: inout NormalizationNotes) -> [JSONValue]? {
        var rest = object
        if object["object"] == .string("response"), case .array(let items)? = object["output"] {
            var texts: [String] = []
            var calls: [JSONValue] = []
            for item in items {
                switch item["type"]?.stringValue {
                case "message":
                    for part in item["content"]?.arrayValue ?? [] {
                        if case .string(let text)? = part["text"] { texts.append(text) }
                    }
                case "function_call":
                    calls.append(
                        ChatMessage.toolCall(
                            id: callID(item["call_id"] ?? item["id"], notes: &notes),
                            name: item["name"]?.stringValue ?? "", arguments: item["arguments"] ?? .object([:])))
                default:
                    continue
                }
            }
            rest["output"] = nil
            if case .string(let instructions)? = object["instructions"] {
                notes.instructions = instructions
                rest["instructions"] = nil
            }
            notes.response = rest
            return [
                ChatMessage.assistant(
                    content: texts.isEmpty ? .null : .string(texts.joined()), toolCalls: calls)
            ]
        }
        if case .object(let content)? = object["content"], case .array? = content["parts"] {
            guard let messages = geminiContent(content, notes: &notes) else { return nil }
            rest["content"] = nil
            notes.response = rest
            return messages
        }
        if case .array(let candidates)? = object["candidates"] {
            var messages: [JSONValue] = []
            for candidate in candidates {
                guard case .object(let content)? = candidate["content"],
                    let converted = geminiContent(content, notes: &notes)
                else { return nil }
                messages.append(contentsOf: converted)
            }
            guard !messages.isEmpty else { return nil }
            rest["candidates"] = nil
            notes.response = rest
            return messages
        }
        if case .array(let choices)? = object["choices"], let messages = choicesMessages(choices, notes: &notes) {
            rest["choices"] = nil
            notes.response = rest
            return messages
        }
        if case .array(let generations)? = object["generations"] {
            var messages: [JSONValue] = []
            for batch in generations {
                for generation in batch.arrayValue ?? [batch] {
                    if case .object(let message)? = generation["message"], isLangChainMessage(message) {
                        messages.append(contentsOf: langChainMessage(message, notes: &notes))
                    } else if case .string(let text)? = generation["text"] {
                        messages.append(ChatMessage.assistant(content: .string(text), toolCalls: []))
                    }
                }
            }
            guard !messages.isEmpty else { return nil }
            rest["generations"] = nil
            notes.response = rest
            return messages
        }
        if case .string(let text)? = object["text"], object["role"] == nil {
            var calls: [JSONValue] = []
            if case .array(let toolCalls)? = object["toolCalls"] {
                calls = toolCalls.map { normalizedToolCall($0, notes: &notes) }
            }
            rest["text"] = nil
            rest["toolCalls"] = nil
            notes.response = rest
            return [ChatMessage.assistant(content: .string(text), toolCalls: calls)]
        }
        return nil
    }

    /// Chat completion choices (`[{"index", "message": {…}, "finish_reason"}]`) as their messages.
    static func choicesMessages(_ choices: [JSONValue], notes: inout NormalizationNotes) -> [JSONValue]? {
        guard !choices.isEmpty else { return nil }
        var messages: [JSONValue] = []
        for choice in choices {
            guard case .object(let message)? = choice["message"], case .string(let role)? = message["role"] else {
                return nil
            }
            messages.append(contentsOf: chatMessage(message, role: role, notes: &notes))
        }
        return messages
    }
}
