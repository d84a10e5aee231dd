public import QuireAgreement
public import QuireModel

/// One bundle a merge read, as `merge.json` and the report list it.
public struct MergedBundle: Sendable, Equatable {
    /// `Quire-Bundle-Id`.
    public var bundleID: String
    /// The reviewer (for an adjudication bundle, the adjudicator its journal names).
    public var reviewer: String
    /// SHA-256 of the archive file, or of `tagmanifest-sha256.txt` for a bag directory.
    public var sha256: String
    /// The path as given.
    public var path: String
    /// Whether it is an adjudication bundle.
    public var isAdjudication: Bool

    /// The entry the report and dataset manifests show.
    public var provenance: BundleProvenance {
        BundleProvenance(bundleID: bundleID, reviewer: reviewer, sha256: sha256, path: path)
    }

    /// The `merge.json` entry: the provenance's members, then `adjudication`.
    public var json: JSONValue {
        var members = provenance.members
        members["adjudication"] = .bool(isAdjudication)
        return .object(members)
    }
}

/// Everything a merge computed, in memory; ``MergeOutputWriter`` puts it on disk.
public struct MergeResult: Sendable {
    /// `Quire-Pack-Id` of the bundles.
    public var packID: String
    /// The queue's name.
    public var queue: String
    /// The policy.
    public var policy: MergePolicy
    /// `--tolerance` when given; nil when each numeric score used its default.
    public var tolerance: Double?
    /// The bootstrap seed of the report's confidence intervals.
    public var seed: UInt64
    /// The outputs' time: `SOURCE_DATE_EPOCH`, else the newest journal event of the inputs.
    public var generatedAt: Timestamp
    /// The bundles merged: reviewers' bundles sorted by reviewer, then adjudication bundles.
    public var bundles: [MergedBundle]
    /// The queue's score configs, in queue order.
    public var scoreConfigs: [ScoreConfig]
    /// The merged items' `items.jsonl` lines (without newlines), in pack order.
    public var itemLines: [ArraySlice<UInt8>]
    /// Every human score: items in order, scores in queue order, reviewers by name, adjudications last.
    public var scores: [MergedScore]
    /// One line per item × score with a consensus, a conflict or a decision, in the same order.
    public var consensus: [ConsensusRow]
    /// Agreement per measured score (text and corrections have none), in queue order.
    public var agreement: [(name: String, report: AgreementReport)]
    /// The report's content.
    public var report: ReportModel
    /// The adjudication bundle to write, when there are conflicts.
    var adjudication: AdjudicationPlan?

    /// Item × score lines in conflict.
    public var conflictCount: Int { consensus.count { $0.status == .conflict } }

    /// Item × score lines settled by adjudication.
    public var adjudicatedCount: Int { consensus.count { $0.status == .adjudicated } }

    /// Whether an adjudication bundle will be written.
    public var hasAdjudicationBundle: Bool { adjudication != nil }

    /// The file name of the adjudication bundle in the output directory.
    public static let adjudicationFileName = "adjudication.quire"
}
