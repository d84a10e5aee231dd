public import QuireModel

/// The definition as JSON: the selection part for `queue.json`'s provenance, the whole for `queue check --json`.
extension QueueDefinition {
    /// A percentage in hundredths as a JSON number spelled exactly (`10`, `0.01`, `12.5`).
    static func percentNumber(_ hundredths: Int) -> JSONNumber {
        let whole = hundredths / 100
        var fraction = String(hundredths % 100)
        if fraction.count == 1 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return JSONNumber(literal: fraction.isEmpty ? String(whole) : "\(whole).\(fraction)")
    }

    /// The first non-blank line of the instructions, trimmed and cut to 100 characters; nil without instructions.
    public var instructionsFirstLine: String? {
        let line = instructions.text.split(separator: "\n").map {
            $0.trimmingCharacters(in: " \t\r")
        }.first { !$0.isEmpty }
        guard let line else { return nil }
        return line.count > 100 ? String(line.prefix(99)) + "…" : line
    }

    /// How traces are selected: filter (normal form), classifiers, sample, unit, order and its key, limit.
    ///
    /// Keys: `filter` (string or null), `classifiers` (names, or objects for commands), `sample`
    /// (`{"percent", "key"}` or null), `unit`, `order`, `orderKey`, `limit` (number or null).
    public var selectionJSON: JSONObject {
        JSONObject([
            ("filter", filter.map { .string($0.description) } ?? .null),
            ("classifiers", .array(classifiers.map(Self.json(of:)))),
            (
                "sample",
                sample.map {
                    .object(["percent": .number(Self.percentNumber($0.hundredths)), "key": .string($0.key)])
                } ?? .null
            ),
            ("unit", .string(unit.rawValue)),
            ("order", .string(order.rawValue)),
            ("orderKey", .string(orderKey)),
            ("limit", limit.map(JSONValue.int) ?? .null),
        ])
    }

    private static func json(of classifier: Classifier) -> JSONValue {
        guard case .command(let command) = classifier.kind else { return .string(classifier.kind.description) }
        var object: JSONObject = ["name": .string(classifier.name), "command": .string(command)]
        if let timeout = classifier.timeout {
            let parts = timeout.components
            object["timeout"] = .double(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
        }
        return .object(object)
    }

    /// Everything resolved, for `quire queue check --json`: the selection keys plus `path`, `name`,
    /// `description`, `instructions` (`{"kind": "none"|"inline"|"file", "path"?, "firstLine"}`), `sources`
    /// (`[{"path", "format"}]`), `scores` (configs as in `queue.json`), `reviewers`, `overlap` and `blind`.
    public var summaryJSON: JSONObject {
        var object = selectionJSON
        object["path"] = .string(path)
        object["name"] = .string(name)
        object["description"] = .optionalString(description)
        var instructionsObject = JSONObject()
        switch instructions {
        case .none: instructionsObject["kind"] = .string("none")
        case .inline: instructionsObject["kind"] = .string("inline")
        case .file(let path, _):
            instructionsObject["kind"] = .string("file")
            instructionsObject["path"] = .string(path)
        }
        instructionsObject["firstLine"] = .optionalString(instructionsFirstLine)
        object["instructions"] = .object(instructionsObject)
        object["sources"] = .array(
            sources.map { .object(["path": .string($0.path), "format": .string($0.format.rawValue)]) })
        object["scores"] = .array(scores.map(\.json))
        object["reviewers"] = .array(reviewers.map(JSONValue.string))
        object["overlap"] = .int(overlap)
        object["blind"] = .bool(isBlind)
        return object
    }
}

extension Substring {
    /// The text without the given leading and trailing characters.
    fileprivate func trimmingCharacters(in set: String) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
