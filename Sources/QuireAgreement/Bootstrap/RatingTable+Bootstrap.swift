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
    /// - Complexity: O(resamples × statistics × (items × reviewers + categories)).
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

        let rated = itemValueCounts.indices.filter { itemValueCounts[$0] > 0 }
        let pair = ratingReviewerPair().value
        var estimates = [[Double]](repeating: [], count: wanted.count)
        for index in wanted.indices { estimates[index].reserveCapacity(resamples) }
        var weights = DrawnItemWeights(counts: [Double](repeating: 0, count: items.count))
        for _ in 0..<resamples {
            for item in rated { weights.counts[item] = 0 }
            for _ in 0..<rated.count {
                weights.counts[rated[generator.index(below: rated.count)]] += 1
            }
            for (index, statistic) in wanted.enumerated() {
                if let value = coefficient(statistic, level: level, pair: pair, weights: weights).value {
                    estimates[index].append(value)
                }
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
