/// How many times each item counts.
///
/// Once for the statistic itself, a bootstrap draw's multiplicity for a resample. Generic so the
/// compiler specialises the hot loops for the all-ones case.
protocol ItemWeights {
    /// The multiplicity of an item; 0 leaves it out.
    func weight(of item: Int) -> Double
}

/// Every item counts once.
struct UniformItemWeights: ItemWeights {
    @inline(__always)
    func weight(of item: Int) -> Double { 1 }
}

/// Each item counts as often as a bootstrap resample drew it.
struct DrawnItemWeights: ItemWeights {
    var counts: [Double]

    @inline(__always)
    func weight(of item: Int) -> Double { counts[item] }
}
