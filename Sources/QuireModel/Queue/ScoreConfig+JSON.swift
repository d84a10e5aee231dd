/// Reads and writes score configs with the key names of queue files and `queue.json`.
extension ScoreConfig {
    static let knownKeys: Set<String> = [
        "name", "type", "description", "min", "max", "step", "categories", "max_length", "target", "level", "ordered",
        "id",
    ]

    /// Reads a config from its JSON (or YAML-converted) form and validates it.
    /// - Parameter json: an object such as `{name: correctness, type: numeric, min: 1, max: 5}`.
    /// - Throws: ``FieldError`` with a field relative to the config.
    public init(json: JSONValue) throws(FieldError) {
        let reader = try JSONFieldReader(json)
        if let unknown = reader.object.keys.first(where: { !Self.knownKeys.contains($0) }) {
            throw FieldError(
                field: unknown,
                reason: "unknown key; expected one of " + Self.knownKeys.sorted().joined(separator: ", "))
        }
        let name = try reader.requiredString("name")
        let typeName = try reader.requiredString("type")
        guard let kind = Kind(rawValue: typeName) else {
            throw FieldError(
                field: "type",
                reason: "unknown type \"\(typeName)\"; expected one of "
                    + Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.init(name: name, kind: kind)
        description = try reader.optionalString("description")
        minimum = try reader.optionalNumber("min")?.double
        maximum = try reader.optionalNumber("max")?.double
        step = try reader.optionalNumber("step")?.double
        if let length = try reader.optionalNumber("max_length") {
            guard let int = length.int else { throw FieldError(field: "max_length", reason: "must be an integer") }
            maximumLength = int
        }
        if let targetName = try reader.optionalString("target") {
            guard let target = Target(rawValue: targetName) else {
                throw FieldError(
                    field: "target",
                    reason: "unknown target \"\(targetName)\"; expected one of "
                        + Target.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.target = target
        }
        if let levelName = try reader.optionalString("level") {
            guard let level = Level(rawValue: levelName) else {
                throw FieldError(
                    field: "level",
                    reason: "unknown level \"\(levelName)\"; expected one of "
                        + Level.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.level = level
        }
        isOrdered = try reader.optionalBool("ordered") ?? false
        id = try reader.optionalString("id")
        let categoryValues = try reader.array("categories")
        if !categoryValues.isEmpty || kind == .categorical {
            var categories: [Category] = []
            for (index, element) in categoryValues.enumerated() {
                let path = "categories[\(index)]"
                let category = try JSONFieldReader(element, path: path)
                let label = try category.requiredString("label")
                guard let value = try category.optionalNumber("value") else {
                    throw FieldError(field: "\(path).value", reason: "missing")
                }
                categories.append(Category(label: label, value: value.double))
            }
            self.categories = categories
        }
        try validate()
    }

    /// The config as JSON, keys in a fixed order, absent options omitted.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name)), ("type", .string(kind.rawValue))]
        if let id { members.append(("id", .string(id))) }
        if let description { members.append(("description", .string(description))) }
        if let minimum { members.append(("min", .double(minimum))) }
        if let maximum { members.append(("max", .double(maximum))) }
        if let step { members.append(("step", .double(step))) }
        if kind == .categorical || kind == .boolean {
            members.append(
                (
                    "categories",
                    .array(categories.map { .object(["label": .string($0.label), "value": .double($0.value)]) })
                ))
        }
        if let maximumLength { members.append(("max_length", .int(maximumLength))) }
        members.append(("target", .string(target.rawValue)))
        if let level { members.append(("level", .string(level.rawValue))) }
        if isOrdered { members.append(("ordered", .bool(true))) }
        return .object(JSONObject(members))
    }
}
