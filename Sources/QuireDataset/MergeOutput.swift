public import QuireModel

/// A `quire merge --out DIR` directory as the dataset commit reads it (the contract is `docs/dataset.md`).
///
/// `merge.json` says what was merged; `items.jsonl` holds the items with their traces; `consensus.jsonl`
/// one reconciled value per item × score; `scores.jsonl` every reviewer's score.
public struct MergeOutput: Sendable, Equatable {
    /// `merge.json`.
    public struct Manifest: Sendable, Equatable {
        /// `Quire-Pack-Id` of the merged bundles.
        public var packID: String
        /// The queue's name.
        public var queue: String
        /// `majority`, `mean`, `median` or `lead:NAME`.
        public var policy: String
        /// The numeric tolerance, if any.
        public var tolerance: Double?
        /// The bundles merged.
        public var bundles: [SourceBundle]
        /// The number of lines in `items.jsonl`.
        public var items: Int
        /// When the merge output was made, from its inputs.
        public var generatedAt: Timestamp
        /// The queue's score configs, in queue order.
        public var scores: [ScoreConfig]
    }

    /// One merged bundle.
    public typealias SourceBundle = BundleProvenance

    /// How an item × score was reconciled.
    public enum Status: String, Sendable, CaseIterable {
        /// The reviewers agreed under the policy.
        case agreed
        /// They did not; the value is null.
        case conflict
        /// A lead decided in an adjudication bundle.
        case adjudicated
    }

    /// One line of `consensus.jsonl`.
    public struct Consensus: Sendable, Equatable {
        /// The item id.
        public var item: String
        /// The score's name.
        public var name: String
        /// The reconciled value; null for a conflict.
        public var value: JSONValue
        /// How it was reconciled.
        public var status: Status
        /// How many reviewers scored it.
        public var count: Int
    }

    /// One line of `scores.jsonl`: one reviewer's score.
    public struct Annotation: Sendable, Equatable {
        /// The item id.
        public var item: String
        /// The score's name.
        public var name: String
        /// `NUMERIC`, `CATEGORICAL`, `BOOLEAN` or `TEXT`.
        public var dataType: String
        /// Number for numeric and boolean, label for categorical, text for text and corrections.
        public var value: JSONValue
        /// Who scored.
        public var reviewer: String
        /// When, RFC 3339.
        public var at: Timestamp
        /// Their comment.
        public var comment: String?

        /// The annotation as it goes into a dataset record.
        public var json: JSONValue {
            .object([
                "reviewer": .string(reviewer), "name": .string(name), "dataType": .string(dataType), "value": value,
                "at": .string(at.canonicalText), "comment": .optionalString(comment),
            ])
        }
    }

    /// `merge.json`.
    public var manifest: Manifest
    /// `items.jsonl`, in file order.
    public var items: [BundleItem]
    /// `consensus.jsonl`, in file order.
    public var consensus: [Consensus]
    /// `scores.jsonl`, in file order.
    public var annotations: [Annotation]
    /// SHA-256 of each file read, by file name, sorted by name.
    public var fileHashes: [(name: String, sha256: String)]

    /// The four files, in the order they are read.
    public static let fileNames = ["merge.json", "items.jsonl", "consensus.jsonl", "scores.jsonl"]

    /// Equal when the parsed content and the hashes are.
    public static func == (lhs: MergeOutput, rhs: MergeOutput) -> Bool {
        lhs.manifest == rhs.manifest && lhs.items == rhs.items && lhs.consensus == rhs.consensus
            && lhs.annotations == rhs.annotations && lhs.fileHashes.map(\.name) == rhs.fileHashes.map(\.name)
            && lhs.fileHashes.map(\.sha256) == rhs.fileHashes.map(\.sha256)
    }
}
