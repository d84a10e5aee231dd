import QuireIO
import QuireImport
import QuireModel
import QuireTestSupport
import Testing

@Suite("Trace sources")
struct TraceSourcesTests {
    static let native = #"{"id":"n1","timestamp":"2025-01-01T00:00:00Z"}"#

    @Test("patterns resolve relative to a base directory, globs sorted, - kept for standard input")
    func resolve() throws {
        let directory = try TemporaryDirectory()
        for name in ["b.jsonl", "a.jsonl", "c.txt"] { try FileSystem.writeAtomically("", to: directory.file(name)) }
        let paths = try TraceSources.resolve(["*.jsonl", "-", "c.txt"], relativeTo: directory.path)
        #expect(paths == [directory.file("a.jsonl"), directory.file("b.jsonl"), "-", directory.file("c.txt")])
        #expect(throws: TraceInputError.noMatch(pattern: directory.file("*.csv"))) {
            try TraceSources.resolve(["*.csv"], relativeTo: directory.path)
        }
    }

    @Test("each file is sniffed on its own: native, Langfuse, OTLP and Braintrust in one read")
    func mixedFormats() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.writeAtomically(Self.native + "\n", to: directory.file("n.jsonl"))
        try FileSystem.writeAtomically(
            #"{"trace":{"id":"l1","timestamp":"2025-01-01T00:00:00Z","projectId":"p"},"observations":[]}"#,
            to: directory.file("l.json"))
        try FileSystem.writeAtomically(OTLP.request([OTLP.span(trace: "o1", id: "a")]), to: directory.file("o.json"))
        try FileSystem.writeAtomically(
            #"[{"id":"r","span_id":"b1","root_span_id":"b1"}]"#, to: directory.file("b.json"))
        let paths = ["n.jsonl", "o.json", "l.json", "b.json"].map(directory.file)
        let result = try ImportFixtures.read(paths)
        // Streaming formats first, in input order; grouping formats (OTLP, Braintrust) after the last input.
        #expect(result.traces.map(\.trace.id) == ["n1", "l1", "o1", "b1"])
        #expect(result.summary.inputs.map(\.format) == [.native, .otlp, .langfuse, .braintrust])
        #expect(result.summary.inputs.map(\.traces) == [1, 1, 1, 1])
        #expect(result.summary.traceCount == 4)
    }

    @Test("a forced format reads every file as that format")
    func forcedFormat() throws {
        let result = try ImportFixtures.read(text: Self.native, format: .forced(.native))
        #expect(result.traces.map(\.format) == [.native])
        #expect(throws: TraceInputError.self) {
            try ImportFixtures.read(text: OTLP.request([OTLP.span(id: "a")]), format: .forced(.native))
        }
    }

    @Test("format names parse, auto included; unknown names do not")
    func formatNames() {
        #expect(TraceFormatRequest(name: "auto") == .auto)
        #expect(TraceFormatRequest(name: "openinference") == .forced(.openinference))
        #expect(TraceFormatRequest(name: "csv") == nil)
        #expect(TraceFormatRequest.names == ["auto", "native", "langfuse", "otlp", "openinference", "braintrust"])
    }

    @Test("gzip and zstd inputs are recognised by their first bytes, whatever the name")
    func compressedInputs() throws {
        let compressed = FileSystem.join(ImportFixtures.root, "compressed")
        let gzip = try ImportFixtures.read([FileSystem.join(compressed, "three-traces.jsonl.gz")])
        #expect(
            gzip.traces.map(\.trace.id) == [
                "1b72c51fabed12ae7df83bfd4a09f545", "12ea412956f99347b0503c1144acd0ec",
                "fee618f96dc31e0ca38b2f7b26eb8b29",
            ])
        #expect(gzip.traces.map(\.location.line) == [1, 2, 3])
        let misnamed = try ImportFixtures.read([FileSystem.join(compressed, "misnamed.jsonl")])
        #expect(misnamed.jsonl == gzip.jsonl)
        let zstd = try ImportFixtures.read([FileSystem.join(compressed, "autogen-2025-06-06.json.zst")])
        let plain = try ImportFixtures.read([ImportFixtures.trace("langfuse/autogen-2025-06-06.json")])
        // Identical but for the file name recorded in metadata.source.
        #expect(zstd.traces.map(\.trace.id) == plain.traces.map(\.trace.id))
        #expect(zstd.traces.first?.trace.observations == plain.traces.first?.trace.observations)
        #expect(zstd.traces.first?.format == .langfuse)
    }

    @Test("a cut compressed stream fails as damaged input, not as a JSON problem")
    func truncatedCompression() throws {
        let path = FileSystem.join(ImportFixtures.root, "compressed/truncated.jsonl.gz")
        do {
            _ = try ImportFixtures.read([path])
            Issue.record("a truncated gzip stream was read without error")
        } catch let error as any QuireError {
            #expect(error.fault == .data)
            #expect(error.description.hasPrefix(path))
            #expect(!(error is TraceInputError))
        }
    }

    @Test("an empty or blank input gives no traces and no format")
    func empty() throws {
        let result = try ImportFixtures.read(text: " \n\n\t\n")
        #expect(result.traces.isEmpty)
        #expect(result.summary.inputs.map(\.format) == [nil])
    }

    @Test("an unknown format is refused naming the file; skipping goes on with the next file")
    func unknownFormat() throws {
        #expect(
            throws: TraceInputError.unrecognizedFormat(
                SourceLocation(path: "input.json"), reason: "a JSON string, not an object or array")
        ) { try ImportFixtures.read(text: #""just a string""#) }
        let directory = try TemporaryDirectory()
        try FileSystem.writeAtomically(#"{"hello":"world"}"#, to: directory.file("odd.json"))
        try FileSystem.writeAtomically(Self.native, to: directory.file("n.jsonl"))
        let result = try ImportFixtures.read(
            [directory.file("odd.json"), directory.file("n.jsonl")], skipsInvalid: true)
        #expect(result.traces.map(\.trace.id) == ["n1"])
        #expect(result.summary.inputs.map(\.invalid) == [1, 0])
    }

    @Test("a missing file is a data error naming the path")
    func missingFile() throws {
        #expect(throws: FileError("open", path: "/nonexistent/x.jsonl", errno: 2)) {
            try ImportFixtures.read(["/nonexistent/x.jsonl"])
        }
    }

    @Test("reading native JSONL through the sources normalises traces (sorted tags, canonical times)")
    func normalises() throws {
        let line = #"{"id":"n","timestamp":"2025-01-01T01:00:00.123456+01:00","tags":["b","a","a"]}"#
        let trace = try ImportFixtures.single(line, name: "n.jsonl")
        #expect(trace.tags == ["a", "b"])
        #expect(trace.timestamp.text == "2025-01-01T00:00:00.123Z")
    }
}

@Suite("JSON documents that are not JSONL")
struct DocumentReadingTests {
    static let element = #"{"id":"r","span_id":"s","root_span_id":"s"}"#

    @Test("a pretty-printed array streams element by element with each element's line")
    func prettyArray() throws {
        let text = "[\n  " + Self.element + ",\n\n  " + #"{"id":"q","span_id":"t","root_span_id":"t"}"# + "\n]\n"
        let result = try ImportFixtures.read(text: text)
        #expect(result.traces.map(\.trace.id) == ["s", "t"])
        #expect(result.traces.map(\.location.line) == [2, 4])
    }

    @Test("a truncated document is refused where it ends")
    func truncated() throws {
        let text = "[\n" + Self.element + ",\n{\"id\":\"x\","
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 3, column: 11),
                reason: "invalid JSON: unexpected end of input in a value starting at line 3")
        ) { try ImportFixtures.read(text: text) }
    }

    @Test("a syntax error inside an element is located by line and column in the file")
    func elementError() throws {
        let text = "[\n" + Self.element + ",\n  {\"id\": \"q\",\n   \"span_id\" \"x\"}\n]"
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 4, column: 14), reason: "invalid JSON: expected ':'")
        ) { try ImportFixtures.read(text: text) }
        let skipped = try ImportFixtures.read(text: text, skipsInvalid: true)
        #expect(skipped.traces.count == 1)
        #expect(skipped.summary.invalidCount == 1)
    }

    @Test("an element over the record budget is skipped to its end and reported; the rest is read")
    func oversizedElement() throws {
        let big =
            #"{"id":"big","span_id":"b","root_span_id":"b","output":""# + String(repeating: "x", count: 3000) + #""}"#
        let text = "[" + big + "," + Self.element + "]"
        let result = try ImportFixtures.read(text: text, skipsInvalid: true, maximumRecordLength: 1024)
        #expect(result.traces.map(\.trace.id) == ["s"])
        #expect(result.diagnostics.first?.message == "skipped: array element is 3057 bytes, over the 1 KiB limit")
    }

    @Test("a missing comma between elements ends the input with an error at that place")
    func missingComma() {
        let text = "[\n" + Self.element + " " + Self.element + "\n]"
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "input.json", line: 2, column: 45),
                reason: "invalid JSON: expected ',' or ']' after an array element, found '{'")
        ) { try ImportFixtures.read(text: text) }
    }
}

@Suite("Format sniffing")
struct FormatSniffingTests {
    @Test(
        "each rule of the FORMATS.md table picks its format",
        arguments: [
            (#"{"resourceSpans":[]}"#, TraceFormat.otlp),
            (
                #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"openinference.span.kind","value":{"stringValue":"LLM"}}]}]}]}]}"#,
                .openinference
            ),
            (#"{"trace":{"id":"t"},"observations":[]}"#, .langfuse),
            (#"[{"span_id":"s","root_span_id":"s"}]"#, .braintrust),
            (#"{"span_attributes":{"type":"llm"}}"#, .braintrust),
            (#"{"openinference.span.kind":"LLM"}"#, .openinference),
            (#"{"gen_ai.operation.name":"chat"}"#, .otlp),
            (#"{"id":"t","timestamp":"2025-01-01T00:00:00Z"}"#, .native),
            (#"{"id":"t","timestamp":"2025-01-01T00:00:00Z","metadata":"{}"}"#, .langfuse),
            (#"{"id":"t","timestamp":"2025-01-01T00:00:00Z","projectId":"p"}"#, .langfuse),
        ] as [(String, TraceFormat)])
    func rules(text: String, format: TraceFormat) throws {
        let result = try ImportFixtures.read(text: text, skipsInvalid: true)
        #expect(result.summary.inputs.first?.format == format)
    }

    @Test("a native line without its timestamp is reported as such, not as an unknown format")
    func missingTimestamp() {
        #expect(
            throws: TraceInputError.invalidLine(SourceLocation(path: "n.jsonl", line: 1), reason: "timestamp: missing")
        ) { try ImportFixtures.read(text: #"{"id":"x"}"#, name: "n.jsonl") }
    }
}
