import ArgumentParser
import QuireDataset
import QuireModel

extension DatasetCommand {
    /// `quire dataset show NAME[@vN]`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a version's manifest and its first records (after checking every hash)."
        )

        @Argument(help: ArgumentHelp("NAME (the newest version) or NAME@vN.", valueName: "NAME[@vN]"))
        var reference: String

        @OptionGroup var repository: DatasetRepositoryOptions

        @Option(name: .long, help: "How many records to show.")
        var limit = 5

        @Flag(name: .long, help: "Print {\"manifest\", \"records\"} as JSON.")
        var json = false

        func validate() throws {
            guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
        }

        func run() async throws {
            let version = try repository.repository.open(DatasetReference(parsing: reference))
            let sample = Array(version.records.prefix(limit))
            if json {
                let document = JSONValue.object([
                    "manifest": version.manifest.json, "records": .array(sample.map(\.json)),
                ])
                Terminal.standardOutput.write(document.canonicalJSONText + "\n")
                return
            }
            let manifest = version.manifest
            var out = "\(manifest.name) \(manifest.versionName)"
            out += manifest.parent.map { " (parent v\($0))" } ?? " (first version)"
            out += ", committed \(manifest.created.canonicalText)\n"
            if let message = manifest.message { out += "message: \(TerminalSafe.text(message))\n" }
            let sources = manifest.sources
            let reviewers = sources.bundles.map { TerminalSafe.text($0.reviewer) }.joined(separator: ", ")
            out += "source:  queue \(TerminalSafe.text(sources.queue)), pack \(TerminalSafe.text(sources.packID)), "
            out += "merged \(sources.mergedAt.canonicalText), \(sources.bundles.count) bundles (\(reviewers))\n"
            out += "policy:  \(TerminalSafe.text(manifest.policy))"
            out += manifest.tolerance.map { ", tolerance \(ScoreConfig.format($0))" } ?? ""
            out += manifest.includesConflicts ? ", conflicts included\n" : "\n"
            out += "counts:  \(TerminalSafe.counts(manifest.counts))\n"
            for file in manifest.files { out += "file:    \(file.name) sha256 \(file.sha256) (verified)\n" }
            out +=
                "scores:  " + manifest.scores.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ") + "\n"
            out += "records: first \(sample.count) of \(version.records.count)\n"
            for record in sample {
                let scores = record.scores.map { "\($0.key)=\(Self.short($0.value))" }.joined(separator: " ")
                out +=
                    "  \(TerminalSafe.text(record.item))  [\(record.status.rawValue)]  \(TerminalSafe.text(scores))\n"
            }
            Terminal.standardOutput.write(out)
        }

        /// A value cut to 40 characters for one line.
        static func short(_ value: JSONValue) -> String {
            let text = value.stringValue.map { JSONValue.string($0).jsonText } ?? value.jsonText
            return text.count > 40 ? String(text.prefix(39)) + "…" : text
        }
    }
}
