import QuireAgreement
import QuireModel
import QuireTestSupport
import Testing

/// Invariants that hold for any data, checked on seeded random tables.
@Suite("Agreement properties")
struct AgreementPropertyTests {
    static let seeds = 0..<50 as Range<UInt64>

    @Test("α is 1 at every level when every item's values agree and items differ", arguments: seeds)
    func alphaIsOneForPerfectAgreement(seed: UInt64) throws {
        var random = RandomRatings(seed: seed, missing: 0.2)
        for item in random.matrix.indices {
            let value = random.scale[item % random.scale.count]
            random.matrix[item] = random.matrix[item].map { $0 == nil ? nil : value }
        }
        // Two items rated twice with different values make the variation certain.
        random.matrix.append(
            [random.scale[0], random.scale[0]] + Array(repeating: nil, count: random.matrix[0].count - 2))
        random.matrix.append(
            [random.scale[1], random.scale[1]] + Array(repeating: nil, count: random.matrix[0].count - 2))
        let table = try random.table()
        for level in MeasurementLevel.allCases {
            let alpha = try #require(table.krippendorffAlpha(level: level).value, "\(level)")
            #expect(abs(alpha - 1) < 1e-12, "\(level): \(alpha)")
        }
        #expect(table.percentAgreement() == .defined(1))
        #expect(abs((table.fleissKappa().value ?? .nan) - 1) < 1e-12)
        #expect(abs((table.gwetAC1().value ?? .nan) - 1) < 1e-12)
    }

    @Test("α never exceeds 1", arguments: seeds)
    func alphaIsAtMostOne(seed: UInt64) throws {
        let table = try RandomRatings(seed: seed).table()
        for level in MeasurementLevel.allCases {
            if let alpha = table.krippendorffAlpha(level: level).value { #expect(alpha <= 1 + 1e-12, "\(level)") }
        }
    }

    @Test("α equals the coincidence-matrix definition computed entry by entry", arguments: seeds)
    func alphaMatchesCoincidenceMatrix(seed: UInt64) throws {
        let random = RandomRatings(seed: seed)
        let table = try random.table()
        for level in MeasurementLevel.allCases {
            let reference = ReferenceAlpha(matrix: random.matrix, level: level).alpha
            let alpha = table.krippendorffAlpha(level: level).value
            #expect((alpha == nil) == (reference == nil), "\(level)")
            if let alpha, let reference {
                #expect(abs(alpha - reference) < 1e-10, "\(level): \(alpha) vs \(reference)")
            }
        }
    }

    @Test("nominal statistics do not change when the labels are renamed", arguments: seeds)
    func nominalInvariantUnderRelabelling(seed: UInt64) throws {
        let random = RandomRatings(seed: seed)
        var generator = SplitMix64(seed: seed ^ 0xABCD)
        let names = ["ζ", "good", "bad", "a,b", "日本", "Z", "0"].shuffled(using: &generator)
        let original = try random.labelTable()
        let renamed = try random.labelTable { value in names[random.scale.firstIndex(of: value) ?? 0] }
        let before = AgreementReport(table: original, level: .nominal)
        let after = AgreementReport(table: renamed, level: .nominal)
        for ((key, first), (_, second)) in zip(before.coefficients, after.coefficients) {
            #expect(agree(first, second), "\(key): \(first) vs \(second)")
        }
    }

    @Test("ordinal α and rank-weighted κ do not change under an increasing transformation", arguments: seeds)
    func ordinalInvariantUnderMonotoneTransform(seed: UInt64) throws {
        let random = RandomRatings(seed: seed, reviewers: seed.isMultiple(of: 2) ? 2 : nil)
        let original = try random.table()
        let transformed = try random.table { value in value * value * value + 10 * value.squareRoot() }
        #expect(agree(original.krippendorffAlpha(level: .ordinal), transformed.krippendorffAlpha(level: .ordinal)))
        for weighting in KappaWeighting.allCases {
            #expect(
                agree(
                    original.cohenKappa(weighting, level: .ordinal), transformed.cohenKappa(weighting, level: .ordinal))
            )
        }
    }

    @Test("interval α and ICC do not change when every value is shifted and scaled", arguments: seeds)
    func intervalInvariantUnderAffineMaps(seed: UInt64) throws {
        let random = RandomRatings(seed: seed, missing: seed.isMultiple(of: 3) ? 0 : nil)
        let original = try random.table()
        let moved = try random.table { value in 2.5 * value - 1000 }
        #expect(
            agree(original.krippendorffAlpha(level: .interval), moved.krippendorffAlpha(level: .interval), within: 1e-9)
        )
        let before = original.intraclassCorrelation(level: .interval)
        let after = moved.intraclassCorrelation(level: .interval)
        #expect(before.reason == after.reason)
        if let before = before.value, let after = after.value {
            for (first, second) in zip(before.named, after.named) {
                #expect(agree(first.value, second.value, within: 1e-9), "\(first.key)")
            }
        }
    }

    @Test("ratio α does not change when every value is multiplied by a positive number", arguments: seeds)
    func ratioInvariantUnderScaling(seed: UInt64) throws {
        let random = RandomRatings(seed: seed)
        let original = try random.table()
        let scaled = try random.table { value in value * 37.25 }
        #expect(
            agree(original.krippendorffAlpha(level: .ratio), scaled.krippendorffAlpha(level: .ratio), within: 1e-12))
    }

    @Test("the report does not depend on the order of rows, items or reviewers", arguments: seeds)
    func invariantUnderPermutations(seed: UInt64) throws {
        let random = RandomRatings(seed: seed)
        var generator = SplitMix64(seed: seed &+ 99)
        let reviewerCount = random.matrix[0].count
        let reviewerNames = (0..<reviewerCount).map { "reviewer-\($0)" }.shuffled(using: &generator)
        let itemNames = random.matrix.indices.map { "unit-\($0)" }.shuffled(using: &generator)
        var rows: [Rating<Double>] = []
        for (item, row) in random.matrix.enumerated() {
            for (reviewer, value) in row.enumerated() {
                rows.append(Rating(item: itemNames[item], reviewer: reviewerNames[reviewer], value: value))
            }
        }
        rows.shuffle(using: &generator)
        let original = try random.table()
        let permuted = try RatingTable(numbers: rows)
        for level in MeasurementLevel.allCases {
            let before = AgreementReport(table: original, level: level)
            let after = AgreementReport(table: permuted, level: level)
            #expect(before.items == after.items && before.reviewers == after.reviewers && before.values == after.values)
            for ((key, first), (_, second)) in zip(before.coefficients, after.coefficients) {
                #expect(agree(first, second, within: 1e-12), "\(level) \(key)")
            }
            #expect(before.icc.reason == after.icc.reason)
        }
    }

    @Test("Cohen's κ of two complete reviewers equals the confusion-matrix formula", arguments: seeds)
    func cohenMatchesConfusionMatrix(seed: UInt64) throws {
        let random = RandomRatings(seed: seed, reviewers: 2, missing: 0)
        let table = try random.table()
        let values = Set(random.matrix.flatMap { $0.compactMap { $0 } }).sorted()
        let size = values.count
        var confusion = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        for row in random.matrix {
            guard let first = row[0], let second = row[1] else { continue }
            confusion[values.firstIndex(of: first) ?? 0][values.firstIndex(of: second) ?? 0] += 1
        }
        let total = Double(random.matrix.count)
        let rowSums = confusion.map { $0.reduce(0, +) }
        let columnSums = (0..<size).map { column in confusion.reduce(0) { $0 + $1[column] } }
        for weighting in KappaWeighting.allCases {
            func weight(_ i: Int, _ j: Int) -> Double {
                switch weighting {
                case .unweighted: i == j ? 0 : 1
                case .linear: Double(abs(i - j))
                case .quadratic: Double((i - j) * (i - j))
                }
            }
            var observed = 0.0
            var chance = 0.0
            for i in 0..<size {
                for j in 0..<size {
                    observed += weight(i, j) * confusion[i][j] / total
                    chance += weight(i, j) * rowSums[i] * columnSums[j] / (total * total)
                }
            }
            let kappa = table.cohenKappa(weighting, level: .ordinal)
            if size < 2 {
                #expect(kappa == .undefined(.noVariation))
            } else {
                let expected = 1 - observed / chance
                #expect(abs((kappa.value ?? .nan) - expected) < 1e-12, "\(weighting)")
            }
        }
    }
}

/// Krippendorff's α straight from the definitions of Krippendorff (2011).
///
/// The full coincidence matrix, the distance matrix of the level, α = 1 − D_o/D_e. Slow and plain on purpose.
struct ReferenceAlpha {
    var matrix: [[Double?]]
    var level: MeasurementLevel

    var alpha: Double? {
        let values = Set(matrix.flatMap { $0.compactMap { $0 } }).sorted()
        guard values.count >= 2 else { return nil }
        let size = values.count
        var coincidence = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        for row in matrix {
            let present = row.compactMap { $0 }.map { values.firstIndex(of: $0) ?? 0 }
            guard present.count >= 2 else { continue }
            for i in present.indices {
                for j in present.indices where i != j {
                    coincidence[present[i]][present[j]] += 1 / Double(present.count - 1)
                }
            }
        }
        let marginals = coincidence.map { $0.reduce(0, +) }
        let total = marginals.reduce(0, +)
        guard total > 0 else { return nil }
        func distance(_ c: Int, _ k: Int) -> Double {
            switch level {
            case .nominal: return c == k ? 0 : 1
            case .interval: return (values[c] - values[k]) * (values[c] - values[k])
            case .ratio:
                let sum = values[c] + values[k]
                return sum == 0 ? 0 : ((values[c] - values[k]) / sum) * ((values[c] - values[k]) / sum)
            case .ordinal:
                let (low, high) = (min(c, k), max(c, k))
                let between = marginals[low...high].reduce(0, +) - (marginals[low] + marginals[high]) / 2
                return between * between
            }
        }
        var observed = 0.0
        var expected = 0.0
        for c in 0..<size {
            for k in 0..<size {
                observed += coincidence[c][k] * distance(c, k)
                expected += marginals[c] * (c == k ? marginals[k] - 1 : marginals[k]) * distance(c, k) / (total - 1)
            }
        }
        guard expected > 0 else { return nil }
        return 1 - observed / expected
    }
}
