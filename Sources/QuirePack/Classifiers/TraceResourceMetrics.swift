public import QuireModel

/// One trace's resource use, the input of ``ResourceOutlierClassifier`` (NATIVE.md "Conventions").
///
/// Small on purpose: pack computes it for every trace in a first streaming pass and keeps only these, then
/// judges each trace against the whole population in a second pass.
public struct TraceResourceMetrics: Sendable, Equatable {
    /// The trace's id.
    public var traceID: String
    /// ``TraceMetrics/latencyMilliseconds``, 0 when there is none.
    public var latencyMilliseconds: Double
    /// ``TraceMetrics/totalTokens``, 0 when there is none.
    public var tokens: Int
    /// ``TraceMetrics/totalCost``, 0 when there is none.
    public var cost: Double
    /// What took the time, used the tokens and cost the money: short texts for the evidence snippet.
    var drivers: Drivers

    /// What dominated each metric.
    struct Drivers: Sendable, Equatable {
        /// `TOOL "cancel_subscription" ran 6 times, 360000 ms in total (longest 60000 ms)`.
        var latency: String?
        /// The generation with the most tokens.
        var tokens: Driver?
        /// The observation that cost most.
        var cost: Driver?
    }

    /// One observation that dominated a metric.
    struct Driver: Sendable, Equatable {
        /// Which observation.
        var observationID: String
        /// `largest generation "chat gpt-4o"`.
        var label: String
        /// `52450 tokens (52410 input, 40 output)` or `0.131425 USD`.
        var amount: String
    }

    /// Metrics given directly, computed elsewhere; the evidence then shows numbers only.
    /// - Parameters:
    ///   - traceID: the trace's id.
    ///   - latencyMilliseconds: its latency in ms.
    ///   - tokens: its tokens.
    ///   - cost: its cost in USD.
    public init(traceID: String, latencyMilliseconds: Double, tokens: Int, cost: Double) {
        self.traceID = traceID
        self.latencyMilliseconds = latencyMilliseconds
        self.tokens = tokens
        self.cost = cost
        self.drivers = Drivers()
    }

    /// Measures a trace.
    /// - Parameter trace: the trace.
    /// - Complexity: O(n) in the observations (O(n log n) to group the longest steps).
    public init(of trace: Trace) {
        traceID = trace.id
        // The figures are the trace's metrics as the filter language and the page define them.
        let metrics = trace.metrics
        latencyMilliseconds = metrics.latencyMilliseconds ?? 0
        tokens = metrics.totalTokens ?? 0
        cost = metrics.totalCost ?? 0
        let observations = trace.observations
        let generations = observations.filter { $0.type == "GENERATION" }
        drivers = Drivers(
            latency: Self.latencyDriver(observations),
            tokens: Self.tokenDriver(generations),
            cost: Self.costDriver(observations))
    }

    /// The kind of leaf step (type and name) that took longest in total.
    ///
    /// Leaves, because a root span
    /// covers the whole trace and says nothing about where the time went.
    private static func latencyDriver(_ observations: [Observation]) -> String? {
        let parents = Set(observations.compactMap(\.parentObservationID))
        var groups: [(type: String, name: String, count: Int, total: Int64, longest: Int64)] = []
        for observation in observations where !parents.contains(observation.id) {
            guard let end = observation.endTime else { continue }
            let (difference, overflow) = end.nanoseconds.subtractingReportingOverflow(observation.startTime.nanoseconds)
            let duration = overflow ? (difference < 0 ? Int64.max : 0) : max(0, difference)
            let name = observation.name ?? observation.id
            if let index = groups.firstIndex(where: { $0.type == observation.type && $0.name == name }) {
                groups[index].count += 1
                let (total, overflow) = groups[index].total.addingReportingOverflow(duration)
                groups[index].total = overflow ? .max : total
                groups[index].longest = max(groups[index].longest, duration)
            } else {
                groups.append((observation.type, name, 1, duration, duration))
            }
        }
        guard var top = groups.first else { return nil }
        for group in groups.dropFirst() where group.total > top.total { top = group }
        let step = "\(top.type) \(Quoted(top.name))"
        if top.count == 1 { return "\(step) took \(milliseconds(top.total)) ms" }
        return "\(step) ran \(top.count) times, \(milliseconds(top.total)) ms in total "
            + "(longest \(milliseconds(top.longest)) ms)"
    }

    private static func tokenDriver(_ generations: [Observation]) -> Driver? {
        var top: Observation?
        for generation in generations where (generation.totalTokens ?? 0) > (top?.totalTokens ?? 0) {
            top = generation
        }
        guard let top, let total = top.totalTokens else { return nil }
        let counted = generations.filter { ($0.totalTokens ?? 0) > 0 }.count
        let label =
            (counted > 1 ? "largest of \(counted) generations, " : "generation ") + "\(Quoted(top.name ?? top.id))"
        var amount = "\(total) tokens"
        if let input = top.usageDetails["input"]?.intValue, let output = top.usageDetails["output"]?.intValue {
            amount += " (\(input) input, \(output) output)"
        }
        return Driver(observationID: top.id, label: label, amount: amount)
    }

    private static func costDriver(_ observations: [Observation]) -> Driver? {
        var top: Observation?
        for observation in observations where (observation.totalCost ?? 0) > (top?.totalCost ?? 0) {
            top = observation
        }
        guard let top, let cost = top.totalCost else { return nil }
        let counted = observations.filter { ($0.totalCost ?? 0) > 0 }.count
        let kind = top.type.lowercased()
        let label =
            (counted > 1 ? "costliest of \(counted) priced steps, " : "\(kind) ") + "\(Quoted(top.name ?? top.id))"
        return Driver(observationID: top.id, label: label, amount: "\(ResourceNumberText.decimal(cost)) USD")
    }

    private static func milliseconds(_ nanoseconds: Int64) -> String {
        ResourceNumberText.decimal(Double(nanoseconds) / 1_000_000)
    }
}
