import Foundation
import QuireIO
import QuireTestSupport
import Testing

/// Runs the built `quire` beside the test bundle, with a given environment, and captures its output.
private struct QuireRun {
    var status: Int32
    var standardOutput: String
    var standardError: String

    static var executable: String {
        FileSystem.join(FileSystem.parent(of: CommandLine.arguments[0]), "quire")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: String) throws -> QuireRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"].merging(environment) { $1 }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return QuireRun(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
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
        let first = try QuireRun.run(
            ["dataset", "commit", "\(Self.fixtures)/merge-v1", "--name", "gold", "-m", "first"], environment: epoch,
            in: temporary.path)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(
            first.standardOutput
                == "committed gold v1 (first version): 3 records · 8 consensus values · 14 annotations · 1 conflicts · 0 adjudicated · 2 left out\n./datasets/gold/v1\n"
        )
        let second = try QuireRun.run(
            ["dataset", "commit", "\(Self.fixtures)/merge-v2", "--name", "gold", "--json"], environment: epoch,
            in: temporary.path)
        #expect(second.status == 0)
        #expect(second.standardOutput.hasPrefix("{\"counts\":{\"adjudicated\":1,"))
        #expect(second.standardOutput.contains("\"parent\":\"v1\""))
        let log = try QuireRun.run(["dataset", "log", "gold", "--verify"], in: temporary.path)
        #expect(log.status == 0)
        #expect(log.standardOutput.hasPrefix("v2  2025-03-10T09:46:40.000Z  parent v1\n"))
        #expect(log.standardOutput.hasSuffix("verified 2 versions\n"))
        let diff = try QuireRun.run(["dataset", "diff", "gold@v1", "gold@v2"], in: temporary.path)
        #expect(
            diff.standardOutput
                == "gold@v1 → gold@v2: 3 added, 1 removed, 1 changed, 1 unchanged\n+ sup-002\n+ sup-004\n+ sup-005\n- obs-001/obs-001-o02\n~ sup-001: scores.correctness, annotations\n"
        )
        let export = try QuireRun.run(
            ["dataset", "export", "gold@v2", "--format", "langfuse-scores", "--out", "scores.jsonl", "--config-id",
             "notes=lf-notes"], in: temporary.path)
        #expect(export.status == 0, "\(export.standardError)")
        #expect(try FileSystem.readText(temporary.file("scores.jsonl")).split(separator: "\n").count == 22)
    }

    @Test("a tampered version exits 65 naming the file; bad names and formats exit 64")
    func failures() throws {
        let temporary = try TemporaryDirectory()
        _ = try QuireRun.run(
            ["dataset", "commit", "\(Self.fixtures)/merge-v1", "--repo", "repo", "--name", "gold"],
            environment: ["SOURCE_DATE_EPOCH": "0"], in: temporary.path)
        let records = temporary.file("repo/gold/v1/records.jsonl")
        try FileSystem.writeAtomically(try FileSystem.readText(records) + "\n", to: records)
        let show = try QuireRun.run(["dataset", "show", "gold", "--repo", "repo"], in: temporary.path)
        #expect(show.status == 65)
        #expect(show.standardError.hasPrefix("quire: error: repo/gold/v1/records.jsonl: SHA-256 mismatch: "))
        #expect(show.standardOutput.isEmpty)
        let badName = try QuireRun.run(["dataset", "log", "../gold", "--repo", "repo"], in: temporary.path)
        #expect(badName.status == 64)
        let badFormat = try QuireRun.run(
            ["dataset", "export", "gold", "--repo", "repo", "--format", "xml", "--out", "x"], in: temporary.path)
        #expect(badFormat.status == 64)
        let badEpoch = try QuireRun.run(
            ["dataset", "commit", "\(Self.fixtures)/merge-v1", "--repo", "repo", "--name", "gold"],
            environment: ["SOURCE_DATE_EPOCH": "yesterday"], in: temporary.path)
        #expect(badEpoch.status == 64)
        #expect(try FileSystem.contentsOfDirectory(temporary.file("repo/gold")) == ["v1"])
    }
}
