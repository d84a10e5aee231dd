public import QuireModel

/// `resource-outliers`: traces whose latency, tokens or cost stand out from the packed population
/// (DESIGN.md §2).
///
/// A metric flags a trace when its value is above the population's 95th percentile (linear interpolation
/// between closest ranks, as NumPy's default) **and** at least three times the population's median; both,
/// so that a tight population does not flag its top 5 % for being a little slower. With fewer than
/// ``minimumPopulation`` traces percentiles mean little and nothing is flagged.
///
/// Two passes, so traces need not be held in memory: compute ``TraceResourceMetrics`` for every trace of
/// the population, build the classifier from them, then ask ``flag(for:)`` per trace.
public struct ResourceOutlierClassifier: Sendable {
    /// `resource-outliers`.
    public static let name = "resource-outliers"
    /// The smallest population that is judged at all.
    public static let minimumPopulation = 30

    /// A metric's population statistics.
    public struct MetricStatistics: Sendable, Equatable {
        /// The median (mean of the middle two for an even count).
        public var median: Double
        /// The 95th percentile, linearly interpolated.
        public var p95: Double

        /// Creates statistics.
        /// - Parameters:
        ///   - median: the median.
        ///   - p95: the 95th percentile.
        public init(median: Double, p95: Double) {
            self.median = median
            self.p95 = p95
        }

        /// Statistics of values.
        /// - Parameter values: at least one value.
        /// - Complexity: O(n log n).
        init(of values: [Double]) {
            let sorted = values.sorted()
            let count = sorted.count
            median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            let position = 0.95 * Double(count - 1)
            let lower = Int(position)
            let upper = min(lower + 1, count - 1)
            p95 = sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }

        /// Whether a value stands out: above p95 and at least three times the median.
        public func isOutlier(_ value: Double) -> Bool {
            value > p95 && value >= 3 * median
        }
    }

    /// The population's statistics per metric.
    public struct PopulationStatistics: Sendable, Equatable {
        /// Latency in ms.
        public var latencyMilliseconds: MetricStatistics
        /// Tokens.
        public var tokens: MetricStatistics
        /// Cost in USD.
        public var cost: MetricStatistics
    }

    /// How many traces the population had.
    public let populationCount: Int
    /// The statistics; nil when the population is below ``minimumPopulation``.
    public let statistics: PopulationStatistics?

    /// Learns the population.
    /// - Parameter population: the metrics of every trace being packed (after the filter).
    /// - Complexity: O(n log n) in the traces.
    public init(population: [TraceResourceMetrics]) {
        populationCount = population.count
        guard population.count >= Self.minimumPopulation else {
            statistics = nil
            return
        }
        statistics = PopulationStatistics(
            latencyMilliseconds: MetricStatistics(of: population.map(\.latencyMilliseconds)),
            tokens: MetricStatistics(of: population.map { Double($0.tokens) }),
            cost: MetricStatistics(of: population.map(\.cost)))
    }

    /// Judges one trace against the population.
    /// - Parameter metrics: the trace's metrics (normally one of the population's).
    /// - Returns: one flag naming every metric that stands out, or nil.
    public func flag(for metrics: TraceResourceMetrics) -> BundleItem.Flag? {
        guard let statistics else { return nil }
        var reasons: [String] = []
        var evidence: [String] = []
        if statistics.latencyMilliseconds.isOutlier(metrics.latencyMilliseconds) {
            reasons.append(
                Self.reason(
                    metrics.latencyMilliseconds, statistics.latencyMilliseconds, unit: " ms"
                ) { "latency \($0) is" })
            evidence.append(
                metrics.drivers.latency ?? "latency \(ResourceNumberText.decimal(metrics.latencyMilliseconds)) ms")
        }
        let tokensStand = statistics.tokens.isOutlier(Double(metrics.tokens))
        let costStands = statistics.cost.isOutlier(metrics.cost)
        if tokensStand {
            reasons.append(Self.reason(Double(metrics.tokens), statistics.tokens, unit: "") { "\($0) tokens are" })
        }
        if costStands {
            reasons.append(Self.reason(metrics.cost, statistics.cost, unit: " USD") { "cost \($0) is" })
        }
        let tokenDriver = tokensStand ? metrics.drivers.tokens : nil
        let costDriver = costStands ? metrics.drivers.cost : nil
        if let tokenDriver, let costDriver, tokenDriver.observationID == costDriver.observationID {
            evidence.append("\(tokenDriver.label): \(tokenDriver.amount), \(costDriver.amount)")
        } else {
            if tokensStand {
                evidence.append(tokenDriver.map { "\($0.label): \($0.amount)" } ?? "\(metrics.tokens) tokens")
            }
            if costStands {
                evidence.append(
                    costDriver.map { "\($0.label): \($0.amount)" }
                        ?? "cost \(ResourceNumberText.decimal(metrics.cost)) USD")
            }
        }
        if reasons.isEmpty { return nil }
        return BundleItem.Flag(
            classifier: Self.name, reason: reasons.joined(separator: "; "),
            evidence: EvidenceText.prefix(evidence.joined(separator: "; ")))
    }

    /// Flags for a whole population in one call, keyed by trace id; traces not flagged are absent.
    /// - Parameter metrics: every trace's metrics.
    /// - Returns: the flags by trace id.
    /// - Complexity: O(n log n) in the traces.
    public static func flags(for metrics: [TraceResourceMetrics]) -> [String: BundleItem.Flag] {
        let classifier = ResourceOutlierClassifier(population: metrics)
        var flags: [String: BundleItem.Flag] = [:]
        for trace in metrics {
            if let flag = classifier.flag(for: trace) { flags[trace.traceID] = flag }
        }
        return flags
    }

    /// `latency 412350 ms is above the 95th percentile (61127.4 ms) and 141× the median (2916.5 ms)`.
    private static func reason(
        _ value: Double, _ statistics: MetricStatistics, unit: String, subject: (String) -> String
    ) -> String {
        let number = { (value: Double) in ResourceNumberText.decimal(value) + unit }
        let times =
            statistics.median > 0
            ? "\(ResourceNumberText.ratio(value / statistics.median))× the median (\(number(statistics.median)))"
            : "the median is \(number(0))"
        return "\(subject(number(value))) above the 95th percentile (\(number(statistics.p95))) and \(times)"
    }
}
