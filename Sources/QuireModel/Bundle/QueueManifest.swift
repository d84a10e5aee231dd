/// `data/queue.json`: the resolved queue a bundle was packed from, with its ids (DESIGN.md §3).
public struct QueueManifest: Sendable, Equatable {
    /// How a source file was read, for provenance.
    public struct Source: Sendable, Equatable {
        /// The path as given in the queue file.
        public var path: String
        /// The SHA-256 of its bytes.
        public var sha256: String

        /// Creates a source.
        /// - Parameters:
        ///   - path: the path.
        ///   - sha256: its digest.
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// The version of this layout.
    public static let formatVersion = 1

    /// Same for every bundle of one pack: 32 hex digits.
    public var packID: String
    /// This bundle's id: 32 hex digits.
    public var bundleID: String
    /// The queue's name.
    public var name: String
    /// The queue's description.
    public var description: String?
    /// The reviewer this bundle is for; nil for an open bundle whose reviewer names themself.
    public var reviewer: String?
    /// Every reviewer of the pack.
    public var reviewers: [String]
    /// Reviewers per item.
    public var overlap: Int
    /// Whether other humans' and EVAL scores are hidden.
    public var isBlind: Bool
    /// `trace`, `session` or `observation`.
    public var unit: String
    /// The pack time.
    public var packTime: Timestamp
    /// The score configs.
    public var scores: [ScoreConfig]
    /// The sources read.
    public var sources: [Source]
    /// How the traces were selected (filter, classifiers, sample, order, limit), for provenance.
    public var selection: JSONObject
    /// Items in this bundle.
    public var itemCount: Int
    /// Whether this is an adjudication bundle (reviewers' answers visible).
    public var isAdjudication: Bool

    /// Creates a manifest.
    /// - Parameters:
    ///   - packID: the pack id.
    ///   - bundleID: the bundle id.
    ///   - name: the queue name.
    ///   - reviewer: the bundle's reviewer.
    ///   - packTime: the pack time.
    ///   - scores: the score configs.
    public init(
        packID: String, bundleID: String, name: String, reviewer: String?, packTime: Timestamp, scores: [ScoreConfig]
    ) {
        self.packID = packID
        self.bundleID = bundleID
        self.name = name
        self.description = nil
        self.reviewer = reviewer
        self.reviewers = reviewer.map { [$0] } ?? []
        self.overlap = 1
        self.isBlind = true
        self.unit = "trace"
        self.packTime = packTime
        self.scores = scores
        self.sources = []
        self.selection = JSONObject()
        self.itemCount = 0
        self.isAdjudication = false
    }

    /// The manifest as JSON, keys in a fixed order.
    public var json: JSONValue {
        .object([
            "format": .int(Self.formatVersion),
            "packId": .string(packID),
            "bundleId": .string(bundleID),
            "name": .string(name),
            "description": .optionalString(description),
            "reviewer": .optionalString(reviewer),
            "reviewers": .array(reviewers.map(JSONValue.string)),
            "overlap": .int(overlap),
            "blind": .bool(isBlind),
            "unit": .string(unit),
            "packTime": .string(packTime.text),
            "instructions": .string("instructions.md"),
            "scores": .array(scores.map(\.json)),
            "sources": .array(sources.map { .object(["path": .string($0.path), "sha256": .string($0.sha256)]) }),
            "selection": .object(selection),
            "itemCount": .int(itemCount),
            "adjudication": .bool(isAdjudication),
        ])
    }

    /// Reads a manifest.
    /// - Parameter json: the parsed `queue.json`.
    /// - Throws: ``FieldError``.
    public init(json: JSONValue) throws(FieldError) {
        let reader = try JSONFieldReader(json)
        guard let format = reader.object["format"]?.intValue, format == Self.formatVersion else {
            throw FieldError(field: "format", reason: "unsupported queue.json format (expected \(Self.formatVersion))")
        }
        packID = try reader.requiredString("packId")
        bundleID = try reader.requiredString("bundleId")
        name = try reader.requiredString("name")
        description = try reader.optionalString("description")
        reviewer = try reader.optionalString("reviewer")
        reviewers = try reader.stringArray("reviewers")
        overlap = reader.object["overlap"]?.intValue ?? 1
        isBlind = try reader.optionalBool("blind") ?? true
        unit = try reader.optionalString("unit") ?? "trace"
        packTime = try reader.requiredTimestamp("packTime")
        var scores: [ScoreConfig] = []
        for (index, element) in try reader.array("scores").enumerated() {
            do {
                scores.append(try ScoreConfig(json: element))
            } catch {
                throw FieldError(field: "scores[\(index)].\(error.field)", reason: error.reason)
            }
        }
        self.scores = scores
        var sources: [Source] = []
        for (index, element) in try reader.array("sources").enumerated() {
            let source = try JSONFieldReader(element, path: "sources[\(index)]")
            sources.append(Source(path: try source.requiredString("path"), sha256: try source.requiredString("sha256")))
        }
        self.sources = sources
        selection = try reader.object("selection")
        itemCount = reader.object["itemCount"]?.intValue ?? 0
        isAdjudication = try reader.optionalBool("adjudication") ?? false
    }

    /// The config of a score by name.
    /// - Parameter name: the score's name.
    /// - Returns: the config, or nil when the queue has no such score.
    public func score(named name: String) -> ScoreConfig? {
        scores.first { $0.name == name }
    }
}
