import QuireModel

/// One span read from an OTLP/JSON envelope (or a decoded attribute map), with its resource and scope.
struct OTLPSpan {
    var traceID: String
    var spanID: String
    var parentSpanID: String?
    var name: String?
    var kind: JSONValue?
    var start: Timestamp
    var end: Timestamp?
    var attributes: JSONObject
    var events: [JSONValue]
    var status: JSONValue?
    var resource: JSONObject
    var scope: JSONObject
    /// Span fields with no native place (`flags`, `traceState`, `links`, dropped counts).
    var extra: [(String, JSONValue)]
    var location: SourceLocation
}

/// What a span tells about its trace rather than about itself.
struct SpanTraceHints {
    var sessionID: String?
    var userID: String?
    var tags: [String] = []
    /// OpenInference `metadata` (a JSON-encoded object).
    var metadata: JSONObject?
}

/// Why a span could not be read, with the field path inside its envelope.
struct SpanProblem: Error {
    var field: String
    var reason: String
}
