import QuireDataset
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("MergeOutput")
struct MergeOutputTests {
    @Test("the hand-made merge output is read with its items, consensus rows, annotations and file hashes")
    func readsFixture() throws {
        let output = try MergeOutput.read(directory: DatasetFixtures.merge("merge-v1"))
        #expect(output.manifest.packID == "3f2a9c0d5b7e41d8a6c2f0e9b1d4a7c3")
        #expect(output.manifest.policy == "median")
        #expect(output.manifest.tolerance == 1)
        #expect(
            output.manifest.scores.map(\.name) == [
                "correctness", "tone", "hallucination", "notes", "expected_output", "tool use",
            ])
        #expect(output.items.map(\.id) == ["sup-001", "sup-002", "hos-003", "obs-001/obs-001-o02", "sup-004"])
        #expect(output.consensus.count == 10)
        #expect(output.consensus.filter { $0.status == .conflict }.map(\.item) == ["sup-002"])
        #expect(output.annotations.count == 18)
        #expect(output.fileHashes.map(\.name) == ["consensus.jsonl", "items.jsonl", "merge.json", "scores.jsonl"])
        let itemsHash = SHA256.hex(of: try FileSystem.readFile(DatasetFixtures.merge("merge-v1/items.jsonl")))
        #expect(output.fileHashes.first { $0.name == "items.jsonl" }?.sha256 == itemsHash)
    }

    /// A broken merge output: which file, which line to replace (1-based, nil to append), the new text.
    struct Breakage: Sendable, CustomTestStringConvertible {
        var file: String
        var line: Int?
        var text: String
        var error: @Sendable (String) -> MergeOutputError
        var testDescription: String { "\(file): \(text.prefix(50))" }
    }

    static let breakages: [Breakage] = [
        Breakage(
            file: "consensus.jsonl", line: 3,
            text: #"{"item":"sup-001","name":"hallucination","value":0,"status":"maybe","n":2}"#,
            error: {
                .invalidField(
                    path: "\($0)/consensus.jsonl", line: 3, field: "status",
                    reason: "expected agreed, conflict or adjudicated, found \"maybe\"")
            }),
        Breakage(
            file: "consensus.jsonl", line: 2,
            text: #"{"item":"sup-999","name":"tone","value":"good","status":"agreed","n":2}"#,
            error: {
                .invalidField(path: "\($0)/consensus.jsonl", line: 2, field: "item", reason: "unknown item \"sup-999\"")
            }),
        Breakage(
            file: "consensus.jsonl", line: 2,
            text: #"{"item":"sup-001","name":"tone ","value":"good","status":"agreed","n":2}"#,
            error: {
                .invalidField(path: "\($0)/consensus.jsonl", line: 2, field: "name", reason: "unknown score \"tone \"")
            }),
        Breakage(
            file: "consensus.jsonl", line: 2,
            text: #"{"item":"sup-001","name":"correctness","value":4,"status":"agreed","n":2}"#,
            error: {
                .invalidField(
                    path: "\($0)/consensus.jsonl", line: 2, field: "",
                    reason: "second consensus for item \"sup-001\", score \"correctness\"")
            }),
        Breakage(
            file: "consensus.jsonl", line: 2,
            text: #"{"item":"sup-001","name":"tone","value":null,"status":"agreed","n":2}"#,
            error: {
                .invalidField(
                    path: "\($0)/consensus.jsonl", line: 2, field: "value",
                    reason: "must not be null when status is agreed")
            }),
        Breakage(
            file: "scores.jsonl", line: 4,
            text:
                #"{"item":"sup-001","name":"tone","dataType":"CATEGORICAL","value":"good","reviewer":"ben","at":"yesterday"}"#,
            error: {
                .invalidField(
                    path: "\($0)/scores.jsonl", line: 4, field: "at", reason: "not an RFC 3339 timestamp: yesterday")
            }),
        Breakage(
            file: "scores.jsonl", line: 1, text: #"{"item":"sup-001","name":"correctness","#,
            error: {
                .invalidField(
                    path: "\($0)/scores.jsonl", line: 1, field: "",
                    reason: "invalid JSON: unexpected end of input (at byte 40)")
            }),
        Breakage(
            file: "items.jsonl", line: nil,
            text:
                #"{"id":"sup-001","target":{"traceId":"sup-001"},"trace":{"id":"sup-001","timestamp":"2025-03-03T09:14:02.118Z"}}"#,
            error: {
                .invalidField(path: "\($0)/items.jsonl", line: 6, field: "id", reason: "duplicate item \"sup-001\"")
            }),
    ]

    @Test("a broken line is named by file, line and field", arguments: breakages)
    func brokenLines(_ breakage: Breakage) throws {
        let temporary = try TemporaryDirectory()
        let directory = try DatasetFixtures.copy("merge-v1", to: temporary)
        let path = FileSystem.join(directory, breakage.file)
        var lines = try FileSystem.readText(path).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        if lines.last == "" { lines.removeLast() }
        if let line = breakage.line { lines[line - 1] = breakage.text } else { lines.append(breakage.text) }
        try FileSystem.writeAtomically(lines.joined(separator: "\n") + "\n", to: path)
        #expect(throws: breakage.error(directory)) { try MergeOutput.read(directory: directory) }
    }

    @Test("merge.json must agree with items.jsonl and list the score configs")
    func manifestChecks() throws {
        let temporary = try TemporaryDirectory()
        let directory = try DatasetFixtures.copy("merge-v1", to: temporary)
        let path = FileSystem.join(directory, "merge.json")
        let original = try FileSystem.readText(path)
        try FileSystem.writeAtomically(original.replacingFirst("\"items\": 5", with: "\"items\": 4"), to: path)
        #expect(
            throws: MergeOutputError.invalidField(
                path: "\(directory)/items.jsonl", line: nil, field: "", reason: "holds 5 items but merge.json says 4")
        ) { try MergeOutput.read(directory: directory) }
        try FileSystem.writeAtomically(original.replacingFirst("\"max\": 5", with: "\"max\": 0"), to: path)
        #expect(
            throws: MergeOutputError.invalidField(
                path: path, line: nil, field: "scores[0].min", reason: "must be below max (0)")
        ) { try MergeOutput.read(directory: directory) }
    }

    @Test("a missing file is named")
    func missingFile() throws {
        let temporary = try TemporaryDirectory()
        let directory = try DatasetFixtures.copy("merge-v1", to: temporary)
        try FileSystem.removeTree(FileSystem.join(directory, "scores.jsonl"))
        #expect(throws: MergeOutputError.missingFile(path: "\(directory)/scores.jsonl")) {
            try MergeOutput.read(directory: directory)
        }
        #expect(
            MergeOutputError.missingFile(path: "out/scores.jsonl").description
                == "out/scores.jsonl: missing (expected a `quire merge --out` directory)")
        #expect(
            MergeOutputError.invalidField(path: "out/c.jsonl", line: 3, field: "status", reason: "bad").description
                == "out/c.jsonl:3: status: bad")
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let characters = Array(self)
        let needle = Array(target)
        guard !needle.isEmpty, characters.count >= needle.count else { return self }
        for start in 0...(characters.count - needle.count)
        where Array(characters[start..<start + needle.count]) == needle {
            return String(characters[..<start]) + replacement + String(characters[(start + needle.count)...])
        }
        return self
    }
}
