import QuireModel

/// Finds out whether a generation asked for JSON output, in the OpenAI shape the `output-schema` classifier
/// reads (`metadata.response_format.type` `json_object` or `json_schema`, NATIVE.md "Conventions").
enum ResponseFormatDetector {
    /// The response format a generation requested, from its model parameters or span attributes.
    /// - Parameters:
    ///   - attributes: span attributes (OTLP, OpenInference, or Langfuse's `metadata.attributes`).
    ///   - parameters: model or invocation parameters (Langfuse `modelParameters`).
    ///   - maximumDepth: the nesting budget for JSON found in strings.
    /// - Returns: an OpenAI `response_format` object, or nil when none was requested.
    static func responseFormat(attributes: JSONObject?, parameters: JSONValue?, maximumDepth: Int) -> JSONValue? {
        func object(_ value: JSONValue?) -> JSONObject? {
            guard let value else { return nil }
            return SourceValues.decoded(value, acceptsScalars: false, maximumDepth: maximumDepth).objectValue
        }
        if let format = openAIFormat(object(parameters)?["response_format"], maximumDepth: maximumDepth) {
            return format
        }
        guard let attributes else { return nil }
        if let format = openAIFormat(
            object(attributes["llm.invocation_parameters"])?["response_format"], maximumDepth: maximumDepth)
        {
            return format
        }
        if let format = openAIFormat(attributes["gen_ai.request.response_format"], maximumDepth: maximumDepth) {
            return format
        }
        if case .string(let type)? = attributes["gen_ai.output.type"], type == "json" {
            return .object(JSONObject([("type", .string("json_object"))]))
        }
        // Pydantic AI: native or prompted structured output names its schema in `model_request_parameters`.
        if let parameters = object(attributes["model_request_parameters"]),
            case .string(let mode)? = parameters["output_mode"], mode == "native" || mode == "prompted",
            case .object(let output)? = parameters["output_object"]
        {
            // Pydantic AI's OutputObjectDefinition (json_schema, name, description, strict) in OpenAI's shape.
            var schema: [(String, JSONValue)] = []
            if case .string(let name)? = output["name"] { schema.append(("name", .string(name))) }
            if case .string(let description)? = output["description"] {
                schema.append(("description", .string(description)))
            }
            schema.append(("schema", output["json_schema"] ?? .object(JSONObject())))
            if case .bool(let strict)? = output["strict"] { schema.append(("strict", .bool(strict))) }
            return .object(
                JSONObject([("type", .string("json_schema")), ("json_schema", .object(JSONObject(schema)))]))
        }
        return nil
    }

    private static func openAIFormat(_ value: JSONValue?, maximumDepth: Int) -> JSONValue? {
        guard let value else { return nil }
        let decoded = SourceValues.decoded(value, acceptsScalars: false, maximumDepth: maximumDepth)
        guard case .object(let format) = decoded, case .string? = format["type"] else { return nil }
        return decoded
    }
}
