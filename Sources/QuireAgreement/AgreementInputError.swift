public import QuireModel

/// Ratings that cannot be read or cannot be put in one table: what is wrong and where.
///
/// Malformed input is the data's fault (exit 65); asking for a score the file does not hold, or not
/// choosing among several, is a usage problem (exit 64). The fault is decided per case (STYLE.md §2.4).
public enum AgreementInputError: QuireError, Equatable {
    /// The file has no header line.
    case emptyFile(at: SourceLocation)
    /// The bytes are not CSV as RFC 4180 writes it: an unterminated quote, a stray quote, a wrong number
    /// of fields, invalid UTF-8.
    case malformedCSV(at: SourceLocation, reason: String)
    /// The header lacks a required column (`item`, `reviewer` or `value`).
    case missingColumn(at: SourceLocation, column: String)
    /// The header names a column Quire reads more than once.
    case duplicateColumn(at: SourceLocation, column: String)
    /// A row leaves a required field (`item`, `reviewer`, or `score` when that column exists) empty.
    case emptyField(at: SourceLocation, column: String)
    /// A value is not a finite number, at a level that needs numbers.
    case nonNumericValue(at: SourceLocation?, value: String)
    /// The same reviewer rated the same item twice, so the table would be ambiguous.
    case duplicateRating(at: SourceLocation?, item: String, reviewer: String, firstAt: SourceLocation?)
    /// A label is not among the categories of the scale.
    case unknownCategory(at: SourceLocation?, label: String)
    /// The categories of a scale repeat a label or a value, or have a value that is not finite.
    case invalidCategories(reason: String)
    /// The ratings hold several scores and none was chosen.
    case severalScores(at: SourceLocation, scores: [String])
    /// The chosen score is not in the ratings.
    case unknownScore(at: SourceLocation, score: String, available: [String])
    /// A score was chosen but the file has no `score` column.
    case noScoreColumn(at: SourceLocation, score: String)

    /// Usage problems for the score choice, invalid data for everything else.
    public var fault: Fault {
        switch self {
        case .severalScores, .unknownScore, .noScoreColumn: .usage
        default: .data
        }
    }

    /// `path:line: reason`, one line.
    public var description: String {
        switch self {
        case .emptyFile(let location):
            return "\(location): empty file: expected a header with item, reviewer and value columns"
        case .malformedCSV(let location, let reason):
            return "\(location): malformed CSV: \(reason)"
        case .missingColumn(let location, let column):
            return "\(location): missing column \"\(column)\" (the header needs item, reviewer and value)"
        case .duplicateColumn(let location, let column):
            return "\(location): column \"\(column)\" appears more than once in the header"
        case .emptyField(let location, let column):
            return "\(location): empty \(column)"
        case .nonNumericValue(let location, let value):
            return Self.located(location, "value \"\(value)\" is not a number (the level needs numbers)")
        case .duplicateRating(let location, let item, let reviewer, let first):
            var previous = ""
            if let first {
                let sameFile = first.path == location?.path && first.line != nil
                previous = sameFile ? " (first on line \(first.line ?? 0))" : " (first at \(first))"
            }
            return Self.located(
                location,
                "reviewer \"\(reviewer)\" rates item \"\(item)\" more than once\(previous)"
            )
        case .unknownCategory(let location, let label):
            return Self.located(location, "\"\(label)\" is not a category of the scale")
        case .invalidCategories(let reason):
            return "invalid categories: \(reason)"
        case .severalScores(let location, let scores):
            return "\(location): several scores (\(scores.joined(separator: ", "))): choose one with --score"
        case .unknownScore(let location, let score, let available):
            let names = available.isEmpty ? "none" : available.joined(separator: ", ")
            return "\(location): no score \"\(score)\" (scores: \(names))"
        case .noScoreColumn(let location, let score):
            return "\(location): no score column, so --score \(score) cannot select rows"
        }
    }

    private static func located(_ location: SourceLocation?, _ message: String) -> String {
        guard let location else { return message }
        return "\(location): \(message)"
    }
}
