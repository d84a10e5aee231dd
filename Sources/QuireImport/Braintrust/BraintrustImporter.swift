import QuireModel

/// Braintrust log events → native traces (FORMATS.md (d)).
///
/// Rows are one per span, linked by `root_span_id` and `span_parents`. A row with `_is_merge: true` patches
/// the earlier row with the same `id` (objects merged deeply, scalars and arrays replaced), in file order,
/// before anything is converted; a later row without it replaces the earlier one. Rows are grouped across
/// every input of one read; traces come out in the order their first row was read.
final class BraintrustImporter {
    private struct Row {
        var object: JSONObject
        var location: SourceLocation
        var format: TraceFormat
        /// `file#n` for rows without any id (projections such as `mastra-v1`).
        var placeholderID: String
    }

    private let options: TraceReadOptions
    private let invalid: InvalidRecordHandler
    private let diagnostics: any DiagnosticSink
    private var rows: [Row] = []
    private var rowPositions: [String: Int] = [:]
    private var rowCounts: [String: Int] = [:]

    init(options: TraceReadOptions, invalid: InvalidRecordHandler, diagnostics: any DiagnosticSink) {
        self.options = options
        self.invalid = invalid
        self.diagnostics = diagnostics
    }

    /// `span_attributes.type` → observation type.
    static let spanTypes: [String: String] = [
        "llm": "GENERATION", "tool": "TOOL", "task": "SPAN", "function": "SPAN", "eval": "EVALUATOR",
        "score": "EVALUATOR",
    ]
    /// Row fields the importer maps; others go to `metadata.braintrust`.
    static let rowKeys: Set<String> = [
        "span_id", "root_span_id", "span_parents", "input", "output", "expected", "metadata", "metrics", "scores",
        "tags", "error", "name", "type", "_is_merge",
    ]
    /// `metrics` keys that are token counts, and their native names.
    static let usageNames: [String: String] = [
        "prompt_tokens": "input", "completion_tokens": "output", "tokens": "total",
        "prompt_cached_tokens": "input_cache_read", "prompt_cache_creation_tokens": "input_cache_creation",
        "completion_reasoning_tokens": "output_reasoning", "prompt_audio_tokens": "input_audio",
        "completion_audio_tokens": "output_audio",
        "completion_accepted_prediction_tokens": "output_accepted_prediction",
        "completion_rejected_prediction_tokens": "output_rejected_prediction",
    ]

    /// Adds one record: a row, or an array of rows.
    func add(_ record: JSONRecord, format: TraceFormat) throws {
        switch record.value {
        case .array(let elements):
            for element in elements { try addRow(element, at: record.location, format: format) }
        default:
            try addRow(record.value, at: record.location, format: format)
        }
    }

    private func addRow(_ value: JSONValue, at location: SourceLocation, format: TraceFormat) throws {
        guard case .object(let object) = value else {
            try invalid.report(location, "expected a Braintrust row object, found \(value.typeName)")
            return
        }
        for key in ["id", "span_id", "root_span_id"] {
            if let given = object[key], !given.isNull, SourceValues.string(given) == nil {
                try invalid.report(location, "\(key): expected string, found \(given.typeName)")
                return
            }
        }
        let ordinal = (rowCounts[location.path] ?? 0) + 1
        rowCounts[location.path] = ordinal
        let placeholder = "\(OTLPImporter.stem(of: location.path))#\(ordinal)"
        guard let id = SourceValues.string(object["id"]) else {
            rows.append(Row(object: object, location: location, format: format, placeholderID: placeholder))
            return
        }
        // Row ids are unique within one log; exports of different logs (or the SDK's placeholder ids, which
        // restart at `<span:1>` in every file) may repeat them, so a row patches or replaces only rows of its
        // own input.
        let key = "\(location.path)\u{0}\(id)"
        if let position = rowPositions[key] {
            if object["_is_merge"] == .bool(true) {
                rows[position].object = Self.merged(rows[position].object, with: object)
            } else {
                rows[position].object = object
                rows[position].location = location
            }
        } else {
            rowPositions[key] = rows.count
            rows.append(Row(object: object, location: location, format: format, placeholderID: placeholder))
        }
    }

    /// `base` patched by `patch`: objects merged member by member, anything else replaced.
    static func merged(_ base: JSONObject, with patch: JSONObject) -> JSONObject {
        var members = base.members.map { ($0.key, $0.value) }
        var positions: [String: Int] = [:]
        for (index, member) in members.enumerated() { positions[member.0] = index }
        for member in patch where member.key != "_is_merge" {
            if let index = positions[member.key] {
                if case .object(let old) = members[index].1, case .object(let new) = member.value {
                    members[index].1 = .object(merged(old, with: new))
                } else {
                    members[index].1 = member.value
                }
            } else {
                positions[member.key] = members.count
                members.append((member.key, member.value))
            }
        }
        return JSONObject(members)
    }

    /// The traces of every row added.
    func finish() throws -> [LocatedTrace] {
        var order: [String] = []
        var groups: [String: [Row]] = [:]
        for row in rows {
            let root =
                SourceValues.string(row.object["root_span_id"]) ?? SourceValues.string(row.object["span_id"])
                ?? SourceValues.string(row.object["id"]) ?? row.placeholderID
            if groups[root] == nil { order.append(root) }
            groups[root, default: []].append(row)
        }
        var traces: [LocatedTrace] = []
        for root in order {
            guard let group = groups[root] else { continue }
            if let trace = try trace(id: root, rows: group) { traces.append(trace) }
        }
        rows = []
        rowPositions = [:]
        return traces
    }

    private func spanID(of row: Row) -> String {
        SourceValues.string(row.object["span_id"]) ?? SourceValues.string(row.object["id"]) ?? row.placeholderID
    }

    private func trace(id: String, rows: [Row]) throws -> LocatedTrace? {
        guard let first = rows.first else { return nil }
        let ids = Set(rows.map(spanID))
        var observations: [Observation] = []
        var scores: [TraceScore] = []
        var unknownStarts = 0
        var rootIndex: Int?
        for (index, row) in rows.enumerated() {
            let object = row.object
            let id = spanID(of: row)
            let parents = (object["span_parents"]?.arrayValue ?? []).compactMap(SourceValues.string)
            if rootIndex == nil, parents.isEmpty || parents.allSatisfy({ !ids.contains($0) }) { rootIndex = index }
            let attributes = object["span_attributes"]?.objectValue ?? JSONObject()
            let typeName = attributes["type"]?.stringValue ?? object["type"]?.stringValue
            let type = typeName.flatMap { Self.spanTypes[$0] } ?? "SPAN"
            let metrics = object["metrics"]?.objectValue ?? JSONObject()
            let created = SourceValues.timestamp(object["created"])
            var start = seconds(metrics["start"]) ?? created
            if start == nil {
                unknownStarts += 1
                start = Timestamp(nanosecondsSinceEpoch: 0)
            }
            var observation = Observation(
                id: id, type: type, startTime: start ?? Timestamp(nanosecondsSinceEpoch: 0))
            observation.parentObservationID = parents.first.flatMap { ids.contains($0) && $0 != id ? $0 : nil }
            observation.name = attributes["name"]?.stringValue ?? object["name"]?.stringValue
            observation.endTime = seconds(metrics["end"])
            let rowMetadata = object["metadata"]?.objectValue ?? JSONObject()
            if type == "GENERATION" { observation.model = SourceValues.string(rowMetadata["model"]) }
            var notes = NormalizationNotes()
            let isGeneration = type == "GENERATION"
            observation.input = MessageNormalizer.input(
                object["input"] ?? .null, isGeneration: isGeneration, notes: &notes)
            observation.output = MessageNormalizer.output(
                object["output"] ?? .null, isGeneration: isGeneration, notes: &notes)

            var usage: [(String, JSONValue)] = []
            var otherMetrics: [(String, JSONValue)] = []
            for member in metrics where member.key != "start" && member.key != "end" {
                if let name = Self.usageNames[member.key] ?? (member.key.hasSuffix("_tokens") ? member.key : nil) {
                    switch SourceValues.tokenCount(member.value) {
                    case .success(let count?): usage.append((name, .int(count)))
                    // Placeholders such as "<number>" are not counts: ignored, not fatal (FORMATS.md (d)).
                    case .success(nil): continue
                    case .failure(let problem):
                        try invalid.report(row.location, "span \(id): metrics.\(member.key): \(problem.reason)")
                    }
                } else if member.key == "estimated_cost" {
                    if let amount = SourceValues.amount(member.value) {
                        observation.costDetails = JSONObject([("total", .number(amount))])
                    }
                } else if case .number = member.value {
                    otherMetrics.append((member.key, member.value))
                }
            }
            observation.usageDetails = SourceValues.withTotal(usage)
            if let error = object["error"], !error.isNull {
                observation.level = "ERROR"
                switch error {
                case .string(let text): observation.statusMessage = text
                case .object(let details):
                    observation.statusMessage = details["message"]?.stringValue ?? error.jsonText
                default: observation.statusMessage = error.jsonText
                }
            }

            var metadata: [(String, JSONValue)] = rowMetadata.members.map { ($0.key, $0.value) }
            if let expected = object["expected"], !expected.isNull { metadata.append(("expected", expected)) }
            if !otherMetrics.isEmpty { metadata.append(("metrics", .object(JSONObject(otherMetrics)))) }
            if parents.count > 1 { metadata.append(("span_parents", .array(parents.map(JSONValue.string)))) }
            if type == "TOOL", let callID = SourceValues.string(rowMetadata["tool_call_id"]) {
                metadata.append(("tool_call_id", .string(callID)))
            }
            if let tags = object["tags"], !tags.isNull, index != rootIndex { metadata.append(("tags", tags)) }
            metadata.append(contentsOf: notes.metadataMembers)
            var braintrust: [(String, JSONValue)] = []
            for member in object where !Self.rowKeys.contains(member.key) && !member.value.isNull {
                braintrust.append((member.key, member.value))
            }
            if !braintrust.isEmpty { metadata.append(("braintrust", .object(JSONObject(braintrust)))) }
            observation.metadata = JSONObject(metadata)

            if case .object(let rowScores)? = object["scores"] {
                for member in rowScores {
                    guard case .number(let value) = member.value else { continue }
                    var score = TraceScore(name: member.key, value: value, dataType: "NUMERIC", source: "EVAL")
                    score.observationID = id
                    scores.append(score)
                }
            }
            observations.append(observation)
        }
        let root = rootIndex ?? 0
        let rootRow = rows[root]
        let rootObservation = observations[root]
        for index in scores.indices where scores[index].observationID == rootObservation.id {
            scores[index].observationID = nil
        }
        for index in observations.indices { observations[index].traceID = id }
        if unknownStarts > 0 {
            diagnostics.emit(
                Diagnostic(
                    .warning, at: first.location,
                    "trace \(id): \(unknownStarts) row(s) without a usable start time (metrics.start 0 or missing, "
                        + "created not a timestamp); using the epoch"))
        }
        let timestamp =
            SourceValues.timestamp(rootRow.object["created"]) ?? observations.map(\.startTime).min()
            ?? Timestamp(nanosecondsSinceEpoch: 0)
        var trace = Trace(id: id, timestamp: timestamp, name: rootObservation.name)
        trace.observations = observations
        trace.scores = scores
        trace.input = rootObservation.input
        trace.output = rootObservation.output
        trace.tags = (rootRow.object["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        var metadata: [(String, JSONValue)] = [
            ("source", TraceFinishing.source(format: first.format, path: first.location.path))
        ]
        let rootMetadata = rootRow.object["metadata"]?.objectValue ?? JSONObject()
        for member in rootMetadata where member.key != "source" { metadata.append((member.key, member.value)) }
        if let expected = rootRow.object["expected"], !expected.isNull { metadata.append(("expected", expected)) }
        trace.metadata = JSONObject(metadata)
        for row in [rootRow] + rows {
            let rowMetadata = row.object["metadata"]?.objectValue
            if trace.sessionID == nil {
                trace.sessionID = SourceValues.string(rowMetadata?["session_id"] ?? rowMetadata?["sessionId"])
            }
            if trace.userID == nil {
                trace.userID = SourceValues.string(rowMetadata?["user_id"] ?? rowMetadata?["userId"])
            }
        }
        TraceFinishing.deriveConversation(for: &trace)
        TraceFinishing.applyPlainStringRule(to: &trace)
        trace.normalize()
        return LocatedTrace(trace: trace, location: first.location, format: first.format)
    }

    /// Epoch seconds (a float in real data); 0 and non-numbers mean unknown (FORMATS.md (d)).
    private func seconds(_ value: JSONValue?) -> Timestamp? {
        guard case .number(let number)? = value, number.double != 0 else { return nil }
        return SourceValues.epochTimestamp(literal: number.literal)
    }
}
