import QuireModel

/// Maps one span's attributes onto a native observation: OpenTelemetry GenAI semantic conventions
/// (FORMATS.md (b)) and OpenInference flattened attributes ((c)), decided per span by
/// `openinference.span.kind`.
///
/// Attributes that became a native field (messages, token counts, costs, tool arguments and results,
/// session, user, tags) are consumed; every other attribute stays in `metadata`, decoded to plain JSON.
struct SpanMapper {
    let maximumDepth: Int

    /// GenAI operation names → observation types (FORMATS.md (b)).
    static let operationTypes: [String: String] = [
        "chat": "GENERATION", "text_completion": "GENERATION", "generate_content": "GENERATION",
        "embeddings": "EMBEDDING", "execute_tool": "TOOL", "invoke_agent": "AGENT", "create_agent": "AGENT",
    ]
    /// OpenInference span kinds → observation types (FORMATS.md (c)).
    static let openInferenceTypes: [String: String] = [
        "LLM": "GENERATION", "TOOL": "TOOL", "AGENT": "AGENT", "CHAIN": "CHAIN", "RETRIEVER": "RETRIEVER",
        "EMBEDDING": "EMBEDDING", "RERANKER": "RERANKER", "GUARDRAIL": "GUARDRAIL", "EVALUATOR": "EVALUATOR",
    ]

    /// The observation for a span, the hints it gives about its trace, and problems to report
    /// (negative token counts) that did not stop the mapping.
    func observation(for span: OTLPSpan) -> (Observation, SpanTraceHints, [SpanProblem]) {
        var attributes = span.attributes
        var consumed = Set<String>()
        var problems: [SpanProblem] = []
        func take(_ key: String) -> JSONValue? {
            guard let value = attributes[key] else { return nil }
            consumed.insert(key)
            return value
        }
        func peek(_ key: String) -> JSONValue? { attributes[key] }

        let openInferenceKind = peek("openinference.span.kind")?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let operation = peek("gen_ai.operation.name")?.stringValue
        let type: String
        if let openInferenceKind {
            type = Self.openInferenceTypes[openInferenceKind.uppercased()] ?? openInferenceKind.uppercased()
        } else if let operation, let mapped = Self.operationTypes[operation] {
            type = mapped
        } else {
            type = "SPAN"
        }
        var observation = Observation(id: span.spanID, type: type, startTime: span.start)
        observation.traceID = span.traceID
        observation.parentObservationID = span.parentSpanID
        observation.name = span.name
        observation.endTime = span.end
        observation.model =
            SourceValues.string(peek("gen_ai.response.model")) ?? SourceValues.string(peek("gen_ai.request.model"))
            ?? SourceValues.string(peek("llm.model_name"))
        let isGeneration = type == "GENERATION"
        var notes = NormalizationNotes()

        // Messages.
        var input: JSONValue = .null
        var output: JSONValue = .null
        if let messages = take("gen_ai.input.messages") {
            input = MessageNormalizer.input(decoded(messages), isGeneration: true, notes: &notes)
        } else if let prompt = take("gen_ai.prompt") {
            input = MessageNormalizer.input(decoded(prompt), isGeneration: true, notes: &notes)
        } else if let indexed = indexedMessages(prefix: "gen_ai.prompt", attributes: attributes, notes: &notes) {
            input = .array(indexed)
        } else if let indexed = openInferenceMessages(
            prefix: "llm.input_messages", attributes: attributes, notes: &notes)
        {
            input = .array(indexed)
        }
        if let instructions = take("gen_ai.system_instructions") {
            input = prependingSystem(instructions, to: input)
        }
        if let messages = take("gen_ai.output.messages") {
            output = MessageNormalizer.output(decoded(messages), isGeneration: true, notes: &notes)
        } else if let completion = take("gen_ai.completion") {
            output = MessageNormalizer.output(decoded(completion), isGeneration: true, notes: &notes)
        } else if let indexed = indexedMessages(prefix: "gen_ai.completion", attributes: attributes, notes: &notes) {
            output = indexed.count == 1 ? indexed[0] : .array(indexed)
        } else if let indexed = openInferenceMessages(
            prefix: "llm.output_messages", attributes: attributes, notes: &notes)
        {
            output = indexed.count == 1 ? indexed[0] : .array(indexed)
        }
        for key in attributes.keys
        where FlattenedAttributes.isUnder(key, prefix: "gen_ai.prompt")
            || FlattenedAttributes.isUnder(key, prefix: "gen_ai.completion")
            || FlattenedAttributes.isUnder(key, prefix: "llm.input_messages")
            || FlattenedAttributes.isUnder(key, prefix: "llm.output_messages")
        {
            consumed.insert(key)
        }

        // Message events (older GenAI conventions): used only when no attribute carried messages.
        var remainingEvents: [JSONValue] = []
        var eventInput: [JSONValue] = []
        var eventOutput: [JSONValue] = []
        for event in span.events {
            if let message = eventMessage(event, notes: &notes) {
                if message.isChoice {
                    eventOutput.append(contentsOf: message.messages)
                } else {
                    eventInput.append(contentsOf: message.messages)
                }
            } else {
                remainingEvents.append(event)
            }
        }
        if input == .null, !eventInput.isEmpty { input = .array(eventInput) }
        if output == .null, !eventOutput.isEmpty {
            output = eventOutput.count == 1 ? eventOutput[0] : .array(eventOutput)
        }

        // Tool spans: arguments and result (the decoded fixture uses plain `input`/`output` keys).
        if type == "TOOL" {
            if input == .null {
                if let arguments = take("gen_ai.tool.call.arguments") ?? take("input") {
                    input = decoded(arguments)
                } else if let value = take("input.value") {
                    consumed.insert("input.mime_type")
                    input = mimeDecoded(value, mimeType: peek("input.mime_type"))
                }
            }
            if output == .null {
                if let result = take("gen_ai.tool.call.result") ?? take("output") {
                    output = decoded(result)
                } else if let value = take("output.value") {
                    consumed.insert("output.mime_type")
                    output = mimeDecoded(value, mimeType: peek("output.mime_type"))
                }
            }
        }
        // OpenInference `input.value`/`output.value`: used only without message attributes.
        if input == .null, let value = peek("input.value") {
            consumed.insert("input.value")
            consumed.insert("input.mime_type")
            input = MessageNormalizer.input(
                mimeDecoded(value, mimeType: peek("input.mime_type")), isGeneration: isGeneration, notes: &notes)
        }
        if output == .null, let value = peek("output.value") {
            consumed.insert("output.value")
            consumed.insert("output.mime_type")
            output = MessageNormalizer.output(
                mimeDecoded(value, mimeType: peek("output.mime_type")), isGeneration: isGeneration, notes: &notes)
        }
        if let instructions = notes.instructions, case .array(var messages) = input,
            messages.first?["role"] != .string("system")
        {
            messages.insert(ChatMessage.message(role: "system", content: .string(instructions)), at: 0)
            input = .array(messages)
        }
        observation.input = input
        observation.output = output

        // Usage and cost.
        var usage: [(String, JSONValue)] = []
        func count(_ name: String, _ keys: [String]) {
            for key in keys {
                guard let value = take(key) else { continue }
                switch SourceValues.tokenCount(value) {
                case .success(let count?):
                    if !usage.contains(where: { $0.0 == name }) { usage.append((name, .int(count))) }
                case .success(nil):
                    continue
                case .failure(let problem):
                    problems.append(SpanProblem(field: key, reason: problem.reason))
                }
            }
        }
        count("input", ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt"])
        count("output", ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion"])
        count("total", ["gen_ai.usage.total_tokens", "llm.token_count.total"])
        for key in attributes.keys {
            if key.hasPrefix("gen_ai.usage."), !consumed.contains(key), key != "gen_ai.usage.cost" {
                count(Self.genAIUsageName(String(key.dropFirst("gen_ai.usage.".count))), [key])
            } else if key.hasPrefix("llm.token_count."), !consumed.contains(key) {
                count(String(key.dropFirst("llm.token_count.".count)), [key])
            }
        }
        observation.usageDetails = SourceValues.withTotal(usage)
        var cost: [(String, JSONValue)] = []
        for (name, key) in [
            ("total", "gen_ai.usage.cost"), ("total", "llm.cost.total"), ("input", "llm.cost.prompt"),
            ("output", "llm.cost.completion"),
        ] {
            guard let value = peek(key), let amount = SourceValues.amount(value) else { continue }
            consumed.insert(key)
            if !cost.contains(where: { $0.0 == name }) { cost.append((name, .number(amount))) }
        }
        observation.costDetails = JSONObject(cost)

        // Level and status.
        let isError = OTLPValues.isError(status: span.status)
        observation.level = isError ? "ERROR" : "DEFAULT"
        if case .string(let message)? = span.status?["message"], !message.isEmpty {
            observation.statusMessage = message
        } else if isError {
            observation.statusMessage =
                exceptionMessage(in: span.events) ?? SourceValues.string(peek("error.type"))
        }

        // Trace hints.
        var hints = SpanTraceHints()
        hints.sessionID = SourceValues.string(take("gen_ai.conversation.id")) ?? SourceValues.string(take("session.id"))
        hints.userID = SourceValues.string(take("user.id")) ?? SourceValues.string(take("enduser.id"))
        for key in ["tag.tags", "langfuse.trace.tags"] {
            guard let value = take(key) else { continue }
            if case .array(let tags) = decoded(value) { hints.tags.append(contentsOf: tags.compactMap(\.stringValue)) }
        }
        if openInferenceKind != nil, let value = take("metadata") {
            hints.metadata = SourceValues.decodedObject(value, maximumDepth: maximumDepth)
        }

        // Metadata: every attribute not consumed, then the envelope.
        var metadata: [(String, JSONValue)] = []
        if type == "TOOL" {
            var idNotes = NormalizationNotes()
            if let id = peek("gen_ai.tool.call.id") ?? peek("tool_call.id") {
                let callID = MessageNormalizer.callID(id, notes: &idNotes)
                if !callID.isEmpty { metadata.append(("tool_call_id", .string(callID))) }
            }
        }
        if isGeneration,
            let format = ResponseFormatDetector.responseFormat(
                attributes: attributes, parameters: nil, maximumDepth: maximumDepth)
        {
            metadata.append(("response_format", format))
        }
        if let hintMetadata = hints.metadata {
            for member in hintMetadata { metadata.append((member.key, member.value)) }
        }
        var remaining: [(String, JSONValue)] = []
        for member in attributes where !consumed.contains(member.key) {
            remaining.append((member.key, member.value))
        }
        attributes = JSONObject(remaining)
        if !attributes.isEmpty { metadata.append(("attributes", .object(attributes))) }
        if let kind = span.kind { metadata.append(("kind", kind)) }
        if !span.scope.isEmpty { metadata.append(("scope", .object(span.scope))) }
        if !remainingEvents.isEmpty { metadata.append(("events", .array(remainingEvents.map(plainEvent)))) }
        for (key, value) in span.extra { metadata.append((key, value)) }
        metadata.append(contentsOf: notes.metadataMembers)
        observation.metadata = JSONObject(metadata)
        return (observation, hints, problems)
    }

    /// GenAI usage attribute suffixes as Langfuse usage keys (`cache_read.input_tokens` → `input_cache_read`).
    static func genAIUsageName(_ suffix: String) -> String {
        switch suffix {
        case "cache_read.input_tokens", "cache_read_input_tokens": "input_cache_read"
        case "cache_creation.input_tokens", "cache_creation_input_tokens": "input_cache_creation"
        case "reasoning.output_tokens", "reasoning_tokens": "output_reasoning"
        default: suffix
        }
    }

    // MARK: - Values

    private func decoded(_ value: JSONValue) -> JSONValue {
        SourceValues.decoded(value, acceptsScalars: false, maximumDepth: maximumDepth)
    }

    /// `input.value`/`output.value`: decoded when the mime type says JSON (FORMATS.md (c)), else as given.
    private func mimeDecoded(_ value: JSONValue, mimeType: JSONValue?) -> JSONValue {
        if case .string(let type)? = mimeType, type.hasPrefix("application/json") { return decoded(value) }
        return value
    }

    /// Adds `gen_ai.system_instructions` (parts JSON or plain text) as a leading system message.
    private func prependingSystem(_ instructions: JSONValue, to input: JSONValue) -> JSONValue {
        let text: String
        switch decoded(instructions) {
        case .string(let plain):
            text = plain
        case .array(let parts):
            text = parts.compactMap { $0["content"]?.stringValue ?? $0["text"]?.stringValue }.joined(separator: "\n")
        default:
            return input
        }
        let system = ChatMessage.message(role: "system", content: .string(text))
        switch input {
        case .null: return .array([system])
        case .array(let messages): return .array([system] + messages)
        default: return input
        }
    }

    // MARK: - Indexed messages

    /// Older GenAI indexed keys (`gen_ai.prompt.0.role`, `.content`, `.tool_calls.0.name`, …).
    private func indexedMessages(prefix: String, attributes: JSONObject, notes: inout NormalizationNotes)
        -> [JSONValue]?
    {
        guard case .array(let entries)? = FlattenedAttributes.nested(attributes, prefix: prefix) else { return nil }
        var messages: [JSONValue] = []
        for entry in entries {
            guard case .object(let message) = entry else { continue }
            let role = message["role"]?.stringValue ?? (prefix.hasSuffix("completion") ? "assistant" : "user")
            messages.append(contentsOf: MessageNormalizer.chatMessage(message, role: role, notes: &notes))
        }
        return messages.isEmpty ? nil : messages
    }

    /// OpenInference indexed messages (`llm.input_messages.<i>.message.role`, `.content` or
    /// `.contents.<j>.message_content.*`, `.tool_calls.<k>.tool_call.*`, `.tool_call_id`, `.name`).
    private func openInferenceMessages(prefix: String, attributes: JSONObject, notes: inout NormalizationNotes)
        -> [JSONValue]?
    {
        guard case .array(let entries)? = FlattenedAttributes.nested(attributes, prefix: prefix) else { return nil }
        var messages: [JSONValue] = []
        for entry in entries {
            guard case .object(let message)? = entry["message"] else { continue }
            let role = ChatMessage.chatRole(
                message["role"]?.stringValue ?? (prefix.hasSuffix("output_messages") ? "assistant" : "user"))
            var texts: [String] = []
            var others: [JSONValue] = []
            if let content = message["content"], !content.isNull {
                texts.append(ChatMessage.text(of: content))
            }
            for part in message["contents"]?.arrayValue ?? [] {
                guard case .object(let content)? = part["message_content"] else { continue }
                if content["type"]?.stringValue == "text" || (content["type"] == nil && content["text"] != nil) {
                    texts.append(ChatMessage.text(of: content["text"] ?? .string("")))
                } else if case .string(let url)? = content["image"]?["image"]?["url"] {
                    others.append(
                        .object(
                            JSONObject([
                                ("type", .string("image_url")),
                                ("image_url", .object(JSONObject([("url", .string(url))]))),
                            ])))
                } else {
                    others.append(.object(content))
                }
            }
            var calls: [JSONValue] = []
            for call in message["tool_calls"]?.arrayValue ?? [] {
                guard case .object(let toolCall)? = call["tool_call"] else { continue }
                calls.append(
                    ChatMessage.toolCall(
                        id: MessageNormalizer.callID(toolCall["id"], notes: &notes),
                        name: toolCall["function"]?["name"]?.stringValue ?? "",
                        arguments: toolCall["function"]?["arguments"] ?? .string("")))
            }
            if role == "tool" {
                messages.append(
                    ChatMessage.toolResult(
                        id: MessageNormalizer.callID(message["tool_call_id"], notes: &notes),
                        content: ChatMessage.content(texts: texts, otherParts: others, empty: .string(""))))
            } else if role == "assistant" || !calls.isEmpty {
                messages.append(
                    ChatMessage.assistant(
                        content: ChatMessage.content(texts: texts, otherParts: others, empty: .null), toolCalls: calls))
            } else {
                var object = JSONObject([
                    ("role", .string(role)),
                    ("content", ChatMessage.content(texts: texts, otherParts: others, empty: .string(""))),
                ])
                if case .string(let name)? = message["name"] { object["name"] = .string(name) }
                messages.append(.object(object))
            }
        }
        return messages.isEmpty ? nil : messages
    }

    // MARK: - Events

    /// A GenAI message event (`gen_ai.user.message`, `gen_ai.choice`, …) as chat messages.
    private func eventMessage(_ event: JSONValue, notes: inout NormalizationNotes) -> (
        messages: [JSONValue], isChoice: Bool
    )? {
        guard case .string(let name)? = event["name"], name.hasPrefix("gen_ai.") else { return nil }
        let attributes = OTLPValues.keyValues(event["attributes"])
        let role: String
        switch name {
        case "gen_ai.system.message": role = "system"
        case "gen_ai.user.message": role = "user"
        case "gen_ai.assistant.message": role = "assistant"
        case "gen_ai.tool.message": role = "tool"
        case "gen_ai.choice":
            var message = attributes["message"].map(decoded)?.objectValue ?? JSONObject()
            if message.isEmpty, let content = attributes["content"] { message["content"] = content }
            if let calls = attributes["tool_calls"] { message["tool_calls"] = decoded(calls) }
            let messageRole = message["role"]?.stringValue ?? "assistant"
            message["role"] = .string(messageRole)
            return (MessageNormalizer.chatMessage(message, role: messageRole, notes: &notes), true)
        default:
            return nil
        }
        var message = JSONObject([("role", .string(role)), ("content", attributes["content"].map(decoded) ?? .null)])
        if let calls = attributes["tool_calls"] { message["tool_calls"] = decoded(calls) }
        if role == "tool" {
            return (
                [
                    ChatMessage.toolResult(
                        id: MessageNormalizer.callID(attributes["id"] ?? attributes["tool_call_id"], notes: &notes),
                        content: attributes["content"].map(decoded) ?? .null)
                ], false
            )
        }
        return (MessageNormalizer.chatMessage(message, role: role, notes: &notes), false)
    }

    private func exceptionMessage(in events: [JSONValue]) -> String? {
        for event in events where event["name"] == .string("exception") {
            let attributes = OTLPValues.keyValues(event["attributes"])
            if let message = SourceValues.string(attributes["exception.message"]) { return message }
        }
        return nil
    }

    /// An event kept in metadata: name, time, and plain attributes.
    private func plainEvent(_ event: JSONValue) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let name = event["name"] { members.append(("name", name)) }
        if let time = SourceValues.unixNanoseconds(event["timeUnixNano"]) {
            members.append(("time", .string(time.canonicalText)))
        }
        let attributes = OTLPValues.keyValues(event["attributes"])
        if !attributes.isEmpty { members.append(("attributes", .object(attributes))) }
        return .object(JSONObject(members))
    }
}
