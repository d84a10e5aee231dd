import QuireIO
import QuireTestSupport
import Testing

/// Runs the built `quire` with extra environment variables (through `env`, so the test process's own
/// environment stays untouched: tests run in parallel).
private func quire(
    _ arguments: [String], environment: [String: String] = [:], in directory: String
) throws -> QuireBinary.Output {
    let assignments = environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" }
    return try ProcessRunner.run("/usr/bin/env", assignments + [try QuireBinary.path()] + arguments, in: directory)
}

@Suite("quire dataset")
struct DatasetCommandTests {
    static var fixtures: String {
        FileSystem.join(FixturePaths.repositoryRoot, "Tests/QuireDatasetTests/Fixtures")
    }

    @Test("commit, log, diff and export run end to end with exact output and exit 0")
    func endToEnd() throws {
        let temporary = try TemporaryDirectory()
        let epoch = ["SOURCE_DATE_EPOCH": "1741600000"]
        let first = try quire(
            ["dataset", "commit", "\(Self.fixtures)/merge-v1", "--name", "gold", "-m", "first"], environment: epoch,
            in: temporary.path)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(
            first.standardOutput
                == "committed gold v1 (first version): 3 records · 8 consensus values · 14 annotations · 1 conflicts · 0 adjudicated · 2 left out\n./datasets/gold/v1\n"
        )
        let second = try quire(
            ["dataset", "commit", "\(Self.fixtures)/merge-v2", "--name", "gold", "--json"], environment: epoch,
            in: temporary.path)
        #expect(second.status == 0)
        #expect(second.standardOutput.hasPrefix("{\"counts\":{\"adjudicated\":1,"))
        #expect(second.standardOutput.contains("\"parent\":\"v1\""))
        let log = try quire(["dataset", "log", "gold", "--verify"], in: temporary.path)
        #expect(log.status == 0)
        #expect(log.standardOutput.hasPrefix("v2  2025-03-10T09:46:40.000Z  parent v1\n"))
        #expect(log.standardOutput.hasSuffix("verified 2 versions\n"))
        let diff = try quire(["dataset", "diff", "gold@v1", "gold@v2"], in: temporary.path)
        #expect(
            diff.standardOutput
                == "gold@v1 → gold@v2: 3 added, 1 removed, 1 changed, 1 unchanged\n+ sup-002\n+ sup-004\n+ sup-005\n- obs-001/obs-001-o02\n~ sup-001: scores.correctness, annotations\n"
        )
        let export = try quire(
            [
                "dataset", "export", "gold@v2", "--format", "langfuse-scores", "--out", "scores.jsonl", "--config-id",
                "notes=lf-notes",
            ], in: temporary.path)
        #expect(export.status == 0, "\(export.standardError)")
        #expect(try FileSystem.readText(temporary.file("scores.jsonl")).split(separator: "\n").count == 22)
    }

    @Test("a tampered version exits 65 naming the file; bad names and formats exit 64")
    func failures() throws {
        let temporary = try TemporaryDirectory()
        _ = try quire(
            ["dataset", "commit", "\(Self.fixtures)/merge-v1", "--repo", "repo", "--name", "gold"],
            environment: ["SOURCE_DATE_EPOCH": "0"], in: temporary.path)
        let records = temporary.file("repo/gold/v1/records.jsonl")
        try FileSystem.writeAtomically(try FileSystem.readText(records) + "\n", to: records)
        let show = try quire(["dataset", "show", "gold", "--repo", "repo"], in: temporary.path)
        #expect(show.status == 65)
        #expect(show.standardError.hasPrefix("quire: error: repo/gold/v1/records.jsonl: SHA-256 mismatch: "))
        #expect(show.standardOutput.isEmpty)
        let badName = try quire(["dataset", "log", "../gold", "--repo", "repo"], in: temporary.path)
        #expect(badName.status == 64)
        let badFormat = try quire(
            ["dataset", "export", "gold", "--repo", "repo", "--format", "xml", "--out", "x"], in: temporary.path)
        #expect(badFormat.status == 64)
        let badEpoch = try quire(
            ["dataset", "commit", "\(Self.fixtures)/merge-v1", "--repo", "repo", "--name", "gold"],
            environment: ["SOURCE_DATE_EPOCH": "yesterday"], in: temporary.path)
        #expect(badEpoch.status == 64)
        #expect(try FileSystem.contentsOfDirectory(temporary.file("repo/gold")) == ["v1"])
    }
}
