public import QuireModel

/// What a merge is asked to do, beyond the bundles.
public struct MergeOptions: Sendable, Equatable {
    /// The reconciliation policy.
    public var policy: MergePolicy
    /// The numeric tolerance for every numeric score; nil uses each score's default (see
    /// ``defaultTolerance(for:)``).
    public var tolerance: Double?
    /// The seed of the bootstrap's random numbers.
    public var seed: UInt64
    /// Bootstrap resamples for the report's confidence intervals (0: none).
    public var resamples: Int
    /// The time recorded in the outputs when given (`SOURCE_DATE_EPOCH`); nil takes the newest journal time.
    public var time: Timestamp?

    /// Creates options.
    /// - Parameters:
    ///   - policy: the policy; median by default.
    ///   - tolerance: the numeric tolerance, nil for each score's default.
    ///   - seed: the bootstrap seed.
    ///   - resamples: bootstrap resamples.
    ///   - time: the output time, nil to take it from the inputs.
    public init(
        policy: MergePolicy = .median, tolerance: Double? = nil, seed: UInt64 = 1, resamples: Int = 1000,
        time: Timestamp? = nil
    ) {
        self.policy = policy
        self.tolerance = tolerance
        self.seed = seed
        self.resamples = resamples
        self.time = time
    }

    /// The tolerance a numeric score gets when `--tolerance` is not given: one step of its scale when it has a
    /// step (adjacent ratings count as agreeing, the "exact-plus-adjacent" convention of rating studies), else a
    /// tenth of its range when it has both bounds, else 0.
    /// - Parameter config: a numeric score config.
    /// - Returns: the tolerance.
    public static func defaultTolerance(for config: ScoreConfig) -> Double {
        if let step = config.step, step > 0 { return step }
        if let minimum = config.minimum, let maximum = config.maximum { return (maximum - minimum) / 10 }
        return 0
    }

    /// The tolerance that applies to a numeric score.
    /// - Parameter config: a numeric score config.
    /// - Returns: `tolerance` when given, else the score's default.
    public func tolerance(for config: ScoreConfig) -> Double {
        tolerance ?? Self.defaultTolerance(for: config)
    }
}
