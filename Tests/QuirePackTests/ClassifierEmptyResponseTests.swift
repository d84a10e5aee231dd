import QuireModel
import QuirePack
import Testing

/// `empty-response` on small hand-made traces.
@Suite("empty-response classifier")
struct ClassifierEmptyResponseTests {
    typealias F = ClassifierFixtures

    static func classify(_ trace: Trace) -> BundleItem.Flag? {
        EmptyResponseClassifier().classify(trace)
    }

    static func answer(_ content: String) throws -> Trace {
        try F.trace(output: #"{"role":"assistant","content":\#(content)}"#)
    }

    @Test(
        "empty, whitespace-only and one-repeated-character answers are flagged",
        arguments: [
            (
                #""""#, "the final assistant message (the trace output) is empty",
                #"{"role": "assistant", "content": ""}"#
            ),
            (
                "null", "the final assistant message (the trace output) is empty",
                #"{"role": "assistant", "content": null}"#
            ),
            (
                #""  \n\t  \n""#, "the final assistant message (the trace output) is only whitespace",
                "content is 7 whitespace characters: 4 spaces, 2 line feeds, 1 tab"
            ),
            (#"" ""#, "is only whitespace", "content is 1 whitespace character: 1 space"),
            (
                #""........""#, "the final assistant message (the trace output) is one character repeated 8 times",
                #"content: "........""#
            ),
            (#""  !!! ""#, "one character repeated 3 times", #"content: "!!!""#),
            (#""🙂🙂🙂🙂""#, "one character repeated 4 times", #"content: "🙂🙂🙂🙂""#),
            (
                #"[{"type":"text","text":""}]"#, "is empty",
                #"{"role": "assistant", "content": [{"type": "text", "text": ""}]}"#
            ),
        ])
    func emptyAnswersAreFlagged(content: String, reason: String, evidence: String) throws {
        let flag = try #require(Self.classify(try Self.answer(content)))
        #expect(flag.classifier == "empty-response")
        #expect(flag.reason.contains(reason), "\(flag.reason)")
        #expect(flag.evidence == evidence)
    }

    @Test(
        "short real answers are not repetitions",
        arguments: [#""3""#, #""ok""#, #""!!""#, #""aab""#, #""No.""#, #""..!""#])
    func shortAnswersPass(content: String) throws {
        #expect(Self.classify(try Self.answer(content)) == nil)
    }

    @Test("a tool-call-only turn is not an empty response")
    func toolCallOnlyTurn() throws {
        let trace = try F.trace(
            output:
                #"{"role":"assistant","content":null,"tool_calls":[{"id":"h","type":"function","function":{"name":"handoff_to_human","arguments":"{}"}}]}"#
        )
        #expect(Self.classify(trace) == nil)
    }

    @Test("no assistant message at all (the call failed) is not an empty response")
    func noAssistantMessage() throws {
        let failed = try F.trace(
            observations: "["
                + F.observation("g", "GENERATION", #""level":"ERROR","statusMessage":"500","output":null"#) + "]")
        #expect(Self.classify(failed) == nil)
        #expect(Self.classify(try F.trace(output: #"{"answer":42}"#)) == nil)
    }

    @Test("a refusal and non-text content parts are answers")
    func refusalAndImages() throws {
        #expect(
            Self.classify(
                try F.trace(output: #"{"role":"assistant","content":null,"refusal":"I can't help with that."}"#)) == nil
        )
        #expect(Self.classify(try Self.answer(#"[{"type":"image_url","image_url":{"url":"data:x"}}]"#)) == nil)
    }

    @Test("without an assistant trace output, the generation that ended last gives the final message")
    func lastGenerationIsFinal() throws {
        let observations =
            "["
            + F.observation(
                "g1", "GENERATION",
                #""name":"late","endTime":"2025-01-01T00:00:09Z","output":{"role":"assistant","content":"   "}"#) + ","
            + F.observation(
                "g2", "GENERATION",
                #""name":"early","endTime":"2025-01-01T00:00:05Z","output":{"role":"assistant","content":"fine"}"#)
            + "]"
        let flag = try #require(
            Self.classify(try F.trace(observations: observations, output: #"{"role":"user","content":"q"}"#)))
        #expect(flag.reason == #"the final assistant message (the output of generation "late") is only whitespace"#)
    }

    @Test("an output array's last assistant message and a plain string output are final messages")
    func outputShapes() throws {
        let array = try F.trace(
            output: #"[{"role":"assistant","content":"first"},{"role":"assistant","content":"~~~"}]"#)
        #expect(Self.classify(array)?.reason.contains("repeated 3 times") == true)
        let plain = try F.trace(output: #""\t""#)
        #expect(Self.classify(plain)?.evidence == "content is 1 whitespace character: 1 tab")
    }
}
