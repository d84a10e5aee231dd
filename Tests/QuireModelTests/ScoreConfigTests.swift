import QuireModel
import Testing

@Suite("Score configs")
struct ScoreConfigTests {
    @Test(
        "invalid configs are refused naming the field",
        arguments: [
            (
                #"{"name":"x","type":"numeric","min":5,"max":1}"#,
                FieldError(field: "min", reason: "must be below max (1)")
            ),
            (
                #"{"name":"x","type":"numeric","min":1,"max":1}"#,
                FieldError(field: "min", reason: "must be below max (1)")
            ),
            (#"{"name":"x","type":"numeric","step":0}"#, FieldError(field: "step", reason: "must be greater than 0")),
            (
                #"{"name":"x","type":"categorical"}"#,
                FieldError(field: "categories", reason: "a categorical score needs at least one category")
            ),
            (
                #"{"name":"x","type":"categorical","categories":[{"label":"a","value":1},{"label":"a","value":2}]}"#,
                FieldError(field: "categories[1].label", reason: "duplicate label \"a\"")
            ),
            (
                #"{"name":"x","type":"categorical","categories":[{"label":"a","value":1},{"label":"b","value":1}]}"#,
                FieldError(field: "categories[1].value", reason: "duplicate value 1")
            ),
            (
                #"{"name":"x","type":"categorical","categories":[{"label":"a"}]}"#,
                FieldError(field: "categories[0].value", reason: "missing")
            ),
            (
                #"{"name":"x","type":"boolean","categories":[{"label":"yes","value":1}]}"#,
                FieldError(field: "categories", reason: "a boolean score's categories are fixed: True=1, False=0")
            ),
            (
                #"{"name":"x","type":"text","min":1}"#,
                FieldError(field: "min", reason: "only numeric scores have a range")
            ),
            (
                #"{"name":"x","type":"likert"}"#,
                FieldError(
                    field: "type",
                    reason: "unknown type \"likert\"; expected one of numeric, categorical, boolean, text, correction")
            ),
            (
                #"{"name":"x","type":"numeric","target":"span"}"#,
                FieldError(
                    field: "target", reason: "unknown target \"span\"; expected one of trace, observation, session")
            ),
            (
                #"{"name":"x","type":"text","level":"ordinal"}"#,
                FieldError(field: "level", reason: "ordinal does not fit a text score")
            ),
            (
                #"{"name":"a name that is far too long for langfuse","type":"text"}"#,
                FieldError(
                    field: "name",
                    reason:
                        "must be 1–35 characters of letters, digits, space and _.()- (got \"a name that is far too long for langfuse\")"
                )
            ),
            (
                #"{"name":"bad/name","type":"text"}"#,
                FieldError(
                    field: "name",
                    reason: "must be 1–35 characters of letters, digits, space and _.()- (got \"bad/name\")")
            ),
        ]
    )
    func invalidConfigs(json: String, expected: FieldError) throws {
        let value = try JSONParser.parse(json)
        #expect(throws: expected) { try ScoreConfig(json: value) }
    }

    @Test("numeric values outside the range or off the step are refused with the allowed values")
    func numericValues() throws {
        let config = try ScoreConfig(
            json: JSONParser.parse(#"{"name":"correctness","type":"numeric","min":1,"max":5,"step":1}"#))
        #expect(try config.parse("4") == .int(4))
        #expect(
            throws: ScoreValueError(
                score: "correctness", reason: "6 is not allowed; expected a number from 1 to 5 in steps of 1")
        ) {
            try config.parse("6")
        }
        #expect(
            throws: ScoreValueError(
                score: "correctness", reason: "2.5 is not allowed; expected a number from 1 to 5 in steps of 1")
        ) {
            try config.parse("2.5")
        }
        #expect(
            throws: ScoreValueError(
                score: "correctness", reason: "\"high\" is not a number; expected a number from 1 to 5 in steps of 1")
        ) {
            try config.parse("high")
        }
    }

    @Test("categorical values accept a label or a category value and store the label")
    func categoricalValues() throws {
        let config = try ScoreConfig(
            json: JSONParser.parse(
                #"{"name":"tone","type":"categorical","categories":[{"label":"good","value":1},{"label":"bad","value":0}]}"#
            ))
        #expect(try config.parse("good") == .string("good"))
        #expect(try config.parse("0") == .string("bad"))
        #expect(throws: ScoreValueError(score: "tone", reason: "\"meh\" is not allowed; expected one of good, bad")) {
            try config.parse("meh")
        }
        #expect(config.numericValue(of: .string("good")) == 1)
    }

    @Test("boolean values are stored as 1 and 0")
    func booleanValues() throws {
        let config = ScoreConfig(name: "hallucination", kind: .boolean)
        #expect(try config.parse("yes") == .int(1))
        #expect(try config.validated(.bool(false)) == .int(0))
        #expect(
            throws: ScoreValueError(score: "hallucination", reason: "\"maybe\" is not allowed; expected true or false")
        ) {
            try config.parse("maybe")
        }
    }

    @Test("a config written as JSON reads back equal")
    func jsonRoundTrip() throws {
        let text =
            #"{"name":"tone","type":"categorical","description":"d","categories":[{"label":"good","value":1},{"label":"bad","value":0.5}],"target":"observation","ordered":true}"#
        let config = try ScoreConfig(json: JSONParser.parse(text))
        #expect(try ScoreConfig(json: config.json) == config)
        #expect(config.agreementLevel == .ordinal)
    }
}
