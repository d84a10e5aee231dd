import QuireAgreement
import QuireModel

/// Builds the rating table of one score from stored values, and spells values for people.
enum ScoreTable {
    /// The level agreement uses (DESIGN.md §5): numeric → interval unless the config sets `level`; categorical →
    /// nominal unless `ordered` (then ordinal) or `level`; boolean → nominal; text and corrections none.
    /// - Parameter config: the score.
    /// - Returns: the level, nil for text and corrections.
    static func level(of config: ScoreConfig) -> MeasurementLevel? {
        config.agreementLevel.flatMap { MeasurementLevel(rawValue: $0.rawValue) }
    }

    /// The table of one score: numbers for numeric scores; labels on the config's scale (so ordered levels use the
    /// category values and the matrices list labels in value order) for categorical and boolean ones.
    /// - Parameters:
    ///   - config: a numeric, categorical or boolean score.
    ///   - ratings: one per item × reviewer, stored values.
    /// - Returns: the table.
    /// - Throws: `AgreementInputError` (not for values a verified journal holds).
    static func table(_ config: ScoreConfig, ratings: [(item: String, reviewer: String, value: JSONValue)]) throws
        -> RatingTable
    {
        switch config.kind {
        case .numeric:
            return try RatingTable(
                numbers: ratings.map { Rating(item: $0.item, reviewer: $0.reviewer, value: $0.value.doubleValue) })
        default:
            let scale = config.categories.map { RatingTable.Category(label: $0.label, value: $0.value) }
            return try RatingTable(
                labels: ratings.map {
                    Rating(item: $0.item, reviewer: $0.reviewer, value: label(of: $0.value, config))
                },
                scale: scale)
        }
    }

    /// A stored value as people read it: the number, the label (`True`/`False` for booleans), the text.
    /// - Parameters:
    ///   - value: a stored value.
    ///   - config: its score.
    /// - Returns: the text.
    static func label(of value: JSONValue, _ config: ScoreConfig) -> String {
        switch config.kind {
        case .boolean:
            if let number = value.doubleValue, let category = config.categories.first(where: { $0.value == number }) {
                return category.label
            }
            return value.stringValue ?? value.jsonText
        case .numeric:
            if let number = value.doubleValue, let spelled = JSONNumber(number) { return spelled.literal }
            return value.jsonText
        default:
            return value.stringValue ?? value.jsonText
        }
    }

    /// A stored value spelled for `RatingTable(parsing:level:)`: labels at the nominal level, numbers (the
    /// category's value for categorical and boolean scores) at the ordered ones.
    /// - Parameters:
    ///   - value: a stored value.
    ///   - config: its score.
    ///   - level: the level the table is built at.
    /// - Returns: the spelling.
    static func spelling(of value: JSONValue, _ config: ScoreConfig, level: MeasurementLevel) -> String {
        guard level.isNumeric else { return label(of: value, config) }
        if let number = config.numericValue(of: value), let spelled = JSONNumber(number) { return spelled.literal }
        return label(of: value, config)
    }
}
