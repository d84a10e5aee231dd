public import QuireModel

/// `output-schema`: a generation that requested JSON and did not get it (DESIGN.md §2).
///
/// A generation requests JSON when `metadata.response_format.type` is `json_object` or `json_schema`
/// (OpenAI style, NATIVE.md "Conventions"); generations without it are never flagged, whatever their text
/// looks like. Its output text (the assistant `content`) must parse as strict JSON (``JSONParser``) and must
/// not be cut off: `finish_reason` `length` (OpenAI) or `max_tokens` (Anthropic), in the generation's
/// metadata or on the message, flags it even when the cut happened to leave valid JSON. A tool-call-only
/// output has no text to check. The schema itself is not validated.
public struct OutputSchemaClassifier: TraceClassifier {
    /// `output-schema`.
    public var name: String { "output-schema" }

    /// Creates the classifier.
    public init() {}

    /// Checks every generation that requested JSON.
    /// - Parameter trace: the trace.
    /// - Returns: a flag for the first failing generations with evidence from the first; nil when all parse.
    public func classify(_ trace: Trace) -> BundleItem.Flag? {
        let findings = trace.observations.compactMap(Self.finding)
        return flag(from: findings, noun: "generation")
    }

    private static let jsonFormats: Set<String> = ["json_object", "json_schema"]
    private static let truncatedReasons: Set<String> = ["length", "max_tokens"]

    private static func finding(for generation: Observation) -> ClassifierFinding? {
        guard generation.type == "GENERATION",
            let format = generation.metadata["response_format"]?["type"]?.stringValue,
            jsonFormats.contains(format),
            let message = outputMessage(generation.output),
            let text = ChatMessages.text(of: message)
        else { return nil }
        let finishReason =
            generation.metadata["finish_reason"]?.stringValue ?? message["finish_reason"]?.stringValue
        let isTruncated = finishReason.map(truncatedReasons.contains) ?? false
        var syntaxError: JSONSyntaxError?
        do {
            _ = try JSONParser.parse(text)
        } catch {
            syntaxError = error
        }
        if !isTruncated && syntaxError == nil { return nil }
        let subject = "generation \(Quoted(generation.name ?? generation.model ?? generation.id))"
        var problems: [String] = []
        if let finishReason, isTruncated {
            problems.append("was cut off at the token limit (finish_reason \(Quoted(finishReason)))")
        }
        if let syntaxError { problems.append("is not valid JSON: " + describe(syntaxError, in: text)) }
        let reason = "\(subject) requested JSON (\(format)) but its output " + problems.joined(separator: " and ")
        let evidence =
            if isTruncated {
                EvidenceText.suffix(text)
            } else {
                EvidenceText.window(text, aroundUTF8Offset: syntaxError?.offset ?? 0)
            }
        return ClassifierFinding(reason: reason, evidence: evidence)
    }

    /// A parse error for a reader who does not know byte offsets: the position in characters, and the
    /// usual cause named when it is a trailing comma.
    private static func describe(_ error: JSONSyntaxError, in text: String) -> String {
        let index = EvidenceText.characterIndex(in: text, utf8Offset: error.offset)
        let position = text[..<index].count + 1
        if error.reason == "unterminated string" {
            return "unterminated string (opened at character \(position))"
        }
        let before = text[..<index].last { !$0.isWhitespace }
        let at = index < text.endIndex ? text[index] : nil
        if before == ",", at == "]" || at == "}" {
            return "\(error.reason) after a trailing comma at character \(position)"
        }
        return "\(error.reason) at character \(position)"
    }

    /// The assistant message of a generation's output: the object itself, the last object of an array, or
    /// a plain string as the content.
    private static func outputMessage(_ output: JSONValue) -> JSONObject? {
        switch output {
        case .object(let object): object
        case .array(let elements): elements.last(where: { $0.objectValue != nil })?.objectValue
        case .string(let text): ["role": .string("assistant"), "content": .string(text)]
        default: nil
        }
    }
}
