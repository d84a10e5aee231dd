import QuireDataset
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("DatasetExporter")
struct DatasetExportTests {
    private func version(_ reference: String = "support-gold@v2") throws -> (TemporaryDirectory, DatasetVersion) {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 2, in: temporary)
        return (temporary, try repository.open(DatasetReference(parsing: reference)))
    }

    /// The fixture's `notes` score has no Langfuse config id; exports name one.
    static let options = DatasetExportOptions(configIDs: ["notes": "lf-cfg-notes"])

    private func single(
        _ version: DatasetVersion, _ format: DatasetExportFormat, _ options: DatasetExportOptions = options
    ) throws -> String {
        String(
            decoding: try DatasetExporter.files(version, format: format, options: options).first?.bytes ?? [],
            as: UTF8.self)
    }

    @Test("jsonl export is records.jsonl byte for byte")
    func jsonl() throws {
        let (_, version) = try version()
        #expect(try DatasetExporter.files(version, format: .jsonl).first?.bytes == version.recordBytes)
    }

    @Test(
        "each export format matches its golden file",
        arguments: [
            (DatasetExportFormat.csv, "export/v2.csv"), (.langfuseScores, "export/v2.langfuse-scores.jsonl"),
            (.langfuseDataset, "export/v2.langfuse-dataset.jsonl"),
        ])
    func goldens(_ format: DatasetExportFormat, _ golden: String) throws {
        let (_, version) = try version()
        let output = try single(version, format)
        #expect(output == (try GoldenFile.expected(for: output, at: DatasetFixtures.golden(golden))))
    }

    @Test("langfuse-scores with consensus adds one body per consensus value, authored consensus")
    func langfuseConsensus() throws {
        let (_, version) = try version()
        let options = DatasetExportOptions(
            includesConsensus: true, configIDs: ["notes": "lf-cfg-notes", "hallucination": "lf-cfg-hallu"])
        let output = try single(version, .langfuseScores, options)
        #expect(
            output
                == (try GoldenFile.expected(
                    for: output, at: DatasetFixtures.golden("export/v2.langfuse-scores-consensus.jsonl"))))
    }

    @Test("the Hugging Face export is a card and a data file matching the goldens")
    func huggingFace() throws {
        let (_, version) = try version()
        let files = try DatasetExporter.files(version, format: .hf, options: DatasetExportOptions(license: "cc-by-4.0"))
        #expect(files.map(\.path) == ["README.md", "data/train.jsonl"])
        for file in files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(text == (try GoldenFile.expected(for: text, at: DatasetFixtures.golden("export/hf/" + file.path))))
        }
    }

    @Test("hostile strings are quoted per RFC 4180 and defused only when asked")
    func csvQuoting() throws {
        let (_, version) = try version()
        let plain = try single(version, .csv)
        #expect(
            plain.hasPrefix(
                "item,traceId,observationId,sessionId,status,input,output,expected,score.correctness,score.tone,score.hallucination,score.notes,score.expected_output,score.tool use,annotations,metadata\r\n"
            ))
        // The comment's quotes are doubled and its CRLF stays inside the quoted field.
        #expect(
            plain.contains(
                #"""comment"":""=HYPERLINK(\""http://evil.example\"",\""click\""), \""quoted\""\r\nnext line <script>alert(1)</script>"""#
            ))
        #expect(plain.contains(",\"<img src=x onerror=alert(1)>, \"\"quoted\"\"\","))
        let rows = plain.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(rows.last == "")
        let safe = try single(version, .csv, DatasetExportOptions(spreadsheetSafe: true))
        #expect(
            safe == (try GoldenFile.expected(for: safe, at: DatasetFixtures.golden("export/v2.spreadsheet-safe.csv"))))
    }

    @Test("score and dataset item ids are derived from content: stable across exports and versions, UUID-shaped")
    func derivedIDs() throws {
        let (_, v2) = try version()
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 1, in: temporary)
        let v1 = try repository.open(DatasetReference(parsing: "support-gold@v1"))
        func ids(_ version: DatasetVersion) throws -> [String: String] {
            var result: [String: String] = [:]
            for line in try single(version, .langfuseScores).split(separator: "\n") {
                let body = try JSONParser.parse(String(line))
                let key = [
                    body["traceId"]?.stringValue ?? "", body["name"]?.stringValue ?? "",
                    body["metadata"]?["author"]?.stringValue ?? "",
                ].joined(separator: "|")
                result[key] = body["id"]?.stringValue
            }
            return result
        }
        let first = try ids(v1)
        let second = try ids(v2)
        #expect(first["sup-001|correctness|ana"] == second["sup-001|correctness|ana"])
        let id = try #require(first["sup-001|correctness|ana"])
        let groups = id.split(separator: "-").map(\.count)
        #expect(groups == [8, 4, 4, 4, 12])
        #expect(Array(id)[14] == "8")
        #expect("89ab".contains(Array(id)[19]))
        #expect(Set(second.values).count == second.count)
    }

    @Test("an hf export never writes into an existing path")
    func hfRefusesExistingPath() throws {
        let (temporary, version) = try version()
        let out = temporary.file("hf-out")
        try DatasetExporter.write(version, format: .hf, to: out)
        #expect(try FileSystem.regularFiles(under: out) == ["README.md", "data/train.jsonl"])
        #expect(throws: DatasetError.outputExists(path: out)) {
            try DatasetExporter.write(version, format: .hf, to: out)
        }
        let csv = temporary.file("v2.csv")
        try DatasetExporter.write(version, format: .csv, to: csv)
        try DatasetExporter.write(version, format: .csv, to: csv)
        #expect(try FileSystem.readFile(csv) == DatasetExporter.files(version, format: .csv).first?.bytes)
    }

    @Test("ANNOTATION scores without a Langfuse config id are refused by name; API scores need none")
    func missingConfigIDs() throws {
        let (_, version) = try version()
        #expect(throws: DatasetError.missingConfigIDs(["notes"])) {
            try DatasetExporter.files(version, format: .langfuseScores)
        }
        let api = try single(version, .langfuseScores, DatasetExportOptions(scoreSource: .api))
        #expect(api.split(separator: "\n").allSatisfy { $0.contains("\"source\":\"API\"") })
        #expect(
            DatasetError.missingConfigIDs(["notes"]).description
                == "Langfuse requires a configId on ANNOTATION scores; none known for \"notes\" (pass --config-id NAME=ID, or --score-source api)"
        )
    }
}

/// The exports checked by the real consumers' own code (`Tests/python`), when `make venv` installed them.
@Suite("DatasetExporter against Hugging Face datasets and the Langfuse client")
struct DatasetExportPythonTests {
    static var script: String { FileSystem.join(FixturePaths.repositoryRoot, "Tests/python") }

    @Test(
        "a fresh hf export loads with datasets.load_dataset(PATH, split=\"train\")",
        .enabled(if: PythonTools.python(withModule: "datasets") != nil))
    func huggingFaceLoads() throws {
        let python = try #require(PythonTools.python(withModule: "datasets"))
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 2, in: temporary)
        let out = temporary.file("hf")
        try DatasetExporter.write(try repository.open(DatasetReference(parsing: "support-gold")), format: .hf, to: out)
        let result = try ProcessRunner.run(python, [FileSystem.join(Self.script, "check_hf_export.py"), out])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.hasSuffix("PASS 5 rows\n"))
    }

    @Test(
        "fresh langfuse exports validate against the langfuse package's request models",
        .enabled(if: PythonTools.python(withModule: "langfuse") != nil))
    func langfuseValidates() throws {
        let python = try #require(PythonTools.python(withModule: "langfuse"))
        let temporary = try TemporaryDirectory()
        let version = try DatasetFixtures.repository(versions: 2, in: temporary).open(
            DatasetReference(parsing: "support-gold"))
        let options = DatasetExportOptions(includesConsensus: true, configIDs: ["notes": "lf-cfg-notes"])
        try DatasetExporter.write(version, format: .langfuseScores, options: options, to: temporary.file("s.jsonl"))
        try DatasetExporter.write(version, format: .langfuseDataset, options: options, to: temporary.file("d.jsonl"))
        let result = try ProcessRunner.run(
            python,
            [
                FileSystem.join(Self.script, "check_langfuse_scores.py"), "--scores", temporary.file("s.jsonl"),
                "--dataset-items", temporary.file("d.jsonl"),
            ])
        #expect(result.status == 0, "\(result)")
        #expect(result.standardOutput.hasSuffix("PASS\n"))
    }
}
