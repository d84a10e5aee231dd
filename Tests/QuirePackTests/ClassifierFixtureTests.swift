import Foundation
import QuireIO
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

/// Shared inputs of the classifier tests: the shared sample and small hand-written traces.
enum ClassifierFixtures {
    /// The shared sample's 40 traces, in file order.
    static func sample() throws -> [Trace] {
        let text = try FileSystem.readText(FixturePaths.shared + "/data/native/sample.jsonl")
        return try text.split(separator: "\n").map { try Trace(json: JSONParser.parse(String($0))) }
    }

    /// A trace from the JSON of its observations and, optionally, its output and input.
    /// - Parameters:
    ///   - id: the trace id.
    ///   - observations: a JSON array of observations.
    ///   - output: the trace's output JSON.
    ///   - input: the trace's input JSON.
    /// - Returns: the trace.
    /// - Throws: a parse or field error when the JSON is wrong.
    static func trace(
        id: String = "t1", observations: String = "[]", output: String = "null", input: String = "null"
    ) throws -> Trace {
        let text =
            #"{"id":"\#(id)","timestamp":"2025-01-01T00:00:00Z","input":\#(input),"output":\#(output),"#
            + #""observations":\#(observations)}"#
        return try Trace(json: JSONParser.parse(text))
    }

    /// `{"id": …, "type": …, "startTime": …}` plus members.
    static func observation(_ id: String, _ type: String, _ members: String = "") -> String {
        let extra = members.isEmpty ? "" : "," + members
        return #"{"id":"\#(id)","type":"\#(type)","startTime":"2025-01-01T00:00:00Z"\#(extra)}"#
    }

    /// Where golden files live.
    static let goldenDirectory = FixturePaths.fixtures(of: "QuirePackTests")

    /// Compares text with a golden file byte for byte, or rewrites the file when `QUIRE_UPDATE_GOLDENS=1`.
    static func expectGolden(
        _ text: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let path = FileSystem.join(goldenDirectory, name)
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDENS"] == "1" {
            try FileSystem.writeAtomically(text, to: path)
            return
        }
        let golden = try FileSystem.readText(path)
        #expect(
            text == golden, "differs from \(name); rerun with QUIRE_UPDATE_GOLDENS=1 and review",
            sourceLocation: sourceLocation)
    }
}

@Suite("Classifier fixtures")
struct ClassifierFixtureTests {
    @Test("the shared sample reads as 40 traces with unique ids")
    func sampleHasFortyTraces() throws {
        let traces = try ClassifierFixtures.sample()
        #expect(traces.count == 40)
        #expect(Set(traces.map(\.id)).count == 40)
    }
}
