/// Percent agreement, Fleiss' κ and Gwet's AC1 computed together: they share the per-item category counts.
struct CategoryAgreement {
    var percentAgreement: Coefficient
    var fleissKappa: Coefficient
    var gwetAC1: Coefficient

    static func undefined(_ reason: UndefinedReason) -> CategoryAgreement {
        CategoryAgreement(
            percentAgreement: .undefined(reason),
            fleissKappa: .undefined(reason),
            gwetAC1: .undefined(reason)
        )
    }
}

extension RatingTable {
    /// Percent agreement: the mean over items with two or more values of the share of agreeing pairs,
    /// Σ_k n_ik(n_ik − 1) / (r_i(r_i − 1)) (Gwet 2014, §2.3; `oracles/README.md`).
    ///
    /// Values are compared as unordered categories at every level. Undefined when no item has two values.
    /// - Returns: the proportion in [0, 1], or why it is undefined.
    /// - Complexity: O(items × reviewers + categories).
    public func percentAgreement() -> Coefficient {
        categoryAgreement(weights: UniformItemWeights()).percentAgreement
    }

    /// Fleiss' κ, generalised to a varying number of raters per item: (p_a − p_e)/(1 − p_e) with
    /// p_e = Σ_k π_k², π_k the mean over rated items of n_ik/r_i (Fleiss 1971, "Measuring nominal scale
    /// agreement among many raters"; the unequal-raters form of Gwet 2014, §2.3).
    ///
    /// Undefined when no item has two values or fewer than two categories are used.
    /// - Returns: κ, or why it is undefined.
    /// - Complexity: O(items × reviewers + categories).
    public func fleissKappa() -> Coefficient {
        categoryAgreement(weights: UniformItemWeights()).fleissKappa
    }

    /// Gwet's AC1: (p_a − p_e)/(1 − p_e) with p_e = Σ_k π_k(1 − π_k)/(q − 1), q the number of categories
    /// used (Gwet 2008, "Computing inter-rater reliability and its variance in the presence of high
    /// agreement").
    ///
    /// Undefined when no item has two values or fewer than two categories are used.
    /// - Returns: AC1, or why it is undefined.
    /// - Complexity: O(items × reviewers + categories).
    public func gwetAC1() -> Coefficient {
        categoryAgreement(weights: UniformItemWeights()).gwetAC1
    }

    func categoryAgreement<Weights: ItemWeights>(weights: Weights) -> CategoryAgreement {
        let width = reviewers.count
        var counts = [Int32](repeating: 0, count: categories.count)
        var shares = [Double](repeating: 0, count: categories.count)  // Σ_i w_i n_ik / r_i
        var rated = 0.0  // Σ w_i over items with a value
        var agreementSum = 0.0  // Σ w_i p_a,i over items with two values or more
        var agreementWeight = 0.0
        codes.withUnsafeBufferPointer { codes in
            for item in 0..<itemValueCounts.count where itemValueCounts[item] >= 1 {
                let weight = weights.weight(of: item)
                if weight == 0 { continue }
                let row = item * width
                let raters = itemValueCounts[item]
                let share = weight / Double(raters)
                var pairs: Int32 = 0
                for reviewer in 0..<width {
                    let code = codes[row + reviewer]
                    if code >= 0 {
                        pairs += counts[Int(code)]
                        counts[Int(code)] += 1
                        shares[Int(code)] += share
                    }
                }
                for reviewer in 0..<width {
                    let code = codes[row + reviewer]
                    if code >= 0 { counts[Int(code)] = 0 }
                }
                rated += weight
                if raters >= 2 {
                    agreementSum += weight * Double(2 * pairs) / (Double(raters) * Double(raters - 1))
                    agreementWeight += weight
                }
            }
        }
        guard rated > 0 else { return .undefined(.noValues) }
        guard agreementWeight > 0 else { return .undefined(.nothingPairable) }
        let agreement = agreementSum / agreementWeight
        var used = 0
        var fleissChance = 0.0
        var gwetSpread = 0.0
        for share in shares where share > 0 {
            let proportion = share / rated
            used += 1
            fleissChance += proportion * proportion
            gwetSpread += proportion * (1 - proportion)
        }
        guard used >= 2 else {
            return CategoryAgreement(
                percentAgreement: .defined(agreement),
                fleissKappa: .undefined(.noVariation),
                gwetAC1: .undefined(.noVariation)
            )
        }
        let gwetChance = gwetSpread / Double(used - 1)
        return CategoryAgreement(
            percentAgreement: .defined(agreement),
            fleissKappa: .quotient(agreement - fleissChance, 1 - fleissChance, else: .zeroDenominator),
            gwetAC1: .quotient(agreement - gwetChance, 1 - gwetChance, else: .zeroDenominator)
        )
    }
}
