public import QuireModel

/// A version's `manifest.json`: what it is, where it came from and the SHA-256 of every file.
public struct DatasetManifest: Sendable, Equatable {
    /// Counts of what the version holds.
    public struct Counts: Sendable, Equatable {
        /// Records written.
        public var records: Int
        /// Non-null consensus values in the records.
        public var scores: Int
        /// Reviewer annotations in the records.
        public var annotations: Int
        /// Item × score conflicts in the merge output.
        public var conflicts: Int
        /// Item × score values settled by adjudication.
        public var adjudicated: Int
        /// Items of the merge output left out (conflicts without `--include-conflicts`, or no consensus).
        public var excluded: Int

        /// Creates counts.
        /// - Parameters:
        ///   - records: records written.
        ///   - scores: consensus values.
        ///   - annotations: reviewer annotations.
        ///   - conflicts: conflicts in the merge.
        ///   - adjudicated: adjudicated values.
        ///   - excluded: items left out.
        public init(records: Int, scores: Int, annotations: Int, conflicts: Int, adjudicated: Int, excluded: Int) {
            self.records = records
            self.scores = scores
            self.annotations = annotations
            self.conflicts = conflicts
            self.adjudicated = adjudicated
            self.excluded = excluded
        }
    }

    /// The manifest format written and understood.
    public static let format = "quire-dataset/1"

    /// The dataset's name.
    public var name: String
    /// This version's number (directory `vN`).
    public var version: Int
    /// The version this one follows, or nil for the first.
    public var parent: Int?
    /// SHA-256 of the parent's `manifest.json`, chaining versions so that rewriting history shows.
    public var parentManifestSHA256: String?
    /// When the version was committed (`SOURCE_DATE_EPOCH` or the clock, read by the command line).
    public var created: Timestamp
    /// The commit message.
    public var message: String?
    /// Whether conflicting items were kept.
    public var includesConflicts: Bool
    /// What the version holds.
    public var counts: Counts
    /// SHA-256 of each data file by name, sorted by name.
    public var files: [(name: String, sha256: String)]
    /// The merge that produced the version: pack, queue, bundles and the merge files' hashes.
    public var sources: Sources
    /// The merge policy and tolerance.
    public var policy: String
    /// The numeric tolerance, if any.
    public var tolerance: Double?
    /// The queue's score configs.
    public var scores: [ScoreConfig]

    /// Where a version came from.
    public struct Sources: Sendable, Equatable {
        /// `Quire-Pack-Id`.
        public var packID: String
        /// The queue's name.
        public var queue: String
        /// When the merge output was made.
        public var mergedAt: Timestamp
        /// The bundles merged.
        public var bundles: [MergeOutput.SourceBundle]
        /// SHA-256 of each merge output file by name.
        public var mergeFiles: [(name: String, sha256: String)]

        /// Equal when every field is.
        public static func == (lhs: Sources, rhs: Sources) -> Bool {
            lhs.packID == rhs.packID && lhs.queue == rhs.queue && lhs.mergedAt == rhs.mergedAt
                && lhs.bundles == rhs.bundles && lhs.mergeFiles.map(\.name) == rhs.mergeFiles.map(\.name)
                && lhs.mergeFiles.map(\.sha256) == rhs.mergeFiles.map(\.sha256)
        }
    }

    /// Equal when every field is.
    public static func == (lhs: DatasetManifest, rhs: DatasetManifest) -> Bool {
        lhs.json == rhs.json
    }

    /// `vN`.
    public var versionName: String { DatasetVersionNumber.directoryName(version) }

    /// The manifest as JSON, members in a fixed order.
    public var json: JSONValue {
        let fileObject = JSONObject(files.map { ($0.name, JSONValue.string($0.sha256)) })
        let mergeFiles = JSONObject(sources.mergeFiles.map { ($0.name, JSONValue.string($0.sha256)) })
        return .object(
            JSONObject([
                ("format", .string(Self.format)), ("name", .string(name)),
                ("version", .string(DatasetVersionNumber.directoryName(version))),
                ("parent", parent.map { .string(DatasetVersionNumber.directoryName($0)) } ?? .null),
                ("parentManifestSha256", .optionalString(parentManifestSHA256)),
                ("created", .string(created.canonicalText)), ("message", .optionalString(message)),
                ("includeConflicts", .bool(includesConflicts)),
                (
                    "counts",
                    .object([
                        "records": .int(counts.records), "scores": .int(counts.scores),
                        "annotations": .int(counts.annotations), "conflicts": .int(counts.conflicts),
                        "adjudicated": .int(counts.adjudicated), "excluded": .int(counts.excluded),
                    ])
                ),
                ("files", .object(fileObject)),
                (
                    "sources",
                    .object([
                        "packId": .string(sources.packID), "queue": .string(sources.queue),
                        "mergedAt": .string(sources.mergedAt.canonicalText),
                        "bundles": .array(sources.bundles.map(\.json)), "mergeFiles": .object(mergeFiles),
                    ])
                ),
                ("policy", .object(["name": .string(policy), "tolerance": tolerance.map(JSONValue.double) ?? .null])),
                ("scores", .array(scores.map(\.json))),
            ]))
    }

    /// Reads a manifest.
    /// - Parameter json: the parsed `manifest.json`.
    /// - Throws: ``FieldError`` naming the field.
    public init(json: JSONValue) throws(FieldError) {
        let reader = try JSONFieldReader(json)
        let format = try reader.requiredString("format")
        guard format == Self.format else {
            throw FieldError(field: "format", reason: "unsupported format \"\(format)\"; expected \(Self.format)")
        }
        name = try reader.requiredString("name")
        guard let version = DatasetVersionNumber.parse(directoryName: try reader.requiredString("version")) else {
            throw FieldError(field: "version", reason: "expected vN")
        }
        self.version = version
        if let parentText = try reader.optionalString("parent") {
            guard let parent = DatasetVersionNumber.parse(directoryName: parentText), parent < version else {
                throw FieldError(field: "parent", reason: "expected vN below the version")
            }
            self.parent = parent
        } else {
            parent = nil
        }
        parentManifestSHA256 = try reader.optionalString("parentManifestSha256")
        if (parent == nil) != (parentManifestSHA256 == nil) {
            throw FieldError(field: "parentManifestSha256", reason: "must be set exactly when parent is")
        }
        created = try reader.requiredTimestamp("created")
        message = try reader.optionalString("message")
        includesConflicts = try reader.optionalBool("includeConflicts") ?? false
        let counts = try JSONFieldReader(reader.object("counts"), path: "counts")
        func count(_ key: String) throws(FieldError) -> Int {
            guard let value = try counts.optionalNumber(key)?.int, value >= 0 else {
                throw FieldError(field: counts.fieldPath(key), reason: "expected a non-negative integer")
            }
            return value
        }
        self.counts = Counts(
            records: try count("records"), scores: try count("scores"), annotations: try count("annotations"),
            conflicts: try count("conflicts"), adjudicated: try count("adjudicated"), excluded: try count("excluded"))
        files = try Self.hashes(reader.object("files"), path: "files")
        guard !files.isEmpty else { throw FieldError(field: "files", reason: "must list the version's files") }
        let sources = try JSONFieldReader(reader.object("sources"), path: "sources")
        var bundles: [MergeOutput.SourceBundle] = []
        for (index, element) in try sources.array("bundles").enumerated() {
            let bundle = try JSONFieldReader(element, path: "sources.bundles[\(index)]")
            bundles.append(
                MergeOutput.SourceBundle(
                    bundleID: try bundle.requiredString("bundleId"), reviewer: try bundle.requiredString("reviewer"),
                    sha256: try bundle.requiredString("sha256"), path: try bundle.optionalString("path") ?? ""))
        }
        self.sources = Sources(
            packID: try sources.requiredString("packId"), queue: try sources.requiredString("queue"),
            mergedAt: try sources.requiredTimestamp("mergedAt"), bundles: bundles,
            mergeFiles: try Self.hashes(sources.object("mergeFiles"), path: "sources.mergeFiles"))
        let policy = try JSONFieldReader(reader.object("policy"), path: "policy")
        self.policy = try policy.requiredString("name")
        tolerance = try policy.optionalNumber("tolerance")?.double
        var scores: [ScoreConfig] = []
        for (index, element) in try reader.array("scores").enumerated() {
            do {
                scores.append(try ScoreConfig(json: element))
            } catch {
                throw FieldError(field: "scores[\(index)].\(error.field)", reason: error.reason)
            }
        }
        self.scores = scores
    }

    /// Creates a manifest.
    init(
        name: String, version: Int, parent: Int?, parentManifestSHA256: String?, created: Timestamp, message: String?,
        includesConflicts: Bool, counts: Counts, files: [(name: String, sha256: String)], sources: Sources,
        policy: String, tolerance: Double?, scores: [ScoreConfig]
    ) {
        self.name = name
        self.version = version
        self.parent = parent
        self.parentManifestSHA256 = parentManifestSHA256
        self.created = created
        self.message = message
        self.includesConflicts = includesConflicts
        self.counts = counts
        self.files = files
        self.sources = sources
        self.policy = policy
        self.tolerance = tolerance
        self.scores = scores
    }

    /// File names must be plain names (no `/`, not `.`/`..`/`manifest.json`) and hashes 64 lowercase hex digits.
    private static func hashes(_ object: JSONObject, path: String) throws(FieldError) -> [(
        name: String, sha256: String
    )] {
        var result: [(name: String, sha256: String)] = []
        for member in object {
            let field = "\(path).\(member.key)"
            guard !member.key.isEmpty, !member.key.contains("/"), member.key != ".", member.key != "..",
                member.key != "manifest.json", !member.key.hasPrefix(".")
            else { throw FieldError(field: field, reason: "not a plain file name") }
            guard case .string(let hash) = member.value, hash.utf8.count == 64,
                hash.utf8.allSatisfy({
                    ("0"..."9").contains(Unicode.Scalar($0)) || ("a"..."f").contains(Unicode.Scalar($0))
                })
            else { throw FieldError(field: field, reason: "expected 64 lowercase hex digits") }
            result.append((member.key, hash))
        }
        return result.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
