import QuireAgreement
import QuireModel
import Testing

@Suite("Ratings CSV")
struct RatingCSVTests {
    private func parse(_ text: String) throws -> RatingCSV {
        try RatingCSV(parsing: Array(text.utf8), path: "r.csv")
    }

    private func location(_ line: Int) -> SourceLocation {
        SourceLocation(path: "r.csv", line: line)
    }

    @Test("quoted fields keep commas, doubled quotes and line breaks; later lines keep their numbers")
    func quotedFields() throws {
        let csv = try parse("item,reviewer,value\n\"i,1\",a,\"say \"\"hi\"\"\"\ni2,b,\"two\nlines\"\ni3,c,x\n")
        #expect(csv.rows.map(\.rating.item) == ["i,1", "i2", "i3"])
        #expect(csv.rows.map(\.rating.value) == ["say \"hi\"", "two\nlines", "x"])
        #expect(csv.rows.map(\.rating.location) == [location(2), location(3), location(5)])
    }

    @Test("CRLF line ends, a byte order mark and empty lines are accepted")
    func lineEndsAndBOM() throws {
        let csv = try RatingCSV(
            parsing: [0xEF, 0xBB, 0xBF] + Array("item,reviewer,value\r\ni1,a,1\r\n\r\ni1,b,2\r\n".utf8), path: "r.csv")
        #expect(
            csv.rows.map(\.rating) == [
                Rating(item: "i1", reviewer: "a", value: "1", location: location(2)),
                Rating(item: "i1", reviewer: "b", value: "2", location: location(4)),
            ])
    }

    @Test("columns may come in any order, with spaces around their names and other columns beside them")
    func columnsInAnyOrder() throws {
        let csv = try parse("note, value ,item,reviewer\nfine,3,i1,a\n,,i2,b")
        #expect(
            csv.rows.map(\.rating) == [
                Rating(item: "i1", reviewer: "a", value: "3", location: location(2)),
                Rating(item: "i2", reviewer: "b", value: nil, location: location(3)),
            ])
        #expect(!csv.hasScoreColumn)
    }

    @Test(
        "malformed input is refused with the exact error and line",
        arguments: [
            ("", AgreementInputError.emptyFile(at: SourceLocation(path: "r.csv", line: 1))),
            ("\n\r\n", .emptyFile(at: SourceLocation(path: "r.csv", line: 1))),
            (
                "item,reviewer,rating\ni1,a,1\n",
                .missingColumn(at: SourceLocation(path: "r.csv", line: 1), column: "value")
            ),
            (
                "value,item,value,reviewer\n",
                .duplicateColumn(at: SourceLocation(path: "r.csv", line: 1), column: "value")
            ),
            (
                "item,reviewer,value\ni1,a,\"x\ni1,b,y\n",
                .malformedCSV(at: SourceLocation(path: "r.csv", line: 2), reason: "unterminated quoted field")
            ),
            (
                "item,reviewer,value\ni1,a,x\"y\n",
                .malformedCSV(at: SourceLocation(path: "r.csv", line: 2), reason: "quote inside an unquoted field")
            ),
            (
                "item,reviewer,value\ni1,a,\"x\"y\n",
                .malformedCSV(
                    at: SourceLocation(path: "r.csv", line: 2),
                    reason: "text after the closing quote of a field"
                )
            ),
            (
                "item,reviewer,value\ni1,a,1\ni2,b\n",
                .malformedCSV(
                    at: SourceLocation(path: "r.csv", line: 3),
                    reason: "expected 3 fields as in the header, found 2"
                )
            ),
            ("item,reviewer,value\n,a,1\n", .emptyField(at: SourceLocation(path: "r.csv", line: 2), column: "item")),
            (
                "item,reviewer,value\ni1,,1\n",
                .emptyField(at: SourceLocation(path: "r.csv", line: 2), column: "reviewer")
            ),
            (
                "item,reviewer,score,value\ni1,a,,1\n",
                .emptyField(at: SourceLocation(path: "r.csv", line: 2), column: "score")
            ),
        ]
    )
    func malformed(text: String, error: AgreementInputError) {
        #expect(throws: error) { try parse(text) }
        #expect(error.fault == .data)
    }

    @Test("invalid UTF-8 is refused at its line")
    func invalidUTF8() {
        let bytes = Array("item,reviewer,value\ni1,a,1\ni2,a,".utf8) + [0xC3, 0x28] + [0x0A]
        #expect(throws: AgreementInputError.malformedCSV(at: location(3), reason: "invalid UTF-8")) {
            try RatingCSV(parsing: bytes, path: "r.csv")
        }
    }

    static let scored = "item,reviewer,score,value\ni1,a,tone,good\ni1,b,tone,bad\ni1,a,correct,1\ni1,b,correct,2\n"

    @Test("the score column selects one score's rows")
    func scoreSelectsRows() throws {
        let csv = try parse(Self.scored)
        #expect(csv.scoreNames == ["correct", "tone"])
        #expect(try csv.ratings(score: "tone").map(\.value) == ["good", "bad"])
        #expect(try csv.ratings(score: "correct").map(\.location) == [location(4), location(5)])
    }

    @Test("a file with one score needs no choice")
    func singleScoreNeedsNoChoice() throws {
        let csv = try parse("item,reviewer,score,value\ni1,a,tone,good\ni2,a,tone,bad\n")
        #expect(try csv.ratings(score: nil).count == 2)
    }

    @Test(
        "choosing a score wrongly is a usage error naming the scores",
        arguments: [
            (
                scored, nil,
                AgreementInputError.severalScores(at: SourceLocation(path: "r.csv"), scores: ["correct", "tone"])
            ),
            (
                scored, "length",
                .unknownScore(at: SourceLocation(path: "r.csv"), score: "length", available: ["correct", "tone"])
            ),
            ("item,reviewer,value\ni1,a,1\n", "tone", .noScoreColumn(at: SourceLocation(path: "r.csv"), score: "tone")),
        ] as [(String, String?, AgreementInputError)]
    )
    func scoreChoiceErrors(text: String, score: String?, error: AgreementInputError) throws {
        let csv = try parse(text)
        #expect(throws: error) { try csv.ratings(score: score) }
        #expect(error.fault == .usage)
        #expect(error.description.contains("r.csv"))
    }

    @Test("ratings from several files are joined, and their scores counted together")
    func severalFiles() throws {
        let first = try RatingCSV(parsing: Array("item,reviewer,score,value\ni1,a,tone,good\n".utf8), path: "a.csv")
        let second = try RatingCSV(parsing: Array("item,reviewer,score,value\ni1,b,tone,bad\n".utf8), path: "b.csv")
        let ratings = try RatingCSV.ratings(from: [first, second], score: nil)
        #expect(
            ratings.map(\.location) == [SourceLocation(path: "a.csv", line: 2), SourceLocation(path: "b.csv", line: 2)])
        let other = try RatingCSV(parsing: Array("item,reviewer,score,value\ni1,c,length,3\n".utf8), path: "c.csv")
        #expect(
            throws: AgreementInputError.severalScores(at: SourceLocation(path: "a.csv"), scores: ["length", "tone"])
        ) {
            try RatingCSV.ratings(from: [first, other], score: nil)
        }
    }

    @Test(
        "the oracle's invalid edge files fail with the exact error",
        arguments: [
            (
                "13-score-column-ambiguous.csv", MeasurementLevel.ordinal,
                AgreementInputError.severalScores(
                    at: SourceLocation(path: "13-score-column-ambiguous.csv"), scores: ["main", "other"])
            ),
            (
                "14-missing-value-column.csv", .nominal,
                .missingColumn(
                    at: SourceLocation(path: "14-missing-value-column.csv", line: 1), column: "value")
            ),
            (
                "15-non-numeric-at-interval.csv", .interval,
                .nonNumericValue(
                    at: SourceLocation(path: "15-non-numeric-at-interval.csv", line: 3), value: "high")
            ),
            (
                "16-duplicate-rating.csv", .nominal,
                .duplicateRating(
                    at: SourceLocation(path: "16-duplicate-rating.csv", line: 3), item: "i1", reviewer: "a",
                    firstAt: SourceLocation(path: "16-duplicate-rating.csv", line: 2))
            ),
            (
                "17-unterminated-quote.csv", .nominal,
                .malformedCSV(
                    at: SourceLocation(path: "17-unterminated-quote.csv", line: 2), reason: "unterminated quoted field")
            ),
            ("18-empty-file.csv", .nominal, .emptyFile(at: SourceLocation(path: "18-empty-file.csv", line: 1))),
        ]
    )
    func edgeFileErrors(file: String, level: MeasurementLevel, error: AgreementInputError) throws {
        let oracle = try #require(OracleCase.all(in: "edge").first { $0.file == file })
        #expect(oracle.level == level)
        #expect(throws: error) { try oracle.report() }
        #expect(exitStatus(for: error.fault) == oracle.expectedExit)
    }
}
