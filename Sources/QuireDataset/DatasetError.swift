public import QuireModel

/// Why a dataset command could not read, write or trust a dataset.
public enum DatasetError: QuireError, Equatable {
    /// A dataset name outside `[A-Za-z0-9._-]{1,64}` (or only dots).
    case invalidName(String)
    /// A reference that is not `NAME` or `NAME@vN`.
    case invalidReference(String)
    /// The repository has no dataset of that name.
    case unknownDataset(repository: String, name: String)
    /// The dataset has no such version.
    case unknownVersion(name: String, version: Int)
    /// A file's bytes do not hash to what the manifest records: the version was changed after commit.
    case tampered(path: String, expected: String, actual: String)
    /// A file the manifest lists is missing.
    case missingFile(path: String)
    /// A file in a version directory that the manifest does not list.
    case unexpectedFile(path: String)
    /// The manifest is not valid.
    case invalidManifest(path: String, field: String, reason: String)
    /// A record line is not valid.
    case invalidRecord(path: String, line: Int, field: String, reason: String)
    /// No item of the merge output qualifies for the dataset.
    case noRecords(excluded: Int)
    /// The export target already exists (a directory export never replaces one).
    case outputExists(path: String)
    /// Another committer kept taking the next version number.
    case versionContention(path: String)
    /// Langfuse needs a `configId` on ANNOTATION scores (except corrections), and these scores have none.
    case missingConfigIDs([String])

    /// Usage errors for names and references, invalid data for what was read, system for contention.
    public var fault: Fault {
        switch self {
        case .invalidName, .invalidReference, .outputExists, .missingConfigIDs: .usage
        case .unknownDataset, .unknownVersion, .tampered, .missingFile, .unexpectedFile, .invalidManifest,
            .invalidRecord, .noRecords:
            .data
        case .versionContention: .system
        }
    }

    /// One line, naming the file where there is one.
    public var description: String {
        switch self {
        case .invalidName(let name):
            "invalid dataset name \"\(name)\": use 1–64 characters of letters, digits, '.', '_' and '-'"
        case .invalidReference(let text): "invalid dataset reference \"\(text)\": expected NAME or NAME@vN"
        case .unknownDataset(let repository, let name): "\(repository): no dataset named \"\(name)\""
        case .unknownVersion(let name, let version): "dataset \"\(name)\" has no version v\(version)"
        case .tampered(let path, let expected, let actual):
            "\(path): SHA-256 mismatch: the manifest records \(expected), the file hashes to \(actual)"
        case .missingFile(let path): "\(path): listed in the manifest but missing"
        case .unexpectedFile(let path): "\(path): not listed in the manifest"
        case .invalidManifest(let path, let field, let reason): "\(path): \(field): \(reason)"
        case .invalidRecord(let path, let line, let field, let reason):
            field.isEmpty ? "\(path):\(line): \(reason)" : "\(path):\(line): \(field): \(reason)"
        case .noRecords(let excluded):
            "no record qualifies: \(excluded) items have conflicts or no consensus "
                + "(adjudicate them, or commit with --include-conflicts)"
        case .outputExists(let path): "\(path): already exists; choose a new --out path"
        case .versionContention(let path): "\(path): could not allocate a version; other commits kept taking it"
        case .missingConfigIDs(let names):
            "Langfuse requires a configId on ANNOTATION scores; none known for "
                + names.map { "\"\($0)\"" }.joined(separator: ", ")
                + " (pass --config-id NAME=ID, or --score-source api)"
        }
    }
}

/// Why a merge output directory cannot be committed.
public enum MergeOutputError: QuireError, Equatable {
    /// A required file is missing from the directory.
    case missingFile(path: String)
    /// A line or field is invalid: `DIR/consensus.jsonl:14: status: expected agreed, conflict or adjudicated`.
    case invalidField(path: String, line: Int?, field: String, reason: String)

    /// Invalid input data.
    public var fault: Fault { .data }

    /// One line naming the file, the line and the field.
    public var description: String {
        switch self {
        case .missingFile(let path): "\(path): missing (expected a `quire merge --out` directory)"
        case .invalidField(let path, let line, let field, let reason):
            "\(SourceLocation(path: path, line: line))\(field.isEmpty ? "" : ": \(field)"): \(reason)"
        }
    }
}
