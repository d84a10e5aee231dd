import ArgumentParser
import QuireDataset
import QuireModel

extension DatasetCommand {
    /// `quire dataset export NAME[@vN] --format F --out PATH`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export a version as JSONL, CSV, a Hugging Face dataset, or Langfuse request bodies.",
            discussion: """
                jsonl: records.jsonl as committed. csv: RFC 4180, one column per score. hf: a directory that \
                datasets.load_dataset(PATH, split="train") loads. langfuse-scores: POST /api/public/scores bodies, \
                one per reviewer score, with ids derived from the content so re-uploads update. langfuse-dataset: \
                POST /api/public/dataset-items bodies.
                """
        )

        @Argument(help: ArgumentHelp("NAME (the newest version) or NAME@vN.", valueName: "NAME[@vN]"))
        var reference: String

        @OptionGroup var repository: DatasetRepositoryOptions

        @Option(name: .long, help: "jsonl, csv, hf, langfuse-scores or langfuse-dataset.")
        var format: String

        @Option(
            name: .long, help: ArgumentHelp("The file (or, for hf, the new directory) to write.", valueName: "PATH"))
        var out: String

        @Option(name: .long, help: "hf: the dataset card's license id.")
        var license = "other"

        @Flag(name: .long, help: "csv: prefix cells starting with = + - @ with ' so spreadsheets do not run them.")
        var spreadsheetSafe = false

        @Flag(name: .long, help: "langfuse-scores: also export the consensus (author \"consensus\").")
        var includeConsensus = false

        @Option(
            name: .long, parsing: .singleValue,
            help: ArgumentHelp("langfuse-scores: a Langfuse score config id for a score.", valueName: "NAME=ID"))
        var configID: [String] = []

        @Option(name: .long, help: "langfuse-scores: the bodies' source, annotation or api.")
        var scoreSource = "annotation"

        @Option(name: .long, help: "langfuse-dataset: the Langfuse dataset name (default: the dataset's name).")
        var langfuseDataset: String?

        /// The format named by `--format`.
        var exportFormat: DatasetExportFormat? { DatasetExportFormat(rawValue: format) }

        /// The source named by `--score-source`.
        var source: LangfuseScoreSource? {
            switch scoreSource {
            case "annotation": .annotation
            case "api": .api
            default: nil
            }
        }

        func validate() throws {
            guard exportFormat != nil else {
                throw ValidationError(
                    "--format must be one of "
                        + DatasetExportFormat.allCases.map(\.rawValue).joined(separator: ", ") + ", got \"\(format)\"")
            }
            guard source != nil else {
                throw ValidationError("--score-source must be annotation or api, got \"\(scoreSource)\"")
            }
            for pair in configID where !pair.contains("=") || pair.hasPrefix("=") || pair.hasSuffix("=") {
                throw ValidationError("--config-id takes NAME=ID, got \"\(pair)\"")
            }
        }

        func run() async throws {
            var configIDs: [String: String] = [:]
            for pair in configID {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                configIDs[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            let options = DatasetExportOptions(
                license: license, includesConsensus: includeConsensus, spreadsheetSafe: spreadsheetSafe,
                configIDs: configIDs, langfuseDatasetName: langfuseDataset, scoreSource: source ?? .annotation)
            let format = exportFormat ?? .jsonl
            let version = try repository.repository.open(DatasetReference(parsing: reference))
            try DatasetExporter.write(version, format: format, options: options, to: out)
            Terminal.standardOutput.write(
                "exported \(version.manifest.name)@\(version.manifest.versionName) (\(version.records.count) records) "
                    + "as \(format.rawValue) to \(TerminalSafe.text(out))\n")
        }
    }
}
