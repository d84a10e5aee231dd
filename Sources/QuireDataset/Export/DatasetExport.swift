import QuireIO
import QuireModel

/// The formats `quire dataset export` writes.
public enum DatasetExportFormat: String, Sendable, CaseIterable {
    /// `records.jsonl` as committed.
    case jsonl
    /// RFC 4180 CSV, one row per record, one column per score.
    case csv
    /// A Hugging Face dataset directory: `data/train.jsonl` and a `README.md` card.
    case hf
    /// Bodies for Langfuse's `POST /api/public/scores`, one a line.
    case langfuseScores = "langfuse-scores"
    /// Bodies for Langfuse's `POST /api/public/dataset-items`, one a line.
    case langfuseDataset = "langfuse-dataset"
}

/// The `source` of exported Langfuse scores.
public enum LangfuseScoreSource: String, Sendable, CaseIterable {
    /// Human annotation (Langfuse then requires a `configId`, except for corrections).
    case annotation = "ANNOTATION"
    /// Scores sent through the API, which need no config.
    case api = "API"
}

/// Settings of an export.
public struct DatasetExportOptions: Sendable, Equatable {
    /// The dataset card's `license` (an SPDX-style id as the Hub knows them).
    public var license: String
    /// Also export the consensus as Langfuse scores (author `consensus`), besides each reviewer's.
    public var includesConsensus: Bool
    /// Prefix CSV text cells that start with `=`, `+`, `-`, `@`, tab or CR with `'` so spreadsheets do not
    /// run them as formulas (OWASP "CSV injection"); off by default because it changes the data.
    public var spreadsheetSafe: Bool
    /// Langfuse score config ids by score name, overriding the ids the queue derived.
    public var configIDs: [String: String]
    /// The Langfuse dataset name for `langfuse-dataset` (default: the dataset's name).
    public var langfuseDatasetName: String?
    /// The `source` of `langfuse-scores` bodies.
    public var scoreSource: LangfuseScoreSource

    /// Creates options.
    /// - Parameters:
    ///   - license: the card's license.
    ///   - includesConsensus: export consensus scores too.
    ///   - spreadsheetSafe: defuse formula-like CSV cells.
    ///   - configIDs: Langfuse config ids by score name.
    ///   - langfuseDatasetName: the Langfuse dataset name.
    ///   - scoreSource: the `source` of score bodies.
    public init(
        license: String = "other", includesConsensus: Bool = false, spreadsheetSafe: Bool = false,
        configIDs: [String: String] = [:], langfuseDatasetName: String? = nil,
        scoreSource: LangfuseScoreSource = .annotation
    ) {
        self.scoreSource = scoreSource
        self.license = license
        self.includesConsensus = includesConsensus
        self.spreadsheetSafe = spreadsheetSafe
        self.configIDs = configIDs
        self.langfuseDatasetName = langfuseDatasetName
    }
}

/// Writes a verified version in an outside format; the same version and options give the same bytes.
public enum DatasetExporter {
    /// The files of an export: one `("", bytes)` entry for the single-file formats, relative paths for `hf`.
    /// - Parameters:
    ///   - version: the verified version.
    ///   - format: the format.
    ///   - options: settings.
    /// - Returns: (relative path, bytes) pairs, sorted by path.
    /// - Throws: ``DatasetError/missingConfigIDs(_:)`` for ANNOTATION scores without a Langfuse config id.
    /// - Complexity: O(size of the version).
    public static func files(
        _ version: DatasetVersion, format: DatasetExportFormat, options: DatasetExportOptions = DatasetExportOptions()
    ) throws -> [(path: String, bytes: [UInt8])] {
        switch format {
        case .jsonl: [("", version.recordBytes)]
        case .csv: [("", CSVExport.bytes(version, spreadsheetSafe: options.spreadsheetSafe))]
        case .hf: HuggingFaceExport.files(version, license: options.license)
        case .langfuseScores: [("", try LangfuseExport.scores(version, options: options))]
        case .langfuseDataset: [("", LangfuseExport.datasetItems(version, options: options))]
        }
    }

    /// Writes an export: a file replaced atomically, or for `hf` a new directory built beside the target and
    /// renamed into place (an existing target is refused, never merged into).
    /// - Parameters:
    ///   - version: the verified version.
    ///   - format: the format.
    ///   - options: settings.
    ///   - path: `--out`.
    /// - Throws: ``DatasetError``; `FileError`.
    public static func write(
        _ version: DatasetVersion, format: DatasetExportFormat, options: DatasetExportOptions = DatasetExportOptions(),
        to path: String
    ) throws {
        let files = try files(version, format: format, options: options)
        guard format == .hf else {
            // Like the hf directory, a file export creates the folders it goes in.
            try FileSystem.createDirectory(FileSystem.parent(of: path))
            try FileSystem.writeAtomically(files.first?.bytes ?? [], to: path)
            return
        }
        guard !FileSystem.exists(path) else { throw DatasetError.outputExists(path: path) }
        let parent = FileSystem.parent(of: path)
        try FileSystem.createDirectory(parent)
        let staging = try FileSystem.makeTemporaryDirectory(
            in: parent, prefix: ".\(FileSystem.lastComponent(of: path)).tmp-")
        do {
            for file in files {
                let target = FileSystem.join(staging, file.path)
                try FileSystem.createDirectory(FileSystem.parent(of: target))
                try FileSystem.writeAtomically(file.bytes, to: target)
            }
            try FileSystem.rename(staging, to: path)
            try FileSystem.syncDirectory(parent)
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
    }
}
