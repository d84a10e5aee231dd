import QuireIO
import QuireModel
import QuireTestSupport
import Testing

/// `quire merge` and `quire agree BUNDLE…` through the built binary: what a lead sees, and the exit codes.
@Suite("quire merge and quire agree on bundles")
struct MergeCommandTests {
    /// Runs the built `quire` with extra environment variables (through `env`: tests run in parallel).
    private func quire(_ arguments: [String], environment: [String: String] = [:], in directory: String) throws
        -> QuireBinary.Output
    {
        let assignments = environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" }
        return try ProcessRunner.run("/usr/bin/env", assignments + [try QuireBinary.path()] + arguments, in: directory)
    }

    /// The scenario's archives copied under short names into a working directory, for readable paths.
    private func workspace() throws -> (scenario: MergeScenario, directory: String) {
        let scenario = try MergeScenario()
        let directory = scenario.file("work")
        try FileSystem.createDirectory(directory)
        for reviewer in ["ana", "ben", "chen"] {
            try FileSystem.writeAtomically(
                try FileSystem.readFile(scenario.archive(reviewer)), to: FileSystem.join(directory, "\(reviewer).quire")
            )
        }
        return (scenario, directory)
    }

    @Test("merge prints what it did and where, and exits 0")
    func mergeText() throws {
        let (scenario, directory) = try workspace()
        let output = try quire(["merge", "chen.quire", "ana.quire", "ben.quire", "--out", "out"], in: directory)
        #expect(output.status == 0, "\(output)")
        #expect(
            output.standardOutput == """
                merged 3 bundles (ana, ben, chen) of sample-queue (pack 0123456789abcdef0123456789abcdef)
                  6 items, 49 scores kept; policy median
                  consensus: 15 agreed, 6 conflicts, 0 adjudicated
                  α correctness (interval): 0.419
                  α tone (nominal): 0.278
                  α hallucination (nominal): 0.133
                  wrote out/: adjudication.quire, agreement.json, consensus.jsonl, items.jsonl, merge.json, report.html, report.md, scores.jsonl
                  next: annotate out/adjudication.quire, seal it, then merge again with --adjudication out/adjudication.quire

                """)
        #expect(output.standardError.isEmpty)
        _ = scenario
    }

    @Test("SOURCE_DATE_EPOCH sets the output time; --json prints the summary")
    func sourceDateEpoch() throws {
        let (scenario, directory) = try workspace()
        let output = try quire(
            ["merge", "ana.quire", "ben.quire", "--out", "out", "--json"],
            environment: ["SOURCE_DATE_EPOCH": "1741600000"], in: directory)
        #expect(output.status == 0, "\(output)")
        let summary = try JSONParser.parse(output.standardOutput)
        #expect(summary["conflicts"] == .int(6))
        #expect(summary["items"] == .int(6))
        let manifest = try JSONParser.parse(try FileSystem.readFile(FileSystem.join(directory, "out/merge.json")))
        #expect(manifest["generatedAt"] == .string("2025-03-10T09:46:40.000Z"))
        _ = scenario
    }

    @Test(
        "SOURCE_DATE_EPOCH runs to the last second an instant holds; beyond it, or negative, is a usage error",
        arguments: ["9223372037", "99999999999999", "-1", "1e9"])
    func sourceDateEpochRange(value: String) throws {
        let (scenario, directory) = try workspace()
        let last = try quire(
            ["merge", "ana.quire", "--out", "last"], environment: ["SOURCE_DATE_EPOCH": "9223372036"],
            in: directory)
        #expect(last.status == 0, "\(last)")
        let manifest = try JSONParser.parse(try FileSystem.readFile(FileSystem.join(directory, "last/merge.json")))
        #expect(manifest["generatedAt"] == .string("2262-04-11T23:47:16.000Z"))
        let refused = try quire(
            ["merge", "ana.quire", "--out", "out"], environment: ["SOURCE_DATE_EPOCH": value], in: directory)
        #expect(refused.status == 64)
        #expect(
            refused.standardError
                == "quire: error: SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to 9223372036 "
                + "(2262-04-11T23:47:16Z), got \"\(value)\"\n")
        #expect(!FileSystem.exists(FileSystem.join(directory, "out")))
        _ = scenario
    }

    @Test(
        "refusals exit with the contract's codes and a one-line message naming the file",
        arguments: [
            (
                ["merge", "ana.quire", "ana.quire", "--out", "out"], 65 as Int32,
                "quire: error: ana.quire: reviewer \"ana\" already comes from ana.quire; give each reviewer's bundle once\n"
            ),
            (
                ["merge", "ana.quire", "--out", "out", "--policy", "vote"], 64,
                "quire: error: --policy vote: expected majority, mean, median or lead:NAME\n"
            ),
            (
                ["merge", "ana.quire", "--out", "out", "--policy", "lead:zoe"], 64,
                "quire: error: --policy lead:zoe: no merged bundle has reviewer \"zoe\" (reviewers: ana)\n"
            ),
            (
                ["merge", "ana.quire", "--out", "ana.quire"], 64,
                "quire: error: ana.quire: exists and is not a directory\n"
            ),
            (
                ["merge", "missing.quire", "--out", "out"], 65,
                "quire: error: missing.quire: not a Quire bundle: no such file or directory\n"
            ),
        ])
    func refusals(_ arguments: [String], _ status: Int32, _ message: String) throws {
        let (scenario, directory) = try workspace()
        let output = try quire(arguments, in: directory)
        #expect(output.status == status, "\(output)")
        #expect(output.standardError == message)
        #expect(!FileSystem.exists(FileSystem.join(directory, "out")))
        _ = scenario
    }

    @Test("a non-empty output directory exits 64, and --force replaces it")
    func force() throws {
        let (scenario, directory) = try workspace()
        try FileSystem.createDirectory(FileSystem.join(directory, "out"))
        try FileSystem.writeAtomically("x", to: FileSystem.join(directory, "out/old.txt"))
        let refused = try quire(["merge", "ana.quire", "--out", "out"], in: directory)
        #expect(refused.status == 64)
        #expect(
            refused.standardError
                == "quire: error: out: exists and is not empty; choose a new directory or pass --force to replace it\n")
        let forced = try quire(["merge", "ana.quire", "--out", "out", "--force"], in: directory)
        #expect(forced.status == 0, "\(forced)")
        #expect(!FileSystem.exists(FileSystem.join(directory, "out/old.txt")))
        _ = scenario
    }

    @Test("quire agree on bundles prints the same report as agreement.json holds for the score")
    func agreeOnBundles() throws {
        let (scenario, directory) = try workspace()
        let merged = try quire(["merge", "ana.quire", "ben.quire", "chen.quire", "--out", "out"], in: directory)
        #expect(merged.status == 0, "\(merged)")
        let agreement = try JSONParser.parse(try FileSystem.readFile(FileSystem.join(directory, "out/agreement.json")))
        for score in ["correctness", "tone", "hallucination"] {
            let output = try quire(
                ["agree", "ben.quire", "chen.quire", "ana.quire", "--score", score, "--json"], in: directory)
            #expect(output.status == 0, "\(output)")
            #expect(try JSONParser.parse(output.standardOutput) == agreement["scores"]?[score]?.sortedByKey())
        }
        let text = try quire(["agree", "ana.quire", "ben.quire", "chen.quire", "--score", "tone"], in: directory)
        #expect(
            text.standardOutput.hasPrefix("Agreement: ana.quire, ben.quire, chen.quire, score \"tone\"\nLevel nominal:")
        )
        _ = scenario
    }

    @Test("quire agree on bundles: --level overrides the config's level; the score must be named and measurable")
    func agreeChoices() throws {
        let (scenario, directory) = try workspace()
        let ordinal = try quire(
            ["agree", "ana.quire", "ben.quire", "chen.quire", "--score", "tone", "--level", "ordinal", "--json"],
            in: directory)
        #expect(ordinal.status == 0, "\(ordinal)")
        let alpha = try JSONParser.parse(ordinal.standardOutput)["krippendorff_alpha"]?.doubleValue
        // krippendorff 0.9.0 on tone coded by category value (bad 0, neutral 0.5, good 1), ordinal level.
        #expect(abs((alpha ?? .nan) - 0.06791125541125542) <= 1e-9)
        let unnamed = try quire(["agree", "ana.quire", "ben.quire"], in: directory)
        #expect(unnamed.status == 64)
        #expect(
            unnamed.standardError
                == "quire: error: the bundles have several scores; choose one with --score (correctness, tone, hallucination)\n"
        )
        let text = try quire(["agree", "ana.quire", "ben.quire", "--score", "notes"], in: directory)
        #expect(text.status == 64)
        #expect(
            text.standardError == "quire: error: --score notes: a text or correction score has no agreement statistic\n"
        )
        _ = scenario
    }

    @Test("the adjudication loop with standard tools: tar, quire score, quire seal, quire merge --adjudication")
    func adjudicationWithTheCLI() throws {
        let (scenario, directory) = try workspace()
        let first = try quire(["merge", "ana.quire", "ben.quire", "chen.quire", "--out", "round1"], in: directory)
        #expect(first.status == 0, "\(first)")
        let bag = FileSystem.join(directory, "adjudication")
        try FileSystem.createDirectory(bag)
        let untar = try ProcessRunner.run("/usr/bin/tar", ["-xzf", "../round1/adjudication.quire"], in: bag)
        #expect(untar.status == 0, "\(untar)")
        let item = try MergeFixture.ids()[1]
        let scored = try quire(
            [
                "score", "adjudication", "--item", item, "--name", "tone", "--value", "bad", "--reviewer", "lena",
                "--comment", "the refund answer is curt",
            ], in: directory)
        #expect(scored.status == 0, "\(scored)")
        let sealed = try quire(["seal", "adjudication"], in: directory)
        #expect(sealed.status == 0, "\(sealed)")
        let second = try quire(
            ["merge", "ana.quire", "ben.quire", "chen.quire", "--adjudication", "adjudication", "--out", "round2"],
            in: directory)
        #expect(second.status == 0, "\(second)")
        #expect(second.standardOutput.contains("and 1 adjudication bundle of sample-queue"))
        #expect(second.standardOutput.contains("consensus: 15 agreed, 5 conflicts, 1 adjudicated"))
        let consensus = try jsonLines(FileSystem.join(directory, "round2/consensus.jsonl"))
        #expect(
            consensus.contains(
                .object([
                    "item": .string(item), "name": .string("tone"), "value": .string("bad"),
                    "status": .string("adjudicated"), "n": .int(3),
                ])))
        let decision = try jsonLines(FileSystem.join(directory, "round2/scores.jsonl")).filter {
            $0["adjudication"] == .bool(true)
        }
        #expect(decision.map { $0["reviewer"] } == [.string("lena")])
        #expect(decision.first?["comment"] == .string("the refund answer is curt"))
        _ = scenario
    }

    @Test("quire dataset commit accepts the merge output (the contract of docs/dataset.md)")
    func datasetCommit() throws {
        let (scenario, directory) = try workspace()
        let merged = try quire(["merge", "ana.quire", "ben.quire", "chen.quire", "--out", "out"], in: directory)
        #expect(merged.status == 0, "\(merged)")
        let commit = try quire(
            ["dataset", "commit", "out", "--name", "gold", "--json"], environment: ["SOURCE_DATE_EPOCH": "1741600000"],
            in: directory)
        #expect(commit.status == 0, "\(commit)")
        let summary = try JSONParser.parse(commit.standardOutput)
        // Items 0, 4 have no conflict; 1, 2, 3 and 5 each have one.
        #expect(summary["counts"]?["records"] == .int(2))
        #expect(summary["counts"]?["conflicts"] == .int(6))
        // The records' annotations: ana, ben and chen on item 0 (4 + 4 + 3), ana and chen on item 4 (3 + 3).
        #expect(summary["counts"]?["annotations"] == .int(17))
        _ = scenario
    }
}
