public import QuireModel

/// Everything the merge report shows, as plain values: the merge fills it, ``ReportRenderer`` writes it as
/// HTML and Markdown with the same numbers.
///
/// Strings here come from bundles (item ids, reviewer names, comments, values) and are hostile input; the
/// renderers make them inert, so the model holds them as they are.
public struct ReportModel: Sendable, Equatable {
    /// What was merged, how and when.
    public var header: ReportHeader
    /// One section per score config, in the queue's order.
    public var scores: [ScoreReportSection]
    /// One row per reviewer, in the order to show (usually sorted by name).
    public var reviewers: [ReviewerReportRow]
    /// Every item × score that did not reach consensus, in the order to show (usually item, then score).
    public var conflicts: [ConflictReportRow]
    /// Human consensus against EVAL scores of the same name.
    public var alignment: [AlignmentReportRow]

    /// Creates a model.
    /// - Parameters:
    ///   - header: what was merged.
    ///   - scores: per-score sections.
    ///   - reviewers: per-reviewer rows.
    ///   - conflicts: the conflict list.
    ///   - alignment: human-vs-EVAL rows.
    public init(
        header: ReportHeader, scores: [ScoreReportSection], reviewers: [ReviewerReportRow] = [],
        conflicts: [ConflictReportRow] = [], alignment: [AlignmentReportRow] = []
    ) {
        self.header = header
        self.scores = scores
        self.reviewers = reviewers
        self.conflicts = conflicts
        self.alignment = alignment
    }
}

/// The report's header: the queue, the pack, the bundles and the merge settings.
public struct ReportHeader: Sendable, Equatable {
    /// The queue's name.
    public var queue: String
    /// `Quire-Pack-Id` shared by every bundle.
    public var packID: String
    /// The bundles merged, in the order given to `merge`.
    public var bundles: [ReportBundle]
    /// Everyone who scored, in display order.
    public var reviewers: [String]
    /// Items in the merge.
    public var items: Int
    /// The merge policy as typed: `majority`, `mean`, `median` or `lead:NAME`.
    public var policy: String
    /// The numeric tolerance, when one applies.
    public var tolerance: Double?
    /// When the report was made, from the inputs (newest seal time, or `SOURCE_DATE_EPOCH`), RFC 3339.
    public var generatedAt: String
    /// The adjudication bundle's file name when one was written (`adjudication.quire`).
    public var adjudicationBundle: String?

    /// Creates a header.
    /// - Parameters:
    ///   - queue: the queue's name.
    ///   - packID: the pack id.
    ///   - bundles: the bundles merged.
    ///   - reviewers: everyone who scored.
    ///   - items: items in the merge.
    ///   - policy: the merge policy.
    ///   - tolerance: the numeric tolerance.
    ///   - generatedAt: when, from the inputs.
    ///   - adjudicationBundle: the adjudication bundle's file name, if written.
    public init(
        queue: String, packID: String, bundles: [ReportBundle], reviewers: [String], items: Int, policy: String,
        tolerance: Double? = nil, generatedAt: String, adjudicationBundle: String? = nil
    ) {
        self.queue = queue
        self.packID = packID
        self.bundles = bundles
        self.reviewers = reviewers
        self.items = items
        self.policy = policy
        self.tolerance = tolerance
        self.generatedAt = generatedAt
        self.adjudicationBundle = adjudicationBundle
    }
}

/// One merged bundle.
public typealias ReportBundle = BundleProvenance
