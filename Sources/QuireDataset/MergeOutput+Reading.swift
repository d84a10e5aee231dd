import QuireIO
import QuireModel

extension MergeOutput {
    /// Reads and cross-checks a merge output directory.
    ///
    /// Every line is checked: unknown items or score names in `consensus.jsonl` and `scores.jsonl`, a
    /// duplicate item or item × score, an item count that differs from `merge.json`. The error names the
    /// file, the line and the field.
    /// - Parameter directory: the `--out` directory of `quire merge`.
    /// - Returns: the parsed output.
    /// - Throws: ``MergeOutputError``, or `FileError` when a file cannot be read.
    /// - Complexity: O(total bytes); all four files are held in memory.
    public static func read(directory: String) throws -> MergeOutput {
        var hashes: [(name: String, sha256: String)] = []
        func load(_ name: String) throws -> (path: String, bytes: [UInt8]) {
            let path = FileSystem.join(directory, name)
            guard FileSystem.isRegularFile(path) else { throw MergeOutputError.missingFile(path: path) }
            let bytes = try FileSystem.readFile(path)
            hashes.append((name, SHA256.hex(of: bytes)))
            return (path, bytes)
        }
        let manifestFile = try load("merge.json")
        let manifest = try readManifest(manifestFile.bytes, path: manifestFile.path)
        let itemsFile = try load("items.jsonl")
        let items = try readItems(itemsFile.bytes, path: itemsFile.path, expected: manifest.items)
        let known = Known(
            items: Set(items.map(\.id)),
            scores: Dictionary(
                manifest.scores.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
        let consensusFile = try load("consensus.jsonl")
        let consensus = try readConsensus(consensusFile.bytes, path: consensusFile.path, known: known)
        let scoresFile = try load("scores.jsonl")
        let annotations = try readAnnotations(scoresFile.bytes, path: scoresFile.path, known: known)
        return MergeOutput(
            manifest: manifest, items: items, consensus: consensus, annotations: annotations,
            fileHashes: hashes.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) })
    }

    private struct Known {
        var items: Set<String>
        var scores: [String: ScoreConfig]
    }

    private static func lines(_ bytes: [UInt8], path: String) throws -> [JSONLines.Line] {
        try JSONLines.parse(bytes) { line, error in
            MergeOutputError.invalidField(path: path, line: line, field: "", reason: "invalid JSON: \(error)")
        }
    }

    private static func readManifest(_ bytes: [UInt8], path: String) throws -> Manifest {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw MergeOutputError.invalidField(path: path, line: nil, field: "", reason: "invalid JSON: \(error)")
        }
        do {
            let reader = try JSONFieldReader(value)
            var bundles: [SourceBundle] = []
            for (index, element) in try reader.array("bundles").enumerated() {
                let bundle = try JSONFieldReader(element, path: "bundles[\(index)]")
                bundles.append(
                    SourceBundle(
                        bundleID: try bundle.requiredString("bundleId"),
                        reviewer: try bundle.requiredString("reviewer"),
                        sha256: try bundle.requiredString("sha256"), path: try bundle.optionalString("path") ?? ""))
            }
            guard let items = try reader.optionalNumber("items")?.int, items >= 0 else {
                throw FieldError(field: "items", reason: "expected a non-negative integer")
            }
            var scores: [ScoreConfig] = []
            var names = Set<String>()
            for (index, element) in try reader.array("scores").enumerated() {
                let config: ScoreConfig
                do {
                    config = try ScoreConfig(json: element)
                } catch {
                    throw FieldError(field: "scores[\(index)].\(error.field)", reason: error.reason)
                }
                guard names.insert(config.name).inserted else {
                    throw FieldError(field: "scores[\(index)].name", reason: "duplicate score \"\(config.name)\"")
                }
                scores.append(config)
            }
            guard !scores.isEmpty else {
                throw FieldError(field: "scores", reason: "must list the queue's score configs")
            }
            return Manifest(
                packID: try reader.requiredString("packId"), queue: try reader.requiredString("queue"),
                policy: try reader.requiredString("policy"), tolerance: try reader.optionalNumber("tolerance")?.double,
                bundles: bundles, items: items, generatedAt: try reader.requiredTimestamp("generatedAt"),
                scores: scores)
        } catch let error as FieldError {
            throw MergeOutputError.invalidField(path: path, line: nil, field: error.field, reason: error.reason)
        }
    }

    private static func readItems(_ bytes: [UInt8], path: String, expected: Int) throws -> [BundleItem] {
        var items: [BundleItem] = []
        var seen = Set<String>()
        for line in try lines(bytes, path: path) {
            let item: BundleItem
            do {
                item = try BundleItem(json: line.value)
            } catch {
                throw MergeOutputError.invalidField(
                    path: path, line: line.number, field: error.field, reason: error.reason)
            }
            guard seen.insert(item.id).inserted else {
                throw MergeOutputError.invalidField(
                    path: path, line: line.number, field: "id", reason: "duplicate item \"\(item.id)\"")
            }
            items.append(item)
        }
        guard items.count == expected else {
            throw MergeOutputError.invalidField(
                path: path, line: nil, field: "",
                reason: "holds \(items.count) items but merge.json says \(expected)")
        }
        return items
    }

    private static func readConsensus(_ bytes: [UInt8], path: String, known: Known) throws -> [Consensus] {
        var rows: [Consensus] = []
        var seen = Set<[String]>()
        for line in try lines(bytes, path: path) {
            do {
                let reader = try JSONFieldReader(line.value)
                let item = try reader.requiredString("item")
                let name = try reader.requiredString("name")
                guard known.items.contains(item) else {
                    throw FieldError(field: "item", reason: "unknown item \"\(item)\"")
                }
                guard known.scores[name] != nil else {
                    throw FieldError(field: "name", reason: "unknown score \"\(name)\"")
                }
                let statusText = try reader.requiredString("status")
                guard let status = Status(rawValue: statusText) else {
                    throw FieldError(
                        field: "status", reason: "expected agreed, conflict or adjudicated, found \"\(statusText)\"")
                }
                let value = reader.object["value"] ?? .null
                if status != .conflict, value.isNull {
                    throw FieldError(field: "value", reason: "must not be null when status is \(status.rawValue)")
                }
                guard let count = try reader.optionalNumber("n")?.int, count >= 0 else {
                    throw FieldError(field: "n", reason: "expected a non-negative integer")
                }
                guard seen.insert([item, name]).inserted else {
                    throw FieldError(field: "", reason: "second consensus for item \"\(item)\", score \"\(name)\"")
                }
                rows.append(Consensus(item: item, name: name, value: value, status: status, count: count))
            } catch let error as FieldError {
                throw MergeOutputError.invalidField(
                    path: path, line: line.number, field: error.field, reason: error.reason)
            }
        }
        return rows
    }

    private static func readAnnotations(_ bytes: [UInt8], path: String, known: Known) throws -> [Annotation] {
        var rows: [Annotation] = []
        for line in try lines(bytes, path: path) {
            do {
                let reader = try JSONFieldReader(line.value)
                let item = try reader.requiredString("item")
                let name = try reader.requiredString("name")
                guard known.items.contains(item) else {
                    throw FieldError(field: "item", reason: "unknown item \"\(item)\"")
                }
                guard known.scores[name] != nil else {
                    throw FieldError(field: "name", reason: "unknown score \"\(name)\"")
                }
                let value = reader.object["value"] ?? .null
                if value.isNull { throw FieldError(field: "value", reason: "missing") }
                rows.append(
                    Annotation(
                        item: item, name: name, dataType: try reader.requiredString("dataType"), value: value,
                        reviewer: try reader.requiredString("reviewer"), at: try reader.requiredTimestamp("at"),
                        comment: try reader.optionalString("comment")))
            } catch let error as FieldError {
                throw MergeOutputError.invalidField(
                    path: path, line: line.number, field: error.field, reason: error.reason)
            }
        }
        return rows
    }
}
