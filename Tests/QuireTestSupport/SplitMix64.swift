public import QuireModel

/// The seedable generator of property tests: QuireModel's SplitMix64 (Steele, Lea & Flood 2014), so tests and
/// the bootstrap share one implementation.
public typealias SplitMix64 = SeededGenerator
