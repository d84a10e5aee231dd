public import QuireModel

/// The report's section for one score config.
public struct ScoreReportSection: Sendable, Equatable {
    /// The score's name.
    public var name: String
    /// Its kind (numeric, categorical, boolean, text, correction).
    public var kind: ScoreConfig.Kind
    /// The agreement level used; nil for text and corrections, which have no agreement statistics.
    public var level: ScoreConfig.Level?
    /// Items with at least one rating of this score.
    public var items: Int
    /// Ratings given (reviewer × item).
    public var ratings: Int
    /// Items whose ratings agreed under the policy.
    public var agreed: Int
    /// Items in conflict.
    public var conflicts: Int
    /// Items settled by adjudication.
    public var adjudicated: Int
    /// The statistics that fit the kind, in display order (α first); undefined ones with their reason.
    public var statistics: [StatisticRow]
    /// Agreement per reviewer pair.
    public var pairs: [PairwiseReportRow]
    /// Confusion matrices (categorical and boolean): per pair, or each reviewer against the consensus.
    public var confusionMatrices: [ReportConfusionMatrix]
    /// A remark shown under the heading, such as why a text score has no statistics.
    public var note: String?

    /// Creates a section.
    /// - Parameters:
    ///   - name: the score's name.
    ///   - kind: its kind.
    ///   - level: the agreement level, if any.
    ///   - items: items rated.
    ///   - ratings: ratings given.
    ///   - agreed: items agreed.
    ///   - conflicts: items in conflict.
    ///   - adjudicated: items adjudicated.
    ///   - statistics: statistic rows.
    ///   - pairs: pairwise rows.
    ///   - confusionMatrices: confusion matrices.
    ///   - note: a remark.
    public init(
        name: String, kind: ScoreConfig.Kind, level: ScoreConfig.Level?, items: Int, ratings: Int, agreed: Int,
        conflicts: Int, adjudicated: Int = 0, statistics: [StatisticRow] = [], pairs: [PairwiseReportRow] = [],
        confusionMatrices: [ReportConfusionMatrix] = [], note: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.level = level
        self.items = items
        self.ratings = ratings
        self.agreed = agreed
        self.conflicts = conflicts
        self.adjudicated = adjudicated
        self.statistics = statistics
        self.pairs = pairs
        self.confusionMatrices = confusionMatrices
        self.note = note
    }

    /// The Krippendorff's α row, when the section has one.
    public var alpha: StatisticRow? {
        statistics.first { $0.statistic == .krippendorffAlpha }
    }

    /// The reliability verdict from α's point estimate; nil when α is undefined or absent.
    public var band: ReliabilityBand? {
        alpha?.band
    }
}

/// An agreement statistic, named by its `quire agree --json` key.
public enum StatisticKind: String, Sendable, CaseIterable {
    /// Krippendorff's α at the score's level (Krippendorff 2011).
    case krippendorffAlpha = "krippendorff_alpha"
    /// Mean pairwise percent agreement.
    case percentAgreement = "percent_agreement"
    /// Fleiss' κ (Fleiss 1971).
    case fleissKappa = "fleiss_kappa"
    /// Gwet's AC1 (Gwet 2008).
    case gwetAC1 = "gwet_ac1"
    /// Cohen's κ, unweighted (two reviewers).
    case cohenKappa = "cohen_kappa"
    /// Cohen's κ with linear weights.
    case cohenKappaLinear = "cohen_kappa_linear"
    /// Cohen's κ with quadratic weights.
    case cohenKappaQuadratic = "cohen_kappa_quadratic"
    /// ICC(1,1), Shrout & Fleiss (1979).
    case icc1 = "icc1"
    /// ICC(2,1).
    case icc2 = "icc2"
    /// ICC(3,1).
    case icc3 = "icc3"
    /// ICC(1,k).
    case icc1k = "icc1k"
    /// ICC(2,k).
    case icc2k = "icc2k"
    /// ICC(3,k).
    case icc3k = "icc3k"

    /// The name shown in the report.
    public var displayName: String {
        switch self {
        case .krippendorffAlpha: "Krippendorff's α"
        case .percentAgreement: "Percent agreement"
        case .fleissKappa: "Fleiss' κ"
        case .gwetAC1: "Gwet's AC1"
        case .cohenKappa: "Cohen's κ"
        case .cohenKappaLinear: "Cohen's κ, linear weights"
        case .cohenKappaQuadratic: "Cohen's κ, quadratic weights"
        case .icc1: "ICC(1,1)"
        case .icc2: "ICC(2,1)"
        case .icc3: "ICC(3,1)"
        case .icc1k: "ICC(1,k)"
        case .icc2k: "ICC(2,k)"
        case .icc3k: "ICC(3,k)"
        }
    }

    /// Whether the value is a proportion shown as a percentage.
    public var isProportion: Bool { self == .percentAgreement }
}

/// One statistic of a score: its value and 95% interval, or why it is undefined.
public struct StatisticRow: Sendable, Equatable {
    /// Which statistic.
    public var statistic: StatisticKind
    /// The point estimate; nil when undefined.
    public var value: Double?
    /// The lower end of the bootstrap 95% confidence interval, if computed.
    public var ciLow: Double?
    /// The upper end of the bootstrap 95% confidence interval, if computed.
    public var ciHigh: Double?
    /// Why the value is undefined (or why the interval is missing), in words.
    public var reasonIfNull: String?

    /// Creates a row.
    /// - Parameters:
    ///   - statistic: which statistic.
    ///   - value: the value, nil when undefined.
    ///   - ciLow: the interval's lower end.
    ///   - ciHigh: the interval's upper end.
    ///   - reasonIfNull: why it is undefined.
    public init(
        _ statistic: StatisticKind, value: Double?, ciLow: Double? = nil, ciHigh: Double? = nil,
        reasonIfNull: String? = nil
    ) {
        self.statistic = statistic
        self.value = value
        self.ciLow = ciLow
        self.ciHigh = ciHigh
        self.reasonIfNull = reasonIfNull
    }

    /// The shown name.
    public var name: String { statistic.displayName }

    /// Krippendorff's reading of α; nil for other statistics and undefined values.
    public var band: ReliabilityBand? {
        guard statistic == .krippendorffAlpha, let value else { return nil }
        return ReliabilityBand(alpha: value)
    }
}

/// Krippendorff's reading of α (2004, §11.4; 2011): rely on data with α ≥ .800, draw only tentative
/// conclusions from .667 ≤ α < .800, and discard data below .667.
public enum ReliabilityBand: String, Sendable, CaseIterable {
    /// α ≥ .800.
    case reliable
    /// .667 ≤ α < .800.
    case tentative
    /// α < .667.
    case unreliable

    /// The lowest α read as tentative.
    public static let tentativeThreshold = 0.667
    /// The lowest α read as reliable.
    public static let reliableThreshold = 0.800

    /// The band of an α value.
    /// - Parameter alpha: Krippendorff's α.
    public init(alpha: Double) {
        if alpha >= Self.reliableThreshold {
            self = .reliable
        } else if alpha >= Self.tentativeThreshold {
            self = .tentative
        } else {
            self = .unreliable
        }
    }
}

/// Agreement between two reviewers on the items both rated.
public struct PairwiseReportRow: Sendable, Equatable {
    /// The first reviewer.
    public var first: String
    /// The second reviewer.
    public var second: String
    /// Items both rated.
    public var sharedItems: Int
    /// Share of shared items with equal values.
    public var percentAgreement: Double?
    /// Cohen's κ (weighted at ordered levels, as the section's level says).
    public var cohenKappa: Double?
    /// Krippendorff's α for the pair.
    public var alpha: Double?

    /// Creates a row.
    /// - Parameters:
    ///   - first: the first reviewer.
    ///   - second: the second reviewer.
    ///   - sharedItems: items both rated.
    ///   - percentAgreement: agreement share.
    ///   - cohenKappa: Cohen's κ.
    ///   - alpha: α for the pair.
    public init(
        first: String, second: String, sharedItems: Int, percentAgreement: Double?, cohenKappa: Double?,
        alpha: Double?
    ) {
        self.first = first
        self.second = second
        self.sharedItems = sharedItems
        self.percentAgreement = percentAgreement
        self.cohenKappa = cohenKappa
        self.alpha = alpha
    }
}

/// Counts of (row label, column label) pairs: two reviewers, or a reviewer against the consensus.
public struct ReportConfusionMatrix: Sendable, Equatable {
    /// Who the rows are (`ana`, or `all reviewers`).
    public var rowTitle: String
    /// Who the columns are (`ben`, or `consensus`).
    public var columnTitle: String
    /// The labels, in order; rows and columns share them.
    public var labels: [String]
    /// `counts[row][column]`, `labels.count` square.
    public var counts: [[Int]]

    /// Creates a matrix.
    /// - Parameters:
    ///   - rowTitle: who the rows are.
    ///   - columnTitle: who the columns are.
    ///   - labels: the labels.
    ///   - counts: the counts, rows × columns.
    public init(rowTitle: String, columnTitle: String, labels: [String], counts: [[Int]]) {
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.labels = labels
        self.counts = counts
    }

    /// Pairs counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// Pairs on the diagonal (same label).
    public var agreeing: Int {
        var sum = 0
        for (index, row) in counts.enumerated() where index < row.count { sum += row[index] }
        return sum
    }
}
