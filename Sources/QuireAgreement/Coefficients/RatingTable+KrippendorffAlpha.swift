extension RatingTable {
    /// Krippendorff's α at a level of measurement, with any pattern of missing values.
    ///
    /// α = 1 − D_o / D_e, from the coincidence matrix of pairable values (items with two or more values):
    /// each item u with m_u values adds 1/(m_u − 1) for every ordered pair of values from different
    /// reviewers (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", §A–§E). The distance
    /// δ² is 0/1 for nominal, the squared difference for interval, ((c − k)/(c + k))² for ratio (0 when
    /// c + k = 0, as the `krippendorff` package does), and for ordinal
    /// (Σ_{g=c..k} n_g − (n_c + n_k)/2)² from the pairable marginals n_g.
    ///
    /// The coincidence matrix is never built: nominal needs only its diagonal; ordinal equals interval
    /// on the mid-rank positions t_c = Σ_{g<c} n_g + n_c/2 (the ordinal δ is t_k − t_c), and interval's
    /// sums of squared differences are 2m·Σ(x − x̄)²; ratio sums over the pairs within each item.
    ///
    /// Undefined with no values, fewer than two distinct values, no item rated twice, or no variation
    /// among pairable values.
    /// - Parameter level: the level of measurement.
    /// - Returns: α, or why it is undefined.
    /// - Complexity: O(items × reviewers + categories) for nominal, ordinal and interval;
    ///   O(items × reviewers² + categories²) for ratio.
    public func krippendorffAlpha(level: MeasurementLevel) -> Coefficient {
        guard valueCount > 0 else { return .undefined(.noValues) }
        guard categories.count >= 2 else { return .undefined(.noVariation) }
        return krippendorffAlpha(level: level, weights: UniformItemWeights())
    }

    func krippendorffAlpha<Weights: ItemWeights>(level: MeasurementLevel, weights: Weights) -> Coefficient {
        let width = reviewers.count
        let categoryCount = categories.count
        return codes.withUnsafeBufferPointer { codes in
            itemValueCounts.withUnsafeBufferPointer { valueCounts in
                // Marginals n_c of pairable values.
                var marginals = [Double](repeating: 0, count: categoryCount)
                var pairable = 0.0
                for item in 0..<valueCounts.count where valueCounts[item] >= 2 {
                    let weight = weights.weight(of: item)
                    if weight == 0 { continue }
                    let row = item * width
                    for reviewer in 0..<width {
                        let code = codes[row + reviewer]
                        if code >= 0 { marginals[Int(code)] += weight }
                    }
                    pairable += weight * Double(valueCounts[item])
                }
                guard pairable > 0 else { return .undefined(.nothingPairable) }

                let observed: Double  // Σ_ck o_ck δ²_ck
                let expected: Double  // Σ_ck n_c n_k δ²_ck, to be divided by n − 1
                switch level {
                case .nominal:
                    observed = pairable - nominalAgreement(codes, valueCounts, weights)
                    let squares = marginals.reduce(0) { $0 + $1 * $1 }
                    expected = pairable * pairable - squares
                case .interval, .ordinal:
                    var position = categoryValues
                    if level == .ordinal {
                        var below = 0.0
                        for category in 0..<categoryCount {
                            position[category] = below + marginals[category] / 2
                            below += marginals[category]
                        }
                    }
                    observed = intervalDisagreement(codes, valueCounts, weights, position)
                    expected = spread(marginals, position, total: pairable)
                case .ratio:
                    observed = ratioDisagreement(codes, valueCounts, weights)
                    expected = ratioExpected(marginals)
                }
                guard expected > 0 else { return .undefined(.noVariation) }
                return .quotient(expected - (pairable - 1) * observed, expected, else: .noVariation)
            }
        }
    }

    /// Σ_u w_u Σ_c n_uc(n_uc − 1)/(m_u − 1): the diagonal of the coincidence matrix.
    private func nominalAgreement<Weights: ItemWeights>(
        _ codes: UnsafeBufferPointer<Int32>,
        _ valueCounts: UnsafeBufferPointer<Int32>,
        _ weights: Weights
    ) -> Double {
        let width = reviewers.count
        var counts = [Int32](repeating: 0, count: categories.count)
        var agreement = 0.0
        counts.withUnsafeMutableBufferPointer { counts in
            for item in 0..<valueCounts.count where valueCounts[item] >= 2 {
                let weight = weights.weight(of: item)
                if weight == 0 { continue }
                let row = item * width
                var pairs: Int32 = 0  // unordered pairs of equal values in the item
                for reviewer in 0..<width {
                    let code = codes[row + reviewer]
                    if code >= 0 {
                        pairs += counts[Int(code)]
                        counts[Int(code)] += 1
                    }
                }
                for reviewer in 0..<width {
                    let code = codes[row + reviewer]
                    if code >= 0 { counts[Int(code)] = 0 }
                }
                agreement += weight * Double(2 * pairs) / Double(valueCounts[item] - 1)
            }
        }
        return agreement
    }

    /// Σ_u w_u Σ_{i≠j} (x_i − x_j)² / (m_u − 1), using Σ_{i,j} (x_i − x_j)² = 2m Σ (x_i − x̄)².
    private func intervalDisagreement<Weights: ItemWeights>(
        _ codes: UnsafeBufferPointer<Int32>,
        _ valueCounts: UnsafeBufferPointer<Int32>,
        _ weights: Weights,
        _ position: [Double]
    ) -> Double {
        let width = reviewers.count
        var disagreement = 0.0
        position.withUnsafeBufferPointer { position in
            for item in 0..<valueCounts.count where valueCounts[item] >= 2 {
                let weight = weights.weight(of: item)
                if weight == 0 { continue }
                let row = item * width
                let count = Double(valueCounts[item])
                // Deviations from the first value, then from their mean: an item whose values are all
                // equal gives exactly 0, and large values with a small spread lose no digits.
                var origin = Double.nan
                var sum = 0.0
                for reviewer in 0..<width {
                    let code = codes[row + reviewer]
                    if code >= 0 {
                        if origin.isNaN { origin = position[Int(code)] }
                        sum += position[Int(code)] - origin
                    }
                }
                let mean = sum / count
                var squares = 0.0
                for reviewer in 0..<width {
                    let code = codes[row + reviewer]
                    if code >= 0 {
                        let deviation = position[Int(code)] - origin - mean
                        squares += deviation * deviation
                    }
                }
                disagreement += weight * 2 * count * squares / (count - 1)
            }
        }
        return disagreement
    }

    /// Σ_c Σ_k n_c n_k (x_c − x_k)² = 2n Σ_c n_c (x_c − x̄)².
    private func spread(_ marginals: [Double], _ position: [Double], total: Double) -> Double {
        // Relative to the first used position, so a single used category gives exactly 0.
        guard let first = marginals.indices.first(where: { marginals[$0] > 0 }) else { return 0 }
        let origin = position[first]
        var sum = 0.0
        for category in marginals.indices where marginals[category] > 0 {
            sum += marginals[category] * (position[category] - origin)
        }
        let mean = sum / total
        var squares = 0.0
        for category in marginals.indices where marginals[category] > 0 {
            let deviation = position[category] - origin - mean
            squares += marginals[category] * deviation * deviation
        }
        return 2 * total * squares
    }

    /// Σ_u w_u Σ_{i≠j} δ²(x_i, x_j) / (m_u − 1) for the ratio metric.
    private func ratioDisagreement<Weights: ItemWeights>(
        _ codes: UnsafeBufferPointer<Int32>,
        _ valueCounts: UnsafeBufferPointer<Int32>,
        _ weights: Weights
    ) -> Double {
        let width = reviewers.count
        var disagreement = 0.0
        categoryValues.withUnsafeBufferPointer { values in
            for item in 0..<valueCounts.count where valueCounts[item] >= 2 {
                let weight = weights.weight(of: item)
                if weight == 0 { continue }
                let row = item * width
                var sum = 0.0
                for first in 0..<width {
                    let a = codes[row + first]
                    if a < 0 { continue }
                    for second in (first + 1)..<width {
                        let b = codes[row + second]
                        if b < 0 || b == a { continue }
                        sum += Self.ratioDistance(values[Int(a)], values[Int(b)])
                    }
                }
                disagreement += weight * 2 * sum / Double(valueCounts[item] - 1)
            }
        }
        return disagreement
    }

    /// Σ_c Σ_k n_c n_k δ²_ck for the ratio metric, over the categories with pairable values.
    private func ratioExpected(_ marginals: [Double]) -> Double {
        let present = marginals.indices.filter { marginals[$0] > 0 }
        var sum = 0.0
        for (offset, first) in present.enumerated() {
            for second in present[(offset + 1)...] {
                sum +=
                    marginals[first] * marginals[second]
                    * Self.ratioDistance(
                        categoryValues[first],
                        categoryValues[second]
                    )
            }
        }
        return 2 * sum
    }

    /// ((c − k)/(c + k))², 0 when c + k = 0 (the `krippendorff` package's convention).
    @inline(__always)
    private static func ratioDistance(_ first: Double, _ second: Double) -> Double {
        let sum = first + second
        if sum == 0 { return 0 }
        let ratio = (first - second) / sum
        return ratio * ratio
    }
}
