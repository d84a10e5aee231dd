import QuireMerge
import QuireModel

/// A hand-made report: every section filled, hostile strings in queue, item ids, reviewer names, labels,
/// values and comments (taken from the shared sample's `hos-*` traces).
enum ReportFixture {
    static let hostileReviewer = "ben\"><svg onload=alert(1)>"
    static let bidiReviewer = "chen\u{202E}gnp.exe"
    static let hostileItem = "hos-003/\"><svg onload=alert('name')>"

    static var model: ReportModel {
        let header = ReportHeader(
            queue: "support-quality <script>alert('q')</script>",
            packID: "3f2a9c0d5b7e41d8a6c2f0e9b1d4a7c3",
            bundles: [
                ReportBundle(
                    bundleID: "9b1e0c7d2f4a48e6b3d5c1a0f9e8d7c6", reviewer: "ana",
                    sha256: "4d34d181a5c0e6f2b9d8c7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6",
                    path: "bundles/support-quality-ana.quire"),
                ReportBundle(
                    bundleID: "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", reviewer: hostileReviewer,
                    sha256: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                    path: "bundles/<img src=x onerror=alert(2)>.quire"),
                ReportBundle(
                    bundleID: "aa55aa55aa55aa55aa55aa55aa55aa55", reviewer: bidiReviewer,
                    sha256: "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100",
                    path: "bundles/chen.quire"),
            ],
            reviewers: ["ana", hostileReviewer, bidiReviewer], items: 120, policy: "median", tolerance: 1,
            generatedAt: "2025-03-14T09:30:00.000Z", adjudicationBundle: "adjudication.quire")
        return ReportModel(
            header: header, scores: scores, reviewers: reviewers, conflicts: conflicts, alignment: alignment)
    }

    static var scores: [ScoreReportSection] {
        [
            ScoreReportSection(
                name: "correctness", kind: .numeric, level: .interval, items: 120, ratings: 240, agreed: 119,
                conflicts: 1, adjudicated: 0,
                statistics: [
                    StatisticRow(.krippendorffAlpha, value: 0.8123, ciLow: 0.7011, ciHigh: 0.8937),
                    StatisticRow(.percentAgreement, value: 0.675, ciLow: 0.59, ciHigh: 0.758),
                    StatisticRow(.fleissKappa, value: 0.5617, ciLow: 0.452, ciHigh: 0.661),
                    StatisticRow(.gwetAC1, value: 0.6032),
                    StatisticRow(.cohenKappa, value: nil, reasonIfNull: "needs exactly 2 reviewers, found 3"),
                    StatisticRow(.icc1, value: nil, reasonIfNull: "needs every reviewer to rate every item"),
                ],
                pairs: [
                    PairwiseReportRow(
                        first: "ana", second: hostileReviewer, sharedItems: 40, percentAgreement: 0.7,
                        cohenKappa: 0.8412, alpha: 0.8301),
                    PairwiseReportRow(
                        first: "ana", second: bidiReviewer, sharedItems: 40, percentAgreement: 0.65,
                        cohenKappa: 0.7735, alpha: 0.7902),
                    PairwiseReportRow(
                        first: hostileReviewer, second: bidiReviewer, sharedItems: 0, percentAgreement: nil,
                        cohenKappa: nil, alpha: nil),
                ]),
            ScoreReportSection(
                name: "tone", kind: .categorical, level: .nominal, items: 120, ratings: 240, agreed: 117,
                conflicts: 1, adjudicated: 2,
                statistics: [
                    StatisticRow(.krippendorffAlpha, value: 0.7120, ciLow: 0.6104, ciHigh: 0.8002),
                    StatisticRow(.percentAgreement, value: 0.8667),
                    StatisticRow(.fleissKappa, value: 0.7098),
                    StatisticRow(.gwetAC1, value: 0.7944),
                ],
                confusionMatrices: [
                    ReportConfusionMatrix(
                        rowTitle: "ana", columnTitle: hostileReviewer, labels: ["good", "bad", "<i>meh</i>"],
                        counts: [[21, 3, 1], [2, 9, 0], [1, 1, 2]])
                ]),
            ScoreReportSection(
                name: "hallucination", kind: .boolean, level: .nominal, items: 120, ratings: 240, agreed: 119,
                conflicts: 1,
                statistics: [
                    StatisticRow(.krippendorffAlpha, value: 0.4107, ciLow: 0.2215, ciHigh: 0.5832),
                    StatisticRow(.percentAgreement, value: 0.9167),
                    StatisticRow(.gwetAC1, value: 0.8901),
                ],
                confusionMatrices: [
                    ReportConfusionMatrix(
                        rowTitle: "all reviewers", columnTitle: "consensus", labels: ["True", "False"],
                        counts: [[12, 9], [11, 208]])
                ]),
            ScoreReportSection(
                name: "politeness", kind: .numeric, level: .ordinal, items: 40, ratings: 80, agreed: 40, conflicts: 0,
                statistics: [
                    StatisticRow(
                        .krippendorffAlpha, value: nil, reasonIfNull: "no variation: every comparable value is the same"
                    ),
                    StatisticRow(.percentAgreement, value: 1),
                ]),
            ScoreReportSection(
                name: "notes", kind: .text, level: nil, items: 37, ratings: 52, agreed: 0, conflicts: 0,
                note: "Text answers are kept side by side in scores.jsonl; they have no agreement statistic."),
        ]
    }

    static var reviewers: [ReviewerReportRow] {
        [
            ReviewerReportRow(
                name: "ana", assigned: 80, completed: 80, skipped: 0, flagged: 2, medianSecondsPerItem: 41.5,
                agreementWithConsensus: 0.9125),
            ReviewerReportRow(
                name: hostileReviewer, assigned: 80, completed: 74, skipped: 4, flagged: 0, medianSecondsPerItem: 8.25,
                agreementWithConsensus: 0.6081),
            ReviewerReportRow(
                name: bidiReviewer, assigned: 80, completed: 80, skipped: 0, flagged: 5, medianSecondsPerItem: 185,
                agreementWithConsensus: 0.8),
        ]
    }

    static var conflicts: [ConflictReportRow] {
        [
            ConflictReportRow(
                itemID: "sup-003", score: "correctness",
                answers: [
                    .init(reviewer: "ana", value: "2", comment: "Order service timed out; answer invents a date."),
                    .init(reviewer: hostileReviewer, value: "5", comment: "<img src=x onerror=alert(1)> fine by me"),
                ], reason: "spread 3 > tolerance 1"),
            ConflictReportRow(
                itemID: hostileItem, score: "tone",
                answers: [
                    .init(reviewer: "ana", value: "good"),
                    .init(
                        reviewer: bidiReviewer, value: "<i>meh</i>",
                        comment: "see [details](javascript:alert('xss')) | pipe | and **bold**\nsecond line"),
                ], reason: "tie 1–1"),
            ConflictReportRow(
                itemID: "{{7*7}} ${7*7} <%= 7*7 %>", score: "hallucination",
                answers: [
                    .init(reviewer: "ana", value: "True", comment: "a\u{0000}b"),
                    .init(reviewer: hostileReviewer, value: "False", comment: "`code` & AT&T &amp; #1 ~~x~~ $x$"),
                ], reason: "tie 1–1"),
        ]
    }

    static var alignment: [AlignmentReportRow] {
        [
            .numeric(
                score: "correctness", count: 96, pearson: 0.8134, spearman: 0.7902, meanAbsoluteDifference: 0.4167),
            .categorical(score: "tone", count: 88, accuracy: 0.8523, kappa: 0.7011),
            .categorical(
                score: "hallucination", count: 0, accuracy: nil, kappa: nil,
                reasonIfNull: "no item has both a consensus and an EVAL score"),
        ]
    }
}
