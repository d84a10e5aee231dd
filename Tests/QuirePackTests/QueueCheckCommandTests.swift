import Foundation
import QuireIO
import QuireTestSupport
import Testing

/// `quire queue check`, run as the built binary: what a user sees on stdout, stderr and in the exit status.
@Suite("quire queue check")
struct QueueCheckCommandTests {
    static let fixtures = FixturePaths.fixtures(of: "QuirePackTests")

    /// Compares text with `Fixtures/check/<name>` byte for byte, or rewrites it when `QUIRE_UPDATE_GOLDENS=1`.
    private static func expectGolden(
        _ text: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let path = FileSystem.join(fixtures, "check/" + name)
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDENS"] == "1" {
            try FileSystem.writeAtomically(text, to: path)
            return
        }
        #expect(
            text == (try FileSystem.readText(path)), "differs from check/\(name); rerun with QUIRE_UPDATE_GOLDENS=1",
            sourceLocation: sourceLocation)
    }

    @Test("a valid queue prints its summary, counts glob matches and warns about a source matching nothing")
    func textSummary() throws {
        let output = try QuireBinary.run(["queue", "check", "queues/full.yaml"], in: Self.fixtures)
        #expect(output.status == 0, "\(output)")
        try Self.expectGolden(output.standardOutput, named: "full.txt")
        #expect(
            output.standardError
                == "quire: warning: queues/full.yaml: sources[1]: traces/extra.json matches no files\n")
    }

    @Test("--json prints one document with sorted keys")
    func jsonSummary() throws {
        let output = try QuireBinary.run(["queue", "check", "--json", "queues/full.json"], in: Self.fixtures)
        #expect(output.status == 0, "\(output)")
        try Self.expectGolden(output.standardOutput, named: "full.json")
        let parsed = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any]
        #expect(parsed?["valid"] as? Bool == true)
        #expect(parsed?["name"] as? String == "support-quality")
    }

    @Test(
        "every starter queue checks clean",
        arguments: [
            "hallucination", "helpfulness", "rag-faithfulness", "support-tone", "tool-use",
        ])
    func templates(name: String) throws {
        let output = try QuireBinary.run(
            ["queue", "check", "templates/queues/\(name).yaml"], in: FixturePaths.repositoryRoot)
        #expect(output.status == 0, "\(output)")
        #expect(output.standardOutput.hasPrefix("queue         \(name)\nfile          templates/queues/\(name).yaml\n"))
        #expect(output.standardOutput.contains("instructions  \(name).md: # "))
        let json = try QuireBinary.run(
            ["queue", "check", "--json", "templates/queues/\(name).yaml"], in: FixturePaths.repositoryRoot)
        #expect(json.status == 0)
        #expect(json.standardOutput.contains(#""name":"\#(name)""#))
    }

    @Test("an invalid field exits 65 with one line naming file, line, column and field")
    func invalidField() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.writeAtomically(
            "name: q\nscores:\n  - {name: a, type: numeric, min: 5, max: 1}\n", to: directory.file("queue.yaml"))
        let output = try QuireBinary.run(["queue", "check", "queue.yaml"], in: directory.path)
        #expect(output.status == 65)
        #expect(output.standardOutput == "")
        #expect(output.standardError == "quire: error: queue.yaml:3:35: scores[0].min: must be below max (1)\n")
    }

    @Test("a filter error exits 65 and shows the expression with a caret under the column")
    func filterError() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.writeAtomically(
            "name: q\nfilter: 'environment == \"prod\" and latency_ms >'\nscores: [{name: a, type: text}]\n",
            to: directory.file("queue.yaml"))
        let output = try QuireBinary.run(["queue", "check", "queue.yaml"], in: directory.path)
        #expect(output.status == 65)
        #expect(
            output.standardError == """
                quire: error: queue.yaml:2:36: filter: expected a value after '>' (at column 27 of the filter)
                environment == "prod" and latency_ms >
                                          ^

                """)
    }

    @Test("a missing file exits 65 and a missing argument is a usage error")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let missing = try QuireBinary.run(["queue", "check", "nope.yaml"], in: directory.path)
        #expect(missing.status == 65)
        #expect(missing.standardError == "quire: error: nope.yaml: open failed: No such file or directory\n")
        let usage = try QuireBinary.run(["queue", "check"], in: directory.path)
        #expect(usage.status == 64)
        #expect(usage.standardError.contains("Missing expected argument '<file>'"))
    }
}
