/// How well an automated evaluator's categorical (or boolean) score matches humans'.
public struct CategoricalAlignment: Sendable, Equatable, Encodable {
    /// Pairs compared.
    public var count: Int
    /// The share of pairs with the same label.
    public var accuracy: Coefficient
    /// Cohen's κ between human and evaluator (unweighted).
    public var kappa: Coefficient

    /// Compares labels pairwise: accuracy and Cohen's κ (Cohen 1960), labels compared as exact strings.
    ///
    /// Booleans are labels too: pass `"true"`/`"false"` (or `"1"`/`"0"`) on both sides. κ is undefined
    /// when the two sides together use fewer than two labels; both are undefined with no pairs.
    /// - Parameter pairs: one pair per item.
    /// - Complexity: O(pairs).
    public init(_ pairs: [LabelPair]) {
        count = pairs.count
        guard !pairs.isEmpty else {
            accuracy = .undefined(.noValues)
            kappa = .undefined(.noValues)
            return
        }
        var index: [ExactText: Int] = [:]
        var humanCounts: [Double] = []
        var evalCounts: [Double] = []
        var equal = 0.0
        func code(_ label: String) -> Int {
            if let known = index[ExactText(text: label)] { return known }
            index[ExactText(text: label)] = humanCounts.count
            humanCounts.append(0)
            evalCounts.append(0)
            return humanCounts.count - 1
        }
        for pair in pairs {
            let human = code(pair.human)
            let eval = code(pair.eval)
            humanCounts[human] += 1
            evalCounts[eval] += 1
            if human == eval { equal += 1 }
        }
        let total = Double(pairs.count)
        accuracy = .defined(equal / total)
        guard humanCounts.count >= 2 else {
            kappa = .undefined(.noVariation)
            return
        }
        var matching = 0.0
        for label in humanCounts.indices { matching += humanCounts[label] * evalCounts[label] }
        // κ = (p_o − p_e)/(1 − p_e) with p_o = equal/n and p_e = Σ h_c e_c / n², scaled by n².
        kappa = .quotient(total * equal - matching, total * total - matching, else: .zeroDenominator)
    }

    private enum CodingKeys: String, CodingKey {
        case count = "count"
        case accuracy = "accuracy"
        case kappa = "kappa"
    }
}
