import QuireModel

/// Request bodies for Langfuse's public API, one JSON object a line, with ids derived from content so an
/// upload repeated after a re-export updates instead of duplicating (Langfuse upserts scores and dataset
/// items on `id`).
enum LangfuseExport {
    /// Langfuse limits TEXT score values to 1–500 characters.
    static let textLimit = 500

    /// `POST /api/public/scores` bodies: one per reviewer annotation (and per consensus value when asked).
    static func scores(_ version: DatasetVersion, options: DatasetExportOptions) throws -> [UInt8] {
        let manifest = version.manifest
        if options.scoreSource == .annotation {
            let missing = manifest.scores.filter {
                $0.kind != .correction && options.configIDs[$0.name] == nil && $0.id == nil
            }
            if !missing.isEmpty { throw DatasetError.missingConfigIDs(missing.map(\.name)) }
        }
        let configs = Dictionary(manifest.scores.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var bodies: [JSONValue] = []
        for record in version.records {
            for annotation in record.annotations {
                guard let name = annotation["name"]?.stringValue, let config = configs[name],
                    let reviewer = annotation["reviewer"]?.stringValue
                else { continue }
                let body = body(
                    record: record, config: config, author: reviewer, value: annotation["value"] ?? .null,
                    comment: annotation["comment"]?.stringValue, timestamp: annotation["at"]?.stringValue,
                    manifest: manifest, options: options)
                if let body { bodies.append(body) }
            }
            guard options.includesConsensus else { continue }
            for config in manifest.scores {
                guard let value = record.scores[config.name], !value.isNull else { continue }
                let status = record.scoreStatus[config.name]?.stringValue ?? "agreed"
                let policy =
                    manifest.tolerance.map { "\(manifest.policy), tolerance \(ScoreConfig.format($0))" }
                    ?? manifest.policy
                let body = body(
                    record: record, config: config, author: "consensus", value: value,
                    comment: "Quire consensus (\(status); policy \(policy))",
                    timestamp: manifest.sources.mergedAt.canonicalText, manifest: manifest, options: options)
                if let body { bodies.append(body) }
            }
        }
        return JSONLines.bytes(bodies)
    }

    /// One score body, or nil when the value cannot be sent (empty text).
    private static func body(
        record: DatasetRecord, config: ScoreConfig, author: String, value: JSONValue, comment: String?,
        timestamp: String?, manifest: DatasetManifest, options: DatasetExportOptions
    ) -> JSONValue? {
        var members: [(String, JSONValue)] = [
            (
                "id",
                .string(
                    DerivedUUID.make([
                        "quire-score", manifest.name, record.traceID, record.observationID ?? "",
                        record.sessionID ?? "", config.name, author,
                    ]))
            )
        ]
        switch config.target {
        case .session where record.sessionID != nil:
            members.append(("sessionId", .optionalString(record.sessionID)))
        case .observation where record.observationID != nil:
            members.append(("traceId", .string(record.traceID)))
            members.append(("observationId", .optionalString(record.observationID)))
        default:
            members.append(("traceId", .string(record.traceID)))
        }
        members.append(("name", .string(config.name)))
        var metadata: [(String, JSONValue)] = [
            ("author", .string(author)), ("dataset", .string(manifest.name)),
            ("version", .string(manifest.versionName)), ("item", .string(record.item)),
        ]
        switch config.kind {
        case .numeric:
            guard let number = numeric(value) else { return nil }
            members.append(("value", number))
            members.append(("dataType", .string("NUMERIC")))
        case .boolean:
            guard let number = boolean(value) else { return nil }
            members.append(("value", number))
            members.append(("dataType", .string("BOOLEAN")))
        case .categorical:
            guard let label = label(value, config: config) else { return nil }
            members.append(("value", .string(label)))
            members.append(("dataType", .string("CATEGORICAL")))
        case .text:
            let text = value.stringValue ?? value.jsonText
            guard !text.isEmpty else { return nil }
            if text.count > textLimit {
                members.append(("value", .string(String(text.prefix(textLimit)))))
                metadata.append(("truncatedFrom", .int(text.count)))
            } else {
                members.append(("value", .string(text)))
            }
            members.append(("dataType", .string("TEXT")))
        case .correction:
            let text = value.stringValue ?? value.jsonText
            guard !text.isEmpty else { return nil }
            members.append(("value", .string(text)))
            members.append(("dataType", .string("CORRECTION")))
        }
        if let configID = options.configIDs[config.name] ?? config.id {
            members.append(("configId", .string(configID)))
        }
        if let comment, !comment.isEmpty { members.append(("comment", .string(comment))) }
        members.append(("source", .string(options.scoreSource.rawValue)))
        if let timestamp { members.append(("timestamp", .string(timestamp))) }
        members.append(("metadata", .object(JSONObject(metadata))))
        return .object(JSONObject(members))
    }

    private static func numeric(_ value: JSONValue) -> JSONValue? {
        if case .number = value { return value }
        if let text = value.stringValue, let number = Double(text), let json = JSONNumber(number) {
            return .number(json)
        }
        return nil
    }

    /// Booleans as Langfuse wants them: 1 or 0.
    private static func boolean(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .bool(let flag): return .int(flag ? 1 : 0)
        case .number(let number): return number.double == 0 ? .int(0) : .int(1)
        case .string(let text):
            switch text.lowercased() {
            case "true", "1": return .int(1)
            case "false", "0": return .int(0)
            default: return nil
            }
        default: return nil
        }
    }

    /// A categorical value as its label (a number is looked up among the categories).
    private static func label(_ value: JSONValue, config: ScoreConfig) -> String? {
        if let text = value.stringValue { return text }
        if let number = value.doubleValue { return config.categories.first { $0.value == number }?.label }
        return nil
    }

    /// `POST /api/public/dataset-items` bodies, one per record.
    static func datasetItems(_ version: DatasetVersion, options: DatasetExportOptions) -> [UInt8] {
        let manifest = version.manifest
        let datasetName = options.langfuseDatasetName ?? manifest.name
        var bodies: [JSONValue] = []
        for record in version.records {
            var members: [(String, JSONValue)] = [
                ("id", .string(DerivedUUID.make(["quire-dataset-item", datasetName, record.item]))),
                ("datasetName", .string(datasetName)), ("input", record.input), ("expectedOutput", record.expected),
                (
                    "metadata",
                    .object(
                        JSONObject([
                            ("quireDataset", .string(manifest.name)), ("quireVersion", .string(manifest.versionName)),
                            ("item", .string(record.item)), ("status", .string(record.status.rawValue)),
                            ("scores", .object(record.scores)), ("traceMetadata", .object(record.metadata)),
                        ]))
                ),
                ("sourceTraceId", .string(record.traceID)),
            ]
            if let observationID = record.observationID {
                members.append(("sourceObservationId", .string(observationID)))
            }
            bodies.append(.object(JSONObject(members)))
        }
        return JSONLines.bytes(bodies)
    }
}
