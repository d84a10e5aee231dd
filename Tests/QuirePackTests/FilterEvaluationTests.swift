import QuireIO
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

/// Two traces every row is evaluated on: `full` has every field, `bare` has only an id and a timestamp.
enum FilterFixtures {
    static let fullJSON = """
        {"id": "t-1", "name": "support-chat", "timestamp": "2025-03-03T09:14:02.118Z", "sessionId": "sess-7f3a",
         "userId": "cust-1042", "environment": "production", "release": "2025.03.1", "version": "agent-v7",
         "tags": ["en", "refund", "support"],
         "metadata": {"channel": "web", "customer": {"tier": "gold", "since": 2019, "vip": true},
                      "labels": ["vip", "eu"], "ratio": 0.75, "flag": true, "nothing": null,
                      "when": "2025-03-01T12:00:00Z", "note": "Café ☕ naïve", "quote": "say \\"hi\\"\\n",
                      "a.b": "dotted", "user feedback": "loud"},
         "input": [{"role": "user", "content": "Where is my refund?"}],
         "output": {"role": "assistant", "content": "It went out today."},
         "observations": [
           {"id": "o1", "type": "SPAN", "startTime": "2025-03-03T09:14:02.118Z", "endTime": "2025-03-03T09:14:04.618Z",
            "level": "DEFAULT"},
           {"id": "o2", "type": "GENERATION", "startTime": "2025-03-03T09:14:02.128Z",
            "endTime": "2025-03-03T09:14:02.704Z", "model": "gpt-4o-mini",
            "usageDetails": {"input": 612, "output": 61, "total": 673}, "costDetails": {"total": 0.0001284},
            "level": "DEFAULT"},
           {"id": "o3", "type": "TOOL", "startTime": "2025-03-03T09:14:02.710Z", "endTime": "2025-03-03T09:14:03.000Z",
            "level": "WARNING", "costDetails": {"total": 0.00001}},
           {"id": "o4", "type": "GENERATION", "startTime": "2025-03-03T09:14:03.100Z",
            "endTime": "2025-03-03T09:14:04.500Z", "model": "claude-3-haiku",
            "usageDetails": {"input": 100, "output": 50}, "costDetails": {"total": 0.00004}, "level": "DEBUG"},
           {"id": "o5", "type": "EVENT", "startTime": "2025-03-03T09:14:03.000Z", "level": "verbose"}],
         "scores": [
           {"name": "user_feedback", "value": 1, "stringValue": "True", "dataType": "BOOLEAN", "source": "API"},
           {"name": "helpfulness", "value": 4, "dataType": "NUMERIC", "source": "EVAL"},
           {"name": "helpfulness", "value": 2, "dataType": "NUMERIC", "source": "ANNOTATION"},
           {"name": "tone", "value": 2, "stringValue": "warm", "dataType": "CATEGORICAL", "source": "EVAL"},
           {"name": "Tone (v2)", "value": 0.5, "dataType": "NUMERIC", "source": "EVAL"}]}
        """

    static let bareJSON = """
        {"id": "t-2", "timestamp": "2025-02-01T00:00:00Z"}
        """

    static func trace(_ text: String) -> Trace {
        guard let value = try? JSONValue(parsing: text), let trace = try? Trace(json: value) else {
            preconditionFailure("fixture trace does not parse")
        }
        return trace
    }

    static let full = trace(fullJSON)
    static let bare = trace(bareJSON)

    /// Evaluates through a fresh evaluator, for tables.
    static func matches(_ expression: String, _ trace: Trace) throws -> Bool {
        try FilterExpression.parse(expression).makeEvaluator().matches(trace)
    }
}

/// One expression and its result on the full and the bare trace.
struct EvaluationRow: Sendable, CustomStringConvertible {
    var expression: String
    var full: Bool
    var bare: Bool

    init(_ expression: String, _ full: Bool, _ bare: Bool) {
        self.expression = expression
        self.full = full
        self.bare = bare
    }

    var description: String { expression }
}

private let stringFieldRows: [EvaluationRow] = [
    // id (always present)
    EvaluationRow(#"id == "t-1""#, true, false),
    EvaluationRow(#"id != "t-1""#, false, true),
    EvaluationRow(#"id < "t-2""#, true, false),
    EvaluationRow(#"id <= "t-1""#, true, false),
    EvaluationRow(#"id > "t-1""#, false, true),
    EvaluationRow(#"id >= "t-2""#, false, true),
    EvaluationRow(#"id in ["t-1", "t-9"]"#, true, false),
    EvaluationRow(#"id contains "-""#, true, true),
    EvaluationRow(#"id matches "^t-[12]$""#, true, true),
    EvaluationRow("id exists", true, true),
    // name (missing on bare)
    EvaluationRow(#"name == "support-chat""#, true, false),
    EvaluationRow(#"name != "support-chat""#, false, true),
    EvaluationRow(#"name < "z""#, true, false),
    EvaluationRow(#"name >= "a""#, true, false),
    EvaluationRow(#"name in ["support-chat"]"#, true, false),
    EvaluationRow(#"name contains "chat""#, true, false),
    EvaluationRow(#""chat" in name"#, true, false),
    EvaluationRow(#"name matches "support""#, true, false),
    EvaluationRow("name exists", true, false),
    EvaluationRow("not name exists", false, true),
    EvaluationRow("name == null", false, true),
    EvaluationRow("name != null", true, false),
    // environment defaults to "default"
    EvaluationRow(#"environment == "production""#, true, false),
    EvaluationRow(#"environment == "default""#, false, true),
    EvaluationRow("environment exists", true, true),
    // the other plain string fields
    EvaluationRow(#"userId == "cust-1042""#, true, false),
    EvaluationRow(#"sessionId matches "^sess-""#, true, false),
    EvaluationRow(#"release >= "2025.03""#, true, false),
    EvaluationRow(#"version in ["agent-v6", "agent-v7"]"#, true, false),
    EvaluationRow(#"version != "agent-v7""#, false, true),
]

private let listFieldRows: [EvaluationRow] = [
    EvaluationRow(#""support" in tags"#, true, false),
    EvaluationRow(#""billing" in tags"#, false, false),
    EvaluationRow(#"tags contains "refund""#, true, false),
    EvaluationRow(#"tags contains "ref""#, false, false),
    EvaluationRow(#"tags == "en""#, true, false),
    EvaluationRow(#"tags != "en""#, false, true),
    EvaluationRow(#"tags in ["billing", "support"]"#, true, false),
    EvaluationRow(#"tags < "f""#, true, false),
    EvaluationRow(#"tags matches "^ref""#, true, false),
    EvaluationRow("tags exists", true, false),
    EvaluationRow(#"not "support" in tags"#, false, true),
    EvaluationRow(#""support" not in tags"#, false, true),
    EvaluationRow(#"model == "gpt-4o-mini""#, true, false),
    EvaluationRow(#"model == "claude-3-haiku""#, true, false),
    EvaluationRow(#"model != "gpt-4o-mini""#, false, true),
    EvaluationRow(#""gpt-4o-mini" in model"#, true, false),
    EvaluationRow(#"model contains "gpt-4o""#, false, false),
    EvaluationRow(#"model matches "^gpt-4o""#, true, false),
    EvaluationRow(#"model in ["gpt-4o", "claude-3-haiku"]"#, true, false),
    EvaluationRow("model exists", true, false),
]

private let numberFieldRows: [EvaluationRow] = [
    // latency: 09:14:04.618 − 09:14:02.118 = 2500 ms
    EvaluationRow("latency_ms == 2500", true, false),
    EvaluationRow("latency_ms != 2500", false, true),
    EvaluationRow("latency_ms > 2000", true, false),
    EvaluationRow("latency_ms >= 2500", true, false),
    EvaluationRow("latency_ms < 2500", false, false),
    EvaluationRow("latency_ms <= 2500.0", true, false),
    EvaluationRow("latency_ms in [1, 2500]", true, false),
    EvaluationRow("latency_ms exists", true, false),
    EvaluationRow("not latency_ms > 2000", false, true),
    // tokens: 673 + (100 + 50); an empty sum is 0
    EvaluationRow("tokens == 823", true, false),
    EvaluationRow("tokens == 0", false, true),
    EvaluationRow("tokens > 800", true, false),
    EvaluationRow("tokens exists", true, true),
    // cost: 0.0001284 + 0.00001 + 0.00004
    EvaluationRow("cost > 0.00017", true, false),
    EvaluationRow("cost < 0.00018", true, true),
    EvaluationRow("cost >= 1.78e-4", true, false),
    EvaluationRow("cost == 0", false, true),
    EvaluationRow("-1 < cost", true, true),
]

private let otherFieldRows: [EvaluationRow] = [
    // level: the highest of DEFAULT, DEFAULT, WARNING, DEBUG; "verbose" is not a level and is ignored
    EvaluationRow(#"level == "WARNING""#, true, false),
    EvaluationRow(#"level == "warning""#, true, false),
    EvaluationRow(#"level != "ERROR""#, true, true),
    EvaluationRow(#"level >= "WARNING""#, true, false),
    EvaluationRow(#"level > "WARNING""#, false, false),
    EvaluationRow(#"level < "ERROR""#, true, false),
    EvaluationRow(#"level <= "DEBUG""#, false, false),
    EvaluationRow(#"level in ["ERROR", "WARNING"]"#, true, false),
    EvaluationRow("level exists", true, false),
    // timestamp: 2025-03-03T09:14:02.118Z
    EvaluationRow("timestamp >= 2025-03-01", true, false),
    EvaluationRow("timestamp < 2025-03-03", false, true),
    EvaluationRow("timestamp > 2025-03-03T09:14:02Z", true, false),
    EvaluationRow("timestamp == 2025-03-03T09:14:02.118Z", true, false),
    EvaluationRow("timestamp == 2025-03-03T10:14:02.118+01:00", true, false),
    EvaluationRow("timestamp == 2025-03-03T09:14:02.118", true, false),
    EvaluationRow(#"timestamp >= "2025-03-01""#, true, false),
    EvaluationRow("timestamp != 2025-02-01", true, false),
    EvaluationRow("timestamp in [2025-02-01, 2025-01-01]", false, true),
    EvaluationRow("2025-02-15 < timestamp", true, false),
    // scores: each is its number, its string value and, for booleans, true or false; several with one name
    EvaluationRow("score.helpfulness >= 4", true, false),
    EvaluationRow("score.helpfulness == 2", true, false),
    EvaluationRow("score.helpfulness > 4", false, false),
    EvaluationRow("score.helpfulness != 3", true, true),
    EvaluationRow(#"score.tone == "warm""#, true, false),
    EvaluationRow("score.tone == 2", true, false),
    EvaluationRow(#"score.tone matches "^wa""#, true, false),
    EvaluationRow("score.user_feedback == true", true, false),
    EvaluationRow("score.user_feedback == 1", true, false),
    EvaluationRow(#"score.user_feedback == "True""#, true, false),
    EvaluationRow("score.user_feedback != false", true, true),
    EvaluationRow(#"score."Tone (v2)" < 1"#, true, false),
    EvaluationRow("score.missing exists", false, false),
    EvaluationRow("score.missing != 1", true, true),
]

private let metadataRows: [EvaluationRow] = [
    EvaluationRow(#"metadata.channel == "web""#, true, false),
    EvaluationRow(#"metadata.channel != "web""#, false, true),
    EvaluationRow("metadata.channel exists", true, false),
    EvaluationRow(#"metadata.customer.tier == "gold""#, true, false),
    EvaluationRow("metadata.customer.since < 2020", true, false),
    EvaluationRow("metadata.customer.vip == true", true, false),
    EvaluationRow("metadata.customer exists", true, false),
    EvaluationRow(#"metadata.customer == "gold""#, false, false),
    EvaluationRow("metadata.customer.missing exists", false, false),
    EvaluationRow("metadata.channel.deeper exists", false, false),
    EvaluationRow(#""vip" in metadata.labels"#, true, false),
    EvaluationRow(#"metadata.labels contains "eu""#, true, false),
    EvaluationRow(#"metadata.labels == "eu""#, true, false),
    EvaluationRow("metadata.ratio > 0.5", true, false),
    EvaluationRow("metadata.ratio in [0.75]", true, false),
    EvaluationRow("metadata.flag == true", true, false),
    EvaluationRow("metadata.flag != false", true, true),
    EvaluationRow("metadata.nothing exists", false, false),
    EvaluationRow("metadata.nothing == null", true, true),
    EvaluationRow("metadata.when > 2025-02-28", true, false),
    EvaluationRow("metadata.when < 2025-03-01T12:00:00.001Z", true, false),
    EvaluationRow(#"metadata.note contains "☕""#, true, false),
    EvaluationRow(#"metadata.note == "Café ☕ naïve""#, true, false),
    EvaluationRow(#"metadata.note == "Cafe\u{301} ☕ naïve""#, true, false),
    EvaluationRow(#"metadata.note matches "^Caf\u{e9}""#, true, false),
    EvaluationRow(#"metadata.quote == "say \"hi\"\n""#, true, false),
    EvaluationRow(#"metadata.quote == 'say "hi"\n'"#, false, false),
    EvaluationRow(#"metadata."a.b" == "dotted""#, true, false),
    EvaluationRow(#"metadata.a.b exists"#, false, false),
    EvaluationRow(#"metadata."user feedback" == 'loud'"#, true, false),
]

/// A metadata value of one kind compared with a literal of another: false (and `!=` true), never an error.
private let mismatchRows: [EvaluationRow] = [
    EvaluationRow("metadata.channel == 5", false, false),
    EvaluationRow("metadata.channel != 5", true, true),
    EvaluationRow("metadata.channel > 5", false, false),
    EvaluationRow(#"metadata.ratio == "0.75""#, false, false),
    EvaluationRow(#"metadata.ratio < "1""#, false, false),
    EvaluationRow("metadata.flag == 1", false, false),
    EvaluationRow("metadata.channel == true", false, false),
    EvaluationRow("metadata.channel > 2025-01-01", false, false),
    EvaluationRow("metadata.customer.since > 2020-01-01", false, false),
    EvaluationRow(#"metadata.ratio contains "7""#, false, false),
    EvaluationRow("metadata.ratio matches '7'", false, false),
    EvaluationRow(#"metadata.labels contains 5"#, false, false),
    EvaluationRow(#"score.tone > "a""#, true, false),
    EvaluationRow(#"score.helpfulness == "4""#, false, false),
]

private let logicRows: [EvaluationRow] = [
    EvaluationRow(#"environment == "production" and "support" in tags and latency_ms > 2000"#, true, false),
    EvaluationRow(#"environment == "staging" or tokens > 800"#, true, false),
    EvaluationRow(#"not environment == "production""#, false, true),
    EvaluationRow("not not id exists", true, true),
    // and binds tighter than or: false or (true and false) → false; (false or true) and false → false
    EvaluationRow(#"id == "x" or id == "t-1" and id == "y""#, false, false),
    EvaluationRow(#"(id == "x" or id == "t-1") and id == "y""#, false, false),
    // true or (false and false) → true; (true or false) and false → false
    EvaluationRow(#"id == "t-1" or id == "x" and id == "y""#, true, false),
    EvaluationRow(#"(id == "t-1" or id == "x") and id == "y""#, false, false),
    // not binds tighter than and: (not A) and B
    EvaluationRow(#"not id == "t-1" and id == "t-2""#, false, true),
    EvaluationRow(#"not (id == "t-1" and id == "t-2")"#, true, true),
    EvaluationRow(#"((((id == "t-1"))))"#, true, false),
    EvaluationRow(#"id == "t-1" AND NOT name EXISTS"#, false, false),
    EvaluationRow(#"name == null OR name == "support-chat""#, true, true),
]

@Suite("Filter evaluation")
struct FilterEvaluationTests {
    static func check(_ row: EvaluationRow) throws {
        let expression = try FilterExpression.parse(row.expression)
        let evaluator = expression.makeEvaluator()
        #expect(evaluator.matches(FilterFixtures.full) == row.full, "full trace")
        #expect(evaluator.matches(FilterFixtures.bare) == row.bare, "bare trace")
        // The top-level path gives the same answer wherever it applies.
        if evaluator.canEvaluateTopLevel {
            for (trace, expected) in [(FilterFixtures.full, row.full), (FilterFixtures.bare, row.bare)] {
                let object = try #require(trace.json.objectValue)
                #expect(evaluator.matches(topLevel: object) == expected, "top level of \(trace.id)")
            }
        } else {
            #expect(evaluator.matches(topLevel: JSONObject()) == nil)
        }
    }

    @Test("string fields: every operator, present and missing", arguments: stringFieldRows)
    func stringFields(row: EvaluationRow) throws { try Self.check(row) }

    @Test("tags and model: any element decides, and != means none", arguments: listFieldRows)
    func listFields(row: EvaluationRow) throws { try Self.check(row) }

    @Test("latency, tokens and cost follow NATIVE.md conventions", arguments: numberFieldRows)
    func numberFields(row: EvaluationRow) throws { try Self.check(row) }

    @Test("level, timestamp and existing scores", arguments: otherFieldRows)
    func otherFields(row: EvaluationRow) throws { try Self.check(row) }

    @Test("metadata paths, nested keys, quoted keys, unicode and escapes", arguments: metadataRows)
    func metadata(row: EvaluationRow) throws { try Self.check(row) }

    @Test("a value of another kind than the literal compares false at run time", arguments: mismatchRows)
    func runtimeMismatch(row: EvaluationRow) throws { try Self.check(row) }

    @Test("and, or, not and parentheses combine with the documented precedence", arguments: logicRows)
    func logic(row: EvaluationRow) throws { try Self.check(row) }

    @Test("top-level-only filters are recognised from the fields they read")
    func topLevelDetection() throws {
        #expect(
            try FilterExpression.parse(#"environment == "x" and metadata.a.b exists and tags contains "y""#)
                .readsTopLevelOnly)
        #expect(try FilterExpression.parse("timestamp > 2025-01-01 or id == 'a'").readsTopLevelOnly)
        for expression in [
            "latency_ms > 1", "tokens > 1", "cost > 1", #"model == "m""#, #"level == "ERROR""#,
            "score.x exists", #"id == "a" or level == "DEBUG""#,
        ] {
            #expect(try !FilterExpression.parse(expression).readsTopLevelOnly, "\(expression)")
        }
        #expect(
            try FilterExpression.parse(#"tokens > 1 and metadata.b == 1 or "x" in tags and name exists"#).fieldNames
                == ["metadata.b", "name", "tags", "tokens"])
    }

    @Test("a regex is searched only in the first 10000 characters of a value")
    func regexInputIsBounded() throws {
        var trace = FilterFixtures.bare
        trace.name = String(repeating: "a", count: 10_000) + "needle"
        #expect(try !FilterFixtures.matches(#"name matches "needle""#, trace))
        #expect(try FilterFixtures.matches(#"name contains "needle""#, trace))
        trace.name = String(repeating: "a", count: 9_994) + "needle"
        #expect(try FilterFixtures.matches(#"name matches "needle""#, trace))
    }

    @Test("a native line's top level gives the same answer as its trace on every line of the sample")
    func topLevelAgreesOnSample() throws {
        let lines = try FileSystem.readText(FileSystem.join(FixturePaths.shared, "data/native/sample.jsonl"))
            .split(separator: "\n").map(String.init)
        #expect(lines.count == 40)
        let expressions = [
            #"environment == "production" and "support" in tags"#, "sessionId exists", #"name matches "^sup""#,
            "timestamp >= 2025-06-01", #"metadata.channel == "web" or release exists"#, #"userId != "user_123""#,
            #"version < "2" and not tags contains "rag""#, #"id in ["sup-001", "rag-002"]"#,
        ]
        for expression in expressions {
            let evaluator = try FilterExpression.parse(expression).makeEvaluator()
            for line in lines {
                let value = try JSONValue(parsing: line)
                let object = try #require(value.objectValue)
                #expect(
                    evaluator.matches(topLevel: object) == evaluator.matches(try Trace(json: value)), "\(expression)")
            }
        }
    }

    @Test(
        "derived fields over the sample count what a Python reference of NATIVE.md conventions counts",
        arguments: [
            ("latency_ms > 2000", 33), ("latency_ms exists", 40), ("tokens > 1000", 21), ("cost > 0.001", 6),
            (#"level == "ERROR""#, 2), (#"level >= "WARNING""#, 2), (#""gpt-4o" in model"#, 7),
            (#"model matches "^gpt""#, 36), (#""support" in tags"#, 18),
            (#"environment == "production" and "support" in tags"#, 17), ("score.user_feedback == 1", 1),
            ("timestamp >= 2025-06-01", 10), ("sessionId exists", 30),
        ])
    func sampleCounts(expression: String, count: Int) throws {
        let lines = try FileSystem.readText(FileSystem.join(FixturePaths.shared, "data/native/sample.jsonl"))
            .split(separator: "\n")
        let evaluator = try FilterExpression.parse(expression).makeEvaluator()
        var matched = 0
        for line in lines where evaluator.matches(try Trace(json: try JSONValue(parsing: String(line)))) {
            matched += 1
        }
        #expect(matched == count)
    }
}
