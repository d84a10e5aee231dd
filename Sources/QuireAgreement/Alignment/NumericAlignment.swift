/// How well an automated evaluator's numeric score matches humans'.
public struct NumericAlignment: Sendable, Equatable, Encodable {
    /// Pairs compared (pairs with a non-finite number are left out).
    public var count: Int
    /// Pearson's product-moment correlation.
    public var pearson: Coefficient
    /// Spearman's rank correlation, tie-corrected: Pearson's r on average ranks.
    public var spearman: Coefficient
    /// The mean of |human − eval|.
    public var meanAbsoluteDifference: Coefficient

    /// Compares numbers pairwise: Pearson's r, Spearman's ρ and the mean absolute difference.
    ///
    /// The correlations are undefined when either side has no variation (including a single pair), the
    /// mean difference only when there is no pair.
    /// - Parameter pairs: one pair per item.
    /// - Complexity: O(pairs × log pairs), for the ranks.
    public init(_ pairs: [NumberPair]) {
        let finite = pairs.filter { $0.human.isFinite && $0.eval.isFinite }
        count = finite.count
        guard !finite.isEmpty else {
            pearson = .undefined(.noValues)
            spearman = .undefined(.noValues)
            meanAbsoluteDifference = .undefined(.noValues)
            return
        }
        let human = finite.map(\.human)
        let eval = finite.map(\.eval)
        var difference = 0.0
        for pair in finite { difference += abs(pair.human - pair.eval) }
        meanAbsoluteDifference = .defined(difference / Double(finite.count))
        pearson = Self.correlation(human, eval)
        spearman = Self.correlation(Self.averageRanks(human), Self.averageRanks(eval))
    }

    /// Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²), in two passes for accuracy.
    static func correlation(_ x: [Double], _ y: [Double]) -> Coefficient {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var product = 0.0
        var squaresX = 0.0
        var squaresY = 0.0
        for index in x.indices {
            let dx = x[index] - meanX
            let dy = y[index] - meanY
            product += dx * dy
            squaresX += dx * dx
            squaresY += dy * dy
        }
        guard squaresX > 0, squaresY > 0, Set(x).count > 1, Set(y).count > 1 else {
            return .undefined(.noVariation)
        }
        return .quotient(product, (squaresX * squaresY).squareRoot(), else: .noVariation)
    }

    /// 1-based ranks, ties given the mean of the ranks they span.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = rank }
            start = end + 1
        }
        return ranks
    }

    private enum CodingKeys: String, CodingKey {
        case count = "count"
        case pearson = "pearson"
        case spearman = "spearman"
        case meanAbsoluteDifference = "mean_absolute_difference"
    }
}
