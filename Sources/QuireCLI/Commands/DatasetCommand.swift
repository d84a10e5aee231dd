import ArgumentParser
import QuireDataset
import QuireModel

/// `quire dataset`: immutable, versioned datasets from merge outputs (DESIGN.md §5 "Datasets").
struct DatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Commit merge outputs as immutable dataset versions; list, show, compare and export them.",
        discussion: """
            A dataset lives in REPO/NAME/vN/ (records.jsonl + manifest.json with every file's SHA-256). \
            Versions are never changed after commit; every read checks the hashes and refuses a tampered file \
            (exit 65).
            """,
        subcommands: [Commit.self, Log.self, Show.self, Diff.self, Export.self]
    )
}

/// `--repo DIR`, shared by every dataset subcommand.
struct DatasetRepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The dataset repository.", valueName: "DIR"))
    var repo: String = "./datasets"

    var repository: DatasetRepository { DatasetRepository(root: repo) }
}

extension TerminalSafe {
    /// Counts in one line: `5 records · 12 scores · …`.
    static func counts(_ counts: DatasetManifest.Counts) -> String {
        [
            "\(counts.records) records", "\(counts.scores) consensus values", "\(counts.annotations) annotations",
            "\(counts.conflicts) conflicts", "\(counts.adjudicated) adjudicated", "\(counts.excluded) left out",
        ].joined(separator: " · ")
    }
}
