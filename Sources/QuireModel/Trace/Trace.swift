/// One trace in the native format: a Langfuse-shaped trace with its observations and scores inlined (NATIVE.md).
///
/// Unknown top-level fields are kept in ``extra`` and written back after the known ones, so reading and
/// writing a native line changes nothing.
public struct Trace: Sendable, Equatable {
    /// The trace id; unique in a file.
    public var id: String
    /// The trace's name.
    public var name: String?
    /// When the trace started.
    public var timestamp: Timestamp
    /// The conversation it belongs to.
    public var sessionID: String?
    /// The end user.
    public var userID: String?
    /// The deployment environment; `default` when absent.
    public var environment: String
    /// The application release.
    public var release: String?
    /// The application version.
    public var version: String?
    /// Free labels, sorted and unique when written.
    public var tags: [String]
    /// Free-form metadata.
    public var metadata: JSONObject
    /// The conversation's input: usually an array of chat messages.
    public var input: JSONValue
    /// The conversation's output: usually one assistant message.
    public var output: JSONValue
    /// The spans, generations and events, ordered by start time and id when written.
    public var observations: [Observation]
    /// Existing scores (EVAL, API, ANNOTATION).
    public var scores: [TraceScore]
    /// Unknown top-level fields, in their order.
    public var extra: JSONObject

    /// Creates a trace.
    /// - Parameters:
    ///   - id: the trace id.
    ///   - timestamp: when it started.
    ///   - name: its name.
    ///   - environment: its environment.
    public init(id: String, timestamp: Timestamp, name: String? = nil, environment: String = "default") {
        self.id = id
        self.name = name
        self.timestamp = timestamp
        self.sessionID = nil
        self.userID = nil
        self.environment = environment
        self.release = nil
        self.version = nil
        self.tags = []
        self.metadata = JSONObject()
        self.input = .null
        self.output = .null
        self.observations = []
        self.scores = []
        self.extra = JSONObject()
    }

    static let knownKeys: Set<String> = [
        "id", "name", "timestamp", "sessionId", "userId", "environment", "release", "version", "tags", "metadata",
        "input", "output", "observations", "scores",
    ]

    /// Reads a trace from a JSON value, naming the field of the first problem.
    /// - Parameter json: the value of one JSONL line.
    /// - Throws: ``FieldError``.
    public init(json: JSONValue) throws(FieldError) {
        let reader = try JSONFieldReader(json)
        id = try reader.requiredString("id")
        name = try reader.optionalString("name")
        timestamp = try reader.requiredTimestamp("timestamp")
        sessionID = try reader.optionalString("sessionId")
        userID = try reader.optionalString("userId")
        environment = try reader.optionalString("environment") ?? "default"
        release = try reader.optionalString("release")
        version = try reader.optionalString("version")
        tags = try reader.stringArray("tags")
        metadata = try reader.object("metadata")
        input = reader.object["input"] ?? .null
        output = reader.object["output"] ?? .null
        var observations: [Observation] = []
        for (index, element) in try reader.array("observations").enumerated() {
            observations.append(try Observation(json: element, path: "observations[\(index)]"))
        }
        self.observations = observations
        var scores: [TraceScore] = []
        for (index, element) in try reader.array("scores").enumerated() {
            scores.append(try TraceScore(json: element, path: "scores[\(index)]"))
        }
        self.scores = scores
        extra = reader.unknownMembers(Self.knownKeys)
    }

    /// The trace as a JSON value: known fields in the native order, then unknown ones.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("name", .optionalString(name)),
            ("timestamp", .string(timestamp.text)),
            ("sessionId", .optionalString(sessionID)),
            ("userId", .optionalString(userID)),
            ("environment", .string(environment)),
            ("release", .optionalString(release)),
            ("version", .optionalString(version)),
            ("tags", .array(tags.map(JSONValue.string))),
            ("metadata", .object(metadata)),
            ("input", input),
            ("output", output),
            ("observations", .array(observations.map(\.json))),
            ("scores", .array(scores.map(\.json))),
        ]
        for member in extra where !Self.knownKeys.contains(member.key) {
            members.append((member.key, member.value))
        }
        return .object(JSONObject(members))
    }

    /// Puts the trace in the form writers emit: tags sorted and unique, timestamps in canonical UTC text and
    /// truncated to the millisecond that text shows (so the order below is the order a reader of the written
    /// text sees), observations ordered by (start, id).
    public mutating func normalize() {
        tags = Array(Set(tags)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        timestamp = timestamp.truncatedToMilliseconds
        for index in observations.indices { observations[index].normalizeTimes() }
        observations.sort {
            if $0.startTime.nanoseconds != $1.startTime.nanoseconds {
                return $0.startTime.nanoseconds < $1.startTime.nanoseconds
            }
            return $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
        }
    }
}
