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
    /// See ``ratings(from:score:)``; this is the case of a single file.
    /// - Parameter score: the score's name, or nil.
    /// - Returns: the chosen rows' ratings, in file order.
    /// - Throws: ``AgreementInputError``: `.severalScores`, `.unknownScore` or `.noScoreColumn` (all usage
    ///   faults).
    /// - Complexity: O(rows).
    public func ratings(score: String?) throws -> [Rating<String>] {
        try Self.ratings(from: [self], score: score)
    }

    /// The ratings of one score across files (one per reviewer, say).
    ///
    /// A file without a score column holds one unnamed score and contributes all its rows when no score
    /// is chosen. With score columns, `score` picks the rows of that name; it may be nil only when the
    /// files hold a single score between them.
    /// - Parameters:
    ///   - files: the parsed files.
    ///   - score: the score's name, or nil.
    /// - Returns: the chosen rows' ratings, file by file in order.
    /// - Throws: ``AgreementInputError``: `.severalScores` when several are present and none is chosen,
    ///   `.unknownScore` when the chosen one is absent, `.noScoreColumn` when one is chosen but a file has
    ///   no score column (all usage faults).
    /// - Complexity: O(rows).
    public static func ratings(from files: [RatingCSV], score: String?) throws -> [Rating<String>] {
        var names: [String] = []
        var seen: Set<ExactText> = []
        for file in files {
            for name in file.scoreNames where seen.insert(ExactText(text: name)).inserted { names.append(name) }
        }
        names.sort { $0.precedesInCodePointOrder($1) }
        let place = SourceLocation(path: (files.first { $0.hasScoreColumn } ?? files.first)?.path ?? "-")
        guard let score else {
            guard names.count <= 1 else { throw AgreementInputError.severalScores(at: place, scores: names) }
            return files.flatMap { $0.rows.map(\.rating) }
        }
        if let plain = files.first(where: { !$0.hasScoreColumn }) {
            throw AgreementInputError.noScoreColumn(at: SourceLocation(path: plain.path), score: score)
        }
        let wanted = ExactText(text: score)
        guard seen.contains(wanted) else {
            throw AgreementInputError.unknownScore(at: place, score: score, available: names)
        }
        return files.flatMap { file in
            file.rows.compactMap { row in row.score.map { ExactText(text: $0) } == wanted ? row.rating : nil }
        }
    }

    /// Header names with surrounding spaces and tabs removed, so `item, reviewer, value` reads.
    private static func trimmed(_ name: String) -> String {
        var scalars = Substring(name)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
