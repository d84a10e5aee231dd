import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// `quire import` as a user runs it: the built binary, its output file, stdout, stderr and exit status.
@Suite("quire import")
struct ImportCommandTests {
    static let samples = FixturePaths.fixtures(of: "QuireImportTests")

    @Test("a Langfuse export becomes its golden native JSONL in the output file, a summary on stderr")
    func importsToFile() throws {
        let directory = try TemporaryDirectory()
        let input = Self.samples + "/traces/langfuse/autogen-2025-06-06.json"
        let output = try QuireBinary.run(["import", input, "-o", directory.file("out.jsonl")])
        #expect(output.status == 0, "\(output)")
        #expect(output.standardOutput == "")
        #expect(output.standardError == "quire: import: \(input) (langfuse): 1 trace\n")
        let golden = try FileSystem.readText(Self.samples + "/golden/langfuse/autogen-2025-06-06.jsonl")
        #expect(try FileSystem.readText(directory.file("out.jsonl")) == golden)
        #expect(try FileSystem.contentsOfDirectory(directory.path) == ["out.jsonl"])
    }

    @Test("without -o the traces go to standard output; globs and several formats in one run")
    func importsToStandardOutput() throws {
        let output = try QuireBinary.run(
            ["import", "--format", "auto", "otlp-genai/captured-*.json", "braintrust/late-update-payloads.json"],
            in: Self.samples + "/traces")
        #expect(output.status == 0, "\(output)")
        let ids = try output.standardOutput.split(separator: "\n").map { try JSONValue(parsing: String($0))["id"] }
        #expect(
            ids == [
                .string("5c93783e511670e5b36328e6a235f866"), .string("27ed06963c8a13592f7492b247c0b89f"),
                .string("<span:4>"),
            ])
        #expect(output.standardError.hasSuffix("quire: import: 3 traces written to standard output\n"))
    }

    @Test("an invalid line exits 65 with file:line: reason and leaves no output file")
    func invalidLineFails() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.writeAtomically(
            #"{"id":"a","timestamp":"2025-01-01T00:00:00Z"}"# + "\n" + #"{"id":"b","timestamp":5}"# + "\n",
            to: directory.file("in.jsonl"))
        let output = try QuireBinary.run(["import", "in.jsonl", "-o", "out.jsonl"], in: directory.path)
        #expect(output.status == 65)
        #expect(output.standardError == "quire: error: in.jsonl:2: timestamp: expected string, found number\n")
        #expect(try FileSystem.contentsOfDirectory(directory.path) == ["in.jsonl"])
    }

    @Test("--skip-invalid warns per line, counts, and writes the valid traces; duplicates are reported")
    func skipInvalid() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.writeAtomically(
            #"{"id":"a","timestamp":"2025-01-01T00:00:00Z"}"# + "\n" + "{oops\n"
                + #"{"id":"a","timestamp":"2025-01-02T00:00:00Z"}"# + "\n",
            to: directory.file("in.jsonl"))
        let output = try QuireBinary.run(
            ["import", "--skip-invalid", "in.jsonl", "-o", "out.jsonl"], in: directory.path)
        #expect(output.status == 0, "\(output)")
        #expect(
            output.standardError
                == "quire: in.jsonl:2:2: warning: skipped: invalid JSON: expected a string key\n"
                + #"quire: in.jsonl:3: warning: duplicate trace id "a" (also at in.jsonl:1); the last one wins"# + "\n"
                + "quire: import: in.jsonl (native): 2 traces, 1 invalid skipped\n")
        #expect(try FileSystem.readText(directory.file("out.jsonl")).split(separator: "\n").count == 2)
    }

    @Test("an unknown format name is a usage error (64)")
    func unknownFormat() throws {
        let output = try QuireBinary.run(["import", "--format", "csv", "x.json"])
        #expect(output.status == 64)
        #expect(output.standardError.contains("unknown format 'csv'"))
    }

    @Test("a glob that matches nothing exits 65 naming it")
    func noMatch() throws {
        let directory = try TemporaryDirectory()
        let output = try QuireBinary.run(["import", "*.jsonl"], in: directory.path)
        #expect(output.status == 65)
        #expect(output.standardError == "quire: error: *.jsonl: no file matches\n")
    }
}
