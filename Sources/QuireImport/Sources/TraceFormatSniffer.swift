import QuireModel

/// Decides a file's format from its first record, by the rules of FORMATS.md's table.
enum TraceFormatSniffer {
    /// Langfuse-only trace fields: their presence tells a Langfuse export from a native line.
    static let langfuseTraceKeys: Set<String> = [
        "projectId", "createdAt", "updatedAt", "bookmarked", "public", "latency", "htmlPath", "externalId",
    ]

    /// The format of a file whose first record is `value`, or the reason none fits.
    static func format(of value: JSONValue) -> Result<TraceFormat, SniffFailure> {
        switch value {
        case .array(let elements):
            guard let first = elements.first else { return .failure(SniffFailure("an empty array")) }
            if case .array = first { return .failure(SniffFailure("an array of arrays")) }
            return format(of: first)
        case .object(let object):
            return format(ofObject: object)
        default:
            return .failure(SniffFailure("a JSON \(value.typeName), not an object or array"))
        }
    }

    /// Why no format fits.
    struct SniffFailure: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func format(ofObject object: JSONObject) -> Result<TraceFormat, SniffFailure> {
        if case .array(let resourceSpans)? = object["resourceSpans"] {
            return .success(hasOpenInferenceSpan(resourceSpans) ? .openinference : .otlp)
        }
        // FORMATS.md: `trace` (object with `id`) and `observations`; either is enough here, so a trace that
        // lacks its id is reported by the Langfuse importer naming `trace.id` rather than as an unknown format.
        if case .object(let trace)? = object["trace"], trace["id"] != nil || object["observations"]?.arrayValue != nil {
            return .success(.langfuse)
        }
        if object["span_id"] != nil && object["root_span_id"] != nil || object["span_attributes"] != nil {
            return .success(.braintrust)
        }
        if object["openinference.span.kind"] != nil {
            return .success(.openinference)
        }
        if object.keys.contains(where: { $0.hasPrefix("gen_ai.") }) {
            return .success(.otlp)
        }
        // A trace of its own: native, or a bare Langfuse trace. An `id` alone is enough, so a native line that
        // lacks its timestamp is reported as such rather than as an unknown format.
        if case .string? = object["id"] {
            return .success(isNativeShaped(object) ? .native : .langfuse)
        }
        return .failure(
            SniffFailure("no resourceSpans, trace, span_id/root_span_id, span_attributes, gen_ai.* or id member"))
    }

    /// Whether a bare trace object reads as native: no Langfuse-only fields and metadata an object (Langfuse
    /// exports encode it as a string).
    static func isNativeShaped(_ object: JSONObject) -> Bool {
        if object.keys.contains(where: langfuseTraceKeys.contains) { return false }
        switch object["metadata"] {
        case nil, .null?, .object?: break
        default: return false
        }
        return true
    }

    private static func hasOpenInferenceSpan(_ resourceSpans: [JSONValue]) -> Bool {
        for resource in resourceSpans {
            guard case .array(let scopes)? = resource["scopeSpans"] else { continue }
            for scope in scopes {
                guard case .array(let spans)? = scope["spans"] else { continue }
                for span in spans {
                    guard case .array(let attributes)? = span["attributes"] else { continue }
                    for attribute in attributes where attribute["key"] == .string("openinference.span.kind") {
                        return true
                    }
                }
            }
        }
        return false
    }
}
