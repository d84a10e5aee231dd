/// Why a value does not fit a score config; the message lists what is allowed.
public struct ScoreValueError: QuireError, Equatable {
    /// The score's name.
    public var score: String
    /// What is wrong and what is allowed.
    public var reason: String

    /// Creates an error.
    /// - Parameters:
    ///   - score: the score's name.
    ///   - reason: what is wrong and what is allowed.
    public init(score: String, reason: String) {
        self.score = score
        self.reason = reason
    }

    /// Invalid data.
    public var fault: Fault { .data }

    /// `score "name": reason`.
    public var description: String { "score \"\(score)\": \(reason)" }
}

/// Turns reviewers' input into the stored value and checks it: the same rules for the page, `quire score`
/// and merge.
extension ScoreConfig {
    /// The allowed values, for messages: `1–5 in steps of 1`, `good, bad`, `true, false`.
    public var allowedValuesDescription: String {
        switch kind {
        case .numeric:
            var text: String
            switch (minimum, maximum) {
            case (let low?, let high?): text = "a number from \(Self.format(low)) to \(Self.format(high))"
            case (let low?, nil): text = "a number ≥ \(Self.format(low))"
            case (nil, let high?): text = "a number ≤ \(Self.format(high))"
            case (nil, nil): text = "a number"
            }
            if let step { text += " in steps of \(Self.format(step))" }
            return text
        case .categorical: return "one of " + categories.map(\.label).joined(separator: ", ")
        case .boolean: return "true or false"
        case .text, .correction:
            return maximumLength.map { "text of at most \($0) characters" } ?? "text"
        }
    }

    /// Checks a stored value (number for numeric and boolean, label for categorical, string for text) and
    /// returns it in canonical form.
    /// - Parameter value: the value.
    /// - Returns: the value as stored in journals and merged scores.
    /// - Throws: ``ScoreValueError`` naming the allowed values.
    public func validated(_ value: JSONValue) throws(ScoreValueError) -> JSONValue {
        func refuse(_ shown: String) -> ScoreValueError {
            ScoreValueError(score: name, reason: "\(shown) is not allowed; expected \(allowedValuesDescription)")
        }
        switch kind {
        case .numeric:
            guard case .number(let number) = value, number.double.isFinite else { throw refuse(value.jsonText) }
            let double = number.double
            if let minimum, double < minimum { throw refuse(number.literal) }
            if let maximum, double > maximum { throw refuse(number.literal) }
            if let step {
                let origin = minimum ?? 0
                let steps = (double - origin) / step
                if abs(steps - steps.rounded()) > 1e-9 { throw refuse(number.literal) }
            }
            return .number(number)
        case .boolean:
            switch value {
            case .bool(let bool): return .int(bool ? 1 : 0)
            case .number(let number) where number.double == 1 || number.double == 0:
                return .int(Int(number.double))
            default: throw refuse(value.jsonText)
            }
        case .categorical:
            guard case .string(let label) = value, categories.contains(where: { $0.label == label }) else {
                throw refuse(value.jsonText)
            }
            return .string(label)
        case .text, .correction:
            guard case .string(let text) = value else { throw refuse(value.jsonText) }
            if let maximumLength, text.count > maximumLength {
                throw ScoreValueError(
                    score: name, reason: "text of \(text.count) characters is longer than \(maximumLength)")
            }
            return .string(text)
        }
    }

    /// Parses a value typed on a command line or in a form, then checks it.
    /// - Parameter text: e.g. `4`, `good`, `true`, free text.
    /// - Returns: the stored value.
    /// - Throws: ``ScoreValueError`` naming the allowed values.
    public func parse(_ text: String) throws(ScoreValueError) -> JSONValue {
        switch kind {
        case .numeric:
            guard let double = Double(text), double.isFinite else {
                throw ScoreValueError(
                    score: name, reason: "\"\(text)\" is not a number; expected \(allowedValuesDescription)")
            }
            return try validated(JSONValue.double(double))
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1", "y": return .int(1)
            case "false", "no", "0", "n": return .int(0)
            default:
                throw ScoreValueError(
                    score: name, reason: "\"\(text)\" is not allowed; expected \(allowedValuesDescription)")
            }
        case .categorical:
            if let category = categories.first(where: { $0.label == text }) { return .string(category.label) }
            if let number = Double(text), let category = categories.first(where: { $0.value == number }) {
                return .string(category.label)
            }
            throw ScoreValueError(
                score: name, reason: "\"\(text)\" is not allowed; expected \(allowedValuesDescription)")
        case .text, .correction:
            return try validated(.string(text))
        }
    }

    /// The numeric value Langfuse stores for a stored value (a category's value, 1/0, the number); nil for text.
    /// - Parameter value: a validated stored value.
    /// - Returns: the number, or nil for text and unknown labels.
    public func numericValue(of value: JSONValue) -> Double? {
        switch kind {
        case .numeric, .boolean: value.doubleValue
        case .categorical: value.stringValue.flatMap { label in categories.first { $0.label == label }?.value }
        case .text, .correction: nil
        }
    }
}
