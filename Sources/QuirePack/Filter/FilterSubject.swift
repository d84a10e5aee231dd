import QuireModel

/// Something a filter reads field values from: a whole trace, or the top level of a native line.
protocol FilterSubject {
    /// The field's value; nil when the field is missing, null, or (for tags and model) empty.
    func value(of field: FilterField) -> FilterValue?
}

extension FilterSubject {
    static func metadataValue(_ metadata: JSONObject, path: [String]) -> FilterValue? {
        guard let first = path.first, var value = metadata[first] else { return nil }
        for key in path.dropFirst() {
            guard let next = value[key] else { return nil }
            value = next
        }
        return FilterValue(json: value)
    }

    static func stringList(_ strings: [String]) -> FilterValue? {
        strings.isEmpty ? nil : .list(strings.map(FilterValue.string))
    }
}

/// A parsed trace, with the derived fields of NATIVE.md "Conventions".
struct TraceFilterSubject: FilterSubject {
    let trace: Trace

    func value(of field: FilterField) -> FilterValue? {
        switch field {
        case .id: return .string(trace.id)
        case .name: return trace.name.map(FilterValue.string)
        case .environment: return .string(trace.environment)
        case .userID: return trace.userID.map(FilterValue.string)
        case .sessionID: return trace.sessionID.map(FilterValue.string)
        case .release: return trace.release.map(FilterValue.string)
        case .version: return trace.version.map(FilterValue.string)
        case .tags: return Self.stringList(trace.tags)
        case .metadata(let path): return Self.metadataValue(trace.metadata, path: path)
        case .timestamp: return .instant(trace.timestamp.nanoseconds)
        case .latency: return latency
        case .tokens: return tokens
        case .cost: return cost
        case .model: return models
        case .level: return level
        case .score(let name): return scores(named: name)
        }
    }

    /// Max end − min start over the observations, in milliseconds; missing when no observation has ended.
    private var latency: FilterValue? {
        guard let start = trace.observations.map(\.startTime.nanoseconds).min(),
            let end = trace.observations.compactMap({ $0.endTime?.nanoseconds }).max()
        else { return nil }
        return .number(Double(end - start) / 1_000_000)
    }

    /// The sum of GENERATION tokens (`total`, else input + output); 0 when there are none.
    private var tokens: FilterValue {
        var sum = 0
        for observation in trace.observations where observation.type == "GENERATION" {
            sum += observation.totalTokens ?? 0
        }
        return .number(Double(sum))
    }

    /// The sum of `costDetails.total` over all observations; 0 when none records a cost.
    private var cost: FilterValue {
        var sum = 0.0
        for observation in trace.observations { sum += observation.totalCost ?? 0 }
        return .number(sum)
    }

    /// The distinct models of the GENERATIONs, in first-seen order.
    private var models: FilterValue? {
        var seen: [String] = []
        for observation in trace.observations where observation.type == "GENERATION" {
            if let model = observation.model, !model.isEmpty, !seen.contains(model) { seen.append(model) }
        }
        return Self.stringList(seen)
    }

    /// The highest known observation level; unknown level names are ignored.
    private var level: FilterValue? {
        trace.observations.compactMap { FilterValue.levelRank($0.level) }.max().map(FilterValue.level)
    }

    /// Every score with the name, each as its number, its string value and, for booleans, true or false.
    private func scores(named name: String) -> FilterValue? {
        var values: [FilterValue] = []
        for score in trace.scores where score.name == name {
            if let number = score.value { values.append(.number(number.double)) }
            if let text = score.stringValue { values.append(.string(text)) }
            if score.dataType == "BOOLEAN", let number = score.value {
                values.append(.bool(number.double != 0))
            } else if let text = score.stringValue?.lowercased(), text == "true" || text == "false" {
                values.append(.bool(text == "true"))
            }
        }
        return values.isEmpty ? nil : .list(values)
    }
}

/// The top-level members of a native line, read without building a ``Trace``.
///
/// Gives the same values as ``TraceFilterSubject`` for the fields it covers, reading them the way
/// `Trace(json:)` does (environment `default` when absent, non-string tags skipped).
struct ObjectFilterSubject: FilterSubject {
    let object: JSONObject

    private func string(_ key: String) -> FilterValue? {
        object[key]?.stringValue.map(FilterValue.string)
    }

    func value(of field: FilterField) -> FilterValue? {
        switch field {
        case .id: return string("id")
        case .name: return string("name")
        case .environment: return .string(object["environment"]?.stringValue ?? "default")
        case .userID: return string("userId")
        case .sessionID: return string("sessionId")
        case .release: return string("release")
        case .version: return string("version")
        case .tags: return Self.stringList(object["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        case .metadata(let path):
            guard let metadata = object["metadata"]?.objectValue else { return nil }
            return Self.metadataValue(metadata, path: path)
        case .timestamp:
            guard let text = object["timestamp"]?.stringValue, let timestamp = Timestamp(rfc3339: text) else {
                return nil
            }
            return .instant(timestamp.nanoseconds)
        case .latency, .tokens, .cost, .model, .level, .score:
            return nil
        }
    }
}
