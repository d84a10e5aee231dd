/// The resource figures of one trace, defined once for the filter language, the classifiers and the page.
///
/// Definitions follow NATIVE.md "Conventions": latency is the span from the earliest observation start to the
/// latest observation end; tokens add up the GENERATION observations; cost adds up every observation.
/// A figure is nil when the trace records nothing to compute it from; code that needs a number (the
/// `resource-outliers` population in NATIVE.md's reference) reads nil as 0.
public struct TraceMetrics: Sendable, Equatable {
    /// Latest `endTime` minus earliest `startTime` over the observations, in milliseconds.
    ///
    /// Nil when there are no observations or none of them has ended. Exact to the nanosecond, except for
    /// instants centuries apart (past 292 years), where it is computed in floating point.
    public var latencyMilliseconds: Double?
    /// Sum over GENERATION observations of `usageDetails.total` (else `input` + `output`); nil when no
    /// generation records a token count.
    public var totalTokens: Int?
    /// Sum over all observations of `costDetails.total` in USD; nil when no observation records a cost.
    public var totalCost: Double?

    /// Creates metrics from their values.
    /// - Parameters:
    ///   - latencyMilliseconds: the latency in milliseconds.
    ///   - totalTokens: the token total.
    ///   - totalCost: the cost in USD.
    public init(latencyMilliseconds: Double?, totalTokens: Int?, totalCost: Double?) {
        self.latencyMilliseconds = latencyMilliseconds
        self.totalTokens = totalTokens
        self.totalCost = totalCost
    }

    /// Computes the metrics of a trace.
    /// - Parameter trace: the trace.
    /// - Complexity: O(n) in the number of observations.
    public init(of trace: Trace) {
        var earliestStart: Int64?
        var latestEnd: Int64?
        var tokens: Int?
        var cost: Double?
        for observation in trace.observations {
            let start = observation.startTime.nanoseconds
            earliestStart = min(earliestStart ?? start, start)
            if let end = observation.endTime?.nanoseconds {
                latestEnd = max(latestEnd ?? end, end)
            }
            if observation.type == "GENERATION", let count = observation.totalTokens {
                // A hostile trace with absurd counts must not trap or wrap to a small total.
                tokens = (tokens ?? 0).saturatingAdd(count)
            }
            if let amount = observation.totalCost, amount.isFinite {
                cost = (cost ?? 0) + amount
            }
        }
        if let earliestStart, let latestEnd {
            // Subtracting in Int64 first keeps nanosecond precision for long traces; instants from an untrusted
            // file may lie further apart than Int64 nanoseconds span.
            let (difference, overflow) = latestEnd.subtractingReportingOverflow(earliestStart)
            latencyMilliseconds =
                overflow
                ? Double(latestEnd) / 1_000_000 - Double(earliestStart) / 1_000_000 : Double(difference) / 1_000_000
        } else {
            latencyMilliseconds = nil
        }
        totalTokens = tokens
        totalCost = cost
    }
}

extension Trace {
    /// The trace's latency, tokens and cost (NATIVE.md "Conventions").
    /// - Complexity: O(n) in the number of observations.
    public var metrics: TraceMetrics { TraceMetrics(of: self) }
}

extension Int {
    /// The sum, or the nearest of `Int.min` and `Int.max` when it overflows: for counts read from untrusted
    /// files, which must neither trap nor wrap.
    /// - Parameter other: the number to add.
    /// - Returns: the saturated sum.
    public func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
