public import QuireModel

/// One line of a version's `records.jsonl`: an item with its input, output, expected output, consensus
/// scores and every reviewer's annotation.
public struct DatasetRecord: Sendable, Equatable {
    /// Whether every score of the item reached consensus.
    public enum Status: String, Sendable {
        /// Every score agreed or was adjudicated.
        case consensus
        /// At least one score is in conflict (kept only with `--include-conflicts`).
        case conflict
    }

    /// The item id.
    public var item: String
    /// The trace scored.
    public var traceID: String
    /// The observation scored, for observation items.
    public var observationID: String?
    /// The session, for session items.
    public var sessionID: String?
    /// Whether every score reached consensus.
    public var status: Status
    /// The input: the observation's for observation items, else the trace's.
    public var input: JSONValue
    /// The output, likewise.
    public var output: JSONValue
    /// The expected output: a correction score's consensus, else `metadata.expected`, else null.
    public var expected: JSONValue
    /// Consensus value per score name, in queue order; null for a conflict.
    public var scores: JSONObject
    /// `agreed`, `conflict` or `adjudicated` per score name, in queue order.
    public var scoreStatus: JSONObject
    /// Every reviewer's score, ordered by score (queue order), reviewer and time.
    public var annotations: [JSONValue]
    /// The trace's metadata.
    public var metadata: JSONObject

    /// The record as its JSON line's value.
    public var json: JSONValue {
        .object(
            JSONObject([
                ("item", .string(item)), ("traceId", .string(traceID)),
                ("observationId", .optionalString(observationID)),
                ("sessionId", .optionalString(sessionID)), ("status", .string(status.rawValue)), ("input", input),
                ("output", output), ("expected", expected), ("scores", .object(scores)),
                ("scoreStatus", .object(scoreStatus)), ("annotations", .array(annotations)),
                ("metadata", .object(metadata)),
            ]))
    }

    /// The top-level keys of a record, in order.
    public static let keys = [
        "item", "traceId", "observationId", "sessionId", "status", "input", "output", "expected", "scores",
        "scoreStatus", "annotations", "metadata",
    ]

    /// Reads a record from its JSON line.
    /// - Parameter json: the value.
    /// - Throws: ``FieldError``.
    public init(json: JSONValue) throws(FieldError) {
        let reader = try JSONFieldReader(json)
        if let unknown = reader.object.keys.first(where: { !Self.keys.contains($0) }) {
            throw FieldError(field: unknown, reason: "unknown key")
        }
        item = try reader.requiredString("item")
        traceID = try reader.requiredString("traceId")
        observationID = try reader.optionalString("observationId")
        sessionID = try reader.optionalString("sessionId")
        let statusText = try reader.requiredString("status")
        guard let status = Status(rawValue: statusText) else {
            throw FieldError(field: "status", reason: "expected consensus or conflict, found \"\(statusText)\"")
        }
        self.status = status
        input = reader.object["input"] ?? .null
        output = reader.object["output"] ?? .null
        expected = reader.object["expected"] ?? .null
        scores = try reader.object("scores")
        scoreStatus = try reader.object("scoreStatus")
        annotations = try reader.array("annotations")
        metadata = try reader.object("metadata")
    }

    /// Creates a record.
    /// - Parameters:
    ///   - item: the item id.
    ///   - traceID: the trace.
    ///   - observationID: the observation, if any.
    ///   - sessionID: the session, if any.
    ///   - status: consensus or conflict.
    ///   - input: the input.
    ///   - output: the output.
    ///   - expected: the expected output.
    ///   - scores: consensus values by score name.
    ///   - scoreStatus: statuses by score name.
    ///   - annotations: every reviewer's score.
    ///   - metadata: the trace's metadata.
    public init(
        item: String, traceID: String, observationID: String? = nil, sessionID: String? = nil,
        status: Status = .consensus, input: JSONValue, output: JSONValue, expected: JSONValue = .null,
        scores: JSONObject, scoreStatus: JSONObject, annotations: [JSONValue] = [], metadata: JSONObject = JSONObject()
    ) {
        self.item = item
        self.traceID = traceID
        self.observationID = observationID
        self.sessionID = sessionID
        self.status = status
        self.input = input
        self.output = output
        self.expected = expected
        self.scores = scores
        self.scoreStatus = scoreStatus
        self.annotations = annotations
        self.metadata = metadata
    }
}

extension DatasetRecord {
    /// What a commit put in and left out.
    struct Selection {
        var records: [DatasetRecord]
        var excluded: Int
        var conflicts: Int
        var adjudicated: Int
    }

    /// Builds the records of a merge output, in `items.jsonl` order.
    ///
    /// An item goes in when it has at least one consensus row and none in conflict; with
    /// `includeConflicts`, conflicting items go in too, marked `conflict`.
    /// - Complexity: O(items + consensus rows + annotations).
    static func select(from output: MergeOutput, includeConflicts: Bool) -> Selection {
        let order = output.manifest.scores.map(\.name)
        var consensusByItem: [String: [String: MergeOutput.Consensus]] = [:]
        for row in output.consensus { consensusByItem[row.item, default: [:]][row.name] = row }
        var annotationsByItem: [String: [MergeOutput.Annotation]] = [:]
        for row in output.annotations { annotationsByItem[row.item, default: []].append(row) }
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let corrections = output.manifest.scores.filter { $0.kind == .correction }.map(\.name)

        var records: [DatasetRecord] = []
        var excluded = 0
        for item in output.items {
            let rows = consensusByItem[item.id] ?? [:]
            let hasConflict = rows.values.contains { $0.status == .conflict }
            guard !rows.isEmpty, includeConflicts || !hasConflict else {
                excluded += 1
                continue
            }
            var scores = JSONObject()
            var statuses = JSONObject()
            for name in order {
                guard let row = rows[name] else { continue }
                scores[name] = row.status == .conflict ? .null : row.value
                statuses[name] = .string(row.status.rawValue)
            }
            var expected = item.trace.metadata["expected"] ?? .null
            for name in corrections {
                if let row = rows[name], row.status != .conflict, !row.value.isNull {
                    expected = row.value
                    break
                }
            }
            let annotations = (annotationsByItem[item.id] ?? []).sorted { lhs, rhs in
                let left = rank[lhs.name] ?? Int.max
                let right = rank[rhs.name] ?? Int.max
                if left != right { return left < right }
                if lhs.reviewer != rhs.reviewer {
                    return lhs.reviewer.utf8.lexicographicallyPrecedes(rhs.reviewer.utf8)
                }
                return lhs.at < rhs.at
            }
            var input = item.trace.input
            var outputValue = item.trace.output
            if let observationID = item.target.observationID,
                let observation = item.trace.observations.first(where: { $0.id == observationID })
            {
                input = observation.input
                outputValue = observation.output
            }
            records.append(
                DatasetRecord(
                    item: item.id, traceID: item.target.traceID, observationID: item.target.observationID,
                    sessionID: item.target.sessionID, status: hasConflict ? .conflict : .consensus, input: input,
                    output: outputValue, expected: expected, scores: scores, scoreStatus: statuses,
                    annotations: annotations.map(\.json), metadata: item.trace.metadata))
        }
        return Selection(
            records: records, excluded: excluded,
            conflicts: output.consensus.filter { $0.status == .conflict }.count,
            adjudicated: output.consensus.filter { $0.status == .adjudicated }.count)
    }
}
