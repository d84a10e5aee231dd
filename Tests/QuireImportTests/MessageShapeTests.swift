import QuireImport
import QuireModel
import Testing

/// The message shapes of FORMATS.md (a) 1–6 (and Braintrust's), each normalised to OpenAI chat messages.
@Suite("Message shapes")
struct MessageShapeTests {
    /// The input and output of the one GENERATION in a Langfuse export built around them.
    private func generation(input: String, output: String) throws -> Observation {
        let text =
            #"{"trace":{"id":"t","timestamp":"2025-01-01T00:00:00Z","projectId":"p"},"observations":[{"id":"g","type":"GENERATION","startTime":"2025-01-01T00:00:01Z","input":\#(input),"output":\#(output)}]}"#
        return try #require(try ImportFixtures.single(text).observations.first)
    }

    private func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    @Test("1: OpenAI chat messages stay as given, tool call arguments made JSON text and the role first")
    func openAIChat() throws {
        let observation = try generation(
            input: #"[{"content":"hi","role":"user"}]"#,
            output:
                #"{"role":"assistant","content":null,"tool_calls":[{"id":"c1","function":{"name":"f","arguments":{"a":1}}}]}"#
        )
        #expect(observation.input == (try json(#"[{"role":"user","content":"hi"}]"#)))
        #expect(
            observation.output
                == (try json(
                    #"{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]}"#
                )))
    }

    @Test("2: OTel GenAI parts become text, tool calls with JSON-text arguments, and tool messages")
    func genAIParts() throws {
        let observation = try generation(
            input:
                #"[{"role":"user","parts":[{"type":"text","content":"Weather?"}]},{"role":"assistant","parts":[{"type":"text","content":"Let me check."},{"type":"tool_call","id":"1234","name":"get_weather","arguments":{"location":"Paris"}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"1234","response":"rainy"}]}]"#,
            output: #"[{"role":"assistant","parts":[{"type":"text","content":"Rainy."}],"finish_reason":"stop"}]"#)
        #expect(
            observation.input
                == (try json(
                    #"[{"role":"user","content":"Weather?"},{"role":"assistant","content":"Let me check.","tool_calls":[{"id":"1234","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},{"role":"tool","tool_call_id":"1234","content":"rainy"}]"#
                )))
        #expect(observation.output == (try json(#"{"role":"assistant","content":"Rainy."}"#)))
    }

    @Test("2: an array-valued call id (or one spelled as JSON text) becomes its last element, the original kept")
    func arrayCallID() throws {
        let observation = try generation(
            input:
                #"[{"role":"tool","parts":[{"type":"tool_call_response","id":"[\"run_1\", \"call_2\"]","response":"ok"}]}]"#,
            output:
                #"[{"role":"assistant","parts":[{"type":"tool_call","id":["run_1","call_2"],"name":"f","arguments":{}}]}]"#
        )
        #expect(observation.input == (try json(#"[{"role":"tool","tool_call_id":"call_2","content":"ok"}]"#)))
        #expect(observation.output["tool_calls"]?.arrayValue?.first?["id"] == .string("call_2"))
        #expect(observation.metadata["toolCallIdSources"] == (try json(#"{"call_2":["run_1","call_2"]}"#)))
    }

    @Test("3: OpenAI Responses items and response objects become chat messages, instructions a system message")
    func responsesAPI() throws {
        let observation = try generation(
            input:
                #"[{"content":"Weather in Tokyo?","role":"user"},{"arguments":"{\"city\":\"Tokyo\"}","call_id":"call_K","name":"get_weather","type":"function_call","id":"fc_1"},{"call_id":"call_K","output":"sunny","type":"function_call_output"}]"#,
            output:
                #"{"id":"resp_1","object":"response","instructions":"Be helpful.","model":"gpt-4.1","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"It is sunny."}]}]}"#
        )
        #expect(
            observation.input
                == (try json(
                    #"[{"role":"system","content":"Be helpful."},{"role":"user","content":"Weather in Tokyo?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_K","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Tokyo\"}"}}]},{"role":"tool","tool_call_id":"call_K","content":"sunny"}]"#
                )))
        #expect(observation.output == (try json(#"{"role":"assistant","content":"It is sunny."}"#)))
        #expect(
            observation.metadata["response"] == (try json(#"{"id":"resp_1","object":"response","model":"gpt-4.1"}"#)))
    }

    @Test("4: Gemini request and response objects become messages, model → assistant, calls paired by name-index")
    func gemini() throws {
        let observation = try generation(
            input:
                #"{"model":"gemini-2.0-flash","config":{"system_instruction":"Greet."},"contents":[{"role":"user","parts":[{"text":"hi"}]},{"role":"model","parts":[{"function_call":{"name":"say_hello","args":{}}}]},{"role":"user","parts":[{"function_response":{"name":"say_hello","response":{"greeting":"Hello"}}}]}]}"#,
            output: #"{"content":{"role":"model","parts":[{"text":"Hello!"}]},"finish_reason":"STOP"}"#)
        #expect(
            observation.input
                == (try json(
                    #"[{"role":"system","content":"Greet."},{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"say_hello-0","type":"function","function":{"name":"say_hello","arguments":"{}"}}]},{"role":"tool","tool_call_id":"say_hello-0","content":"{\"greeting\":\"Hello\"}"}]"#
                )))
        #expect(observation.output == (try json(#"{"role":"assistant","content":"Hello!"}"#)))
        #expect(
            observation.metadata["request"]
                == (try json(#"{"model":"gemini-2.0-flash","config":{"system_instruction":"Greet."}}"#)))
        #expect(observation.metadata["response"] == (try json(#"{"finish_reason":"STOP"}"#)))
    }

    @Test("5: a flattened prompt string and call-argument objects are kept as given, roles never guessed")
    func keptAsGiven() throws {
        let flattened = try generation(input: #""system: Be nice.\nuser: hi""#, output: "null")
        #expect(flattened.input == .string("system: Be nice.\nuser: hi"))
        let arguments = try generation(input: #"{"args":["What is Langfuse?"]}"#, output: "null")
        #expect(arguments.input == (try json(#"{"args":["What is Langfuse?"]}"#)))
    }

    @Test("6: messages inside a JSON string, encoded twice, decode (newer exports encode observation input)")
    func encodedObservation() throws {
        let inner = #"[{"role":"user","parts":[{"type":"text","content":"1+1?"}]}]"#
        let observation = try generation(input: JSONValue.string(inner).jsonText, output: #""\"2\"""#)
        #expect(observation.input == (try json(#"[{"role":"user","content":"1+1?"}]"#)))
        #expect(observation.output == (try json(#"{"role":"assistant","content":"2"}"#)))
    }

    @Test("LangChain-serialised messages in a batch, and generations output, become chat messages")
    func langChain() throws {
        let observation = try generation(
            input:
                #"[[{"lc":1,"type":"constructor","id":["langchain_core","messages","SystemMessage"],"kwargs":{"content":"Be brief."}},{"lc":1,"type":"constructor","id":["langchain_core","messages","HumanMessage"],"kwargs":{"content":"hello"}}]]"#,
            output:
                #"{"generations":[[{"text":"hi","message":{"lc":1,"type":"constructor","id":["langchain_core","messages","AIMessage"],"kwargs":{"content":"hi","tool_calls":[]}}}]],"llmOutput":{"tokenUsage":{"totalTokens":3}}}"#
        )
        #expect(
            observation.input
                == (try json(#"[{"role":"system","content":"Be brief."},{"role":"user","content":"hello"}]"#)))
        #expect(observation.output == (try json(#"{"role":"assistant","content":"hi"}"#)))
    }

    @Test("Anthropic tool_use and tool_result blocks become tool calls and tool messages")
    func anthropic() throws {
        let observation = try generation(
            input:
                #"[{"role":"assistant","content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"tu_1","name":"lookup","input":{"q":1}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"tu_1","content":[{"type":"text","text":"found"}]}]}]"#,
            output: "null")
        #expect(
            observation.input
                == (try json(
                    #"[{"role":"assistant","content":"Checking.","tool_calls":[{"id":"tu_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":1}"}}]},{"role":"tool","tool_call_id":"tu_1","content":"found"}]"#
                )))
    }

    @Test("chat completion choices and a bare {text} completion become assistant messages")
    func completions() throws {
        let choices = try generation(
            input: "null",
            output: #"[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"done"}}]"#)
        #expect(choices.output == (try json(#"{"role":"assistant","content":"done"}"#)))
        let text = try generation(input: "null", output: #"{"text":"sunny","finish_reason":"stop"}"#)
        #expect(text.output == (try json(#"{"role":"assistant","content":"sunny"}"#)))
        #expect(text.metadata["response"] == (try json(#"{"finish_reason":"stop"}"#)))
    }
}
