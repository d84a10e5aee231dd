extension RatingTable {
    /// A bootstrap percentile confidence interval for one coefficient.
    ///
    /// See ``bootstrapIntervals(of:level:resamples:confidence:using:)``.
    /// - Parameters:
    ///   - statistic: the coefficient.
    ///   - level: the level of measurement.
    ///   - resamples: how many resamples to draw, e.g. 1000.
    ///   - confidence: the nominal coverage in (0, 1), e.g. 0.95.
    ///   - generator: the source of randomness; the same seed gives the same interval.
    /// - Returns: the interval, or why there is none.
    /// - Complexity: O(resamples × (items × reviewers + categories)).
    public func bootstrapInterval(
        of statistic: AgreementStatistic,
        level: MeasurementLevel,
        resamples: Int = 1000,
        confidence: Double = 0.95,
        using generator: inout some RandomNumberGenerator
    ) -> Statistic<ConfidenceInterval> {
        let intervals = bootstrapIntervals(
            of: [statistic],
            level: level,
            resamples: resamples,
            confidence: confidence,
            using: &generator
        )
        return intervals[statistic] ?? .undefined(.noDefinedResamples)
    }

    /// Bootstrap percentile confidence intervals for several coefficients from the same resamples.
    ///
    /// Each resample draws, with replacement, as many items as have a value (items are the independent
    /// units; reviewers stay fixed, as in Krippendorff's and Gwet's item bootstraps), and computes every
    /// coefficient with items counted by multiplicity. Bounds are the (1 ∓ confidence)/2 quantiles of the
    /// defined estimates, interpolated linearly between order statistics (Hyndman & Fan 1996, type 7).
    /// A coefficient undefined on the full data has no interval and keeps its reason.
    /// - Parameters:
    ///   - statistics: the coefficients.
    ///   - level: the level of measurement.
    ///   - resamples: how many resamples to draw, e.g. 1000; none gives no intervals.
    ///   - confidence: the nominal coverage in (0, 1), e.g. 0.95; values outside are clamped to [0, 1].
    ///   - generator: the source of randomness; the same seed gives the same intervals.
    /// - Returns: an interval (or the reason there is none) for each coefficient asked for.
    /// - Complexity: O(items × reviewers + resamples × (items + statistics × (patterns × reviewers +
    ///   categories))), where patterns, the distinct sets of values an item received, are often far fewer
    ///   than items.
    public func bootstrapIntervals(
        of statistics: [AgreementStatistic],
        level: MeasurementLevel,
        resamples: Int = 1000,
        confidence: Double = 0.95,
        using generator: inout some RandomNumberGenerator
    ) -> [AgreementStatistic: Statistic<ConfidenceInterval>] {
        var results: [AgreementStatistic: Statistic<ConfidenceInterval>] = [:]
        var wanted: [AgreementStatistic] = []
        for statistic in statistics where results[statistic] == nil && !wanted.contains(statistic) {
            if case .undefined(let reason) = coefficient(statistic, level: level) {
                results[statistic] = .undefined(reason)
            } else {
                wanted.append(statistic)
            }
        }
        guard !wanted.isEmpty else { return results }
        guard resamples > 0 else {
            for statistic in wanted { results[statistic] = .undefined(.noDefinedResamples) }
            return results
        }

        // A resample only changes how often each item counts, and every coefficient depends on an item
        // only through its values (α, agreement, Fleiss, AC1: the multiset; Cohen: the two reviewers'
        // values). Items with equal values are folded into one pattern row, so a resample costs one
        // counter increment per draw plus a pass over the distinct patterns.
        let rated = itemValueCounts.indices.filter { itemValueCounts[$0] > 0 }
        let multisets = ItemPatterns(of: self, reviewers: nil)
        let reviewerPair = ratingReviewerPair().value
        let pairs = reviewerPair.map { ItemPatterns(of: self, reviewers: [$0.first, $0.second]) }
        var estimates = [[Double]](repeating: [], count: wanted.count)
        for index in wanted.indices { estimates[index].reserveCapacity(resamples) }
        var multisetWeights = DrawnItemWeights(counts: [Double](repeating: 0, count: multisets.table.items.count))
        var pairWeights = DrawnItemWeights(counts: [Double](repeating: 0, count: pairs?.table.items.count ?? 0))
        let multisetOfDraw = rated.map { multisets.patternOfItem[$0] }
        let pairOfDraw = rated.map { pairs?.patternOfItem[$0] ?? 0 }
        for _ in 0..<resamples {
            multisetWeights.counts.withUnsafeMutableBufferPointer { counts in
                pairWeights.counts.withUnsafeMutableBufferPointer { pairCounts in
                    counts.update(repeating: 0)
                    pairCounts.update(repeating: 0)
                    for _ in 0..<rated.count {
                        let draw = generator.index(below: rated.count)
                        counts[Int(multisetOfDraw[draw])] += 1
                        if !pairCounts.isEmpty { pairCounts[Int(pairOfDraw[draw])] += 1 }
                    }
                }
            }
            for (index, statistic) in wanted.enumerated() {
                let estimate: Coefficient
                if statistic.kappaWeighting != nil, let pairs {
                    estimate = pairs.table.coefficient(statistic, level: level, pair: Pair(0, 1), weights: pairWeights)
                } else {
                    estimate = multisets.table.coefficient(statistic, level: level, pair: nil, weights: multisetWeights)
                }
                if let value = estimate.value { estimates[index].append(value) }
            }
        }

        let coverage = min(max(confidence, 0), 1)
        for (index, statistic) in wanted.enumerated() {
            let sorted = estimates[index].sorted()
            guard !sorted.isEmpty else {
                results[statistic] = .undefined(.noDefinedResamples)
                continue
            }
            results[statistic] = .defined(
                ConfidenceInterval(
                    lower: Self.quantile(sorted, (1 - coverage) / 2),
                    upper: Self.quantile(sorted, (1 + coverage) / 2),
                    confidence: confidence,
                    resamples: resamples,
                    undefinedResamples: resamples - sorted.count
                )
            )
        }
        return results
    }

    /// The p-quantile of sorted values, linear between order statistics (Hyndman & Fan 1996, type 7;
    /// NumPy's default).
    static func quantile(_ sorted: [Double], _ probability: Double) -> Double {
        let position = probability * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = position - Double(below)
        return sorted[below] + fraction * (sorted[above] - sorted[below])
    }
}

extension RandomNumberGenerator {
    /// A uniform index in `0..<count`: exactly what `Int.random(in: 0..<count, using:)` returns for the
    /// same generator state (Lemire 2019, "Fast random integer generation in an interval", the method the
    /// standard library uses), without the standard library's generic calls, which dominate a bootstrap
    /// when the generator's type is not known to the compiler.
    @inline(__always)
    mutating func index(below count: Int) -> Int {
        let bound = UInt64(count)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }
}

/// A table's items folded by their values: one row per distinct pattern, and each item's pattern.
struct ItemPatterns {
    /// One row per pattern, with the source table's categories.
    var table: RatingTable
    /// The pattern of each item of the source table.
    var patternOfItem: [Int32]

    /// Folds items by the multiset of their values (`reviewers` nil: which reviewer gave a value does
    /// not matter, rows are stored sorted) or by the values of the given reviewers, in that order.
    init(of source: RatingTable, reviewers: [Int]?) {
        let width = source.reviewers.count
        let columns = reviewers ?? Array(0..<width)
        var index: [[Int32]: Int32] = [:]
        var codes: [Int32] = []
        var patternOfItem = [Int32](repeating: 0, count: source.items.count)
        var key = [Int32](repeating: -1, count: columns.count)
        for item in 0..<source.items.count {
            for (position, column) in columns.enumerated() { key[position] = source.codes[item * width + column] }
            if reviewers == nil { key.sort(by: >) }
            if let known = index[key] {
                patternOfItem[item] = known
            } else {
                let pattern = Int32(index.count)
                index[key] = pattern
                codes += key
                patternOfItem[item] = pattern
            }
        }
        let names = reviewers.map { $0.map { source.reviewers[$0] } } ?? source.reviewers
        table = RatingTable(
            items: Array(repeating: "", count: index.count),
            reviewers: names,
            categories: source.categories,
            codes: codes
        )
        self.patternOfItem = patternOfItem
    }
}
