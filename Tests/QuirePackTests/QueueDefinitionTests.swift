import QuireIO
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

/// Parses queue text given as if from `queue.yaml` (or another name) in the working directory.
func parseQueue(_ text: String, path: String = "queue.yaml") throws -> QueueDefinition {
    try QueueDefinition.parse(Array(text.utf8), path: path)
}

/// The smallest valid queue, to which a test appends or in which it replaces one field.
let minimalScores = "scores:\n  - {name: s, type: boolean}\n"

@Suite("Queue files: loading")
struct QueueDefinitionTests {
    static let fixtures = FileSystem.join(FixturePaths.fixtures(of: "QuirePackTests"), "queues")

    static func expectedFull(path: String) throws -> QueueDefinition {
        let directory = FileSystem.parent(of: path)
        var correctness = ScoreConfig(name: "correctness", kind: .numeric)
        correctness.minimum = 1
        correctness.maximum = 5
        correctness.step = 1
        correctness.description = "1 = wrong, 5 = right"
        var tone = ScoreConfig(name: "tone", kind: .categorical)
        tone.isOrdered = true
        tone.categories = [
            ScoreConfig.Category(label: "good", value: 1), ScoreConfig.Category(label: "no", value: 0),
            ScoreConfig.Category(label: "2025", value: -1),
        ]
        var notes = ScoreConfig(name: "notes", kind: .text)
        notes.maximumLength = 2000
        var expected = ScoreConfig(name: "expected_output", kind: .correction)
        expected.target = .observation
        var definition = QueueDefinition(
            path: path, name: "support-quality",
            scores: [correctness, tone, ScoreConfig(name: "hallucination", kind: .boolean), notes, expected])
        definition.description = "Weekly review of escalated support chats"
        definition.instructions = .file(
            path: "full.md", text: "\n# Support quality review\n\nScore each conversation for correctness and tone.\n")
        definition.sources = [
            QueueDefinition.Source(
                path: "traces/*.jsonl", resolvedPath: FileSystem.join(directory, "traces/*.jsonl"), format: .auto),
            QueueDefinition.Source(
                path: "traces/extra.json", resolvedPath: FileSystem.join(directory, "traces/extra.json"), format: .auto),
        ]
        definition.filter = try FilterExpression.parse(
            #"environment == "production" and "support" in tags and latency_ms > 2000"#)
        definition.classifiers = [
            QueueDefinition.Classifier(.toolCallErrors), QueueDefinition.Classifier(.emptyResponse),
            QueueDefinition.Classifier(.command("./judge.sh --strict"), timeout: .seconds(10)),
            QueueDefinition.Classifier(.command("python3 judge.py"), timeout: .seconds(12.5), label: "llm-judge"),
        ]
        definition.sample = QueueDefinition.Sample(hundredths: 1250, key: "q3-2026")
        definition.unit = .session
        definition.limit = 200
        definition.order = .newest
        definition.reviewers = ["ana", "ben", "chen"]
        definition.overlap = 2
        definition.isBlind = false
        return definition
    }

    @Test("a YAML file with every field resolves to the expected definition")
    func fullYAML() throws {
        let path = FileSystem.join(Self.fixtures, "full.yaml")
        let definition = try QueueDefinition.load(contentsOf: path)
        #expect(definition == (try Self.expectedFull(path: path)))
        #expect(definition.orderKey == "q3-2026")
        #expect(definition.sample?.sampler == Sampler(percent: 12.5, key: "q3-2026"))
        #expect(definition.sources[0].matchingFiles().map(FileSystem.lastComponent) == ["a.jsonl", "b.jsonl"])
        #expect(definition.sources[1].matchingFiles() == [])
        #expect(definition.instructionsFirstLine == "# Support quality review")
    }

    @Test("the same queue as JSON resolves to the same definition")
    func fullJSON() throws {
        let path = FileSystem.join(Self.fixtures, "full.json")
        #expect(try QueueDefinition.load(contentsOf: path) == (try Self.expectedFull(path: path)))
    }

    @Test("a file without a known extension is read as JSON when it starts with '{' and as YAML otherwise")
    func sniffing() throws {
        let json = #"  {"name": "q", "scores": [{"name": "s", "type": "boolean"}]}"#
        #expect(try parseQueue(json, path: "queue.conf").name == "q")
        #expect(try parseQueue("name: q\n" + minimalScores, path: "queue").name == "q")
        // A .json file is parsed strictly: YAML there is a JSON syntax error.
        #expect(
            throws: QueueFileError.syntax(
                at: QuireModel.SourceLocation(path: "q.json", line: 1, column: 1),
                reason: "invalid JSON: invalid literal")
        ) {
            try parseQueue("name: q\n" + minimalScores, path: "q.json")
        }
    }

    @Test("defaults: no sources, filter, classifiers, sample or limit; unit trace, order random keyed by the name")
    func defaults() throws {
        let definition = try parseQueue("name: q\n" + minimalScores)
        var expected = QueueDefinition(path: "queue.yaml", name: "q", scores: [ScoreConfig(name: "s", kind: .boolean)])
        expected.instructions = .none
        #expect(definition == expected)
        #expect(definition.orderKey == "q")
        #expect(definition.isBlind)
        #expect(definition.overlap == 1)
    }

    @Test("null values count as absent")
    func nullsAreAbsent() throws {
        let definition = try parseQueue(
            "name: q\ndescription:\nfilter: ~\nsample: null\nlimit:\nreviewers:\n" + minimalScores)
        #expect(definition.description == nil)
        #expect(definition.filter == nil)
        #expect(definition.sample == nil)
        #expect(definition.limit == nil)
    }

    @Test(
        "sample percentages are read exactly from their text",
        arguments: [
            ("0.01", 1), ("12.5", 1250), ("12.50", 1250), ("33.33", 3333), ("0.29", 29), ("100", 10_000),
            ("100.00", 10_000), ("7", 700),
        ])
    func percents(text: String, hundredths: Int) throws {
        let definition = try parseQueue("name: q\nsample: {percent: \(text)}\n" + minimalScores)
        #expect(definition.sample == QueueDefinition.Sample(hundredths: hundredths, key: "q"))
    }

    @Test("a source may be a plain string, standard input or an absolute path")
    func sourceForms() throws {
        let definition = try parseQueue(
            "name: q\nsources: [a.jsonl, '-', /data/x/*.jsonl, {path: b.json, format: langfuse}]\n" + minimalScores,
            path: "dir/queue.yaml")
        #expect(
            definition.sources == [
                QueueDefinition.Source(path: "a.jsonl", resolvedPath: "dir/a.jsonl", format: .auto),
                QueueDefinition.Source(path: "-", resolvedPath: "-", format: .auto),
                QueueDefinition.Source(path: "/data/x/*.jsonl", resolvedPath: "/data/x/*.jsonl", format: .auto),
                QueueDefinition.Source(path: "b.json", resolvedPath: "dir/b.json", format: .langfuse),
            ])
        #expect(definition.sources[1].isStandardInput)
        #expect(definition.sources[1].matchingFiles() == [])
        #expect(try parseQueue("name: q\nsources: one.jsonl\n" + minimalScores).sources.map(\.path) == ["one.jsonl"])
    }

    @Test("instructions are inline when multi-line or not named like a Markdown or text file")
    func inlineInstructions() throws {
        #expect(try parseQueue("name: q\ninstructions: Rate it.\n" + minimalScores).instructions == .inline("Rate it."))
        #expect(
            try parseQueue("name: q\ninstructions: |\n  See guide.md\n  for details.md\n" + minimalScores).instructions
                == .inline("See guide.md\nfor details.md\n"))
        #expect(try parseQueue("name: q\ninstructions: ''\n" + minimalScores).instructions == .none)
    }

    @Test("instructions files are read relative to the queue file")
    func instructionsFile() throws {
        let directory = try TemporaryDirectory()
        try FileSystem.createDirectory(directory.file("docs"))
        try FileSystem.writeAtomically("# Guide\nBe kind.\n", to: directory.file("docs/Guide.MARKDOWN"))
        try FileSystem.writeAtomically(
            "name: q\ninstructions: docs/Guide.MARKDOWN\n" + minimalScores, to: directory.file("q.yaml"))
        let definition = try QueueDefinition.load(contentsOf: directory.file("q.yaml"))
        #expect(definition.instructions == .file(path: "docs/Guide.MARKDOWN", text: "# Guide\nBe kind.\n"))
    }

    @Test("YAML plain scalars follow the 1.2 core schema and text fields take numbers as written")
    func yamlScalars() throws {
        let definition = try parseQueue(
            """
            name: 2025
            description: 3.10
            sample: {percent: 10, key: 007}
            scores:
              - name: yes
                type: categorical
                description: true
                categories: [{label: no, value: 0}, {label: off, value: 1}, {label: 1.0, value: 2}, {label: "~", value: 3}]
            reviewers: [007, on]
            """)
        #expect(definition.name == "2025")
        #expect(definition.description == "3.10")
        #expect(definition.sample?.key == "007")
        #expect(definition.scores[0].name == "yes")
        #expect(definition.scores[0].description == "true")
        #expect(definition.scores[0].categories.map(\.label) == ["no", "off", "1.0", "~"])
        #expect(definition.reviewers == ["007", "on"])
    }

    @Test("a filter may span lines as a YAML block")
    func blockFilter() throws {
        let definition = try parseQueue(
            "name: q\nfilter: >\n  environment == \"production\"\n  and tokens > 10\n" + minimalScores)
        #expect(definition.filter?.description == #"environment == "production" and tokens > 10"#)
    }

    @Test("selection JSON records the normal filter, classifiers, exact percent, unit, order, key and limit")
    func selectionJSON() throws {
        let path = FileSystem.join(Self.fixtures, "full.yaml")
        let definition = try QueueDefinition.load(contentsOf: path)
        #expect(
            JSONValue.object(definition.selectionJSON).canonicalJSONText
                == #"{"classifiers":["tool-call-errors","empty-response",{"command":"./judge.sh --strict","name":"command:./judge.sh --strict","timeout":10},{"command":"python3 judge.py","name":"llm-judge","timeout":12.5}],"filter":"environment == \"production\" and \"support\" in tags and latency_ms > 2000","limit":200,"order":"newest","orderKey":"q3-2026","sample":{"key":"q3-2026","percent":12.5},"unit":"session"}"#
        )
    }

    @Test("every starter queue in templates/queues loads")
    func templates() throws {
        let directory = FileSystem.join(FixturePaths.repositoryRoot, "templates/queues")
        let files = try FileSystem.contentsOfDirectory(directory).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(
            files == [
                "hallucination.yaml", "helpfulness.yaml", "rag-faithfulness.yaml", "support-tone.yaml", "tool-use.yaml",
            ])
        for file in files {
            let definition = try QueueDefinition.load(contentsOf: FileSystem.join(directory, file))
            #expect(definition.name + ".yaml" == file)
            guard case .file(let path, let text) = definition.instructions else {
                Issue.record("\(file): instructions are not a file")
                continue
            }
            #expect(path == definition.name + ".md")
            #expect(text.count > 800, "\(file): instructions are too thin")
            #expect(definition.sources.map(\.path) == ["traces/*.jsonl"])
            #expect(!definition.scores.isEmpty)
        }
    }
}
