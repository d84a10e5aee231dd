/// One reviewer's workload, speed and agreement with the consensus.
public struct ReviewerReportRow: Sendable, Equatable {
    /// The reviewer.
    public var name: String
    /// Items assigned in their bundle.
    public var assigned: Int
    /// Items they completed.
    public var completed: Int
    /// Items they skipped.
    public var skipped: Int
    /// Items they flagged.
    public var flagged: Int
    /// Median seconds between consecutive journal events that completed items; nil with fewer than two.
    public var medianSecondsPerItem: Double?
    /// Share of their ratings equal to the consensus (numeric: within tolerance); nil with no consensus.
    public var agreementWithConsensus: Double?

    /// Creates a row.
    /// - Parameters:
    ///   - name: the reviewer.
    ///   - assigned: items assigned.
    ///   - completed: items completed.
    ///   - skipped: items skipped.
    ///   - flagged: items flagged.
    ///   - medianSecondsPerItem: median time per item.
    ///   - agreementWithConsensus: share agreeing with consensus.
    public init(
        name: String, assigned: Int, completed: Int, skipped: Int = 0, flagged: Int = 0,
        medianSecondsPerItem: Double?, agreementWithConsensus: Double?
    ) {
        self.name = name
        self.assigned = assigned
        self.completed = completed
        self.skipped = skipped
        self.flagged = flagged
        self.medianSecondsPerItem = medianSecondsPerItem
        self.agreementWithConsensus = agreementWithConsensus
    }
}

/// One item × score without consensus, with every reviewer's answer.
public struct ConflictReportRow: Sendable, Equatable {
    /// One reviewer's answer.
    public struct Answer: Sendable, Equatable {
        /// The reviewer.
        public var reviewer: String
        /// The value as shown: a number, a label or text.
        public var value: String
        /// Their comment.
        public var comment: String?

        /// Creates an answer.
        /// - Parameters:
        ///   - reviewer: the reviewer.
        ///   - value: the value as shown.
        ///   - comment: their comment.
        public init(reviewer: String, value: String, comment: String? = nil) {
            self.reviewer = reviewer
            self.value = value
            self.comment = comment
        }
    }

    /// The item id (`quire score --item` takes it).
    public var itemID: String
    /// The score's name.
    public var score: String
    /// Every reviewer's answer, in reviewer order.
    public var answers: [Answer]
    /// Why it is a conflict: `tie 1–1`, `spread 2 > tolerance 1`.
    public var reason: String

    /// Creates a row.
    /// - Parameters:
    ///   - itemID: the item id.
    ///   - score: the score's name.
    ///   - answers: every answer.
    ///   - reason: why it is a conflict.
    public init(itemID: String, score: String, answers: [Answer], reason: String) {
        self.itemID = itemID
        self.score = score
        self.answers = answers
        self.reason = reason
    }
}

/// Human consensus against EVAL scores of the same name (DESIGN.md §5).
public struct AlignmentReportRow: Sendable, Equatable {
    /// Which comparison the numbers are.
    public enum Kind: String, Sendable {
        /// Labels: accuracy and Cohen's κ.
        case categorical
        /// Numbers: Pearson, Spearman and mean absolute difference.
        case numeric
    }

    /// The score's name.
    public var score: String
    /// Labels or numbers.
    public var kind: Kind
    /// Items with both a human consensus and an EVAL score.
    public var count: Int
    /// Share of items where EVAL equals the consensus (categorical).
    public var accuracy: Double?
    /// Cohen's κ between EVAL and consensus (categorical).
    public var kappa: Double?
    /// Pearson's r (numeric).
    public var pearson: Double?
    /// Spearman's ρ (numeric).
    public var spearman: Double?
    /// Mean absolute difference (numeric).
    public var meanAbsoluteDifference: Double?
    /// Why values are missing, in words.
    public var reasonIfNull: String?

    /// Creates a categorical row.
    /// - Parameters:
    ///   - score: the score.
    ///   - count: items compared.
    ///   - accuracy: accuracy.
    ///   - kappa: Cohen's κ.
    ///   - reasonIfNull: why values are missing.
    /// - Returns: the row.
    public static func categorical(
        score: String, count: Int, accuracy: Double?, kappa: Double?, reasonIfNull: String? = nil
    ) -> AlignmentReportRow {
        AlignmentReportRow(
            score: score, kind: .categorical, count: count, accuracy: accuracy, kappa: kappa, pearson: nil,
            spearman: nil, meanAbsoluteDifference: nil, reasonIfNull: reasonIfNull)
    }

    /// Creates a numeric row.
    /// - Parameters:
    ///   - score: the score.
    ///   - count: items compared.
    ///   - pearson: Pearson's r.
    ///   - spearman: Spearman's ρ.
    ///   - meanAbsoluteDifference: mean absolute difference.
    ///   - reasonIfNull: why values are missing.
    /// - Returns: the row.
    public static func numeric(
        score: String, count: Int, pearson: Double?, spearman: Double?, meanAbsoluteDifference: Double?,
        reasonIfNull: String? = nil
    ) -> AlignmentReportRow {
        AlignmentReportRow(
            score: score, kind: .numeric, count: count, accuracy: nil, kappa: nil, pearson: pearson,
            spearman: spearman, meanAbsoluteDifference: meanAbsoluteDifference, reasonIfNull: reasonIfNull)
    }

    private init(
        score: String, kind: Kind, count: Int, accuracy: Double?, kappa: Double?, pearson: Double?,
        spearman: Double?, meanAbsoluteDifference: Double?, reasonIfNull: String?
    ) {
        self.score = score
        self.kind = kind
        self.count = count
        self.accuracy = accuracy
        self.kappa = kappa
        self.pearson = pearson
        self.spearman = spearman
        self.meanAbsoluteDifference = meanAbsoluteDifference
        self.reasonIfNull = reasonIfNull
    }
}
