import QuireModel
import QuirePack
import Testing

/// Classifier names as queue files spell them, and `command:` word splitting.
@Suite("Classifier names")
struct ClassifierNameTests {
    @Test(
        "the four system names and command: parse and print back unchanged",
        arguments: [
            ("tool-call-errors", ClassifierName.toolCallErrors), ("output-schema", .outputSchema),
            ("empty-response", .emptyResponse), ("resource-outliers", .resourceOutliers),
            ("command:./judge.sh --strict", .command("./judge.sh --strict")),
        ])
    func namesRoundTrip(text: String, name: ClassifierName) throws {
        #expect(try ClassifierName(parsing: text) == name)
        #expect(name.description == text)
    }

    @Test("command: text is trimmed")
    func commandIsTrimmed() throws {
        #expect(try ClassifierName(parsing: "command:  sh -c 'exit 0'  ") == .command("sh -c 'exit 0'"))
    }

    @Test(
        "bad names fail with the exact error",
        arguments: [
            ("tool-call-error", ClassifierError.unknownClassifier("tool-call-error")),
            ("Empty-Response", .unknownClassifier("Empty-Response")), ("", .unknownClassifier("")),
            ("command:", .emptyCommand), ("command:   ", .emptyCommand), ("command:''", .emptyCommand),
            ("command:judge 'open", .unbalancedQuote(command: "judge 'open")),
            ("command:judge \"open", .unbalancedQuote(command: "judge \"open")),
            ("command:judge end\\", .unbalancedQuote(command: "judge end\\")),
        ])
    func badNames(text: String, error: ClassifierError) {
        #expect(throws: error) { try ClassifierName(parsing: text) }
        #expect(error.fault == .data)
    }

    @Test("an unknown name's message lists the valid ones")
    func unknownNameMessage() {
        #expect(
            ClassifierError.unknownClassifier("x").description
                == "unknown classifier 'x' (expected tool-call-errors, output-schema, empty-response, "
                + "resource-outliers or command:PROGRAM)")
    }

    @Test("per-trace classifiers exist for the three per-trace names only")
    func traceClassifiers() {
        #expect(ClassifierName.toolCallErrors.traceClassifier?.name == "tool-call-errors")
        #expect(ClassifierName.outputSchema.traceClassifier?.name == "output-schema")
        #expect(ClassifierName.emptyResponse.traceClassifier?.name == "empty-response")
        #expect(ClassifierName.resourceOutliers.traceClassifier == nil)
        #expect(ClassifierName.command("x").traceClassifier == nil)
    }

    @Test(
        "command words split like a shell's, without running one",
        arguments: [
            ("sh -c 'echo $HOME | wc'", ["sh", "-c", "echo $HOME | wc"]),
            (#"sh  --model "llama 3" x"#, ["sh", "--model", "llama 3", "x"]),
            (#"sh a\ b "q\"x" "back\\slash" "keep\n""#, ["sh", "a b", "q\"x", "back\\slash", "keep\\n"]),
            ("sh '' \"\"", ["sh", "", ""]),
            ("sh 'it'\"'\"'s ok' x'y'z", ["sh", "it's ok", "xyz"]),
        ])
    func commandWords(command: String, words: [String]) throws {
        let classifier = try CommandClassifier(command: command, environment: ["PATH": "/usr/bin:/bin"])
        #expect(classifier.arguments == words)
        #expect(classifier.name == "command:" + command)
        #expect(classifier.executable.hasSuffix("/sh"))
    }
}
