/// Cohen's κ in its three weightings for one pair of reviewers, plus their raw agreement.
struct PairKappa {
    /// Items both reviewers rated (weighted by multiplicity).
    var sharedItems: Double
    /// The share of shared items rated the same.
    var agreement: Coefficient
    var unweighted: Coefficient
    var linear: Coefficient
    var quadratic: Coefficient

    static func undefined(_ reason: UndefinedReason, sharedItems: Double) -> PairKappa {
        PairKappa(
            sharedItems: sharedItems,
            agreement: .undefined(reason),
            unweighted: .undefined(reason),
            linear: .undefined(reason),
            quadratic: .undefined(reason)
        )
    }

    subscript(weighting: KappaWeighting) -> Coefficient {
        switch weighting {
        case .unweighted: unweighted
        case .linear: linear
        case .quadratic: quadratic
        }
    }
}

extension RatingTable {
    /// Cohen's κ between the two reviewers of the table, over the items both rated.
    ///
    /// κ = 1 − Σ w_ij o_ij / Σ w_ij e_ij with o the confusion matrix, e the product of its marginals over
    /// the number of items, and w 1 off the diagonal (unweighted), |i − j| (linear) or (i − j)²
    /// (quadratic), where i and j are ranks among the sorted distinct values the two gave: the
    /// convention of scikit-learn's `cohen_kappa_score` (Cohen 1960; Cohen 1968).
    ///
    /// Undefined unless exactly two reviewers have values, when they share no item, when they use fewer
    /// than two distinct values, and for the weighted forms at the nominal level.
    /// - Parameters:
    ///   - weighting: how disagreements weigh.
    ///   - level: the level of measurement; weighted forms need ordered values.
    /// - Returns: κ, or why it is undefined.
    /// - Complexity: O(items + categories).
    public func cohenKappa(_ weighting: KappaWeighting = .unweighted, level: MeasurementLevel) -> Coefficient {
        if weighting != .unweighted, !level.isOrdered { return .undefined(.unorderedLevel) }
        switch ratingReviewerPair() {
        case .undefined(let reason): return .undefined(reason)
        case .defined(let pair):
            return pairKappa(pair.first, pair.second, weights: UniformItemWeights())[weighting]
        }
    }

    /// The two reviewers with values, when there are exactly two.
    func ratingReviewerPair() -> Statistic<Pair> {
        let rating = reviewerValueCounts.indices.filter { reviewerValueCounts[$0] > 0 }
        guard rating.count == 2 else { return .undefined(.needsTwoReviewers(found: rating.count)) }
        return .defined(Pair(rating[0], rating[1]))
    }

    /// Two reviewer indices.
    struct Pair: Equatable {
        var first: Int
        var second: Int

        init(_ first: Int, _ second: Int) {
            self.first = first
            self.second = second
        }
    }

    func pairKappa<Weights: ItemWeights>(_ first: Int, _ second: Int, weights: Weights) -> PairKappa {
        let width = reviewers.count
        let categoryCount = categories.count
        var firstMarginal = [Double](repeating: 0, count: categoryCount)
        var secondMarginal = [Double](repeating: 0, count: categoryCount)
        var shared = 0.0
        codes.withUnsafeBufferPointer { codes in
            for item in 0..<items.count {
                let a = codes[item * width + first]
                let b = codes[item * width + second]
                if a < 0 || b < 0 { continue }
                let weight = weights.weight(of: item)
                if weight == 0 { continue }
                firstMarginal[Int(a)] += weight
                secondMarginal[Int(b)] += weight
                shared += weight
            }
        }
        guard shared > 0 else { return .undefined(.noSharedItems, sharedItems: 0) }

        // Ranks among the values these two gave on shared items (scikit-learn's label set).
        var rank = [Double](repeating: -1, count: categoryCount)
        var used: [Int] = []
        for category in 0..<categoryCount where firstMarginal[category] + secondMarginal[category] > 0 {
            rank[category] = Double(used.count)
            used.append(category)
        }

        var unequal = 0.0
        var absolute = 0.0
        var squared = 0.0
        codes.withUnsafeBufferPointer { codes in
            for item in 0..<items.count {
                let a = codes[item * width + first]
                let b = codes[item * width + second]
                if a < 0 || b < 0 || a == b { continue }
                let weight = weights.weight(of: item)
                let distance = abs(rank[Int(a)] - rank[Int(b)])
                unequal += weight
                absolute += weight * distance
                squared += weight * distance * distance
            }
        }
        let agreement = Coefficient.defined(1 - unequal / shared)
        guard used.count >= 2 else {
            return PairKappa(
                sharedItems: shared,
                agreement: agreement,
                unweighted: .undefined(.noVariation),
                linear: .undefined(.noVariation),
                quadratic: .undefined(.noVariation)
            )
        }

        // Chance disagreement Σ_ij A_i B_j w_ij in O(categories): prefix sums for |i − j|, centred
        // moments for (i − j)².
        var matching = 0.0
        var firstMoment = 0.0
        var secondMoment = 0.0
        let centre = Double(used.count - 1) / 2
        var firstSquares = 0.0
        var secondSquares = 0.0
        var totalSecondRank = 0.0
        for category in used {
            let position = rank[category] - centre
            matching += firstMarginal[category] * secondMarginal[category]
            firstMoment += firstMarginal[category] * position
            secondMoment += secondMarginal[category] * position
            firstSquares += firstMarginal[category] * position * position
            secondSquares += secondMarginal[category] * position * position
            totalSecondRank += secondMarginal[category] * rank[category]
        }
        var chanceAbsolute = 0.0
        var belowCount = 0.0
        var belowRank = 0.0
        for category in used {
            let r = rank[category]
            let count = secondMarginal[category]
            let below = r * belowCount - belowRank
            let above = (totalSecondRank - belowRank - count * r) - r * (shared - belowCount - count)
            chanceAbsolute += firstMarginal[category] * (below + above)
            belowCount += count
            belowRank += count * r
        }
        let chanceUnequal = shared * shared - matching
        let chanceSquared = shared * secondSquares + shared * firstSquares - 2 * firstMoment * secondMoment

        func kappa(_ observed: Double, _ chance: Double) -> Coefficient {
            Coefficient.quotient(chance - shared * observed, chance, else: .zeroDenominator)
        }
        return PairKappa(
            sharedItems: shared,
            agreement: agreement,
            unweighted: kappa(unequal, chanceUnequal),
            linear: kappa(absolute, chanceAbsolute),
            quadratic: kappa(squared, chanceSquared)
        )
    }
}
