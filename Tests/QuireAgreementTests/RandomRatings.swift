import QuireAgreement
import QuireModel
import QuireTestSupport

/// Seeded random rating matrices (items × reviewers) for property tests.
struct RandomRatings {
    var matrix: [[Double?]]
    var scale: [Double]

    /// A matrix with 2–40 items, 2–6 reviewers, 2–6 scale values, some missing values and some
    /// agreement, so most coefficients are defined but not trivial.
    init(seed: UInt64, reviewers fixedReviewers: Int? = nil, missing fixedMissing: Double? = nil) {
        var generator = SplitMix64(seed: seed)
        let items = Int.random(in: 2...40, using: &generator)
        let reviewers = fixedReviewers ?? Int.random(in: 2...6, using: &generator)
        let scaleSize = Int.random(in: 2...6, using: &generator)
        let missing = fixedMissing ?? ([0.0, 0.1, 0.3] as [Double]).randomElement(using: &generator) ?? 0
        let agreement = Double.random(in: 0.3...0.9, using: &generator)
        var scale: [Double] = []
        var next = Double(Int.random(in: 1...3, using: &generator))
        for _ in 0..<scaleSize {
            scale.append(next)
            next += Double(Int.random(in: 1...4, using: &generator)) / 2
        }
        var matrix: [[Double?]] = []
        for _ in 0..<items {
            let truth = Int.random(in: 0..<scaleSize, using: &generator)
            var row: [Double?] = []
            for _ in 0..<reviewers {
                if Double.random(in: 0..<1, using: &generator) < missing {
                    row.append(nil)
                } else if Double.random(in: 0..<1, using: &generator) < agreement {
                    row.append(scale[truth])
                } else {
                    row.append(scale[Int.random(in: 0..<scaleSize, using: &generator)])
                }
            }
            matrix.append(row)
        }
        self.matrix = matrix
        self.scale = scale
    }

    /// The table of these numbers.
    func table() throws -> RatingTable {
        try RatingTable(numbers: ratings(itemsByReviewers: matrix))
    }

    /// The table after mapping every value.
    func table(mapping transform: (Double) -> Double) throws -> RatingTable {
        try RatingTable(numbers: ratings(itemsByReviewers: matrix.map { $0.map { $0.map(transform) } }))
    }

    /// The values as labels (`v1.5`), for nominal tables.
    func labelTable(naming name: (Double) -> String = { "v\($0)" }) throws -> RatingTable {
        try RatingTable(labels: ratings(itemsByReviewers: matrix.map { $0.map { $0.map(name) } }))
    }
}

/// Whether two coefficients are both undefined for the same reason, or both defined within a tolerance.
func agree(_ first: Coefficient, _ second: Coefficient, within tolerance: Double = 1e-12) -> Bool {
    switch (first, second) {
    case (.defined(let a), .defined(let b)): abs(a - b) <= tolerance
    case (.undefined(let a), .undefined(let b)): a == b
    default: false
    }
}
