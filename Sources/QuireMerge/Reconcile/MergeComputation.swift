import Dispatch
import QuireAgreement
import QuireBundle
import QuireModel
import Synchronization

/// The tally of one score over all items.
struct ScoreTally: Sendable {
    /// Every reviewer's value (adjudications excluded), for the rating table.
    var ratings: [(item: String, reviewer: String, value: JSONValue)] = []
    /// Items with at least one reviewer's value.
    var ratedItems = 0
    /// Consensus lines by status.
    var agreed = 0
    var conflicts = 0
    var adjudicated = 0
    /// Text items whose answers differ and stay side by side.
    var sideBySide = 0
    /// Reviewers' answers (adjudications excluded), whatever the score's kind.
    var answers = 0
    /// Categorical and boolean scores: every reviewer's label (row) against the consensus (column), on items
    /// that have one, labels in ``MergeComputation/consensusLabels(_:)`` order; empty for other kinds.
    var againstConsensus: [[Int]] = []

    /// Adds the tally of later items: their ratings after these, their counts to these.
    mutating func add(_ later: ScoreTally) {
        ratings += later.ratings
        ratedItems += later.ratedItems
        agreed += later.agreed
        conflicts += later.conflicts
        adjudicated += later.adjudicated
        sideBySide += later.sideBySide
        answers += later.answers
        if againstConsensus.isEmpty {
            againstConsensus = later.againstConsensus
        } else {
            for row in later.againstConsensus.indices {
                for column in later.againstConsensus[row].indices {
                    againstConsensus[row][column] += later.againstConsensus[row][column]
                }
            }
        }
    }
}

/// How often one reviewer's answers to measured scores matched the consensus, where there is one.
struct ConsensusMatch: Sendable, Equatable {
    var agreeing = 0
    var total = 0

    /// The share of matches; nil without any.
    var fraction: Double? { total > 0 ? Double(agreeing) / Double(total) : nil }

    /// Adds the counts of later items.
    mutating func add(_ later: ConsensusMatch) {
        agreeing += later.agreeing
        total += later.total
    }
}

/// One score's agreement: the analysis and the table it came from.
struct MeasuredScore: Sendable {
    var table: RatingTable
    var level: MeasurementLevel
    var analysis: AgreementAnalysis
}

/// The state of one merge while it is computed.
struct MergeComputation: Sendable {
    let inputs: MergeInputs
    let options: MergeOptions
    private(set) var scores: [MergedScore] = []
    private(set) var consensus: [ConsensusRow] = []
    private(set) var tallies: [ScoreTally]
    /// Reviewers' answers to each conflicting item × score, by consensus index, for the report and the
    /// adjudication bundle.
    private(set) var conflictAnswers: [Int: [Answer]] = [:]
    /// Each reviewer's answers against the consensus, by position in `inputs.bundles`.
    private(set) var matches: [ConsensusMatch]

    init(inputs: MergeInputs, options: MergeOptions) {
        self.inputs = inputs
        self.options = options
        tallies = [ScoreTally](repeating: ScoreTally(), count: inputs.scores.count)
        matches = [ConsensusMatch](repeating: ConsensusMatch(), count: inputs.bundles.count)
    }

    /// The labels of a categorical or boolean score in the order of their values: the rows and columns of
    /// ``ScoreTally/againstConsensus``.
    static func consensusLabels(_ config: ScoreConfig) -> [String] {
        config.categories.sorted { $0.value < $1.value }.map(\.label)
    }

    /// Whether a reviewer's value matches the consensus: labels exactly, numbers within the score's tolerance.
    func agrees(_ value: JSONValue, _ consensus: JSONValue, _ config: ScoreConfig) -> Bool {
        if config.kind == .numeric, let number = value.doubleValue, let target = consensus.doubleValue {
            return abs(number - target) <= options.tolerance(for: config) + Reconciler.slack
        }
        return Reconciler.same(value, consensus)
    }

    /// Every decision per item × score across adjudication bundles, oldest first (at the same instant, in
    /// bundle-id order): the last one stands, all are kept.
    private func decisions() -> [String: [String: [Answer]]] {
        var decisions: [String: [String: [Answer]]] = [:]
        for adjudication in inputs.adjudications {
            for (id, item) in adjudication.state.items {
                for (name, score) in item.scores {
                    let answer = Answer(
                        reviewer: adjudication.reviewer, value: score.value, comment: score.comment, at: score.at)
                    decisions[id, default: [:]][name, default: []].append(answer)
                }
            }
        }
        // Bundles were visited in bundle-id order; a stable sort by time keeps that order among equal times.
        for (id, byName) in decisions {
            for (name, answers) in byName {
                decisions[id]?[name] = answers.enumerated().sorted {
                    ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
                }.map(\.element)
            }
        }
        return decisions
    }

    /// The rows and counts of a run of consecutive items.
    private struct Partial: Sendable {
        var scores: [MergedScore] = []
        var consensus: [ConsensusRow] = []
        var tallies: [ScoreTally]
        /// By index into this partial's `consensus`.
        var conflictAnswers: [Int: [Answer]] = [:]
        var matches: [ConsensusMatch]
    }

    /// Walks every item × score: records every answer, reconciles, counts.
    ///
    /// Runs of items are reconciled in parallel and joined in item order, so the result is the same as one
    /// pass.
    /// - Parameter chunks: how many runs; by default runs of at least 64 items, at most 8 of them.
    mutating func reconcileAll(chunks: Int? = nil) {
        let decisions = decisions()
        let items = inputs.items
        let chunkCount = max(1, min(chunks ?? min(8, items.count / 64), max(items.count, 1)))
        let chunkSize = (items.count + chunkCount - 1) / chunkCount
        let partials = Mutex<[Int: Partial]>([:])
        let computation = self
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let start = min(chunk * chunkSize, items.count)
            let end = min(start + chunkSize, items.count)
            let partial = computation.reconcile(items[start..<end], decisions: decisions)
            partials.withLock { $0[chunk] = partial }
        }
        let joined = partials.withLock { $0 }
        scores.reserveCapacity(joined.values.reduce(0) { $0 + $1.scores.count })
        consensus.reserveCapacity(joined.values.reduce(0) { $0 + $1.consensus.count })
        for index in tallies.indices {
            tallies[index].ratings.reserveCapacity(joined.values.reduce(0) { $0 + $1.tallies[index].ratings.count })
        }
        for chunk in 0..<chunkCount {
            guard let partial = joined[chunk] else { continue }
            for (index, answers) in partial.conflictAnswers { conflictAnswers[consensus.count + index] = answers }
            scores += partial.scores
            consensus += partial.consensus
            for index in tallies.indices { tallies[index].add(partial.tallies[index]) }
            for index in matches.indices { matches[index].add(partial.matches[index]) }
        }
    }

    /// Reconciles a run of items.
    private func reconcile(_ items: ArraySlice<MergedItem>, decisions: [String: [String: [Answer]]]) -> Partial {
        let reconciler = Reconciler(policy: options.policy, options: options)
        let configs = inputs.scores
        // Label positions of the scores that get a matrix against the consensus.
        let labelIndexes: [[String: Int]] = configs.map { config in
            guard config.agreementLevel != nil, config.kind == .categorical || config.kind == .boolean else {
                return [:]
            }
            var index: [String: Int] = [:]
            for (position, label) in Self.consensusLabels(config).enumerated() { index[label] = position }
            return index
        }
        var partial = Partial(
            tallies: labelIndexes.map { index in
                var tally = ScoreTally()
                if !index.isEmpty {
                    tally.againstConsensus = [[Int]](
                        repeating: [Int](repeating: 0, count: index.count), count: index.count)
                }
                return tally
            },
            matches: [ConsensusMatch](repeating: ConsensusMatch(), count: inputs.bundles.count))
        partial.scores.reserveCapacity(items.reduce(0) { $0 + $1.holders.count } * configs.count)
        partial.consensus.reserveCapacity(items.count * configs.count)
        for item in items {
            let states = item.holders.map { holder in
                (
                    position: holder.bundle, bundle: inputs.bundles[holder.bundle],
                    item: inputs.bundles[holder.bundle].state.items[item.id]
                )
            }
            for (scoreIndex, config) in configs.enumerated() {
                var answers: [Answer] = []
                var positions: [Int] = []
                for state in states {
                    guard let score = state.item?.scores[config.name] else { continue }
                    answers.append(
                        Answer(
                            reviewer: state.bundle.reviewer, value: score.value, comment: score.comment, at: score.at))
                    positions.append(state.position)
                }
                let decided = decisions[item.id]?[config.name] ?? []
                guard !answers.isEmpty || !decided.isEmpty else { continue }
                for answer in answers {
                    partial.scores.append(row(item.id, config, answer, isAdjudication: false))
                    if config.agreementLevel != nil {
                        partial.tallies[scoreIndex].ratings.append((item.id, answer.reviewer, answer.value))
                    }
                }
                partial.tallies[scoreIndex].answers += answers.count
                if !answers.isEmpty { partial.tallies[scoreIndex].ratedItems += 1 }
                let agreedValue: JSONValue?
                if let decision = decided.last {
                    for answer in decided { partial.scores.append(row(item.id, config, answer, isAdjudication: true)) }
                    partial.consensus.append(
                        ConsensusRow(
                            item: item.id, name: config.name, value: decision.value, status: .adjudicated,
                            count: answers.count + decided.count))
                    partial.tallies[scoreIndex].adjudicated += 1
                    agreedValue = decision.value
                } else {
                    switch reconciler.reconcile(answers, config: config) {
                    case .agreed(let value):
                        partial.consensus.append(
                            ConsensusRow(
                                item: item.id, name: config.name, value: value, status: .agreed, count: answers.count))
                        partial.tallies[scoreIndex].agreed += 1
                        agreedValue = value
                    case .conflict(let reason):
                        partial.conflictAnswers[partial.consensus.count] = answers
                        partial.consensus.append(
                            ConsensusRow(
                                item: item.id, name: config.name, value: .null, status: .conflict,
                                count: answers.count, reason: reason))
                        partial.tallies[scoreIndex].conflicts += 1
                        agreedValue = nil
                    case .sideBySide:
                        partial.tallies[scoreIndex].sideBySide += 1
                        agreedValue = nil
                    }
                }
                // Reviewers against the consensus, for the report: measured scores with a consensus only.
                guard config.agreementLevel != nil, let agreedValue else { continue }
                let labels = labelIndexes[scoreIndex]
                let column = labels.isEmpty ? nil : labels[ScoreTable.label(of: agreedValue, config)]
                for (answer, position) in zip(answers, positions) {
                    partial.matches[position].total += 1
                    if agrees(answer.value, agreedValue, config) { partial.matches[position].agreeing += 1 }
                    if let column, let row = labels[ScoreTable.label(of: answer.value, config)] {
                        partial.tallies[scoreIndex].againstConsensus[row][column] += 1
                    }
                }
            }
        }
        return partial
    }

    private func row(_ item: String, _ config: ScoreConfig, _ answer: Answer, isAdjudication: Bool) -> MergedScore {
        MergedScore(
            item: item, name: config.name, dataType: config.kind.dataType, value: answer.value,
            reviewer: answer.reviewer, at: answer.at, comment: answer.comment, isAdjudication: isAdjudication)
    }

    /// Agreement of every measured score, computed in parallel; each score's bootstrap starts from the seed,
    /// so its intervals equal those of `quire agree --seed N` on the same ratings.
    func measureAgreement() async throws -> [Int: MeasuredScore] {
        let jobs: [(Int, ScoreConfig, MeasurementLevel, [(item: String, reviewer: String, value: JSONValue)])] =
            inputs.scores.enumerated().compactMap { index, config in
                ScoreTable.level(of: config).map { (index, config, $0, tallies[index].ratings) }
            }
        let seed = options.seed
        let resamples = options.resamples
        return try await withThrowingTaskGroup(of: (Int, MeasuredScore).self) { group in
            for (index, config, level, ratings) in jobs {
                group.addTask {
                    let table = try ScoreTable.table(config, ratings: ratings)
                    var generator = SeededGenerator(seed: seed)
                    let analysis = AgreementAnalysis(
                        table: table, level: level, intervalStatistics: Self.intervalStatistics(level),
                        resamples: resamples, using: &generator)
                    return (index, MeasuredScore(table: table, level: level, analysis: analysis))
                }
            }
            var measured: [Int: MeasuredScore] = [:]
            for try await (index, score) in group { measured[index] = score }
            return measured
        }
    }

    /// The coefficients the report gives intervals for: every one that applies at the level.
    static func intervalStatistics(_ level: MeasurementLevel) -> [AgreementStatistic] {
        var statistics: [AgreementStatistic] = [
            .krippendorffAlpha, .percentAgreement, .fleissKappa, .gwetAC1, .cohenKappa,
        ]
        if level.isOrdered { statistics += [.cohenKappaLinear, .cohenKappaQuadratic] }
        return statistics
    }

    /// The outputs' time: `SOURCE_DATE_EPOCH` when given, else the newest journal event of any input, else the
    /// newest pack time (bundles nobody annotated).
    var generatedAt: Timestamp {
        if let time = options.time { return time }
        let all = inputs.bundles + inputs.adjudications
        let newest = all.compactMap(\.newestEvent).max()
        return (newest ?? all.map(\.manifest.packTime).max() ?? Timestamp(secondsSinceEpoch: 0)).truncatedToMilliseconds
    }

    /// Assembles the result.
    func result(
        agreement measured: [Int: MeasuredScore], alignment: [AlignmentReportRow], adjudication: AdjudicationPlan?,
        time: Timestamp
    ) -> MergeResult {
        let first = inputs.bundles[0]
        var bundles = inputs.bundles.map {
            MergedBundle(
                bundleID: $0.manifest.bundleID, reviewer: $0.reviewer, sha256: $0.sha256, path: $0.path,
                isAdjudication: false)
        }
        bundles += inputs.adjudications.map {
            MergedBundle(
                bundleID: $0.manifest.bundleID, reviewer: $0.reviewer, sha256: $0.sha256, path: $0.path,
                isAdjudication: true)
        }
        let itemLines = inputs.items.map { item in
            let holder = item.holders[0]
            return inputs.bundles[holder.bundle].line(at: holder.position)
        }
        let agreement = inputs.scores.indices.compactMap { index in
            measured[index].map { (name: inputs.scores[index].name, report: $0.analysis.report) }
        }
        let report = MergeReportBuilder(
            computation: self, measured: measured, bundles: bundles, generatedAt: time,
            hasAdjudicationBundle: adjudication != nil, alignment: alignment
        ).model()
        return MergeResult(
            packID: first.manifest.packID, queue: first.manifest.name, policy: options.policy,
            tolerance: options.tolerance, seed: options.seed, generatedAt: time, bundles: bundles,
            scoreConfigs: inputs.scores,
            itemLines: itemLines, scores: scores, consensus: consensus, agreement: agreement, report: report,
            adjudication: adjudication)
    }
}
