import ArgumentParser
import QuireDataset
import QuireModel

extension DatasetCommand {
    /// `quire dataset diff NAME@vA NAME@vB`.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Compare two versions record by record: added, removed and changed items, with the fields."
        )

        @Argument(help: ArgumentHelp("The older version.", valueName: "NAME@vA"))
        var from: String

        @Argument(help: ArgumentHelp("The newer version.", valueName: "NAME@vB"))
        var to: String

        @OptionGroup var repository: DatasetRepositoryOptions

        @Flag(name: .long, help: "Print the diff as JSON.")
        var json = false

        func run() async throws {
            let repository = repository.repository
            let diff = DatasetDiff(
                from: try repository.open(DatasetReference(parsing: from)),
                to: try repository.open(DatasetReference(parsing: to)))
            if json {
                Terminal.standardOutput.write(diff.json.canonicalJSONText + "\n")
                return
            }
            var out = "\(diff.from) → \(diff.to): \(diff.added.count) added, \(diff.removed.count) removed, "
            out += "\(diff.changed.count) changed, \(diff.unchanged) unchanged\n"
            for item in diff.added { out += "+ \(TerminalSafe.text(item))\n" }
            for item in diff.removed { out += "- \(TerminalSafe.text(item))\n" }
            for change in diff.changed {
                out +=
                    "~ \(TerminalSafe.text(change.item)): \(TerminalSafe.text(change.fields.joined(separator: ", ")))\n"
            }
            Terminal.standardOutput.write(out)
        }
    }
}
