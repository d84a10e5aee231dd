import QuireIO
import QuireModel

/// A committed version, read and verified.
public struct DatasetVersion: Sendable, Equatable {
    /// The manifest.
    public var manifest: DatasetManifest
    /// The records, in file order.
    public var records: [DatasetRecord]
    /// The exact bytes of `records.jsonl` (verified against the manifest).
    public var recordBytes: [UInt8]
    /// The version's directory.
    public var path: String
}

extension DatasetRepository {
    /// Opens a version after checking every file against the manifest.
    ///
    /// Each listed file must exist and hash to its recorded SHA-256, no other file may be present, and the
    /// parent's manifest must hash to what this manifest recorded.
    /// - Parameter reference: `NAME` (the newest version) or `NAME@vN`.
    /// - Returns: the verified version.
    /// - Throws: ``DatasetError`` naming the file that does not match; `FileError`.
    /// - Complexity: O(size of the version); the records are held in memory.
    public func open(_ reference: DatasetReference) throws -> DatasetVersion {
        let version = try resolve(reference)
        let manifest = try verifiedManifest(name: reference.name, version: version)
        let directory = directory(of: reference.name, version: version)
        let recordsPath = FileSystem.join(directory, Self.recordsFile)
        var recordBytes: [UInt8]?
        for file in manifest.files {
            let bytes = try verifiedFile(FileSystem.join(directory, file.name), manifest: manifest)
            if file.name == Self.recordsFile { recordBytes = bytes }
        }
        guard let recordBytes else {
            throw DatasetError.invalidManifest(
                path: FileSystem.join(directory, Self.manifestFile), field: "files",
                reason: "does not list \(Self.recordsFile)")
        }
        let lines = try JSONLines.parse(recordBytes) { line, error in
            DatasetError.invalidRecord(path: recordsPath, line: line, field: "", reason: "invalid JSON: \(error)")
        }
        var records: [DatasetRecord] = []
        for line in lines {
            do {
                records.append(try DatasetRecord(json: line.value))
            } catch {
                throw DatasetError.invalidRecord(
                    path: recordsPath, line: line.number, field: error.field, reason: error.reason)
            }
        }
        return DatasetVersion(manifest: manifest, records: records, recordBytes: recordBytes, path: directory)
    }

    /// The manifests of every version, newest first.
    /// - Parameters:
    ///   - name: the dataset.
    ///   - verify: also check every version's files and the chain of parent hashes.
    /// - Returns: the manifests.
    /// - Throws: ``DatasetError``; `FileError`.
    public func log(_ name: DatasetName, verify: Bool) throws -> [DatasetManifest] {
        let versions = try versions(of: name)
        guard !versions.isEmpty else { throw DatasetError.unknownDataset(repository: root, name: name.text) }
        var manifests: [DatasetManifest] = []
        for version in versions.reversed() {
            if verify {
                let manifest = try verifiedManifest(name: name, version: version)
                let directory = directory(of: name, version: version)
                for file in manifest.files {
                    _ = try verifiedFile(FileSystem.join(directory, file.name), manifest: manifest)
                }
                manifests.append(manifest)
            } else {
                manifests.append(try readManifest(name: name, version: version))
            }
        }
        return manifests
    }

    /// The version a reference names: its own, or the newest.
    func resolve(_ reference: DatasetReference) throws -> Int {
        let versions = try versions(of: reference.name)
        guard let newest = versions.last else {
            throw DatasetError.unknownDataset(repository: root, name: reference.name.text)
        }
        guard let wanted = reference.version else { return newest }
        guard versions.contains(wanted) else {
            throw DatasetError.unknownVersion(name: reference.name.text, version: wanted)
        }
        return wanted
    }

    /// Reads and parses a manifest without checking the files.
    func readManifest(name: DatasetName, version: Int) throws -> DatasetManifest {
        let path = FileSystem.join(directory(of: name, version: version), Self.manifestFile)
        guard FileSystem.isRegularFile(path) else { throw DatasetError.missingFile(path: path) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(try FileSystem.readFile(path))
        } catch let error as JSONSyntaxError {
            throw DatasetError.invalidManifest(path: path, field: "", reason: "invalid JSON: \(error)")
        }
        let manifest: DatasetManifest
        do {
            manifest = try DatasetManifest(json: value)
        } catch {
            throw DatasetError.invalidManifest(path: path, field: error.field, reason: error.reason)
        }
        guard manifest.name == name.text, manifest.version == version else {
            throw DatasetError.invalidManifest(
                path: path, field: manifest.name == name.text ? "version" : "name",
                reason: "does not match the directory \(name.text)/\(DatasetVersionNumber.directoryName(version))")
        }
        return manifest
    }

    /// Reads a manifest and checks the directory listing and the parent link.
    func verifiedManifest(name: DatasetName, version: Int) throws -> DatasetManifest {
        let manifest = try readManifest(name: name, version: version)
        let directory = directory(of: name, version: version)
        let listed = Set(manifest.files.map(\.name) + [Self.manifestFile])
        for entry in try FileSystem.regularFiles(under: directory) where !listed.contains(entry) {
            throw DatasetError.unexpectedFile(path: FileSystem.join(directory, entry))
        }
        if let parent = manifest.parent, let expected = manifest.parentManifestSHA256 {
            let parentPath = FileSystem.join(self.directory(of: name, version: parent), Self.manifestFile)
            guard FileSystem.isRegularFile(parentPath) else { throw DatasetError.missingFile(path: parentPath) }
            let actual = SHA256.hex(of: try FileSystem.readFile(parentPath))
            guard actual == expected else {
                throw DatasetError.tampered(path: parentPath, expected: expected, actual: actual)
            }
        }
        return manifest
    }

    /// Reads a listed file and checks its hash.
    func verifiedFile(_ path: String, manifest: DatasetManifest) throws -> [UInt8] {
        let name = FileSystem.lastComponent(of: path)
        guard let expected = manifest.files.first(where: { $0.name == name })?.sha256 else {
            throw DatasetError.unexpectedFile(path: path)
        }
        guard FileSystem.isRegularFile(path) else { throw DatasetError.missingFile(path: path) }
        let bytes = try FileSystem.readFile(path)
        let actual = SHA256.hex(of: bytes)
        guard actual == expected else { throw DatasetError.tampered(path: path, expected: expected, actual: actual) }
        return bytes
    }
}
