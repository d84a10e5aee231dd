/// A span, generation, event or tool call inside a trace (NATIVE.md "Observation").
public struct Observation: Sendable, Equatable {
    /// The observation id; unique within the trace.
    public var id: String
    /// The trace it belongs to.
    public var traceID: String?
    /// Its parent; nil for a root.
    public var parentObservationID: String?
    /// `SPAN`, `GENERATION`, `EVENT`, `TOOL`, …; unknown values kept as given.
    public var type: String
    /// Its name.
    public var name: String?
    /// When it started.
    public var startTime: Timestamp
    /// When it ended; nil for events and unfinished spans.
    public var endTime: Timestamp?
    /// The model, for generations.
    public var model: String?
    /// Its input: messages for a generation, arguments for a tool.
    public var input: JSONValue
    /// Its output: an assistant message for a generation, the result for a tool.
    public var output: JSONValue
    /// Token counts: `input`, `output`, `total` and extra integer keys.
    public var usageDetails: JSONObject
    /// Costs in USD: `total`, optional `input`/`output`.
    public var costDetails: JSONObject
    /// `DEBUG`, `DEFAULT`, `WARNING` or `ERROR`.
    public var level: String
    /// The error text when the level is `ERROR`.
    public var statusMessage: String?
    /// Free-form metadata.
    public var metadata: JSONObject
    /// Unknown fields, in their order.
    public var extra: JSONObject

    /// Creates an observation.
    /// - Parameters:
    ///   - id: its id.
    ///   - type: its type.
    ///   - startTime: when it started.
    public init(id: String, type: String, startTime: Timestamp) {
        self.id = id
        self.traceID = nil
        self.parentObservationID = nil
        self.type = type
        self.name = nil
        self.startTime = startTime
        self.endTime = nil
        self.model = nil
        self.input = .null
        self.output = .null
        self.usageDetails = JSONObject()
        self.costDetails = JSONObject()
        self.level = "DEFAULT"
        self.statusMessage = nil
        self.metadata = JSONObject()
        self.extra = JSONObject()
    }

    static let knownKeys: Set<String> = [
        "id", "traceId", "parentObservationId", "type", "name", "startTime", "endTime", "model", "input", "output",
        "usageDetails", "costDetails", "level", "statusMessage", "metadata",
    ]

    /// Reads an observation, naming the field of the first problem.
    /// - Parameters:
    ///   - json: the value.
    ///   - path: its path in the trace, e.g. `observations[2]`.
    /// - Throws: ``FieldError``.
    public init(json: JSONValue, path: String) throws(FieldError) {
        let reader = try JSONFieldReader(json, path: path)
        id = try reader.requiredString("id")
        traceID = try reader.optionalString("traceId")
        parentObservationID = try reader.optionalString("parentObservationId")
        type = try reader.optionalString("type") ?? "SPAN"
        name = try reader.optionalString("name")
        startTime = try reader.requiredTimestamp("startTime")
        endTime = try reader.optionalTimestamp("endTime")
        model = try reader.optionalString("model")
        input = reader.object["input"] ?? .null
        output = reader.object["output"] ?? .null
        usageDetails = try reader.object("usageDetails")
        costDetails = try reader.object("costDetails")
        level = try reader.optionalString("level") ?? "DEFAULT"
        statusMessage = try reader.optionalString("statusMessage")
        metadata = try reader.object("metadata")
        extra = reader.unknownMembers(Self.knownKeys)
    }

    /// The observation as a JSON value: known fields in the native order, then unknown ones.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("traceId", .optionalString(traceID)),
            ("parentObservationId", .optionalString(parentObservationID)),
            ("type", .string(type)),
            ("name", .optionalString(name)),
            ("startTime", .string(startTime.text)),
            ("endTime", endTime.map { .string($0.text) } ?? .null),
            ("model", .optionalString(model)),
            ("input", input),
            ("output", output),
            ("usageDetails", .object(usageDetails)),
            ("costDetails", .object(costDetails)),
            ("level", .string(level)),
            ("statusMessage", .optionalString(statusMessage)),
            ("metadata", .object(metadata)),
        ]
        for member in extra where !Self.knownKeys.contains(member.key) {
            members.append((member.key, member.value))
        }
        return .object(JSONObject(members))
    }

    /// Rewrites start and end in canonical UTC text, truncated to the millisecond the text shows.
    mutating func normalizeTimes() {
        startTime = startTime.truncatedToMilliseconds
        endTime = endTime?.truncatedToMilliseconds
    }

    /// Total tokens: `total`, else `input` + `output`; nil when none is recorded.
    public var totalTokens: Int? {
        if let total = usageDetails["total"]?.intValue { return total }
        let input = usageDetails["input"]?.intValue
        let output = usageDetails["output"]?.intValue
        if input == nil && output == nil { return nil }
        // Counts come from untrusted files: a sum past the largest integer stays there rather than trap or wrap.
        return (input ?? 0).saturatingAdd(output ?? 0)
    }

    /// Total cost in USD, if recorded.
    public var totalCost: Double? {
        costDetails["total"]?.doubleValue
    }
}
