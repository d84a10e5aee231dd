/// A score already attached to a trace in its source (EVAL, API or ANNOTATION), as Langfuse stores it.
public struct TraceScore: Sendable, Equatable {
    /// The score's name.
    public var name: String
    /// The numeric value (1/0 for booleans, the category's value for categorical).
    public var value: JSONNumber?
    /// The string value (a category label, `True`/`False`, or text).
    public var stringValue: String?
    /// `NUMERIC`, `CATEGORICAL`, `BOOLEAN` or `TEXT`.
    public var dataType: String?
    /// `EVAL`, `API` or `ANNOTATION`.
    public var source: String?
    /// A comment.
    public var comment: String?
    /// The observation scored, if not the whole trace.
    public var observationID: String?
    /// Unknown fields, in their order.
    public var extra: JSONObject

    /// Creates a score.
    /// - Parameters:
    ///   - name: the name.
    ///   - value: the numeric value.
    ///   - stringValue: the string value.
    ///   - dataType: the data type.
    ///   - source: the source.
    public init(
        name: String, value: JSONNumber? = nil, stringValue: String? = nil, dataType: String? = nil,
        source: String? = nil
    ) {
        self.name = name
        self.value = value
        self.stringValue = stringValue
        self.dataType = dataType
        self.source = source
        self.comment = nil
        self.observationID = nil
        self.extra = JSONObject()
    }

    static let knownKeys: Set<String> = [
        "name", "value", "stringValue", "dataType", "source", "comment", "observationId",
    ]

    /// Reads a score, naming the field of the first problem.
    /// - Parameters:
    ///   - json: the value.
    ///   - path: its path in the trace, e.g. `scores[1]`.
    /// - Throws: ``FieldError``.
    public init(json: JSONValue, path: String) throws(FieldError) {
        let reader = try JSONFieldReader(json, path: path)
        name = try reader.requiredString("name")
        value = try reader.optionalNumber("value")
        stringValue = try reader.optionalString("stringValue")
        dataType = try reader.optionalString("dataType")
        source = try reader.optionalString("source")
        comment = try reader.optionalString("comment")
        observationID = try reader.optionalString("observationId")
        extra = reader.unknownMembers(Self.knownKeys)
    }

    /// The score as a JSON value, known fields first.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name)),
            ("value", value.map(JSONValue.number) ?? .null),
            ("stringValue", .optionalString(stringValue)),
            ("dataType", .optionalString(dataType)),
            ("source", .optionalString(source)),
            ("comment", .optionalString(comment)),
            ("observationId", .optionalString(observationID)),
        ]
        for member in extra where !Self.knownKeys.contains(member.key) {
            members.append((member.key, member.value))
        }
        return .object(JSONObject(members))
    }

    /// Whether an automated evaluator produced it.
    public var isEval: Bool { source == "EVAL" }
}
