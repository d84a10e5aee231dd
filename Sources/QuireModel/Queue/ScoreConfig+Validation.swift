/// Checks score configs against Langfuse's rules, naming the field at fault.
extension ScoreConfig {
    /// Whether a score name follows Langfuse's rule: 1–35 characters of letters, digits, `_ .()-`.
    /// - Parameter name: the name.
    /// - Returns: whether Langfuse accepts the name.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...35).contains(name.count) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", " ", ".", "(", ")", "-": true
            default: false
            }
        }
    }

    /// Checks the config.
    /// - Throws: ``FieldError`` whose field is relative to the config (`min`, `categories[1].label`).
    public func validate() throws(FieldError) {
        guard Self.isValidName(name) else {
            throw FieldError(
                field: "name", reason: "must be 1–35 characters of letters, digits, space and _.()- (got \"\(name)\")")
        }
        switch kind {
        case .numeric:
            if let minimum, let maximum, !(minimum < maximum) {
                throw FieldError(field: "min", reason: "must be below max (\(Self.format(maximum)))")
            }
            if let step, !(step > 0) { throw FieldError(field: "step", reason: "must be greater than 0") }
            if !categories.isEmpty {
                throw FieldError(field: "categories", reason: "only categorical scores have categories")
            }
        case .categorical:
            guard !categories.isEmpty else {
                throw FieldError(field: "categories", reason: "a categorical score needs at least one category")
            }
            var labels: Set<String> = []
            var values: Set<Double> = []
            for (index, category) in categories.enumerated() {
                guard !category.label.isEmpty else {
                    throw FieldError(field: "categories[\(index)].label", reason: "must not be empty")
                }
                guard labels.insert(category.label).inserted else {
                    throw FieldError(
                        field: "categories[\(index)].label", reason: "duplicate label \"\(category.label)\"")
                }
                guard category.value.isFinite else {
                    throw FieldError(field: "categories[\(index)].value", reason: "must be a finite number")
                }
                guard values.insert(category.value).inserted else {
                    throw FieldError(
                        field: "categories[\(index)].value", reason: "duplicate value \(Self.format(category.value))")
                }
            }
        case .boolean:
            guard categories == Self.booleanCategories else {
                throw FieldError(field: "categories", reason: "a boolean score's categories are fixed: True=1, False=0")
            }
        case .text, .correction:
            if !categories.isEmpty {
                throw FieldError(field: "categories", reason: "only categorical scores have categories")
            }
            if let maximumLength, maximumLength < 1 {
                throw FieldError(field: "max_length", reason: "must be at least 1")
            }
        }
        if kind != .numeric,
            let rangeField = [("min", minimum), ("max", maximum), ("step", step)].first(where: { $0.1 != nil })?.0
        {
            throw FieldError(field: rangeField, reason: "only numeric scores have a range")
        }
        if let level {
            switch (kind, level) {
            case (.numeric, .interval), (.numeric, .ordinal), (.numeric, .ratio), (.categorical, .nominal),
                (.categorical, .ordinal), (.boolean, .nominal):
                break
            default:
                throw FieldError(field: "level", reason: "\(level.rawValue) does not fit a \(kind.rawValue) score")
            }
        }
    }

    /// A number as people write it: `5`, not `5.0`.
    /// - Parameter value: the number.
    /// - Returns: the shortest decimal spelling.
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
