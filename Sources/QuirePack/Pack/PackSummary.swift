public import QuireModel

/// What a pack did, counted at each stage of the pipeline (DESIGN.md §2), for people and for `--json`.
public struct PackSummary: Sendable, Equatable {
    /// One bundle written.
    public struct Bundle: Sendable, Equatable {
        /// The reviewer, or nil for an open bundle.
        public var reviewer: String?
        /// The bundle's path.
        public var path: String
        /// Items in it.
        public var items: Int
        /// Its `Quire-Bundle-Id`.
        public var bundleID: String
    }

    /// The queue's name.
    public var queue: String
    /// The pack id shared by every bundle.
    public var packID: String
    /// The pack time.
    public var packTime: Timestamp
    /// Traces read, valid or not.
    public var read = 0
    /// Invalid records skipped (with `--skip-invalid`).
    public var invalid = 0
    /// Traces whose id came again later (the later one was kept).
    public var duplicates = 0
    /// Unique traces the filter kept.
    public var matched = 0
    /// Of those, traces the sample kept.
    public var sampled = 0
    /// Of those, traces kept by the classifiers (all of them when there are none).
    public var flagged = 0
    /// Flags per classifier among sampled traces.
    public var flagsByClassifier: [String: Int] = [:]
    /// Command classifier runs that failed (timeouts, bad output); those traces are not flagged.
    public var classifierFailures = 0
    /// Items after the unit and before the limit.
    public var candidates = 0
    /// Items packed.
    public var items = 0
    /// The bundles written, in reviewer order.
    public var bundles: [Bundle] = []

    /// An empty summary.
    /// - Parameters:
    ///   - queue: the queue's name.
    ///   - packID: the pack id.
    ///   - packTime: the pack time.
    public init(queue: String, packID: String, packTime: Timestamp) {
        self.queue = queue
        self.packID = packID
        self.packTime = packTime
    }

    /// The summary as JSON, for `--json`.
    public var json: JSONValue {
        .object([
            "queue": .string(queue), "packId": .string(packID), "packTime": .string(packTime.canonicalText),
            "read": .int(read), "invalid": .int(invalid), "duplicates": .int(duplicates), "matched": .int(matched),
            "sampled": .int(sampled), "flagged": .int(flagged),
            "flagsByClassifier": .object(
                JSONObject(flagsByClassifier.keys.sorted().map { ($0, .int(flagsByClassifier[$0] ?? 0)) })),
            "classifierFailures": .int(classifierFailures), "candidates": .int(candidates), "items": .int(items),
            "bundles": .array(
                bundles.map {
                    .object([
                        "reviewer": .optionalString($0.reviewer), "path": .string($0.path), "items": .int($0.items),
                        "bundleId": .string($0.bundleID),
                    ])
                }),
        ])
    }
}
