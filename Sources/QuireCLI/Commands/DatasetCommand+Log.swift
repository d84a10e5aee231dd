import ArgumentParser
import QuireDataset
import QuireModel

extension DatasetCommand {
    /// `quire dataset log NAME`.
    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "List a dataset's versions, newest first."
        )

        @Argument(help: "The dataset's name.")
        var name: String

        @OptionGroup var repository: DatasetRepositoryOptions

        @Flag(name: .long, help: "Check every version's files and the chain of parent manifests.")
        var verify = false

        @Flag(name: .long, help: "Print a JSON array of manifests.")
        var json = false

        func run() async throws {
            let manifests = try repository.repository.log(DatasetName(name), verify: verify)
            if json {
                Terminal.standardOutput.write(JSONValue.array(manifests.map(\.json)).canonicalJSONText + "\n")
                return
            }
            var out = ""
            for manifest in manifests {
                let parent = manifest.parent.map { "parent v\($0)" } ?? "no parent"
                out += "\(manifest.versionName)  \(manifest.created.canonicalText)  \(parent)\n"
                out += "    \(TerminalSafe.counts(manifest.counts))\n"
                if let message = manifest.message {
                    for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
                        out += "    \(TerminalSafe.text(String(line)))\n"
                    }
                }
            }
            if verify { out += "verified \(manifests.count) versions\n" }
            Terminal.standardOutput.write(out)
        }
    }
}
