import QuireModel

/// Langfuse trace exports → native traces (FORMATS.md (a)).
///
/// Accepts `{"trace": {…}, "observations": […]}`, arrays of those, JSONL of those, a bare trace with its
/// observations inside, and native lines. JSON-encoded strings are decoded (twice when encoded twice),
/// message shapes are normalised, observations are sorted, and fields the native format has no place for
/// are kept under `metadata.langfuse`.
struct LangfuseImporter {
    let path: String
    let options: TraceReadOptions
    let invalid: InvalidRecordHandler

    /// Trace fields the importer maps; everything else goes to `metadata.langfuse`.
    static let traceKeys: Set<String> = [
        "id", "name", "timestamp", "sessionId", "userId", "environment", "release", "version", "tags", "metadata",
        "input", "output", "observations", "scores",
    ]
    /// Observation fields the importer maps.
    static let observationKeys: Set<String> = [
        "id", "traceId", "parentObservationId", "type", "name", "startTime", "endTime", "model", "input", "output",
        "usageDetails", "costDetails", "level", "statusMessage", "metadata", "completionStartTime",
    ]
    /// Observation fields derived from others (usage and cost totals, latency): dropped, not kept.
    static let derivedObservationKeys: Set<String> = [
        "inputUsage", "outputUsage", "totalUsage", "totalCost", "inputCost", "outputCost", "latency",
        "timeToFirstToken", "traceId",
    ]
    /// Score fields with a native place.
    static let scoreKeys: Set<String> = [
        "name", "value", "stringValue", "dataType", "source", "comment", "observationId",
    ]

    /// The traces of one record: one for an export or a bare trace, several for an array.
    func traces(from record: JSONRecord) throws -> [Trace] {
        switch record.value {
        case .array(let elements):
            var result: [Trace] = []
            for (index, element) in elements.enumerated() {
                result.append(contentsOf: try traces(from: element, at: record.location, path: "[\(index)]"))
            }
            return result
        default:
            return try traces(from: record.value, at: record.location, path: "")
        }
    }

    private func traces(from value: JSONValue, at location: SourceLocation, path: String) throws -> [Trace] {
        do {
            guard case .object(let object) = value else {
                throw FieldError(
                    field: path, reason: "expected a Langfuse trace export object, found \(value.typeName)")
            }
            if case .object(let trace)? = object["trace"] {
                var observations = object["observations"]
                if observations == nil || observations == .null { observations = trace["observations"] }
                let tracePath = path.isEmpty ? "trace" : "\(path).trace"
                let observationsPath = path.isEmpty ? "observations" : "\(path).observations"
                return try convert(
                    trace: trace, observations: observations, tracePath: tracePath,
                    observationsPath: object["observations"] == nil ? "\(tracePath).observations" : observationsPath,
                    location: location
                ).map { [$0] } ?? []
            }
            if TraceFormatSniffer.isNativeShaped(object) {
                var trace = try Trace(json: value)
                trace.normalize()
                return [trace]
            }
            return try convert(
                trace: object, observations: object["observations"], tracePath: path,
                observationsPath: path.isEmpty ? "observations" : "\(path).observations", location: location
            ).map { [$0] } ?? []
        } catch let error as FieldError {
            try invalid.report(location, error.description)
            return []
        }
    }

    private func field(_ base: String, _ key: String) -> String {
        base.isEmpty ? key : "\(base).\(key)"
    }

    // MARK: - Trace

    private func convert(
        trace object: JSONObject, observations observationsValue: JSONValue?, tracePath: String,
        observationsPath: String, location: SourceLocation
    ) throws -> Trace? {
        let reader = JSONFieldReader(object, path: tracePath)
        let id = try reader.requiredString("id")
        var observations: [Observation] = []
        var synthesized: [(name: String, id: String)] = []
        let elements: [JSONValue]
        switch observationsValue {
        case nil, .null?: elements = []
        case .array(let array)?: elements = array
        case let other?:
            throw FieldError(field: observationsPath, reason: "expected array, found \(other.typeName)")
        }
        for (index, element) in elements.enumerated() {
            let elementPath = "\(observationsPath)[\(index)]"
            do {
                let converted = try observation(from: element, path: elementPath, traceID: id)
                observations.append(converted.observation)
                synthesized.append(contentsOf: converted.synthesized)
            } catch let error as FieldError {
                try invalid.report(location, error.description)
            }
        }
        let timestampValue = object["timestamp"]
        var timestamp: Timestamp
        if let parsed = SourceValues.timestamp(timestampValue) {
            timestamp = parsed
        } else if timestampValue == nil || timestampValue == .null, let earliest = observations.map(\.startTime).min() {
            timestamp = earliest
        } else if timestampValue == nil || timestampValue == .null {
            throw FieldError(field: field(tracePath, "timestamp"), reason: "missing")
        } else {
            throw FieldError(
                field: field(tracePath, "timestamp"), reason: "not a timestamp: \(String(describing: timestampValue))")
        }
        timestamp = Timestamp(nanosecondsSinceEpoch: timestamp.nanoseconds)
        var trace = Trace(id: id, timestamp: timestamp)
        trace.name = try reader.optionalString("name")
        trace.sessionID = try reader.optionalString("sessionId")
        trace.userID = try reader.optionalString("userId")
        if let environment = try reader.optionalString("environment"), !environment.isEmpty {
            trace.environment = environment
        }
        trace.release = try reader.optionalString("release")
        trace.version = try reader.optionalString("version")
        trace.tags = try reader.stringArray("tags")
        trace.observations = observations

        var metadata = SourceValues.decodedObject(object["metadata"], maximumDepth: options.maximumDepth)
        var notes = NormalizationNotes()
        let input = SourceValues.decoded(
            object["input"] ?? .null, acceptsScalars: true, maximumDepth: options.maximumDepth)
        let output = SourceValues.decoded(
            object["output"] ?? .null, acceptsScalars: true, maximumDepth: options.maximumDepth)
        trace.input = MessageNormalizer.input(input, isGeneration: false, notes: &notes)
        trace.output = MessageNormalizer.output(output, isGeneration: true, textIsAssistant: false, notes: &notes)
        synthesized.append(contentsOf: notes.synthesizedCallIDs)
        for (key, value) in notes.metadataMembers where metadata[key] == nil { metadata[key] = value }

        var scores: [TraceScore] = []
        for (index, element) in try reader.array("scores").enumerated() {
            do {
                scores.append(try score(from: element, path: "\(field(tracePath, "scores"))[\(index)]"))
            } catch let error as FieldError {
                try invalid.report(location, error.description)
            }
        }
        trace.scores = scores

        var extra: [(String, JSONValue)] = []
        for member in object where !Self.traceKeys.contains(member.key) && !member.value.isNull {
            extra.append((member.key, member.value))
        }
        if !extra.isEmpty, metadata["langfuse"] == nil { metadata["langfuse"] = .object(JSONObject(extra)) }
        if metadata["source"] == nil { metadata["source"] = TraceFinishing.source(format: .langfuse, path: path) }
        trace.metadata = metadata

        TraceFinishing.deriveConversation(for: &trace)
        TraceFinishing.applyPlainStringRule(to: &trace)
        TraceFinishing.pairToolCalls(in: &trace, synthesized: synthesized)
        trace.normalize()
        return trace
    }

    // MARK: - Observation

    private func observation(from value: JSONValue, path: String, traceID: String) throws -> (
        observation: Observation, synthesized: [(name: String, id: String)]
    ) {
        let reader = try JSONFieldReader(value, path: path)
        let object = reader.object
        let id = try reader.requiredString("id")
        let type = try reader.optionalString("type") ?? "SPAN"
        guard let start = SourceValues.timestamp(object["startTime"]) else {
            let startValue = object["startTime"]
            throw FieldError(
                field: reader.fieldPath("startTime"),
                reason: startValue == nil || startValue == .null ? "missing" : "not a timestamp")
        }
        var observation = Observation(id: id, type: type, startTime: start)
        observation.traceID = traceID
        observation.parentObservationID = try reader.optionalString("parentObservationId")
        observation.name = try reader.optionalString("name")
        if let endValue = object["endTime"], !endValue.isNull {
            guard let end = SourceValues.timestamp(endValue) else {
                throw FieldError(field: reader.fieldPath("endTime"), reason: "not a timestamp")
            }
            observation.endTime = end
        }
        observation.model = try reader.optionalString("model")
        observation.level = try reader.optionalString("level") ?? "DEFAULT"
        observation.statusMessage = try reader.optionalString("statusMessage")

        var metadata = SourceValues.decodedObject(object["metadata"], maximumDepth: options.maximumDepth)
        let isGeneration = type == "GENERATION"
        var notes = NormalizationNotes()
        let input = SourceValues.decoded(
            object["input"] ?? .null, acceptsScalars: false, maximumDepth: options.maximumDepth)
        let output = SourceValues.decoded(
            object["output"] ?? .null, acceptsScalars: false, maximumDepth: options.maximumDepth)
        observation.output = MessageNormalizer.output(output, isGeneration: isGeneration, notes: &notes)
        observation.input = MessageNormalizer.input(input, isGeneration: isGeneration, notes: &notes)
        if let instructions = notes.instructions, case .array(var messages) = observation.input,
            messages.first?["role"] != .string("system")
        {
            messages.insert(ChatMessage.message(role: "system", content: .string(instructions)), at: 0)
            observation.input = .array(messages)
        }

        observation.usageDetails = try usage(object, reader: reader)
        observation.costDetails = try cost(object, reader: reader)

        let attributes = metadata["attributes"]?.objectValue
        if type == "TOOL", metadata["tool_call_id"] == nil {
            var idNotes = NormalizationNotes()
            if let given = attributes?["gen_ai.tool.call.id"] ?? attributes?["tool_call.id"] {
                let callID = MessageNormalizer.callID(given, notes: &idNotes)
                if !callID.isEmpty { metadata["tool_call_id"] = .string(callID) }
            }
        }
        if isGeneration, metadata["response_format"] == nil,
            let format = ResponseFormatDetector.responseFormat(
                attributes: attributes, parameters: object["modelParameters"], maximumDepth: options.maximumDepth)
        {
            metadata["response_format"] = format
        }
        if let completionStart = object["completionStartTime"], !completionStart.isNull,
            metadata["completionStartTime"] == nil
        {
            metadata["completionStartTime"] = completionStart
        }
        for (key, value) in notes.metadataMembers where metadata[key] == nil { metadata[key] = value }
        var extra: [(String, JSONValue)] = []
        for member in object
        where !Self.observationKeys.contains(member.key) && !Self.derivedObservationKeys.contains(member.key)
            && !member.value.isNull
        {
            extra.append((member.key, member.value))
        }
        if !extra.isEmpty, metadata["langfuse"] == nil { metadata["langfuse"] = .object(JSONObject(extra)) }
        observation.metadata = metadata
        return (observation, notes.synthesizedCallIDs)
    }

    /// `usageDetails` (integer counts, extra keys kept), else the older `inputUsage`/`outputUsage`/`totalUsage`.
    private func usage(_ object: JSONObject, reader: JSONFieldReader) throws -> JSONObject {
        var counts: [(String, JSONValue)] = []
        switch object["usageDetails"] {
        case .object(let details)?:
            for member in details {
                switch SourceValues.tokenCount(member.value) {
                case .success(let count?): counts.append((member.key, .int(count)))
                case .success(nil): continue
                case .failure(let problem):
                    throw FieldError(field: "\(reader.fieldPath("usageDetails")).\(member.key)", reason: problem.reason)
                }
            }
        case nil, .null?:
            for (key, name) in [("inputUsage", "input"), ("outputUsage", "output"), ("totalUsage", "total")] {
                switch SourceValues.tokenCount(object[key]) {
                case .success(let count?) where count > 0: counts.append((name, .int(count)))
                case .success: continue
                case .failure(let problem): throw FieldError(field: reader.fieldPath(key), reason: problem.reason)
                }
            }
        case let other?:
            throw FieldError(
                field: reader.fieldPath("usageDetails"), reason: "expected object, found \(other.typeName)")
        }
        return SourceValues.withTotal(counts)
    }

    /// `costDetails` (numbers in USD), else `totalCost` when it is set and not zero.
    private func cost(_ object: JSONObject, reader: JSONFieldReader) throws -> JSONObject {
        switch object["costDetails"] {
        case .object(let details)?:
            var amounts: [(String, JSONValue)] = []
            for member in details {
                if let amount = SourceValues.amount(member.value) { amounts.append((member.key, .number(amount))) }
            }
            return JSONObject(amounts)
        case nil, .null?:
            if let total = SourceValues.amount(object["totalCost"]), total.double != 0 {
                return JSONObject([("total", .number(total))])
            }
            return JSONObject()
        case let other?:
            throw FieldError(field: reader.fieldPath("costDetails"), reason: "expected object, found \(other.typeName)")
        }
    }

    // MARK: - Scores

    private func score(from value: JSONValue, path: String) throws -> TraceScore {
        let reader = try JSONFieldReader(value, path: path)
        var score = TraceScore(name: try reader.requiredString("name"))
        score.value = try reader.optionalNumber("value")
        score.stringValue = try reader.optionalString("stringValue")
        score.dataType = try reader.optionalString("dataType")
        score.source = try reader.optionalString("source")
        score.comment = try reader.optionalString("comment")
        score.observationID = try reader.optionalString("observationId")
        var extra: [(String, JSONValue)] = []
        for member in reader.object where !Self.scoreKeys.contains(member.key) && !member.value.isNull {
            if member.key == "metadata" {
                extra.append(
                    (member.key, .object(SourceValues.decodedObject(member.value, maximumDepth: options.maximumDepth))))
            } else {
                extra.append((member.key, member.value))
            }
        }
        score.extra = JSONObject(extra)
        return score
    }
}
