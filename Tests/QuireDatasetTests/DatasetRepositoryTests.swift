import QuireDataset
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("DatasetRepository commit")
struct DatasetRepositoryCommitTests {
    @Test("v1 holds the consensus items only, with the golden records and manifest")
    func firstVersion() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 1, in: temporary)
        let directory = repository.directory(of: try DatasetFixtures.name, version: 1)
        let records = try DatasetFixtures.text(FileSystem.join(directory, "records.jsonl"))
        #expect(records == (try GoldenFile.expected(for: records, at: DatasetFixtures.golden("v1/records.jsonl"))))
        let manifest = try DatasetFixtures.text(FileSystem.join(directory, "manifest.json"))
        #expect(manifest == (try GoldenFile.expected(for: manifest, at: DatasetFixtures.golden("v1/manifest.json"))))
        #expect(try FileSystem.contentsOfDirectory(repository.directory(of: DatasetFixtures.name)) == ["v1"])
        let version = try repository.open(DatasetReference(parsing: "support-gold@v1"))
        #expect(version.records.map(\.item) == ["sup-001", "hos-003", "obs-001/obs-001-o02"])
        #expect(
            version.manifest.counts
                == DatasetManifest.Counts(
                    records: 3, scores: 8, annotations: 14, conflicts: 1, adjudicated: 0, excluded: 2))
        #expect(version.manifest.parent == nil)
        #expect(version.manifest.created.canonicalText == "2025-03-10T09:46:40.000Z")
    }

    @Test("a record takes a correction's consensus as expected, else metadata.expected, and an observation's input")
    func recordFields() throws {
        let temporary = try TemporaryDirectory()
        let version = try DatasetFixtures.repository(versions: 1, in: temporary).open(
            DatasetReference(name: DatasetFixtures.name))
        let first = try #require(version.records.first)
        #expect(first.expected == .string("Refund of $42 issued; arrives in 3–5 days."))
        #expect(first.scores.keys == ["correctness", "tone", "hallucination", "expected_output"])
        #expect(first.sessionID == "sess-7f3a")
        let observation = try #require(version.records.last)
        #expect(observation.observationID == "obs-001-o02")
        #expect(
            observation.input == .array([.object(["role": .string("user"), "content": .string("Where is NW-1?")])]))
        #expect(observation.expected == .null)
    }

    @Test("v2 names v1 as parent and records the hash of v1's manifest")
    func lineage() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 2, in: temporary)
        let name = try DatasetFixtures.name
        let v2 = try repository.open(DatasetReference(name: name))
        #expect(v2.manifest.version == 2)
        #expect(v2.manifest.parent == 1)
        let v1Manifest = try FileSystem.readFile(
            FileSystem.join(repository.directory(of: name, version: 1), "manifest.json"))
        #expect(v2.manifest.parentManifestSHA256 == SHA256.hex(of: v1Manifest))
        #expect(v2.records.map(\.item) == ["sup-001", "sup-002", "hos-003", "sup-004", "sup-005"])
        #expect(v2.records[1].scoreStatus["tone"] == .string("adjudicated"))
        let manifest = try DatasetFixtures.text(FileSystem.join(v2.path, "manifest.json"))
        #expect(manifest == (try GoldenFile.expected(for: manifest, at: DatasetFixtures.golden("v2/manifest.json"))))
        #expect(try FileSystem.contentsOfDirectory(repository.directory(of: name)) == ["v1", "v2"])
    }

    @Test("committing v2 leaves every byte of v1 as it was")
    func earlierVersionsUntouched() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 1, in: temporary)
        let v1 = repository.directory(of: try DatasetFixtures.name, version: 1)
        let before = try FileSystem.regularFiles(under: v1).map { try FileSystem.readFile(FileSystem.join(v1, $0)) }
        _ = try repository.commit(
            MergeOutput.read(directory: DatasetFixtures.merge("merge-v2")), name: DatasetFixtures.name, message: nil,
            created: DatasetFixtures.createdV2, includeConflicts: false)
        let after = try FileSystem.regularFiles(under: v1).map { try FileSystem.readFile(FileSystem.join(v1, $0)) }
        #expect(before == after)
    }

    @Test("with includeConflicts, conflicting items are kept, marked, with null for the conflicting score")
    func includeConflicts() throws {
        let temporary = try TemporaryDirectory()
        let repository = DatasetRepository(root: temporary.file("datasets"))
        let manifest = try repository.commit(
            MergeOutput.read(directory: DatasetFixtures.merge("merge-v1")), name: DatasetFixtures.name, message: nil,
            created: DatasetFixtures.createdV1, includeConflicts: true)
        #expect(manifest.includesConflicts)
        #expect(manifest.counts.records == 4)
        #expect(manifest.counts.excluded == 1)
        let version = try repository.open(DatasetReference(name: DatasetFixtures.name))
        let conflict = try #require(version.records.first { $0.item == "sup-002" })
        #expect(conflict.status == .conflict)
        #expect(conflict.scores["tone"] == .null)
        #expect(conflict.scoreStatus["tone"] == .string("conflict"))
    }

    @Test("a directory squatting on the next version number is never overwritten")
    func squattedVersionIsRefused() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 1, in: temporary)
        let name = try DatasetFixtures.name
        let squatter = repository.directory(of: name, version: 2)
        try FileSystem.createDirectory(squatter)
        try FileSystem.writeAtomically("mine", to: FileSystem.join(squatter, "sentinel"))
        #expect(throws: DatasetError.missingFile(path: FileSystem.join(squatter, "manifest.json"))) {
            try repository.commit(
                MergeOutput.read(directory: DatasetFixtures.merge("merge-v2")), name: name, message: nil,
                created: DatasetFixtures.createdV2, includeConflicts: false)
        }
        #expect(try FileSystem.readText(FileSystem.join(squatter, "sentinel")) == "mine")
        #expect(try FileSystem.contentsOfDirectory(repository.directory(of: name)) == ["v1", "v2"])
    }

    @Test("a merge output where nothing reached consensus is refused")
    func nothingToCommit() throws {
        let temporary = try TemporaryDirectory()
        let directory = try DatasetFixtures.copy("merge-v1", to: temporary)
        let consensus = FileSystem.join(directory, "consensus.jsonl")
        let conflicting = try FileSystem.readText(consensus).split(separator: "\n").filter { $0.contains("sup-002") }
        try FileSystem.writeAtomically(conflicting.joined(separator: "\n") + "\n", to: consensus)
        let repository = DatasetRepository(root: temporary.file("datasets"))
        #expect(throws: DatasetError.noRecords(excluded: 5)) {
            try repository.commit(
                MergeOutput.read(directory: directory), name: DatasetFixtures.name, message: nil,
                created: DatasetFixtures.createdV1, includeConflicts: false)
        }
        #expect(!FileSystem.exists(repository.directory(of: try DatasetFixtures.name)))
    }

    @Test("log lists versions newest first, and verifies them when asked")
    func log() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 2, in: temporary)
        let manifests = try repository.log(DatasetFixtures.name, verify: true)
        #expect(manifests.map(\.version) == [2, 1])
        #expect(
            manifests.map(\.message) == [
                "After adjudication\n<script>alert(1)</script> | **bold**", "First pass: ana and ben",
            ])
        #expect(throws: DatasetError.unknownDataset(repository: repository.root, name: "other")) {
            try repository.log(DatasetName("other"), verify: false)
        }
        #expect(throws: DatasetError.unknownVersion(name: "support-gold", version: 3)) {
            try repository.open(DatasetReference(parsing: "support-gold@v3"))
        }
    }
}

@Suite("DatasetRepository verification")
struct DatasetRepositoryVerificationTests {
    @Test("a changed byte in records.jsonl is caught on read, naming the file and both hashes")
    func tamperedRecords() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 1, in: temporary)
        let directory = repository.directory(of: try DatasetFixtures.name, version: 1)
        let path = FileSystem.join(directory, "records.jsonl")
        var bytes = try FileSystem.readFile(path)
        let expected = SHA256.hex(of: bytes)
        bytes[10] ^= 0x01
        try FileSystem.writeAtomically(bytes, to: path)
        let error = DatasetError.tampered(path: path, expected: expected, actual: SHA256.hex(of: bytes))
        #expect(throws: error) { try repository.open(DatasetReference(parsing: "support-gold@v1")) }
        #expect(throws: error) { try repository.log(DatasetFixtures.name, verify: true) }
        #expect(try repository.log(DatasetFixtures.name, verify: false).count == 1)
        #expect(error.fault == .data)
        #expect(error.description.hasPrefix("\(path): SHA-256 mismatch: the manifest records \(expected), "))
    }

    @Test("an edited parent manifest is caught when the child is read")
    func tamperedParentManifest() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 2, in: temporary)
        let name = try DatasetFixtures.name
        let path = FileSystem.join(repository.directory(of: name, version: 1), "manifest.json")
        let original = try FileSystem.readFile(path)
        let edited = try FileSystem.readText(path).replacingFirst("First pass", with: "Final pass")
        try FileSystem.writeAtomically(edited, to: path)
        #expect(
            throws: DatasetError.tampered(
                path: path, expected: SHA256.hex(of: original), actual: SHA256.hex(of: Array(edited.utf8)))
        ) { try repository.open(DatasetReference(name: name)) }
    }

    @Test("files added to or removed from a version are caught")
    func extraAndMissingFiles() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 1, in: temporary)
        let directory = repository.directory(of: try DatasetFixtures.name, version: 1)
        let extra = FileSystem.join(directory, "notes.txt")
        try FileSystem.writeAtomically("x", to: extra)
        #expect(throws: DatasetError.unexpectedFile(path: extra)) {
            try repository.open(DatasetReference(parsing: "support-gold"))
        }
        try FileSystem.removeTree(extra)
        let records = FileSystem.join(directory, "records.jsonl")
        try FileSystem.removeTree(records)
        #expect(throws: DatasetError.missingFile(path: records)) {
            try repository.open(DatasetReference(parsing: "support-gold"))
        }
    }

    @Test("a manifest that does not parse or names another version is invalid")
    func invalidManifest() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 1, in: temporary)
        let path = FileSystem.join(repository.directory(of: try DatasetFixtures.name, version: 1), "manifest.json")
        let text = try FileSystem.readText(path)
        try FileSystem.writeAtomically(
            text.replacingFirst("\"version\": \"v1\"", with: "\"version\": \"v7\""), to: path)
        #expect(
            throws: DatasetError.invalidManifest(
                path: path, field: "version", reason: "does not match the directory support-gold/v1")
        ) { try repository.open(DatasetReference(parsing: "support-gold")) }
        try FileSystem.writeAtomically(text.replacingFirst("\"records\": 3", with: "\"records\": -3"), to: path)
        #expect(
            throws: DatasetError.invalidManifest(
                path: path, field: "counts.records", reason: "expected a non-negative integer")
        ) { try repository.open(DatasetReference(parsing: "support-gold")) }
        try FileSystem.writeAtomically(text.replacingFirst("\"records.jsonl\":", with: "\"../x\":"), to: path)
        #expect(
            throws: DatasetError.invalidManifest(path: path, field: "files.../x", reason: "not a plain file name")
        ) { try repository.open(DatasetReference(parsing: "support-gold")) }
    }
}

@Suite("DatasetDiff")
struct DatasetDiffTests {
    @Test("v1 → v2 lists added, removed and changed items with the fields that changed")
    func diff() throws {
        let temporary = try TemporaryDirectory()
        let repository = try DatasetFixtures.repository(versions: 2, in: temporary)
        let diff = DatasetDiff(
            from: try repository.open(DatasetReference(parsing: "support-gold@v1")),
            to: try repository.open(DatasetReference(parsing: "support-gold@v2")))
        #expect(diff.from == "support-gold@v1")
        #expect(diff.to == "support-gold@v2")
        #expect(diff.added == ["sup-002", "sup-004", "sup-005"])
        #expect(diff.removed == ["obs-001/obs-001-o02"])
        #expect(diff.changed == [DatasetDiff.Change(item: "sup-001", fields: ["scores.correctness", "annotations"])])
        #expect(diff.unchanged == 1)
        #expect(
            diff.json.jsonText
                == #"{"from":"support-gold@v1","to":"support-gold@v2","added":["sup-002","sup-004","sup-005"],"removed":["obs-001/obs-001-o02"],"changed":[{"item":"sup-001","fields":["scores.correctness","annotations"]}],"unchanged":1}"#
        )
    }

    @Test("a version compared with itself has no differences")
    func selfDiff() throws {
        let temporary = try TemporaryDirectory()
        let version = try DatasetFixtures.repository(versions: 1, in: temporary).open(
            DatasetReference(parsing: "support-gold"))
        let diff = DatasetDiff(from: version, to: version)
        #expect(diff.isEmpty)
        #expect(diff.unchanged == 3)
    }
}

@Suite("Dataset names")
struct DatasetNameTests {
    @Test(
        "names are 1–64 characters of letters, digits, dot, underscore and hyphen",
        arguments: [
            ("support-gold", true), ("a", true), ("v1.2_final", true), (String(repeating: "x", count: 64), true),
            ("", false), (String(repeating: "x", count: 65), false), ("..", false), (".", false), ("a/b", false),
            ("a b", false), ("é", false), ("a@v1", false),
        ])
    func names(_ text: String, _ valid: Bool) {
        if valid {
            #expect((try? DatasetName(text))?.text == text)
        } else {
            #expect(throws: DatasetError.invalidName(text)) { try DatasetName(text) }
        }
    }

    @Test(
        "references are NAME or NAME@vN with N a positive number without leading zeros",
        arguments: [
            ("support-gold", "support-gold", nil), ("support-gold@v12", "support-gold", 12),
        ] as [(String, String, Int?)])
    func references(_ text: String, _ name: String, _ version: Int?) throws {
        let reference = try DatasetReference(parsing: text)
        #expect(reference.name.text == name)
        #expect(reference.version == version)
        #expect(reference.description == text)
    }

    @Test("malformed references are refused", arguments: ["x@1", "x@v0", "x@v01", "x@v", "x@vv1", "x@v1x"])
    func badReferences(_ text: String) {
        #expect(throws: DatasetError.invalidReference(text)) { try DatasetReference(parsing: text) }
        #expect(DatasetError.invalidReference(text).fault == .usage)
    }
}
