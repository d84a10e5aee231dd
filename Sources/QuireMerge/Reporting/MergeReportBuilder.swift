import QuireAgreement
import QuireBundle
import QuireModel

/// Fills the report's view-model (`Report/ReportModel.swift`) from a finished merge.
struct MergeReportBuilder {
    let computation: MergeComputation
    let measured: [Int: MeasuredScore]
    let bundles: [MergedBundle]
    let generatedAt: Timestamp
    let hasAdjudicationBundle: Bool
    /// The human-vs-EVAL rows, made beforehand by ``alignmentRows(_:)``.
    let alignment: [AlignmentReportRow]

    private var inputs: MergeInputs { computation.inputs }
    private var options: MergeOptions { computation.options }

    func model() -> ReportModel {
        ReportModel(
            header: header(), scores: sections(), reviewers: reviewerRows(), conflicts: conflictRows(),
            alignment: alignment)
    }

    private func header() -> ReportHeader {
        var names = inputs.bundles.map(\.reviewer)
        for adjudication in inputs.adjudications where !names.contains(adjudication.reviewer) {
            names.append(adjudication.reviewer)
        }
        return ReportHeader(
            queue: inputs.bundles[0].manifest.name, packID: inputs.packID,
            bundles: bundles.map(\.provenance),
            reviewers: names, items: inputs.items.count, policy: options.policy.description,
            tolerance: options.tolerance, generatedAt: generatedAt.canonicalText,
            adjudicationBundle: hasAdjudicationBundle ? MergeResult.adjudicationFileName : nil)
    }

    /// Consensus values by item and score, for rows that have one (agreed or adjudicated).
    private static func consensusIndex(_ computation: MergeComputation) -> [String: [String: JSONValue]] {
        var index: [String: [String: JSONValue]] = [:]
        for row in computation.consensus where row.status != .conflict {
            index[row.item, default: [:]][row.name] = row.value
        }
        return index
    }

    // MARK: Scores

    private func sections() -> [ScoreReportSection] {
        inputs.scores.enumerated().map { index, config in
            let tally = computation.tallies[index]
            var section = ScoreReportSection(
                name: config.name, kind: config.kind, level: config.agreementLevel, items: tally.ratedItems,
                ratings: tally.answers, agreed: tally.agreed, conflicts: tally.conflicts,
                adjudicated: tally.adjudicated)
            switch config.kind {
            case .text:
                section.note =
                    "Free-text answers are kept side by side in scores.jsonl and have no agreement statistic; "
                    + "\(tally.agreed) items had identical answers, \(tally.sideBySide) differ (no consensus line)."
            case .correction:
                section.note =
                    "Corrections are compared after trimming white space: identical ones agree, different ones are "
                    + "conflicts for adjudication. They have no agreement statistic."
            default:
                break
            }
            guard let score = measured[index] else { return section }
            section.statistics = statisticRows(score)
            section.pairs = score.analysis.pairs.map { pair in
                PairwiseReportRow(
                    first: pair.firstReviewer, second: pair.secondReviewer, sharedItems: pair.sharedItems,
                    percentAgreement: pair.percentAgreement.value, cohenKappa: Self.pairKappa(pair, score.level).value,
                    alpha: pair.krippendorffAlpha.value)
            }
            if config.kind == .categorical || config.kind == .boolean {
                section.confusionMatrices = confusionMatrices(score, tally: tally, config: config)
            }
            return section
        }
    }

    /// Cohen's κ of a pair, weighted as the level asks: none (nominal), linear (ordinal), quadratic (interval and
    /// ratio, where it approaches the ICC).
    static func pairKappa(_ pair: PairwiseAgreement, _ level: MeasurementLevel) -> Coefficient {
        switch level {
        case .nominal: pair.cohenKappa
        case .ordinal: pair.cohenKappaLinear
        case .interval, .ratio: pair.cohenKappaQuadratic
        }
    }

    private func statisticRows(_ score: MeasuredScore) -> [StatisticRow] {
        let report = score.analysis.report
        func row(_ kind: StatisticKind, _ coefficient: Coefficient, _ statistic: AgreementStatistic?) -> StatisticRow {
            guard let value = coefficient.value else {
                return StatisticRow(kind, value: nil, reasonIfNull: coefficient.reason?.description)
            }
            guard let statistic, let interval = score.analysis.intervals[statistic] else {
                return StatisticRow(kind, value: value)
            }
            switch interval {
            case .defined(let bounds):
                return StatisticRow(kind, value: value, ciLow: bounds.lower, ciHigh: bounds.upper)
            case .undefined(let reason):
                return StatisticRow(
                    kind, value: value, reasonIfNull: options.resamples > 0 ? "no interval: \(reason)" : nil)
            }
        }
        var rows = [
            row(.krippendorffAlpha, report.krippendorffAlpha, .krippendorffAlpha),
            row(.percentAgreement, report.percentAgreement, .percentAgreement),
            row(.fleissKappa, report.fleissKappa, .fleissKappa),
            row(.gwetAC1, report.gwetAC1, .gwetAC1),
            row(.cohenKappa, report.cohenKappa, .cohenKappa),
        ]
        if score.level.isOrdered {
            rows.append(row(.cohenKappaLinear, report.cohenKappaLinear, .cohenKappaLinear))
            rows.append(row(.cohenKappaQuadratic, report.cohenKappaQuadratic, .cohenKappaQuadratic))
        }
        if score.level == .interval || score.level == .ratio {
            switch report.icc {
            case .defined(let forms):
                let kinds: [StatisticKind] = [.icc1, .icc2, .icc3, .icc1k, .icc2k, .icc3k]
                for (kind, form) in zip(kinds, forms.named) { rows.append(row(kind, form.value, nil)) }
            case .undefined(let reason):
                rows.append(StatisticRow(.icc1, value: nil, reasonIfNull: reason.description))
            }
        }
        return rows
    }

    private func confusionMatrices(
        _ score: MeasuredScore, tally: ScoreTally, config: ScoreConfig
    ) -> [ReportConfusionMatrix] {
        var matrices: [ReportConfusionMatrix] = []
        let table = score.table
        var position: [String: Int] = [:]
        for (index, reviewer) in table.reviewers.enumerated() { position[reviewer] = index }
        for pair in score.analysis.pairs where pair.sharedItems > 0 {
            guard let first = position[pair.firstReviewer], let second = position[pair.secondReviewer] else {
                continue
            }
            let matrix = table.confusionMatrix(between: first, and: second)
            matrices.append(
                ReportConfusionMatrix(
                    rowTitle: matrix.firstReviewer, columnTitle: matrix.secondReviewer, labels: matrix.labels,
                    counts: matrix.counts))
        }
        // Every reviewer's label against the consensus, on items × scores that have one.
        let labels = MergeComputation.consensusLabels(config)
        let counts = tally.againstConsensus
        if counts.count == labels.count, counts.contains(where: { $0.contains { $0 > 0 } }) {
            let used = labels.indices.filter { index in
                counts[index].contains { $0 > 0 } || counts.contains { $0[index] > 0 }
            }
            matrices.append(
                ReportConfusionMatrix(
                    rowTitle: "all reviewers", columnTitle: "consensus", labels: used.map { labels[$0] },
                    counts: used.map { row in used.map { counts[row][$0] } }))
        }
        return matrices
    }

    // MARK: Reviewers

    private func reviewerRows() -> [ReviewerReportRow] {
        zip(inputs.bundles, computation.matches).map { bundle, match in
            ReviewerReportRow(
                name: bundle.reviewer, assigned: bundle.bundle.itemCount, completed: bundle.state.counts.completed,
                skipped: bundle.state.counts.skipped, flagged: bundle.state.counts.flagged,
                medianSecondsPerItem: bundle.medianSecondsPerItem,
                agreementWithConsensus: match.fraction)
        }
    }

    /// The median time between consecutive `item.complete` events, in seconds; nil with fewer than two.
    ///
    /// Completions, not all events: the time a reviewer spends on one item ends when they complete it. The
    /// median keeps breaks (overnight, lunch) from dominating.
    static func medianSecondsPerItem(_ events: [JournalEvent]) -> Double? {
        var times: [Int64] = []
        for index in events.indices where events[index].kind == .itemComplete {
            times.append(events[index].at.nanoseconds)
        }
        guard times.count >= 2 else { return nil }
        var gaps: [Double] = []
        for index in 1..<times.count { gaps.append(Double(times[index] - times[index - 1]) / 1e9) }
        return Reconciler.median(gaps.sorted())
    }

    // MARK: Conflicts

    private func conflictRows() -> [ConflictReportRow] {
        var configs: [String: ScoreConfig] = [:]
        for config in inputs.scores { configs[config.name] = config }
        return computation.consensus.indices.compactMap { index in
            let row = computation.consensus[index]
            guard row.status == .conflict, let config = configs[row.name] else { return nil }
            let answers = (computation.conflictAnswers[index] ?? []).map {
                ConflictReportRow.Answer(
                    reviewer: $0.reviewer, value: ScoreTable.label(of: $0.value, config), comment: $0.comment)
            }
            return ConflictReportRow(itemID: row.item, score: row.name, answers: answers, reason: row.reason ?? "")
        }
    }

    // MARK: Human vs EVAL

    /// The human-vs-EVAL rows: items whose line holds EVAL scores are parsed, so this runs beside the bootstrap.
    static func alignmentRows(_ computation: MergeComputation) -> [AlignmentReportRow] {
        let inputs = computation.inputs
        let consensus = consensusIndex(computation)
        let measuredConfigs = inputs.scores.filter { $0.agreementLevel != nil }
        guard !measuredConfigs.isEmpty else { return [] }
        var labelPairs: [String: [LabelPair]] = [:]
        var numberPairs: [String: [NumberPair]] = [:]
        var present = Set<String>()
        let marker = Array("\"EVAL\"".utf8)
        for merged in inputs.items {
            let holder = merged.holders[0]
            let bundle = inputs.bundles[holder.bundle]
            // Only an item whose line spells "EVAL" can hold an EVAL score; the rest need no parse.
            guard Self.contains(bundle.line(at: holder.position), marker),
                let item = try? bundle.item(at: holder.position)
            else { continue }
            for config in measuredConfigs {
                guard
                    let eval = item.evalScores.first(where: {
                        $0.isEval && $0.name == config.name
                            && ($0.observationID == nil || $0.observationID == item.target.observationID)
                    })
                else { continue }
                present.insert(config.name)
                guard let human = consensus[merged.id]?[config.name] else { continue }
                if config.kind == .numeric {
                    if let number = eval.value?.double, let humanNumber = human.doubleValue {
                        numberPairs[config.name, default: []].append(NumberPair(human: humanNumber, eval: number))
                    }
                } else if let label = Self.evalLabel(eval, config) {
                    labelPairs[config.name, default: []].append(
                        LabelPair(human: ScoreTable.label(of: human, config), eval: label))
                }
            }
        }
        return measuredConfigs.filter { present.contains($0.name) }.map { config in
            if config.kind == .numeric {
                let alignment = NumericAlignment(numberPairs[config.name] ?? [])
                return .numeric(
                    score: config.name, count: alignment.count, pearson: alignment.pearson.value,
                    spearman: alignment.spearman.value, meanAbsoluteDifference: alignment.meanAbsoluteDifference.value,
                    reasonIfNull: Self.alignmentReason(
                        count: alignment.count, [alignment.pearson, alignment.spearman]))
            }
            let alignment = CategoricalAlignment(labelPairs[config.name] ?? [])
            return .categorical(
                score: config.name, count: alignment.count, accuracy: alignment.accuracy.value,
                kappa: alignment.kappa.value,
                reasonIfNull: Self.alignmentReason(count: alignment.count, [alignment.accuracy, alignment.kappa]))
        }
    }

    private static func alignmentReason(count: Int, _ coefficients: [Coefficient]) -> String? {
        if count == 0 { return "no item has both a consensus and an EVAL score" }
        return coefficients.lazy.compactMap(\.reason).first?.description
    }

    /// An EVAL score as a label of the config: its string value when that is a label, else the category whose
    /// value it has (booleans: 1 → True, 0 → False).
    static func evalLabel(_ eval: TraceScore, _ config: ScoreConfig) -> String? {
        if let text = eval.stringValue {
            if let category = config.categories.first(where: { $0.label == text }) { return category.label }
            if config.kind == .boolean,
                let category = config.categories.first(where: { $0.label.lowercased() == text.lowercased() })
            {
                return category.label
            }
        }
        guard let number = eval.value?.double else { return nil }
        return config.categories.first { $0.value == number }?.label
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
