import QuireModel

/// Ratings read from a CSV file in the long format `item,reviewer,value` with an optional `score` column.
///
/// The header may list the columns in any order, with other columns beside them (ignored). An empty
/// `value` is a missing rating; an empty `item`, `reviewer` or `score` is an error. Parsing is a pure
/// function of the bytes: the caller reads the file.
public struct RatingCSV: Sendable, Equatable {
    /// One data row.
    public struct Row: Sendable, Equatable {
        /// The rating, its value as written (nil when empty).
        public var rating: Rating<String>
        /// The `score` field, or nil when the file has no score column.
        public var score: String?

        /// Creates a row.
        /// - Parameters:
        ///   - rating: the rating.
        ///   - score: the score's name, if the file has a score column.
        public init(rating: Rating<String>, score: String?) {
            self.rating = rating
            self.score = score
        }
    }

    /// The path the bytes were read from, as the user named it; used in messages.
    public var path: String
    /// The data rows, in file order.
    public var rows: [Row]
    /// Whether the header has a `score` column.
    public var hasScoreColumn: Bool

    /// Parses CSV bytes (RFC 4180 quoting, LF or CRLF line ends, optional UTF-8 byte order mark).
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - path: the file's name for messages.
    /// - Throws: ``AgreementInputError``: `.emptyFile`, `.malformedCSV`, `.missingColumn`,
    ///   `.duplicateColumn` or `.emptyField`, each with the line.
    /// - Complexity: O(bytes).
    public init(parsing bytes: [UInt8], path: String) throws {
        let records = try CSVRecords.parse(bytes, path: path)
        guard let header = records.first else {
            throw AgreementInputError.emptyFile(at: SourceLocation(path: path, line: 1))
        }
        let headerLocation = SourceLocation(path: path, line: header.line)
        func column(_ name: String, required: Bool) throws -> Int? {
            let matches = header.fields.indices.filter { Self.trimmed(header.fields[$0]) == name }
            guard matches.count <= 1 else {
                throw AgreementInputError.duplicateColumn(at: headerLocation, column: name)
            }
            if required && matches.isEmpty {
                throw AgreementInputError.missingColumn(at: headerLocation, column: name)
            }
            return matches.first
        }
        let itemColumn = try column("item", required: true) ?? 0
        let reviewerColumn = try column("reviewer", required: true) ?? 0
        let valueColumn = try column("value", required: true) ?? 0
        let scoreColumn = try column("score", required: false)

        var rows: [Row] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            let location = SourceLocation(path: path, line: record.line)
            guard record.fields.count == header.fields.count else {
                throw AgreementInputError.malformedCSV(
                    at: location,
                    reason: "expected \(header.fields.count) fields as in the header, found \(record.fields.count)"
                )
            }
            let item = record.fields[itemColumn]
            let reviewer = record.fields[reviewerColumn]
            let value = record.fields[valueColumn]
            guard !item.isEmpty else { throw AgreementInputError.emptyField(at: location, column: "item") }
            guard !reviewer.isEmpty else { throw AgreementInputError.emptyField(at: location, column: "reviewer") }
            var score: String?
            if let scoreColumn {
                guard !record.fields[scoreColumn].isEmpty else {
                    throw AgreementInputError.emptyField(at: location, column: "score")
                }
                score = record.fields[scoreColumn]
            }
            let rating = Rating(item: item, reviewer: reviewer, value: value.isEmpty ? nil : value, location: location)
            rows.append(Row(rating: rating, score: score))
        }
        self.path = path
        self.rows = rows
        self.hasScoreColumn = scoreColumn != nil
    }

    /// The distinct score names, in code-point order; empty without a score column.
    /// - Complexity: O(rows).
    public var scoreNames: [String] {
        var seen: Set<ExactText> = []
        var names: [String] = []
        for row in rows {
            if let score = row.score, seen.insert(ExactText(text: score)).inserted { names.append(score) }
        }
        return names.sorted { $0.precedesInCodePointOrder($1) }
    }

    /// The ratings of one score.
    ///
    /// Without a score column every row is one score. With one, `score` picks its rows; it may be nil
    /// only when the file holds a single score.
    /// - Parameter score: the score's name, or nil.
    /// - Returns: the chosen rows' ratings, in file order.
    /// - Throws: ``AgreementInputError``: `.severalScores` when several are present and none is chosen,
    ///   `.unknownScore` when the chosen one is absent, `.noScoreColumn` when one is chosen but the file
    ///   has no score column (all usage faults).
    /// - Complexity: O(rows).
    public func ratings(score: String?) throws -> [Rating<String>] {
        let file = SourceLocation(path: path)
        guard hasScoreColumn else {
            if let score { throw AgreementInputError.noScoreColumn(at: file, score: score) }
            return rows.map(\.rating)
        }
        let names = scoreNames
        guard let score else {
            guard names.count <= 1 else { throw AgreementInputError.severalScores(at: file, scores: names) }
            return rows.map(\.rating)
        }
        let wanted = ExactText(text: score)
        guard names.contains(where: { ExactText(text: $0) == wanted }) else {
            throw AgreementInputError.unknownScore(at: file, score: score, available: names)
        }
        return rows.compactMap { row in row.score.map { ExactText(text: $0) } == wanted ? row.rating : nil }
    }

    /// Header names with surrounding spaces and tabs removed, so `item, reviewer, value` reads.
    private static func trimmed(_ name: String) -> String {
        var scalars = Substring(name)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
