import QuirePack
import Testing

/// One expression the parser must refuse, with the reason and the place it must name.
struct SyntaxErrorRow: Sendable, CustomStringConvertible {
    var expression: String
    var reason: String
    var line: Int
    var column: Int

    init(_ expression: String, _ reason: String, line: Int = 1, column: Int) {
        self.expression = expression
        self.reason = reason
        self.line = line
        self.column = column
    }

    var description: String { expression.count > 60 ? String(expression.prefix(60)) + "…" : expression }
}

private let dateHint = "expected YYYY-MM-DD or an RFC 3339 timestamp such as 2025-03-01T10:00:00Z"

private let lexicalErrors: [SyntaxErrorRow] = [
    SyntaxErrorRow("", "the filter is empty", column: 1),
    SyntaxErrorRow("   ", "the filter is empty", column: 1),
    SyntaxErrorRow(#"environment = "prod""#, "unexpected '='; use '==' to compare", column: 13),
    SyntaxErrorRow("!name exists", "unexpected '!'; use 'not' or '!='", column: 1),
    SyntaxErrorRow(#"id == "a" && id == "b""#, "unexpected '&&'; use 'and'", column: 11),
    SyntaxErrorRow(#"id == "a" & id == "b""#, "unexpected '&'; use 'and'", column: 11),
    SyntaxErrorRow(#"id == "a" || id == "b""#, "unexpected '||'; use 'or'", column: 11),
    SyntaxErrorRow(#"id == "a"#, "unterminated string", column: 7),
    SyntaxErrorRow(#"id == 'it\'s"#, "unterminated string", column: 7),
    SyntaxErrorRow(#"id == "a\qb""#, "unknown escape '\\q'", column: 9),
    SyntaxErrorRow(#"id == "\u{110000}""#, "invalid unicode escape", column: 8),
    SyntaxErrorRow(#"id == "\uD800""#, "invalid unicode escape", column: 8),
    SyntaxErrorRow(#"id == "\u12""#, "invalid unicode escape", column: 8),
    SyntaxErrorRow("latency_ms > 1.2.3", "invalid number '1.2.3'", column: 14),
    SyntaxErrorRow("latency_ms > 12abc", "invalid number '12abc'", column: 14),
    SyntaxErrorRow("latency_ms > 1e999", "number '1e999' is out of range", column: 14),
    SyntaxErrorRow("timestamp > 2025-13-01", "invalid date '2025-13-01'; " + dateHint, column: 13),
    SyntaxErrorRow("timestamp > 2025-02-30", "invalid date '2025-02-30'; " + dateHint, column: 13),
    SyntaxErrorRow("timestamp > 2025-02-03T25:00:00Z", "invalid date '2025-02-03T25:00:00Z'; " + dateHint, column: 13),
    SyntaxErrorRow("id == @x", "unexpected character '@'", column: 7),
    SyntaxErrorRow("id == \u{1}", "unexpected character '\\u{1}'", column: 7),
    SyntaxErrorRow("-x", "unexpected '-'", column: 1),
    SyntaxErrorRow("metadata. == 1", "expected a name after '.'", column: 10),
    SyntaxErrorRow(
        String(repeating: " ", count: 10_001), "the filter is longer than 10000 characters", column: 1),
]

private let grammarErrors: [SyntaxErrorRow] = [
    SyntaxErrorRow(#"environment == "prod" and latency_ms >"#, "expected a value after '>'", column: 27),
    SyntaxErrorRow("latency_ms > and", "expected a value after '>', found 'and'", column: 14),
    SyntaxErrorRow("id == )", "expected a value after '==', found ')'", column: 7),
    SyntaxErrorRow("environment", "expected an operator after 'environment'", column: 1),
    SyntaxErrorRow(#"environment "prod""#, #"expected an operator after 'environment', found '"prod"'"#, column: 13),
    SyntaxErrorRow("and == 1", "expected a field or a value, found 'and'", column: 1),
    SyntaxErrorRow(#"(id == "a""#, "expected ')' to close this '('", column: 1),
    SyntaxErrorRow(#"(id == "a" name"#, "expected ')' or 'and' or 'or', found 'name'", column: 12),
    SyntaxErrorRow(#"id == "a")"#, "unexpected ')' without a matching '('", column: 10),
    SyntaxErrorRow(#"id == "a" name == "b""#, "expected 'and' or 'or', found 'name'", column: 11),
    SyntaxErrorRow(#"id == "a" and"#, "expected a condition after 'and'", column: 11),
    SyntaxErrorRow(#"id == "a" or"#, "expected a condition after 'or'", column: 11),
    SyntaxErrorRow("not", "expected a condition after 'not'", column: 1),
    SyntaxErrorRow("()", "empty parentheses", column: 1),
    SyntaxErrorRow("(", "expected a condition after '('", column: 1),
    SyntaxErrorRow(
        #"name not == "a""#, "expected 'in', 'contains', 'matches' or 'exists' after 'not', found '=='", column: 10),
    SyntaxErrorRow("name not", "expected 'in', 'contains', 'matches' or 'exists' after 'not'", column: 6),
    SyntaxErrorRow(
        String(repeating: "(", count: 65) + "id exists" + String(repeating: ")", count: 65),
        "the filter is nested more than 64 levels deep", column: 65),
    SyntaxErrorRow(
        String(repeating: "not ", count: 65) + "id exists", "the filter is nested more than 64 levels deep",
        column: 257),
    SyntaxErrorRow("environment == \"prod\"\n  and latency_ms >", "expected a value after '>'", line: 2, column: 7),
    SyntaxErrorRow("id exists and\n\n   nmae exists", "unknown field 'nmae'; did you mean 'name'?", line: 3, column: 4),
]

private let fieldErrors: [SyntaxErrorRow] = [
    SyntaxErrorRow(#"nmae == "x""#, "unknown field 'nmae'; did you mean 'name'?", column: 1),
    SyntaxErrorRow("latency > 5", "unknown field 'latency'; did you mean 'latency_ms'?", column: 1),
    SyntaxErrorRow("userid exists", "unknown field 'userid'; did you mean 'userId'?", column: 1),
    SyntaxErrorRow("foo == 1", "unknown field 'foo'", column: 1),
    SyntaxErrorRow("metadata == 1", "'metadata' needs a key, as in metadata.channel", column: 1),
    SyntaxErrorRow(#"metadata."" == 1"#, "a metadata key cannot be empty", column: 10),
    SyntaxErrorRow("score > 1", "'score' needs a score name, as in score.helpfulness", column: 1),
    SyntaxErrorRow(#"name.first == "a""#, "field 'name' has no subfields", column: 6),
]

private let typeErrors: [SyntaxErrorRow] = [
    SyntaxErrorRow(#"latency_ms > "slow""#, "cannot compare number field 'latency_ms' with a string", column: 14),
    SyntaxErrorRow(#""slow" < latency_ms"#, "cannot compare a string with number field 'latency_ms'", column: 1),
    SyntaxErrorRow("name == 5", "cannot compare string field 'name' with a number", column: 9),
    SyntaxErrorRow("name == 2025-01-01", "cannot compare string field 'name' with a date", column: 9),
    SyntaxErrorRow("name == true", "cannot compare string field 'name' with a boolean", column: 9),
    SyntaxErrorRow("tags > 5", "cannot compare list field 'tags' with a number", column: 8),
    SyntaxErrorRow("level == 3", "cannot compare level field 'level' with a number", column: 10),
    SyntaxErrorRow(
        "latency_ms == timestamp", "cannot compare number field 'latency_ms' with date field 'timestamp'", column: 15),
    SyntaxErrorRow(
        #"level == "fatal""#, #"unknown level "fatal"; expected one of DEBUG, DEFAULT, WARNING, ERROR"#, column: 10),
    SyntaxErrorRow(
        #"timestamp > "yesterday""#,
        #""yesterday" is not a date; write YYYY-MM-DD or an RFC 3339 timestamp such as 2025-03-01T10:00:00Z"#,
        column: 13),
    SyntaxErrorRow("metadata.flag > true", "booleans cannot be ordered; use == or !=", column: 17),
    SyntaxErrorRow("latency_ms < null", "null can only be compared with == or !=", column: 14),
    SyntaxErrorRow("null == null", "null can only be compared with a field", column: 1),
    SyntaxErrorRow(#""a" == "b""#, "a comparison needs a field on one side", column: 1),
    SyntaxErrorRow("1 in [1, 2]", "a comparison needs a field on one side", column: 1),
    SyntaxErrorRow("[1] contains id", "a list can only follow 'in'", column: 1),
    SyntaxErrorRow(#"id == ["a"]"#, "a list can only follow 'in'", column: 7),
    SyntaxErrorRow("id in [name]", "a list holds literal values only, not fields", column: 8),
    SyntaxErrorRow(#"id in ["a", null]"#, "a list cannot hold null", column: 13),
    SyntaxErrorRow(#"id in ["a",]"#, "expected a value in the list, found ']'", column: 12),
    SyntaxErrorRow(#"id in ["a""#, "expected ']' to close this '['", column: 7),
    SyntaxErrorRow(#"id in ["a" "b"]"#, #"expected ',' or ']' in the list, found '"b"'"#, column: 12),
    SyntaxErrorRow(
        #"latency_ms in ["a"]"#, "cannot look for number field 'latency_ms' in a list holding a string", column: 15),
    SyntaxErrorRow(
        #""a" in latency_ms"#,
        "number field 'latency_ms' cannot hold values; on the right of 'in' put a string, a list or a list field",
        column: 8),
    SyntaxErrorRow(
        "latency_ms contains 1",
        "number field 'latency_ms' cannot hold values; on the left of 'contains' put a string, a list or a list field",
        column: 1),
    SyntaxErrorRow("5 in tags", "cannot look for a number in list field 'tags'", column: 1),
    SyntaxErrorRow("name contains 5", "cannot look for a number in string field 'name'", column: 15),
    SyntaxErrorRow("null in tags", "null cannot be looked for or in; use 'exists'", column: 1),
    SyntaxErrorRow(#""a" exists"#, "'exists' needs a field on the left", column: 1),
    SyntaxErrorRow(#""a" matches "b""#, "'matches' needs a field on the left", column: 1),
    SyntaxErrorRow(
        #"latency_ms matches "1""#, "'matches' needs a text field, not number field 'latency_ms'", column: 1),
    SyntaxErrorRow("name matches 5", "'matches' needs a regular expression in quotes, found '5'", column: 14),
    SyntaxErrorRow("name matches", "expected a value after 'matches'", column: 1),
    SyntaxErrorRow(#"name matches "(""#, "invalid regular expression: expected ')'", column: 14),
    SyntaxErrorRow(
        #"name matches "(a+)+b""#,
        "the regular expression repeats a group that itself repeats (at pattern character 1), which can take "
            + "exponential time; bound the inner repetition, e.g. {1,50}", column: 14),
    SyntaxErrorRow(
        #"name matches 'x(?:\w+\s?)*$'"#,
        "the regular expression repeats a group that itself repeats (at pattern character 2), which can take "
            + "exponential time; bound the inner repetition, e.g. {1,50}", column: 14),
    SyntaxErrorRow(
        #"name matches "((ab)*c){2,}""#,
        "the regular expression repeats a group that itself repeats (at pattern character 1), which can take "
            + "exponential time; bound the inner repetition, e.g. {1,50}", column: 14),
]

@Suite("Filter syntax errors")
struct FilterSyntaxErrorTests {
    static func check(_ row: SyntaxErrorRow) {
        #expect(throws: FilterSyntaxError(row.reason, line: row.line, column: row.column, expression: row.expression)) {
            try FilterExpression.parse(row.expression)
        }
    }

    @Test("tokens the lexer refuses name their column", arguments: lexicalErrors)
    func lexical(row: SyntaxErrorRow) { Self.check(row) }

    @Test(
        "grammar errors name their column, pointing at an incomplete comparison's start at the end",
        arguments: grammarErrors)
    func grammar(row: SyntaxErrorRow) { Self.check(row) }

    @Test("unknown and malformed fields name their column, with a suggestion when one is close", arguments: fieldErrors)
    func fields(row: SyntaxErrorRow) { Self.check(row) }

    @Test("type errors known at parse time and bad regular expressions name their column", arguments: typeErrors)
    func types(row: SyntaxErrorRow) { Self.check(row) }

    @Test(
        "patterns without nested unbounded repetition are accepted",
        arguments: [
            #"name matches "^(ab)+$""#, #"name matches "(a{1,50})+""#, #"name matches "(\\d+)-(\\d+)""#,
            #"name matches "[(a+)]+""#, #"name matches '\(a+\)+'"#, #"name matches "(?i)GPT-(4|5)""#,
            #"name matches "\\p{L}+""#, #"name matches "\\d{2,}""#,
        ])
    func safePatterns(expression: String) throws {
        _ = try FilterExpression.parse(expression)
    }

    @Test("the rendering shows the description, the expression and a caret under the column")
    func rendering() throws {
        let error = try #require(throws: FilterSyntaxError.self) {
            try FilterExpression.parse(#"environment == "prod" and latency_ms >"#)
        }
        #expect(
            error.rendering == """
                filter:1:27: expected a value after '>'
                environment == "prod" and latency_ms >
                                          ^
                """)
        #expect(error.description == "filter:1:27: expected a value after '>'")
    }

    @Test("the rendering of a multi-line filter shows the error's line, and keeps tabs so the caret aligns")
    func renderingMultiline() throws {
        let error = try #require(throws: FilterSyntaxError.self) {
            try FilterExpression.parse("id exists\n\tand  nmae exists")
        }
        #expect(
            error.rendering == "filter:2:7: unknown field 'nmae'; did you mean 'name'?\n\tand  nmae exists\n\t     ^")
        #expect(error.sourceLine == "\tand  nmae exists")
    }

    @Test("a caret past the end of the line is still drawn at its column")
    func caretPastTheEnd() {
        #expect(FilterSyntaxError("x", line: 1, column: 5, expression: "ab").rendering == "filter:1:5: x\nab\n    ^")
    }
}
