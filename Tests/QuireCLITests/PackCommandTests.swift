import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// `quire pack` as a user runs it: the built binary, its summary and warnings.
@Suite("quire pack")
struct PackCommandTests {
    static let samples = FixturePaths.fixtures(of: "QuireImportTests")

    /// A temporary directory holding `queue.yaml`.
    static func directory(withQueue yaml: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try FileSystem.writeAtomically(Array(yaml.utf8), to: directory.file("queue.yaml"))
        return directory
    }

    @Test("a pack that keeps nothing says which stage kept nothing, and still succeeds")
    func emptyPackWarns() throws {
        let directory = try Self.directory(
            withQueue: """
                name: tool-errors
                sources:
                  - path: \(Self.samples)/traces/langfuse/*.json
                classifiers: [tool-call-errors]
                scores:
                  - { name: correctness, type: numeric, min: 1, max: 5 }

                """)
        let output = try QuireBinary.run(
            ["pack", "queue.yaml", "--out", "out", "--time", "2026-11-23T00:00:00Z"], in: directory.path)
        #expect(output.status == 0, "\(output)")
        #expect(output.standardOutput.contains("7 sampled, 0 kept by the classifiers, 0 items packed (of 0)"))
        #expect(
            output.standardError
                == "quire: warning: queue.yaml: no items packed: the classifiers flagged none of the 7 sampled traces "
                + "(only flagged traces are packed when classifiers are listed)\n")
    }

    @Test("a filter that matches nothing is named as the reason")
    func emptyFilterWarns() throws {
        let directory = try Self.directory(
            withQueue: """
                name: none
                sources:
                  - path: \(Self.samples)/traces/langfuse/*.json
                filter: 'environment == "nowhere"'
                scores: [{ name: ok, type: boolean }]

                """)
        let output = try QuireBinary.run(["pack", "queue.yaml", "--out", "out"], in: directory.path)
        #expect(output.status == 0, "\(output)")
        #expect(
            output.standardError
                == "quire: warning: queue.yaml: no items packed: the filter matched none of the 7 traces read\n")
    }

    @Test("flagged traces are packed with their reasons, and inspect --items shows them as the reviewer will")
    func flaggedItemsShowTheirReasons() throws {
        let directory = try Self.directory(
            withQueue: """
                name: tool-errors
                sources:
                  - path: \(Self.samples)/native/sample.jsonl
                classifiers: [tool-call-errors]
                scores:
                  - { name: correctness, type: numeric, min: 1, max: 5 }

                """)
        let pack = try QuireBinary.run(
            ["pack", "queue.yaml", "--out", "out", "--time", "2026-11-23T00:00:00Z"], in: directory.path)
        #expect(pack.status == 0, "\(pack)")
        #expect(
            pack.standardOutput.contains(
                "7 kept by the classifiers, 7 items packed (of 7)\n  flags: tool-call-errors 7"))
        let text = try QuireBinary.run(["inspect", "out/tool-errors.quire", "--items"], in: directory.path)
        #expect(text.status == 0, "\(text)")
        #expect(
            text.standardOutput.contains(
                "  sup-003  open\n    tool-call-errors: tool \"lookup_order\" failed: its result has an \"error\" field"
                    + #" — {"error": "order service timeout after 30000 ms", "code": 504}"# + "\n"))
        let json = try QuireBinary.run(["inspect", "out/tool-errors.quire", "--items", "--json"], in: directory.path)
        let items = try JSONValue(parsing: json.standardOutput)["itemList"]?.arrayValue ?? []
        #expect(items.count == 7)
        #expect(items.allSatisfy { $0["flags"]?.arrayValue?.first?["classifier"] == .string("tool-call-errors") })
        #expect(items.allSatisfy { $0["reviews"] == nil })
    }
}
