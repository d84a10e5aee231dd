import QuireModel
import QuirePack
import Testing

/// `output-schema` on small hand-made generations.
@Suite("output-schema classifier")
struct ClassifierOutputSchemaTests {
    typealias F = ClassifierFixtures

    /// A trace with one generation `chat` whose metadata and output are given as JSON.
    static func generation(metadata: String, output: String) throws -> Trace {
        try F.trace(
            observations: "["
                + F.observation("g1", "GENERATION", #""name":"chat","output":\#(output),"metadata":\#(metadata)"#) + "]"
        )
    }

    static func message(_ content: String) -> String {
        #"{"role":"assistant","content":\#(content)}"#
    }

    static func classify(_ trace: Trace) -> BundleItem.Flag? {
        OutputSchemaClassifier().classify(trace)
    }

    static let jsonObject = #"{"response_format":{"type":"json_object"}}"#

    @Test(
        "valid JSON output of a JSON-requesting generation is not flagged", arguments: ["json_object", "json_schema"])
    func validJSONPasses(format: String) throws {
        let trace = try Self.generation(
            metadata: #"{"response_format":{"type":"\#(format)"},"finish_reason":"stop"}"#,
            output: Self.message(#""{\"a\": [1, 2]}""#))
        #expect(Self.classify(trace) == nil)
    }

    @Test("a trailing comma is named with its character position")
    func trailingCommaIsFlagged() throws {
        let trace = try Self.generation(metadata: Self.jsonObject, output: Self.message(#""{\"a\": [1, 2,]}""#))
        let flag = try #require(Self.classify(trace))
        #expect(flag.classifier == "output-schema")
        #expect(
            flag.reason
                == #"generation "chat" requested JSON (json_object) but its output is not valid JSON: "#
                + "unexpected character ']' after a trailing comma at character 13")
        #expect(flag.evidence == #"{"a": [1, 2,]}"#)
    }

    @Test(
        "generations that did not request JSON are never flagged, whatever their text",
        arguments: [
            "{}", #"{"response_format":{"type":"text"}}"#, #"{"response_format":"json_object"}"#,
            #"{"finish_reason":"length"}"#,
        ])
    func noJSONRequestedNoFlag(metadata: String) throws {
        let trace = try Self.generation(metadata: metadata, output: Self.message(#""{\"broken\": ""#))
        #expect(Self.classify(trace) == nil)
    }

    @Test("output cut at the token limit is flagged even when the cut left valid JSON")
    func truncatedValidJSONIsFlagged() throws {
        let trace = try Self.generation(
            metadata: #"{"response_format":{"type":"json_object"},"finish_reason":"length"}"#,
            output: Self.message(#""{\"a\": 1}""#))
        let flag = try #require(Self.classify(trace))
        #expect(
            flag.reason
                == #"generation "chat" requested JSON (json_object) but its output was cut off at the token limit "#
                + #"(finish_reason "length")"#)
    }

    @Test("a finish_reason on the message and Anthropic's max_tokens count as truncation")
    func finishReasonOnMessage() throws {
        let trace = try Self.generation(
            metadata: Self.jsonObject,
            output: #"{"role":"assistant","content":"{\"a\": 1}","finish_reason":"max_tokens"}"#)
        #expect(Self.classify(trace)?.reason.contains(#"(finish_reason "max_tokens")"#) == true)
    }

    @Test("long truncated output shows its broken tail within 160 characters")
    func truncatedTailIsEvidence() throws {
        let long = String(repeating: "word ", count: 100)
        let trace = try Self.generation(
            metadata: #"{"response_format":{"type":"json_schema"},"finish_reason":"length"}"#,
            output: Self.message(#""{\"text\": \"\#(long)the end""#))
        let flag = try #require(Self.classify(trace))
        #expect(flag.evidence.hasPrefix("…"))
        #expect(flag.evidence.hasSuffix("word the end"))
        #expect(flag.evidence.unicodeScalars.count == 160)
        #expect(flag.reason.hasSuffix("unterminated string (opened at character 10)"))
    }

    @Test("a long output broken in the middle shows the text around the error")
    func errorWindowIsEvidence() throws {
        let padding = String(repeating: "1, ", count: 100)
        let trace = try Self.generation(
            metadata: Self.jsonObject, output: Self.message(#""[\#(padding)oops, \#(padding)1]""#))
        let flag = try #require(Self.classify(trace))
        #expect(flag.evidence.contains("1, oops, 1"))
        #expect(flag.evidence.unicodeScalars.count <= 160)
        #expect(flag.reason.hasSuffix("unexpected character 'o' at character 302"))
    }

    @Test("Markdown fences around JSON are not JSON")
    func fencedJSONIsFlagged() throws {
        let trace = try Self.generation(metadata: Self.jsonObject, output: Self.message(#""```json\n{\"a\": 1}\n```""#))
        #expect(Self.classify(trace)?.evidence == #"```json {"a": 1} ```"#)
    }

    @Test("a tool-call-only output has no text to check")
    func toolCallOnlyOutputIsSkipped() throws {
        let output =
            #"{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}"#
        #expect(Self.classify(try Self.generation(metadata: Self.jsonObject, output: output)) == nil)
    }

    @Test("text parts, a plain string output and an array of messages are all read")
    func outputShapes() throws {
        let parts = try Self.generation(
            metadata: Self.jsonObject,
            output: Self.message(#"[{"type":"text","text":"{\"a\":"},{"type":"text","text":" 1}"}]"#))
        #expect(Self.classify(parts) == nil)
        let plain = try Self.generation(metadata: Self.jsonObject, output: #""not json""#)
        #expect(Self.classify(plain)?.evidence == "not json")
        let array = try Self.generation(
            metadata: Self.jsonObject, output: "[" + Self.message(#""{}""#) + "," + Self.message(#""nope""#) + "]")
        #expect(Self.classify(array)?.evidence == "nope")
    }

    @Test("several failing generations are counted beyond the first three")
    func severalGenerations() throws {
        var observations: [String] = []
        for index in 0..<4 {
            observations.append(
                F.observation(
                    "g\(index)", "GENERATION",
                    #""name":"gen\#(index)","output":"x\#(index)","metadata":\#(Self.jsonObject)"#))
        }
        let flag = try #require(
            Self.classify(try F.trace(observations: "[" + observations.joined(separator: ",") + "]")))
        #expect(flag.reason.hasPrefix(#"generation "gen0" requested JSON"#))
        #expect(flag.reason.hasSuffix("; and 1 more generation"))
        #expect(flag.evidence == "x0")
    }
}
