import QuireIO
import QuireMerge
import QuireModel
import QuireTestSupport
import Testing

/// The standard scenario's outputs against golden files, byte for byte.
@Suite("Merge golden outputs")
struct MergeGoldenTests {
    static let fixtures = FixturePaths.fixtures(of: "QuireMergeTests")

    @Test(
        "consensus.jsonl and scores.jsonl of the standard scenario match their golden files",
        arguments: ["consensus.jsonl", "scores.jsonl"])
    func goldenFiles(_ name: String) async throws {
        let scenario = try MergeScenario()
        let out = scenario.file("out")
        _ = try await MergeOutputWriter.merge(scenario.archives, to: out)
        let actual = try FileSystem.readFile(FileSystem.join(out, name))
        let golden = try GoldenFile.expected(for: actual, at: FileSystem.join(Self.fixtures, "standard/\(name)"))
        #expect(actual == golden, "\(name) differs from its golden file:\n\(String(decoding: actual, as: UTF8.self))")
    }
}
