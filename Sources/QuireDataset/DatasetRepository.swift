import QuireIO
public import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A directory of datasets: `ROOT/NAME/vN/{records.jsonl, manifest.json}`, each version immutable.
///
/// A commit builds the version in a private staging directory beside its final place and renames it in;
/// `rename(2)` of a directory fails when the target is a non-empty directory, which every committed version
/// is, so two concurrent commits can never write the same `vN`: the loser takes the next number. Existing
/// versions are never opened for writing.
public struct DatasetRepository: Sendable {
    /// The repository's root directory (`--repo`).
    public let root: String

    /// The data file every version holds.
    public static let recordsFile = "records.jsonl"
    /// The manifest file every version holds.
    public static let manifestFile = "manifest.json"

    /// Creates a repository handle; nothing is read or created yet.
    /// - Parameter root: the directory, e.g. `./datasets`.
    public init(root: String) {
        self.root = root
    }

    /// The directory of a dataset.
    /// - Parameter name: the dataset.
    /// - Returns: `ROOT/NAME`.
    public func directory(of name: DatasetName) -> String {
        FileSystem.join(root, name.text)
    }

    /// The directory of a version.
    /// - Parameters:
    ///   - name: the dataset.
    ///   - version: the version.
    /// - Returns: `ROOT/NAME/vN`.
    public func directory(of name: DatasetName, version: Int) -> String {
        FileSystem.join(directory(of: name), DatasetVersionNumber.directoryName(version))
    }

    /// The committed versions of a dataset, ascending; staging and other entries are ignored.
    /// - Parameter name: the dataset.
    /// - Returns: version numbers, empty when the dataset does not exist.
    /// - Throws: `FileError`.
    public func versions(of name: DatasetName) throws -> [Int] {
        let directory = directory(of: name)
        guard FileSystem.isDirectory(directory) else { return [] }
        return try FileSystem.contentsOfDirectory(directory)
            .compactMap(DatasetVersionNumber.parse(directoryName:))
            .filter { FileSystem.isDirectory(FileSystem.join(directory, DatasetVersionNumber.directoryName($0))) }
            .sorted()
    }

    /// Commits a merge output as the dataset's next version.
    /// - Parameters:
    ///   - output: the merge output read by ``MergeOutput/read(directory:)``.
    ///   - name: the dataset.
    ///   - message: the commit message.
    ///   - created: the commit time (the command line passes `SOURCE_DATE_EPOCH` or the clock).
    ///   - includeConflicts: keep items with conflicts, marked `conflict`.
    /// - Returns: the new version's manifest.
    /// - Throws: ``DatasetError``, `FileError`.
    /// - Complexity: O(size of the merge output).
    public func commit(
        _ output: MergeOutput, name: DatasetName, message: String?, created: Timestamp, includeConflicts: Bool
    ) throws -> DatasetManifest {
        let selection = DatasetRecord.select(from: output, includeConflicts: includeConflicts)
        guard !selection.records.isEmpty else { throw DatasetError.noRecords(excluded: selection.excluded) }
        let recordBytes = JSONLines.bytes(selection.records.map(\.json))
        let counts = DatasetManifest.Counts(
            records: selection.records.count,
            scores: selection.records.reduce(0) { sum, record in sum + record.scores.filter { !$0.value.isNull }.count
            },
            annotations: selection.records.reduce(0) { $0 + $1.annotations.count },
            conflicts: selection.conflicts, adjudicated: selection.adjudicated, excluded: selection.excluded)
        let sources = DatasetManifest.Sources(
            packID: output.manifest.packID, queue: output.manifest.queue, mergedAt: output.manifest.generatedAt,
            bundles: output.manifest.bundles, mergeFiles: output.fileHashes)

        let datasetDirectory = directory(of: name)
        try FileSystem.createDirectory(datasetDirectory)
        let staging = try FileSystem.makeTemporaryDirectory(in: datasetDirectory, prefix: ".staging-")
        do {
            try FileSystem.writeAtomically(recordBytes, to: FileSystem.join(staging, Self.recordsFile))
            for _ in 0..<1000 {
                let parent = try versions(of: name).last
                let version = (parent ?? 0) + 1
                let parentHash = try parent.map { try manifestHash(name: name, version: $0) }
                let manifest = DatasetManifest(
                    name: name.text, version: version, parent: parent, parentManifestSHA256: parentHash,
                    created: created, message: message, includesConflicts: includeConflicts, counts: counts,
                    files: [(Self.recordsFile, SHA256.hex(of: recordBytes))], sources: sources,
                    policy: output.manifest.policy, tolerance: output.manifest.tolerance,
                    scores: output.manifest.scores)
                try FileSystem.writeAtomically(
                    PrettyJSON.text(manifest.json), to: FileSystem.join(staging, Self.manifestFile))
                let target = directory(of: name, version: version)
                if Glibc.rename(staging, target) == 0 {
                    try FileSystem.syncDirectory(datasetDirectory)
                    return manifest
                }
                let code = errno
                // ENOTEMPTY/EEXIST: another commit took this number first; read the versions again.
                guard code == ENOTEMPTY || code == EEXIST || code == EINTR else {
                    throw FileError("rename", path: target, errno: code)
                }
            }
            throw DatasetError.versionContention(path: datasetDirectory)
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
    }

    /// SHA-256 of a committed version's manifest, as its child records it.
    private func manifestHash(name: DatasetName, version: Int) throws -> String {
        let path = FileSystem.join(directory(of: name, version: version), Self.manifestFile)
        guard FileSystem.isRegularFile(path) else { throw DatasetError.missingFile(path: path) }
        return SHA256.hex(of: try FileSystem.readFile(path))
    }
}
