import QuireDataset
import QuireIO
import QuireModel
import QuireTestSupport

/// Paths and helpers shared by the dataset tests.
enum DatasetFixtures {
    static var directory: String { FixturePaths.fixtures(of: "QuireDatasetTests") }

    static func merge(_ name: String) -> String { FileSystem.join(directory, name) }

    static func golden(_ name: String) -> String { FileSystem.join(directory, "golden/" + name) }

    static let createdV1 = Timestamp(secondsSinceEpoch: 1_741_600_000)
    static let createdV2 = Timestamp(secondsSinceEpoch: 1_741_700_000)

    static var name: DatasetName {
        get throws { try DatasetName("support-gold") }
    }

    /// A temp repository with v1 (and v2 when asked) committed from the fixtures.
    static func repository(versions: Int, in temporary: TemporaryDirectory) throws -> DatasetRepository {
        let repository = DatasetRepository(root: temporary.file("datasets"))
        if versions >= 1 {
            _ = try repository.commit(
                MergeOutput.read(directory: merge("merge-v1")), name: name, message: "First pass: ana and ben",
                created: createdV1, includeConflicts: false)
        }
        if versions >= 2 {
            _ = try repository.commit(
                MergeOutput.read(directory: merge("merge-v2")), name: name,
                message: "After adjudication\n<script>alert(1)</script> | **bold**", created: createdV2,
                includeConflicts: false)
        }
        return repository
    }

    /// Copies a fixture merge output into a temp directory so a test can break it.
    static func copy(_ fixture: String, to temporary: TemporaryDirectory) throws -> String {
        let target = temporary.file(fixture)
        try FileSystem.createDirectory(target)
        for name in MergeOutput.fileNames {
            try FileSystem.writeAtomically(
                try FileSystem.readFile(FileSystem.join(merge(fixture), name)), to: FileSystem.join(target, name))
        }
        return target
    }

    /// Text of a file.
    static func text(_ path: String) throws -> String { try FileSystem.readText(path) }
}
