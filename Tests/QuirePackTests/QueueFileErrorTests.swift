import QuireIO
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

/// A queue file the loader must refuse, and the exact error.
struct QueueErrorRow: Sendable, CustomStringConvertible {
    var name: String
    var text: String
    var error: QueueFileError
    var path: String

    init(_ name: String, _ text: String, _ error: QueueFileError, path: String = "queue.yaml") {
        self.name = name
        self.text = text
        self.error = error
        self.path = path
    }

    var description: String { name }
}

private func at(_ line: Int, _ column: Int, _ path: String = "queue.yaml") -> QuireModel.SourceLocation {
    QuireModel.SourceLocation(path: path, line: line, column: column)
}

private func field(_ line: Int, _ column: Int, _ field: String, _ reason: String) -> QueueFileError {
    .invalidField(at: at(line, column), field: field, reason: reason)
}

private let nameRule = "must be 1–64 characters of letters, digits, '.', '_' and '-'"
private let okScores = minimalScores

private let documentErrors: [QueueErrorRow] = [
    QueueErrorRow("empty file", "", .syntax(at: at(1, 1), reason: "the file is empty")),
    QueueErrorRow(
        "top level is a list", "- a\n- b\n",
        .syntax(at: at(1, 1), reason: "the queue file must be a mapping of keys such as name, sources and scores")),
    QueueErrorRow(
        "bad YAML", "name: q\nscores: [a, b\n",
        .syntax(at: at(3, 1), reason: "invalid YAML: did not find expected ',' or ']'")),
    QueueErrorRow(
        "tab indentation", "name: q\nscores:\n\t- a\n",
        .syntax(at: at(3, 1), reason: "invalid YAML: found character that cannot start any token")),
    QueueErrorRow(
        "duplicate YAML key", "name: a\nname: b\n" + okScores, .syntax(at: at(1, 1), reason: "duplicate key 'name'")),
    QueueErrorRow(
        "trailing comma in JSON", "{\"name\": \"q\",}",
        .syntax(at: at(1, 14, "q.json"), reason: "invalid JSON: expected a string key"), path: "q.json"),
    QueueErrorRow(
        "duplicate JSON key", "{\"name\": \"q\",\n \"name\": \"r\"}",
        .syntax(at: at(2, 2, "q.json"), reason: "duplicate key 'name'"), path: "q.json"),
    QueueErrorRow(
        "unknown key with a suggestion", "name: q\nfiltre: 'id exists'\n" + okScores,
        field(2, 1, "filtre", "unknown key; did you mean 'filter'?")),
    QueueErrorRow(
        "unknown key without a suggestion", "name: q\ncolour: red\n" + okScores,
        field(
            2, 1, "colour",
            "unknown key; expected one of name, description, instructions, sources, filter, classifiers, sample, unit, "
                + "limit, order, scores, reviewers, overlap, blind")),
    QueueErrorRow(
        "missing name", "description: x\n" + okScores, field(1, 1, "name", "missing; every queue needs a name")),
    QueueErrorRow(
        "name with a space", "name: my queue\n" + okScores, field(1, 7, "name", nameRule + " (got \"my queue\")")),
    QueueErrorRow(
        "name too long", "name: " + String(repeating: "a", count: 65) + "\n" + okScores,
        field(1, 7, "name", nameRule + " (got \"" + String(repeating: "a", count: 65) + "\")")),
    QueueErrorRow("name is a list", "name: [a]\n" + okScores, field(1, 7, "name", "expected text, found list")),
    QueueErrorRow(
        "missing scores", "name: q\n", field(1, 1, "scores", "missing; every queue needs at least one score")),
]

private let scoreErrors: [QueueErrorRow] = [
    QueueErrorRow("empty scores", "name: q\nscores: []\n", field(2, 9, "scores", "needs at least one score")),
    QueueErrorRow("scores not a list", "name: q\nscores: x\n", field(2, 9, "scores", "expected a list, found string")),
    QueueErrorRow(
        "score not a mapping", "name: q\nscores: [correctness]\n",
        field(2, 10, "scores[0]", "expected a mapping such as {name: correctness, type: numeric}, found string")),
    QueueErrorRow(
        "min above max", "name: q\nscores:\n  - name: s\n    type: numeric\n    min: 5\n    max: 1\n",
        field(5, 10, "scores[0].min", "must be below max (1)")),
    QueueErrorRow(
        "min above max in flow style",
        "name: q\nscores:\n  - {name: a, type: boolean}\n  - {name: b, type: numeric, min: 9, max: 5}\n",
        field(4, 35, "scores[1].min", "must be below max (5)")),
    QueueErrorRow(
        "misspelt score key", "name: q\nscores:\n  - name: s\n    typ: numeric\n",
        field(4, 5, "scores[0].typ", "unknown key; did you mean 'type'?")),
    QueueErrorRow(
        "misspelt category key",
        "name: q\nscores:\n  - {name: s, type: categorical, categories: [{lable: a, value: 1}]}\n",
        field(3, 48, "scores[0].categories[0].lable", "unknown key; did you mean 'label'?")),
    QueueErrorRow(
        "duplicate category label",
        "name: q\nscores:\n  - name: s\n    type: categorical\n    categories:\n      - {label: good, value: 1}\n      - {label: good, value: 0}\n",
        field(7, 17, "scores[0].categories[1].label", "duplicate label \"good\"")),
    QueueErrorRow(
        "missing score type", "name: q\nscores:\n  - name: s\n", field(3, 5, "scores[0].type", "missing")),
    QueueErrorRow(
        "unknown score type", "name: q\nscores:\n  - {name: s, type: number}\n",
        field(
            3, 21, "scores[0].type",
            "unknown type \"number\"; expected one of numeric, categorical, boolean, text, correction")),
    QueueErrorRow(
        "bad score name", "name: q\nscores:\n  - {name: 'a/b', type: boolean}\n",
        field(
            3, 12, "scores[0].name", "must be 1–35 characters of letters, digits, space and _.()- (got \"a/b\")")),
    QueueErrorRow(
        "quoted number for min", "name: q\nscores:\n  - {name: s, type: numeric, min: '1'}\n",
        field(3, 35, "scores[0].min", "expected number or null, found string")),
    QueueErrorRow(
        "duplicate score name", "name: q\nscores:\n  - {name: s, type: boolean}\n  - {name: s, type: text}\n",
        field(4, 12, "scores[1].name", "duplicate score name \"s\"")),
    QueueErrorRow(
        "JSON score error names its line",
        "{\"name\": \"q\",\n \"scores\": [\n  {\"name\": \"s\", \"type\": \"numeric\",\n   \"min\": 3, \"max\": 2}]}",
        .invalidField(at: at(4, 11, "q.json"), field: "scores[0].min", reason: "must be below max (2)"), path: "q.json"),
]

private let sourceErrors: [QueueErrorRow] = [
    QueueErrorRow(
        "unknown format", "name: q\nsources:\n  - {path: a.jsonl, format: jsonl}\n" + okScores,
        field(
            3, 29, "sources[0].format",
            "unknown format 'jsonl'; expected one of auto, native, langfuse, otlp, openinference, braintrust")),
    QueueErrorRow(
        "misspelt format", "name: q\nsources:\n  - {path: a.jsonl, format: langfuze}\n" + okScores,
        field(3, 29, "sources[0].format", "unknown format 'langfuze'; did you mean 'langfuse'?")),
    QueueErrorRow(
        "source without path", "name: q\nsources:\n  - {format: auto}\n" + okScores,
        field(3, 5, "sources[0].path", "missing")),
    QueueErrorRow(
        "misspelt source key", "name: q\nsources:\n  - {path: a, fromat: auto}\n" + okScores,
        field(3, 15, "sources[0].fromat", "unknown key; did you mean 'format'?")),
    QueueErrorRow(
        "standard input twice", "name: q\nsources: ['-', a, '-']\n" + okScores,
        field(2, 19, "sources[2]", "standard input (-) can be read only once")),
    QueueErrorRow(
        "empty source path", "name: q\nsources: ['']\n" + okScores, field(2, 11, "sources[0]", "must not be empty")),
    QueueErrorRow(
        "source is a list", "name: q\nsources: [[a]]\n" + okScores,
        field(2, 11, "sources[0]", "expected a path or {path, format}, found a list")),
    QueueErrorRow(
        "missing instructions file", "name: q\ninstructions: guide.md\n" + okScores,
        field(2, 15, "instructions", "no such file: guide.md (paths are relative to the queue file)")),
]

private let selectionErrors: [QueueErrorRow] = [
    QueueErrorRow(
        "misspelt classifier", "name: q\nclassifiers: [tool-call-error]\n" + okScores,
        field(2, 15, "classifiers[0]", "unknown classifier 'tool-call-error'; did you mean 'tool-call-errors'?")),
    QueueErrorRow(
        "unknown classifier", "name: q\nclassifiers: [sentiment]\n" + okScores,
        field(
            2, 15, "classifiers[0]",
            "unknown classifier 'sentiment'; expected one of tool-call-errors, output-schema, empty-response, "
                + "resource-outliers, or command:PROGRAM")),
    QueueErrorRow(
        "classifier twice", "name: q\nclassifiers: [empty-response, empty-response]\n" + okScores,
        field(2, 31, "classifiers[1]", "classifier 'empty-response' is listed twice")),
    QueueErrorRow(
        "empty command", "name: q\nclassifiers: ['command: ']\n" + okScores,
        field(2, 15, "classifiers[0]", "command: classifier names no program")),
    QueueErrorRow(
        "unbalanced quote in a command", "name: q\nclassifiers:\n  - {command: \"judge.sh 'x\"}\n" + okScores,
        field(3, 15, "classifiers[0].command", "command:judge.sh 'x: unbalanced quote or trailing backslash")),
    QueueErrorRow(
        "command without command", "name: q\nclassifiers: [{timeout: 5}]\n" + okScores,
        field(2, 15, "classifiers[0].command", "missing")),
    QueueErrorRow(
        "command timeout too long", "name: q\nclassifiers: [{command: j, timeout: 3601}]\n" + okScores,
        field(2, 37, "classifiers[0].timeout", "must be above 0 and at most 3600 seconds (got 3601)")),
    QueueErrorRow(
        "command timeout as text", "name: q\nclassifiers: [{command: j, timeout: soon}]\n" + okScores,
        field(2, 37, "classifiers[0].timeout", "expected a number of seconds, found \"soon\"")),
    QueueErrorRow(
        "command named like a built-in", "name: q\nclassifiers: [{command: j, name: empty-response}]\n" + okScores,
        field(2, 34, "classifiers[0].name", "'empty-response' is the name of a system classifier")),
    QueueErrorRow(
        "misspelt command key", "name: q\nclassifiers: [{command: j, timout: 5}]\n" + okScores,
        field(2, 28, "classifiers[0].timout", "unknown key; did you mean 'timeout'?")),
    QueueErrorRow(
        "percent zero", "name: q\nsample: {percent: 0}\n" + okScores,
        field(2, 19, "sample.percent", "must be above 0 and at most 100, with at most two decimals (got 0)")),
    QueueErrorRow(
        "percent above 100", "name: q\nsample: {percent: 100.5}\n" + okScores,
        field(2, 19, "sample.percent", "must be above 0 and at most 100, with at most two decimals (got 100.5)")),
    QueueErrorRow(
        "percent with three decimals", "name: q\nsample: {percent: 12.345}\n" + okScores,
        field(2, 19, "sample.percent", "must be above 0 and at most 100, with at most two decimals (got 12.345)")),
    QueueErrorRow(
        "negative percent", "name: q\nsample: {percent: -5}\n" + okScores,
        field(2, 19, "sample.percent", "must be above 0 and at most 100, with at most two decimals (got -5)")),
    QueueErrorRow(
        "percent in exponent form", "name: q\nsample: {percent: 1e1}\n" + okScores,
        field(2, 19, "sample.percent", "must be above 0 and at most 100, with at most two decimals (got 1e1)")),
    QueueErrorRow(
        "quoted percent", "name: q\nsample: {percent: '10'}\n" + okScores,
        field(2, 19, "sample.percent", "expected a number, found \"10\"")),
    QueueErrorRow(
        "sample without percent", "name: q\nsample: {key: k}\n" + okScores, field(2, 9, "sample.percent", "missing")),
    QueueErrorRow(
        "misspelt sample key", "name: q\nsample: {percent: 5, seed: k}\n" + okScores,
        field(2, 22, "sample.seed", "unknown key; expected one of percent, key")),
    QueueErrorRow(
        "empty sample key", "name: q\nsample: {percent: 5, key: ''}\n" + okScores,
        field(2, 27, "sample.key", "must not be empty")),
    QueueErrorRow(
        "sample not a mapping", "name: q\nsample: 10\n" + okScores,
        field(2, 9, "sample", "expected a mapping {percent, key}, found number")),
    QueueErrorRow(
        "misspelt unit", "name: q\nunit: sessions\n" + okScores,
        field(2, 7, "unit", "unknown unit 'sessions'; did you mean 'session'?")),
    QueueErrorRow(
        "unknown order", "name: q\norder: shuffled\n" + okScores,
        field(2, 8, "order", "unknown order 'shuffled'; expected one of random, oldest, newest")),
    QueueErrorRow(
        "limit zero", "name: q\nlimit: 0\n" + okScores, field(2, 8, "limit", "must be a positive integer (got 0)")),
    QueueErrorRow(
        "negative limit", "name: q\nlimit: -3\n" + okScores, field(2, 8, "limit", "must be a positive integer (got -3)")
    ),
    QueueErrorRow(
        "fractional limit", "name: q\nlimit: 1.5\n" + okScores,
        field(2, 8, "limit", "must be a positive integer (got 1.5)")),
    QueueErrorRow(
        "limit as text", "name: q\nlimit: ten\n" + okScores,
        field(2, 8, "limit", "expected a positive integer, found \"ten\"")),
    QueueErrorRow(
        "JSON fractional limit",
        "{\"name\": \"q\", \"limit\": 2.0,\n \"scores\": [{\"name\": \"s\", \"type\": \"text\"}]}",
        .invalidField(at: at(1, 24, "q.json"), field: "limit", reason: "must be a positive integer (got 2.0)"),
        path: "q.json"),
]

private let reviewerErrors: [QueueErrorRow] = [
    QueueErrorRow(
        "reviewer with a space", "name: q\nreviewers: [ana, Ben Smith]\n" + okScores,
        field(2, 18, "reviewers[1]", nameRule + " (got \"Ben Smith\")")),
    QueueErrorRow(
        "duplicate reviewer", "name: q\nreviewers: [ana, ben, ana]\n" + okScores,
        field(2, 23, "reviewers[2]", "duplicate reviewer \"ana\"")),
    QueueErrorRow(
        "overlap above reviewers", "name: q\nreviewers: [ana, ben]\noverlap: 3\n" + okScores,
        field(3, 10, "overlap", "must be between 1 and the number of reviewers (2), got 3")),
    QueueErrorRow(
        "overlap without reviewers", "name: q\noverlap: 2\n" + okScores,
        field(2, 10, "overlap", "must be 1 without reviewers: there is then one open bundle (got 2)")),
    QueueErrorRow(
        "overlap zero", "name: q\nreviewers: [a]\noverlap: 0\n" + okScores,
        field(3, 10, "overlap", "must be a positive integer (got 0)")),
    QueueErrorRow(
        "blind as yes", "name: q\nblind: yes\n" + okScores,
        field(2, 8, "blind", "expected true or false, found \"yes\"")),
]

@Suite("Queue files: errors")
struct QueueFileErrorTests {
    static func check(_ row: QueueErrorRow) {
        #expect(throws: row.error) { try parseQueue(row.text, path: row.path) }
    }

    @Test("document-level problems name file, line and column", arguments: documentErrors)
    func document(row: QueueErrorRow) { Self.check(row) }

    @Test("score config problems name the field inside the score and its line", arguments: scoreErrors)
    func scores(row: QueueErrorRow) { Self.check(row) }

    @Test("sources and instructions problems", arguments: sourceErrors)
    func sources(row: QueueErrorRow) { Self.check(row) }

    @Test("classifiers, sample, unit, order and limit problems", arguments: selectionErrors)
    func selection(row: QueueErrorRow) { Self.check(row) }

    @Test("reviewers, overlap and blind problems", arguments: reviewerErrors)
    func reviewers(row: QueueErrorRow) { Self.check(row) }

    @Test("the description is one compiler-style line")
    func descriptions() {
        #expect(
            QueueFileError.invalidField(at: at(14, 7), field: "scores[2].min", reason: "must be below max (5)")
                .description
                == "queue.yaml:14:7: scores[2].min: must be below max (5)")
        #expect(
            QueueFileError.syntax(at: at(1, 1), reason: "the file is empty").description
                == "queue.yaml:1:1: the file is empty")
        #expect(QueueFileError.syntax(at: at(1, 1), reason: "x").fault == .data)
        #expect(QueueFileError.syntax(at: at(1, 1), reason: "x").excerpt == nil)
    }

    @Test("a missing queue file is unreadable, the user's fault")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("nope.yaml")
        let error = try #require(throws: QueueFileError.self) { try QueueDefinition.load(contentsOf: path) }
        guard case .unreadable(let fileError) = error else {
            Issue.record("expected unreadable, got \(error)")
            return
        }
        #expect(fileError.path == path)
        #expect(error.fault == .data)
        #expect(error.description == "\(path): open failed: No such file or directory")
    }

    @Test("bytes that are not UTF-8 are refused")
    func notUTF8() {
        #expect(
            throws: QueueFileError.syntax(
                at: QuireModel.SourceLocation(path: "queue.yaml"), reason: "the file is not UTF-8 text")
        ) {
            try QueueDefinition.parse([0x6E, 0x3A, 0xFF, 0xFE], path: "queue.yaml")
        }
    }

    @Test("aliases that expand past the node budget are refused")
    func aliasBomb() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            text +=
                "l\(level): &l\(level) ["
                + Array(repeating: level == 1 ? "*a" : "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = try? #require(throws: QueueFileError.self) { try parseQueue(text) }
        guard case .syntax(_, let reason)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(reason == "the document has more than 100000 values (aliases expanding?)")
    }

    @Test("a filter error points into the file where the expression is written, keeping the filter's column")
    func filterErrorLocations() throws {
        func filterError(_ text: String, path: String = "queue.yaml") throws -> QueueFileError {
            try #require(throws: QueueFileError.self) { try parseQueue(text, path: path) }
        }
        let quoted = try filterError("name: q\nfilter: 'environment == \"prod\" and latency_ms >'\n" + okScores)
        #expect(
            quoted.description == "queue.yaml:2:36: filter: expected a value after '>' (at column 27 of the filter)")
        #expect(quoted.excerpt == "environment == \"prod\" and latency_ms >\n                          ^")
        let plain = try filterError("name: q\nfilter:   nmae exists\n" + okScores)
        #expect(
            plain.description
                == "queue.yaml:2:11: filter: unknown field 'nmae'; did you mean 'name'? (at column 1 of the filter)")
        let block = try filterError("name: q\nfilter: |\n  id exists\n    and tags > 5\n" + okScores)
        #expect(
            block.description
                == "queue.yaml:4:16: filter: cannot compare list field 'tags' with a number (at line 2, column 14 of the filter)"
        )
        #expect(block.excerpt == "  and tags > 5\n             ^")
        // An escape before the error moves the text, so the error falls back to the value's place.
        let escaped = try filterError("name: q\nfilter: \"name == \\\"a\\\" and\"\n" + okScores)
        #expect(
            escaped.description
                == "queue.yaml:2:9: filter: expected a condition after 'and' (at column 13 of the filter)")
        let json = try filterError(
            "{\"name\": \"q\",\n  \"filter\": \"tags contains 5\",\n \"scores\": [{\"name\": \"s\", \"type\": \"text\"}]}",
            path: "q.json")
        #expect(
            json.description
                == "q.json:2:28: filter: cannot look for a number in list field 'tags' (at column 15 of the filter)")
        guard case .invalidFilter(_, let name, let syntax) = json else {
            Issue.record("expected a filter error")
            return
        }
        #expect(name == "filter")
        #expect(
            syntax
                == FilterSyntaxError(
                    "cannot look for a number in list field 'tags'", line: 1, column: 15, expression: "tags contains 5")
        )
    }
}
