import QuireBundle
import QuireIO
import QuireImport
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

@Suite("Pack pipeline")
struct PackPipelineTests {
    static let fixtures = FixturePaths.fixtures(of: "QuirePackTests") + "/pack"
    static let packTime = Timestamp(secondsSinceEpoch: 1_795_424_400)

    /// The fixture queue with extra YAML lines appended (later keys are new keys, not overrides).
    static func queue(adding extra: String = "", replacing: (String, String)? = nil) throws -> QueueDefinition {
        var text = try FileSystem.readText(fixtures + "/queue.yaml")
        if let replacing { text = text.replacing(replacing.0, with: replacing.1) }
        return try QueueDefinition.parse(Array((text + extra).utf8), path: fixtures + "/queue.yaml")
    }

    static func pack(
        _ queue: QueueDefinition, into directory: String, skipsInvalid: Bool = false,
        diagnostics: CollectedDiagnostics = CollectedDiagnostics()
    ) async throws -> PackSummary {
        try await PackPipeline.run(
            queue: queue,
            options: PackOptions(outputDirectory: directory, packTime: packTime, skipsInvalid: skipsInvalid),
            diagnostics: diagnostics)
    }

    /// Items of every bundle written, by reviewer.
    static func items(of summary: PackSummary) throws -> [String: [BundleItem]] {
        var result: [String: [BundleItem]] = [:]
        for bundle in summary.bundles {
            let opened = try BundleWorkspace.openForReading(bundle.path)
            let bag = try AnnotationBundle(directory: opened.directory)
            result[bundle.reviewer ?? "(open)"] = try (0..<bag.itemCount).map { try bag.item(at: $0) }
        }
        return result
    }

    @Test("packing the same inputs twice gives byte-identical bundles equal to the golden ones")
    func deterministicAndGolden() async throws {
        let temp = try TemporaryDirectory()
        let first = try await Self.pack(try Self.queue(), into: temp.file("one"))
        let second = try await Self.pack(try Self.queue(), into: temp.file("two"))
        #expect(first.packID == second.packID)
        let golden = Self.fixtures + "/golden"
        for name in ["pack-fixture-ana.quire", "pack-fixture-ben.quire", "pack-fixture-chen.quire"] {
            let bytes = try FileSystem.readFile(temp.file("one/" + name))
            #expect(bytes == (try FileSystem.readFile(temp.file("two/" + name))), "\(name) differs between packs")
            let expected = try Goldens.expected(for: bytes, at: golden + "/" + name)
            #expect(bytes == expected, "\(name) differs from its golden file; rerun with QUIRE_UPDATE_GOLDENS=1")
        }
        #expect(try FileSystem.contentsOfDirectory(temp.file("one")).count == 3)
    }

    @Test("the summary counts every stage, and a later duplicate id replaces the earlier trace")
    func countsAndDuplicates() async throws {
        let temp = try TemporaryDirectory()
        let diagnostics = CollectedDiagnostics()
        let summary = try await Self.pack(try Self.queue(), into: temp.path, diagnostics: diagnostics)
        #expect(summary.read == 13)
        #expect(summary.duplicates == 1)
        #expect(summary.matched == 12)
        #expect(summary.items == 12)
        #expect(diagnostics.all.map(\.severity) == [.warning])
        let replaced = try Self.items(of: summary).values.flatMap { $0 }
            .filter { $0.id == "e3a407423619277a2dcef3c13dc89982" }
        #expect(replaced.count == 2)
        #expect(replaced.allSatisfy { $0.trace.name == "replaced-by-a-later-line" })
    }

    @Test("each item goes to exactly two distinct reviewers and loads differ by at most one")
    func assignmentInvariants() async throws {
        let temp = try TemporaryDirectory()
        let summary = try await Self.pack(try Self.queue(), into: temp.path)
        let items = try Self.items(of: summary)
        var reviewersByItem: [String: [String]] = [:]
        for (reviewer, list) in items { for item in list { reviewersByItem[item.id, default: []].append(reviewer) } }
        #expect(reviewersByItem.count == 12)
        #expect(reviewersByItem.values.allSatisfy { Set($0).count == 2 && $0.count == 2 })
        let loads = items.values.map(\.count)
        #expect((loads.max() ?? 0) - (loads.min() ?? 0) <= 1)
        #expect(loads.reduce(0, +) == 24)
    }

    @Test("sampling keeps exactly the traces whose SHA-256 prefix rule says so (ids computed with Python)")
    func samplingFollowsTheRule() async throws {
        let temp = try TemporaryDirectory()
        let queue = try Self.queue(adding: "sample: { percent: 30, key: k1 }\n")
        let summary = try await Self.pack(queue, into: temp.path)
        let ids = Set(try Self.items(of: summary).values.flatMap { $0.map(\.id) })
        #expect(ids == ["27ed06963c8a13592f7492b247c0b89f", "sup-002"])
        #expect(summary.sampled == 2)
    }

    @Test("the filter keeps only matching traces")
    func filterApplies() async throws {
        let temp = try TemporaryDirectory()
        let queue = try Self.queue(adding: "filter: 'environment == \"staging\" and sessionId exists'\n")
        let summary = try await Self.pack(queue, into: temp.path)
        #expect(summary.matched == 3)
        let ids = Set(try Self.items(of: summary).values.flatMap { $0.map(\.id) })
        #expect(
            ids == [
                "5c93783e511670e5b36328e6a235f866", "27ed06963c8a13592f7492b247c0b89f",
                "84a1608a5380f7f015164eb8c5061e17",
            ])
    }

    @Test("with classifiers only flagged traces are packed, and each item carries its flags")
    func classifiersKeepFlagged() async throws {
        let temp = try TemporaryDirectory()
        let sample = FixturePaths.shared + "/data/native/sample.jsonl"
        let queue = try Self.queue(
            adding: "classifiers: [tool-call-errors, empty-response]\n",
            replacing: ("  - path: traces.jsonl", "  - path: \(sample)"))
        let summary = try await Self.pack(queue, into: temp.path)
        #expect(summary.flagsByClassifier == ["tool-call-errors": 7, "empty-response": 3])
        let items = try Self.items(of: summary).values.flatMap { $0 }
        #expect(
            Set(items.map(\.id)) == [
                "sup-003", "sup-004", "sup-005", "sup-006", "sup-013", "sup-014", "sup-015", "sup-007", "sup-008",
                "sup-009",
            ])
        let sup007 = try #require(items.first { $0.id == "sup-007" })
        #expect(sup007.flags.map(\.classifier) == ["empty-response"])
    }

    @Test("sessions resolve to their newest trace, with the session id as the item id")
    func sessionUnit() async throws {
        let temp = try TemporaryDirectory()
        let queue = try Self.queue(adding: "unit: session\n")
        let summary = try await Self.pack(queue, into: temp.path)
        let items = try Self.items(of: summary).values.flatMap { $0 }
        let session = try #require(items.first { $0.id == "sess-7f3a" })
        #expect(session.target == BundleItem.Target(traceID: "sup-002", sessionID: "sess-7f3a"))
        #expect(summary.items == 9)
    }

    @Test("an invalid line stops the pack naming file and line, and nothing is written")
    func invalidLineStops() async throws {
        let temp = try TemporaryDirectory()
        let traces = temp.file("in/traces.jsonl")
        try FileSystem.createDirectory(temp.file("in"))
        let good = try FileSystem.readText(Self.fixtures + "/traces.jsonl").split(separator: "\n").prefix(2)
        try FileSystem.writeAtomically(good.joined(separator: "\n") + "\n{\"id\": 5}\n", to: traces)
        let queue = try Self.queue(replacing: ("  - path: traces.jsonl", "  - path: \(traces)"))
        await #expect(throws: TraceInputError.self) { _ = try await Self.pack(queue, into: temp.file("out")) }
        #expect(try FileSystem.contentsOfDirectory(temp.file("out")).isEmpty)
        let diagnostics = CollectedDiagnostics()
        let summary = try await Self.pack(queue, into: temp.file("out"), skipsInvalid: true, diagnostics: diagnostics)
        #expect(summary.invalid == 1)
        #expect(summary.items == 2)
        #expect(diagnostics.all.first?.location == SourceLocation(path: traces, line: 3))
    }

    @Test("existing bundles are refused unless replacing is asked for")
    func existingBundlesRefused() async throws {
        let temp = try TemporaryDirectory()
        _ = try await Self.pack(try Self.queue(), into: temp.path)
        await #expect(throws: PackError.bundleExists(path: temp.file("pack-fixture-ana.quire"))) {
            _ = try await Self.pack(try Self.queue(), into: temp.path)
        }
        _ = try await PackPipeline.run(
            queue: try Self.queue(),
            options: PackOptions(outputDirectory: temp.path, packTime: Self.packTime, replacesExisting: true),
            diagnostics: IgnoringDiagnostics())
        #expect(try FileSystem.contentsOfDirectory(temp.path).count == 3)
    }

    @Test("without reviewers one open bundle holds every item")
    func openBundle() async throws {
        let temp = try TemporaryDirectory()
        let queue = try Self.queue(replacing: ("reviewers: [ana, ben, chen]\noverlap: 2\n", ""))
        let summary = try await Self.pack(queue, into: temp.path)
        #expect(summary.bundles.map(\.path) == [temp.file("pack-fixture.quire")])
        let opened = try BundleWorkspace.openForReading(temp.file("pack-fixture.quire"))
        let bag = try AnnotationBundle(directory: opened.directory)
        #expect(bag.reviewer == nil)
        #expect(bag.bagInfo["Quire-Reviewer"] == "(open)")
        #expect(bag.itemCount == 12)
    }

    @Test("blind bundles keep EVAL scores out of the trace, in evalScores")
    func blindMovesEvalScores() async throws {
        let temp = try TemporaryDirectory()
        let summary = try await Self.pack(try Self.queue(), into: temp.path)
        let items = try Self.items(of: summary).values.flatMap { $0 }
        let scored = try #require(items.first { $0.id == "fee618f96dc31e0ca38b2f7b26eb8b29" })
        #expect(scored.trace.scores.isEmpty)
        #expect(scored.evalScores.map(\.name) == ["toxicity", "hallucination"])
    }

    @Test("bagit.py validates every packed bundle after tar extracts it")
    func bagitValidatesPackedBundles() async throws {
        let python = try #require(PythonTools.python(withModule: "bagit"), "run `make venv` to install bagit")
        let temp = try TemporaryDirectory()
        let summary = try await Self.pack(try Self.queue(), into: temp.file("out"))
        for bundle in summary.bundles {
            let target = temp.file("x-\(bundle.reviewer ?? "open")")
            try FileSystem.createDirectory(target)
            #expect(try ProcessRunner.run("/usr/bin/tar", ["-xf", bundle.path, "-C", target]).status == 0)
            let result = try ProcessRunner.run(
                python, ["-c", "import bagit,sys; bagit.Bag(sys.argv[1]).validate(); print('valid')", target])
            #expect(result.standardOutput == "valid\n", "\(result.standardError)")
        }
    }
}

@Suite("Pack fast path")
struct PackFastPathTests {
    @Test(
        "deciding native lines from their top-level fields selects exactly what filtering whole traces selects",
        arguments: [
            #"environment == "production""#, #""support" in tags and userId exists"#,
            #"timestamp >= 2025-06-01 or name matches "^sup""#, #"metadata.channel == "web""#,
            #"not sessionId exists"#, #"release != "2025.03.1""#,
        ])
    func fastPathMatchesFullFilter(filter: String) async throws {
        let temp = try TemporaryDirectory()
        let sample = FixturePaths.shared + "/data/native/sample.jsonl"
        let queue = try PackPipelineTests.queue(
            adding: "filter: '\(filter)'\n", replacing: ("  - path: traces.jsonl", "  - path: \(sample)"))
        let summary = try await PackPipelineTests.pack(queue, into: temp.path)
        let packed = Set(try PackPipelineTests.items(of: summary).values.flatMap { $0.map(\.id) })
        let evaluator = try FilterExpression.parse(filter).makeEvaluator()
        let expected = Set(try SampleBundle.traces(count: 40).filter { evaluator.matches($0) }.map(\.id))
        #expect(packed == expected)
        #expect(summary.matched == expected.count)
    }

    @Test("a line the filter drops is still refused when it is not valid JSON")
    func droppedLinesStillChecked() async throws {
        let temp = try TemporaryDirectory()
        try FileSystem.createDirectory(temp.file("in"))
        let traces = temp.file("in/traces.jsonl")
        let first = try FileSystem.readText(PackPipelineTests.fixtures + "/traces.jsonl").split(separator: "\n")[0]
        try FileSystem.writeAtomically(
            first + "\n{\"id\":\"x\",\"environment\":\"staging\",\"tags\":[1,}\n", to: traces)
        let queue = try PackPipelineTests.queue(
            adding: "filter: 'environment == \"production\"'\n",
            replacing: ("  - path: traces.jsonl", "  - path: \(traces)"))
        await #expect(throws: TraceInputError.self) {
            _ = try await PackPipelineTests.pack(queue, into: temp.file("out"))
        }
    }
}
