import ArgumentParser
import QuireDataset
import QuireIO
import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension DatasetCommand {
    /// `quire dataset commit DIR --name NAME`.
    struct Commit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "commit",
            abstract: "Commit a merge output directory as the next version of a dataset.",
            discussion: """
                Reads DIR/merge.json, items.jsonl, consensus.jsonl and scores.jsonl (docs/dataset.md) and writes \
                REPO/NAME/vN/. Items with a conflict (or no consensus) are left out unless --include-conflicts. \
                The commit time is SOURCE_DATE_EPOCH when set, else now.
                """
        )

        @Argument(help: ArgumentHelp("A `quire merge --out` directory.", valueName: "DIR"))
        var directory: String

        @OptionGroup var repository: DatasetRepositoryOptions

        @Option(name: .long, help: "The dataset's name: 1–64 characters of letters, digits, '.', '_' and '-'.")
        var name: String

        @Option(name: [.customShort("m"), .long], help: "The commit message.")
        var message: String?

        @Flag(name: .long, help: "Keep items whose scores conflict, marked \"conflict\".")
        var includeConflicts = false

        @Flag(name: .long, help: "Print the new version's manifest as JSON.")
        var json = false

        func run() async throws {
            let name = try DatasetName(name)
            let created = try ReproducibleClock.now()
            let output = try MergeOutput.read(directory: directory)
            let repository = repository.repository
            let manifest = try repository.commit(
                output, name: name, message: message, created: created, includeConflicts: includeConflicts)
            if json {
                Terminal.standardOutput.write(manifest.json.canonicalJSONText + "\n")
                return
            }
            let parent = manifest.parent.map { " (parent v\($0))" } ?? " (first version)"
            Terminal.standardOutput.write(
                "committed \(name) \(manifest.versionName)\(parent): \(TerminalSafe.counts(manifest.counts))\n"
                    + "\(TerminalSafe.text(repository.directory(of: name, version: manifest.version)))\n")
        }
    }
}
