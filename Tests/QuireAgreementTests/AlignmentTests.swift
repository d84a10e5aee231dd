import QuireAgreement
import Testing

/// Human-vs-EVAL alignment; expected numbers from SciPy 1.12 (`pearsonr`, `spearmanr`) and
/// scikit-learn's `cohen_kappa_score`.
@Suite("Human-vs-EVAL alignment")
struct AlignmentTests {
    @Test(
        "numeric alignment gives SciPy's Pearson and Spearman and the mean absolute difference",
        arguments: [
            ([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 7, 8, 6, 6], 0.803685041486804, 0.7545045450053531, 1.375),
            (
                [3.5, 2, 2, 5, 1, 4], [3, 2.5, 1, 5, 1, 4.5], 0.9401792713799308, 0.9558823529411764, 0.4166666666666667
            ),
        ] as [([Double], [Double], Double, Double, Double)]
    )
    func numeric(human: [Double], eval: [Double], pearson: Double, spearman: Double, difference: Double) {
        let alignment = NumericAlignment(zip(human, eval).map { NumberPair(human: $0, eval: $1) })
        #expect(alignment.count == human.count)
        #expect(abs((alignment.pearson.value ?? .nan) - pearson) < 1e-12)
        #expect(abs((alignment.spearman.value ?? .nan) - spearman) < 1e-12)
        #expect(abs((alignment.meanAbsoluteDifference.value ?? .nan) - difference) < 1e-12)
    }

    @Test("a constant side has no correlation; no pairs has nothing; non-finite pairs are left out")
    func numericUndefined() {
        let constant = NumericAlignment([NumberPair(human: 1, eval: 3), NumberPair(human: 2, eval: 3)])
        #expect(constant.pearson == .undefined(.noVariation))
        #expect(constant.spearman == .undefined(.noVariation))
        #expect(constant.meanAbsoluteDifference == .defined(1.5))
        let empty = NumericAlignment([NumberPair(human: .nan, eval: 1)])
        #expect(empty.count == 0)
        #expect(empty.meanAbsoluteDifference == .undefined(.noValues))
    }

    @Test("categorical alignment of the 50-proposal example: accuracy 0.7, κ 0.4")
    func categorical() {
        var pairs: [LabelPair] = []
        for (human, eval, count) in [("yes", "yes", 20), ("yes", "no", 5), ("no", "yes", 10), ("no", "no", 15)] {
            pairs += Array(repeating: LabelPair(human: human, eval: eval), count: count)
        }
        let alignment = CategoricalAlignment(pairs)
        #expect(alignment.count == 50)
        #expect(abs((alignment.accuracy.value ?? .nan) - 0.7) < 1e-12)
        #expect(abs((alignment.kappa.value ?? .nan) - 0.4) < 1e-12)
    }

    @Test("booleans as labels: κ equals Cohen's κ of the same table")
    func booleans() throws {
        let human = [true, true, false, false, true, false, true, true, false, true]
        let eval = [true, false, false, false, true, true, true, true, false, false]
        let alignment = CategoricalAlignment(zip(human, eval).map { LabelPair(human: "\($0)", eval: "\($1)") })
        var rows: [Rating<String>] = []
        for index in human.indices {
            rows.append(Rating(item: itemName(index), reviewer: "human", value: "\(human[index])"))
            rows.append(Rating(item: itemName(index), reviewer: "eval", value: "\(eval[index])"))
        }
        let kappa = try RatingTable(labels: rows).cohenKappa(level: .nominal)
        #expect(alignment.accuracy == .defined(0.7))
        #expect(agree(alignment.kappa, kappa, within: 1e-15))
    }

    @Test("one label on both sides has no κ; no pairs has nothing")
    func categoricalUndefined() {
        let same = CategoricalAlignment([LabelPair(human: "a", eval: "a"), LabelPair(human: "a", eval: "a")])
        #expect(same.accuracy == .defined(1))
        #expect(same.kappa == .undefined(.noVariation))
        #expect(CategoricalAlignment([]).accuracy == .undefined(.noValues))
    }
}
