import QuireModel
import QuirePack
import Testing

/// `tool-call-errors` on small hand-made traces, one rule per case.
@Suite("tool-call-errors classifier")
struct ClassifierToolCallErrorTests {
    typealias F = ClassifierFixtures

    /// A trace with one assistant call `call_1` to `lookup` and a TOOL observation answering it.
    static func toolTrace(result: String, callID: String = "call_1") throws -> Trace {
        let call =
            #"{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{}"}}]}"#
        return try F.trace(
            observations: "["
                + F.observation("g1", "GENERATION", #""output":\#(call)"#) + ","
                + F.observation(
                    "t1", "TOOL", #""name":"lookup","output":\#(result),"metadata":{"tool_call_id":"\#(callID)"}"#)
                + "]")
    }

    static func classify(_ trace: Trace) -> BundleItem.Flag? {
        ToolCallErrorClassifier().classify(trace)
    }

    @Test(
        "a result object failing by error, isError, status or success is flagged with that member named",
        arguments: [
            (
                #"{"error":"boom","code":7}"#, #"tool "lookup" failed: its result has an "error" field"#,
                #"{"error": "boom", "code": 7}"#
            ),
            (#"{"error":{"message":"quota"}}"#, #"has an "error" field"#, "quota"),
            (#"{"error":true}"#, #"has an "error" field"#, #"{"error": true}"#),
            (#"{"content":[],"isError":true}"#, #"has "isError": true"#, #"{"isError": true, "content": []}"#),
            (#"{"status":"ERROR"}"#, #"has "status": "ERROR""#, #"{"status": "ERROR"}"#),
            (#"{"ok":1,"status":"Failed"}"#, #"has "status": "Failed""#, #"{"status": "Failed", "ok": 1}"#),
            (
                #"{"success":false,"message":"nope"}"#, #"has "success": false"#,
                #"{"success": false, "message": "nope"}"#
            ),
            (#""{\"error\": \"in a JSON string\"}""#, #"has an "error" field"#, "in a JSON string"),
        ])
    func failingResultsAreFlagged(result: String, reason: String, evidence: String) throws {
        let flag = try #require(Self.classify(try Self.toolTrace(result: result)))
        #expect(flag.classifier == "tool-call-errors")
        #expect(flag.reason.contains(reason), "\(flag.reason)")
        #expect(flag.evidence.contains(evidence), "\(flag.evidence)")
    }

    @Test(
        "results that only look like failures are not flagged",
        arguments: [
            #"{"status":"completed","note":"refund error-free"}"#,  // the word inside a string
            #"{"status":"pending","message":"still processing"}"#,  // slow is not failed
            #"{"error":null,"data":1}"#, #"{"error":""}"#, #"{"error":"  "}"#, #"{"error":false}"#, #"{"error":0}"#,
            #"{"error":{}}"#, #"{"error":[]}"#,
            #"{"isError":false}"#, #"{"isError":"true"}"#,  // only the Boolean counts
            #"{"success":true}"#, #"{"success":"false"}"#, #"{"status":500}"#,
            #"{"result":{"error":"nested"}}"#,  // only top-level members count
            #""Error: plain text is not JSON""#, #"[{"error":"in an array"}]"#, "null",
        ])
    func lookalikesAreNotFlagged(result: String) throws {
        #expect(Self.classify(try Self.toolTrace(result: result)) == nil)
    }

    @Test("a failed tool message inside a GENERATION input is flagged; inside a SPAN input it is not read")
    func toolMessagesCountOnlyInGenerationInputs() throws {
        let messages =
            #"[{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"pay","arguments":"{}"}}]},"#
            + #"{"role":"tool","tool_call_id":"c1","content":"{\"status\": \"failed\"}"}]"#
        let generation = try F.trace(
            observations: "[" + F.observation("g", "GENERATION", #""input":\#(messages)"#) + "]")
        let flag = try #require(Self.classify(generation))
        #expect(flag.reason == #"tool "pay" failed: its result has "status": "failed""#)
        let span = try F.trace(observations: "[" + F.observation("s", "SPAN", #""input":\#(messages)"#) + "]")
        #expect(Self.classify(span) == nil)
    }

    @Test("a TOOL observation and the tool message replaying it are one finding")
    func replayedFailureIsReportedOnce() throws {
        let call =
            #"{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"pay","arguments":"{}"}}]}"#
        let replay = #"[\#(call),{"role":"tool","tool_call_id":"c1","content":"{\"error\": \"declined\"}"}]"#
        let trace = try F.trace(
            observations: "["
                + F.observation("g1", "GENERATION", #""output":\#(call)"#) + ","
                + F.observation(
                    "t1", "TOOL", #""name":"pay","output":{"error":"declined"},"metadata":{"tool_call_id":"c1"}"#) + ","
                + F.observation("g2", "GENERATION", #""input":\#(replay)"#) + ","
                + F.observation("g3", "GENERATION", #""input":\#(replay)"#) + "]")
        let flag = try #require(Self.classify(trace))
        #expect(flag.reason == #"tool "pay" failed: its result has an "error" field"#)
        #expect(flag.evidence == #"{"error": "declined"}"#)
    }

    @Test("a tool message answering no call anywhere in the trace is an orphan, with its id as evidence")
    func orphanToolMessage() throws {
        let input =
            #"[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"call_zz9","content":"{\"status\": \"ok\"}"}]"#
        let trace = try F.trace(observations: "[" + F.observation("g", "GENERATION", #""input":\#(input)"#) + "]")
        let flag = try #require(Self.classify(trace))
        #expect(flag.reason == #"tool result for call id "call_zz9" has no matching tool call in the trace"#)
        #expect(flag.evidence == #"tool_call_id "call_zz9": {"status": "ok"}"#)
    }

    @Test("a tool message whose call appears only in the trace's input history is not an orphan")
    func callInTraceInputMatches() throws {
        let history =
            #"[{"role":"assistant","content":null,"tool_calls":[{"id":"h1","type":"function","function":{"name":"f","arguments":"{}"}}]}]"#
        let input = #"[{"role":"tool","tool_call_id":"h1","content":"{\"status\": \"ok\"}"}]"#
        let trace = try F.trace(
            observations: "[" + F.observation("g", "GENERATION", #""input":\#(input)"#) + "]", input: history)
        #expect(Self.classify(trace) == nil)
    }

    @Test("a TOOL observation with an unknown call id is an orphan only when the trace records tool calls")
    func toolObservationOrphanNeedsRecordedCalls() throws {
        #expect(Self.classify(try Self.toolTrace(result: #"{"ok":true}"#, callID: "call_other")) != nil)
        let alone = try F.trace(
            observations: "["
                + F.observation("t1", "TOOL", #""name":"lookup","output":{"ok":true},"metadata":{"tool_call_id":"x9"}"#)
                + "]")
        #expect(Self.classify(alone) == nil)
    }

    @Test("two calls sharing an id in one assistant message are duplicates; the same call replayed is not")
    func duplicateCallIDs() throws {
        let twice =
            #"{"role":"assistant","content":null,"tool_calls":[{"id":"d","type":"function","function":{"name":"a","arguments":"1"}},{"id":"d","type":"function","function":{"name":"b","arguments":"2"}}]}"#
        let trace = try F.trace(observations: "[" + F.observation("g", "GENERATION", #""output":\#(twice)"#) + "]")
        let flag = try #require(Self.classify(trace))
        #expect(flag.reason == #"2 tool calls in one assistant message share the id "d""#)
        #expect(flag.evidence == #"id "d": a(1); id "d": b(2)"#)

        let once =
            #"{"role":"assistant","content":null,"tool_calls":[{"id":"d","type":"function","function":{"name":"a","arguments":"1"}}]}"#
        let replayed = try F.trace(
            observations: "[" + F.observation("g1", "GENERATION", #""output":\#(once)"#) + ","
                + F.observation("g2", "GENERATION", #""input":[\#(once)]"#) + "]",
            output: once)
        #expect(Self.classify(replayed) == nil)
    }

    @Test("an empty call id on a call and on a result is flagged; a missing id is not")
    func emptyCallIDs() throws {
        let call =
            #"{"role":"assistant","content":null,"tool_calls":[{"id":"","type":"function","function":{"name":"lookup","arguments":"{}"}}]}"#
        let result = #"{"role":"tool","tool_call_id":"","content":"{\"ok\": true}"}"#
        let trace = try F.trace(
            observations: "[" + F.observation("g", "GENERATION", #""input":[\#(call),\#(result)]"#) + "]")
        let flag = try #require(Self.classify(trace))
        #expect(
            flag.reason
                == #"the tool call to "lookup" has an empty id; a tool result from "lookup" has an empty tool_call_id"#)
        #expect(flag.evidence == #"id "": lookup({})"#)

        let missing =
            #"{"role":"assistant","content":null,"tool_calls":[{"type":"function","function":{"name":"lookup","arguments":"{}"}}]}"#
        let noID = try F.trace(observations: "[" + F.observation("g", "GENERATION", #""output":\#(missing)"#) + "]")
        #expect(Self.classify(noID) == nil)
    }

    @Test("a call with an empty or missing tool name is flagged", arguments: [#""name":"""#, #""name":"  ""#, ""])
    func emptyToolName(nameMember: String) throws {
        let separator = nameMember.isEmpty ? "" : ","
        let call =
            #"{"role":"assistant","content":null,"tool_calls":[{"id":"c7","type":"function","function":{\#(nameMember)\#(separator)"arguments":"{}"}}]}"#
        let trace = try F.trace(observations: "[" + F.observation("g", "GENERATION", #""output":\#(call)"#) + "]")
        let flag = try #require(Self.classify(trace))
        #expect(flag.reason == #"tool call "c7" has an empty tool name"#)
    }

    @Test("more than three problems name the first three and count the rest")
    func manyProblemsAreCounted() throws {
        var observations: [String] = []
        for index in 0..<5 {
            observations.append(
                F.observation("t\(index)", "TOOL", #""name":"tool\#(index)","output":{"error":"e\#(index)"}"#))
        }
        let flag = try #require(
            Self.classify(try F.trace(observations: "[" + observations.joined(separator: ",") + "]")))
        #expect(
            flag.reason
                == #"tool "tool0" failed: its result has an "error" field; tool "tool1" failed: its result has an "#
                + #""error" field; tool "tool2" failed: its result has an "error" field; and 2 more tool-call problems"#
        )
        #expect(flag.evidence == #"{"error": "e0"}"#)
    }

    @Test("a trace without tool calls or results is not flagged")
    func plainTraceIsClean() throws {
        let trace = try F.trace(output: #"{"role":"assistant","content":"error: none"}"#)
        #expect(Self.classify(trace) == nil)
    }
}
