import Foundation
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

/// `resource-outliers`: metrics of one trace, population statistics, the two-part rule.
@Suite("resource-outliers classifier")
struct ClassifierResourceOutlierTests {
    typealias F = ClassifierFixtures

    static func population(latencies: [Double]) -> [TraceResourceMetrics] {
        latencies.enumerated().map {
            TraceResourceMetrics(traceID: "t\($0)", latencyMilliseconds: $1, tokens: 0, cost: 0)
        }
    }

    @Test("latency spans the earliest start to the latest end, nested or not, in milliseconds")
    func latencyOfTrace() throws {
        let trace = try F.trace(
            observations: "["
                + #"{"id":"a","type":"SPAN","startTime":"2025-01-01T00:00:01.000Z","endTime":"2025-01-01T00:00:02.000Z"},"#
                + #"{"id":"b","type":"EVENT","startTime":"2025-01-01T00:00:00.250Z","endTime":null},"#
                + #"{"id":"c","type":"TOOL","startTime":"2025-01-01T00:00:01.500Z","endTime":"2025-01-01T00:00:03.750Z"}"#
                + "]")
        let metrics = TraceResourceMetrics(of: trace)
        #expect(metrics.latencyMilliseconds == 3500)
        #expect(TraceResourceMetrics(of: try F.trace()).latencyMilliseconds == 0)
        let unfinished = try F.trace(observations: "[" + F.observation("a", "SPAN") + "]")
        #expect(TraceResourceMetrics(of: unfinished).latencyMilliseconds == 0)
    }

    @Test("instants centuries apart and absurd counts saturate instead of trapping")
    func hostileExtremes() throws {
        let trace = try F.trace(
            observations: "["
                + #"{"id":"a","type":"TOOL","name":"x","startTime":"1678-01-01T00:00:00Z","endTime":"2261-12-31T00:00:00Z"},"#
                + #"{"id":"b","type":"TOOL","name":"x","startTime":"1678-01-01T00:00:00Z","endTime":"2261-12-31T00:00:00Z"},"#
                + #"{"id":"c","type":"TOOL","name":"y","startTime":"2261-12-31T00:00:00Z","endTime":"1678-01-01T00:00:00Z"},"#
                + F.observation("g1", "GENERATION", #""usageDetails":{"total":9223372036854775000}"#) + ","
                + F.observation(
                    "g2", "GENERATION", #""usageDetails":{"total":9223372036854775000},"costDetails":{"total":1e999}"#)
                + "," + F.observation("s", "SPAN", #""costDetails":{"total":0.25}"#)
                + "]")
        let metrics = TraceResourceMetrics(of: trace)
        #expect(metrics.tokens == Int.max)
        // 1678 to 2261 in milliseconds; the steps' durations (which name the longest kind) saturate too.
        #expect(metrics.latencyMilliseconds > 1.8e13 && metrics.latencyMilliseconds < 1.9e13)
        // A cost too large to be a number is left out, as the filter language leaves it out.
        #expect(metrics.cost == 0.25)
        #expect(metrics.latencyMilliseconds == trace.metrics.latencyMilliseconds)
    }

    @Test("tokens sum GENERATION totals, else input plus output; cost sums every observation")
    func tokensAndCost() throws {
        let trace = try F.trace(
            observations: "["
                + F.observation(
                    "g1", "GENERATION",
                    #""usageDetails":{"input":10,"output":5,"total":16},"costDetails":{"total":0.5}"#) + ","
                + F.observation(
                    "g2", "GENERATION", #""usageDetails":{"input":7,"output":3},"costDetails":{"total":0.25}"#) + ","
                + F.observation("t1", "TOOL", #""usageDetails":{"total":1000},"costDetails":{"total":0.125}"#) + ","
                + F.observation("g3", "GENERATION", #""usageDetails":{}"#)
                + "]")
        let metrics = TraceResourceMetrics(of: trace)
        #expect(metrics.tokens == 26)
        #expect(metrics.cost == 0.875)
    }

    static let statisticsCases: [(values: [Double], median: Double, p95: Double)] = [
        ((1...30).map { Double($0) }, 15.5, 28.55),
        ((1...31).map { Double($0) }, 16.0, 29.5),
        ((1...100).reversed().map { Double($0) }, 50.5, 95.05),
        ([Double](repeating: 7, count: 40), 7, 7),
    ]

    @Test("median and linearly interpolated p95 follow their definitions", arguments: statisticsCases)
    func statistics(values: [Double], median: Double, p95: Double) throws {
        let classifier = ResourceOutlierClassifier(population: Self.population(latencies: values))
        let statistics = try #require(classifier.statistics?.latencyMilliseconds)
        #expect(statistics.median == median)
        #expect(abs(statistics.p95 - p95) < 1e-9)
    }

    static let hundreds = [Double](repeating: 100, count: 29)
    static let ruleCases: [(latencies: [Double], flagged: Bool)] = [
        // 29 × 100 then the candidate: p95 = 100, 3 × median = 300.
        (hundreds + [250], false),  // above p95, below 3× the median
        (hundreds + [300], true),  // exactly 3× the median counts
        (hundreds + [100], false),  // equal to p95 is not above it
        // 20 × 1 and 10 × 50: 50 is 50× the median but equals p95.
        ([Double](repeating: 1, count: 20) + [Double](repeating: 50, count: 10), false),
    ]

    @Test("a value flags only when above p95 and at least three times the median", arguments: ruleCases)
    func bothConditionsAreNeeded(latencies: [Double], flagged: Bool) {
        let flags = ResourceOutlierClassifier.flags(for: Self.population(latencies: latencies))
        #expect((flags["t\(latencies.count - 1)"] != nil) == flagged)
        #expect(flags.count == (flagged ? 1 : 0))
    }

    @Test("a flag from bare numbers states the value, p95 and ratio to the median")
    func reasonFromNumbers() throws {
        let population = Self.population(latencies: Array(repeating: 10.0, count: 29) + [30])
        let flag = try #require(ResourceOutlierClassifier.flags(for: population)["t29"])
        #expect(flag.classifier == "resource-outliers")
        #expect(flag.reason == "latency 30 ms is above the 95th percentile (10 ms) and 3.0× the median (10 ms)")
        #expect(flag.evidence == "latency 30 ms")
    }

    @Test("with a median of zero any value above p95 stands out, and the reason says so")
    func zeroMedian() throws {
        var population = (0..<29).map {
            TraceResourceMetrics(traceID: "t\($0)", latencyMilliseconds: 1, tokens: 0, cost: 0)
        }
        population.append(TraceResourceMetrics(traceID: "rich", latencyMilliseconds: 1, tokens: 0, cost: 0.000025))
        let flag = try #require(ResourceOutlierClassifier.flags(for: population)["rich"])
        #expect(flag.reason == "cost 0.000025 USD is above the 95th percentile (0 USD) and the median is 0 USD")
    }

    /// 29 small traces and one built from observations, so its evidence can be read.
    static func judged(_ observations: String) throws -> BundleItem.Flag? {
        var population = (0..<29).map {
            TraceResourceMetrics(traceID: "s\($0)", latencyMilliseconds: 10, tokens: 10, cost: 0.001)
        }
        let trace = try F.trace(id: "big", observations: observations)
        population.append(TraceResourceMetrics(of: trace))
        return ResourceOutlierClassifier(population: population).flag(for: TraceResourceMetrics(of: trace))
    }

    @Test("latency evidence names the leaf step that took the time, grouped by kind")
    func latencyEvidence() throws {
        var steps: [String] = [
            #"{"id":"root","type":"AGENT","startTime":"2025-01-01T00:00:00Z","endTime":"2025-01-01T00:10:00Z"}"#
        ]
        for index in 0..<3 {
            steps.append(
                #"{"id":"p\#(index)","parentObservationId":"root","type":"TOOL","name":"poll","#
                    + #""startTime":"2025-01-01T00:0\#(index):00Z","endTime":"2025-01-01T00:0\#(index):0\#(index + 1)Z"}"#
            )
        }
        steps.append(
            #"{"id":"g","parentObservationId":"root","type":"GENERATION","name":"chat","#
                + #""startTime":"2025-01-01T00:05:00Z","endTime":"2025-01-01T00:05:02Z"}"#)
        let flag = try #require(try Self.judged("[" + steps.joined(separator: ",") + "]"))
        #expect(flag.reason.hasPrefix("latency 600000 ms is above the 95th percentile (10 ms)"))
        #expect(flag.evidence == #"TOOL "poll" ran 3 times, 6000 ms in total (longest 3000 ms)"#)
    }

    @Test("token and cost evidence share one line when one generation caused both, and two otherwise")
    func tokenAndCostEvidence() throws {
        let same = try #require(
            try Self.judged(
                "["
                    + F.observation(
                        "g1", "GENERATION", #""name":"small","usageDetails":{"total":5},"costDetails":{"total":0.0001}"#
                    )
                    + ","
                    + F.observation(
                        "g2", "GENERATION",
                        #""name":"huge","usageDetails":{"input":9000,"output":100,"total":9100},"costDetails":{"total":2.5}"#
                    )
                    + "]"))
        #expect(same.evidence == #"largest of 2 generations, "huge": 9100 tokens (9000 input, 100 output), 2.5 USD"#)
        let apart = try #require(
            try Self.judged(
                "[" + F.observation("g1", "GENERATION", #""name":"wordy","usageDetails":{"total":5000}"#)
                    + "," + F.observation("t1", "TOOL", #""name":"paid-api","costDetails":{"total":3}"#) + "]"))
        #expect(apart.evidence == #"generation "wordy": 5000 tokens; tool "paid-api": 3 USD"#)
    }

    @Test("flags do not depend on the order of the population", arguments: 0..<20 as Range<UInt64>)
    func orderDoesNotMatter(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let count = 30 + Int(random.next() % 70)
        var population = (0..<count).map { index in
            TraceResourceMetrics(
                traceID: "t\(index)", latencyMilliseconds: Double(random.next() % 10_000),
                tokens: Int(random.next() % 5000), cost: Double(random.next() % 1000) / 100_000)
        }
        let heavy = Int(random.next() % UInt64(count))
        population[heavy].latencyMilliseconds *= 50
        let flags = ResourceOutlierClassifier.flags(for: population)
        population.shuffle(using: &random)
        #expect(ResourceOutlierClassifier.flags(for: population) == flags)
        // Above p95 leaves at most ⌈5 % of n − 1⌉ traces per metric.
        let limit = 3 * Int((0.05 * Double(count - 1)).rounded(.up))
        #expect(flags.count <= limit)
        // A trace is flagged exactly when one of its metrics is an outlier of the population.
        let statistics = ResourceOutlierClassifier(population: population).statistics
        for metrics in population {
            let stands =
                statistics.map {
                    $0.latencyMilliseconds.isOutlier(metrics.latencyMilliseconds)
                        || $0.tokens.isOutlier(Double(metrics.tokens)) || $0.cost.isOutlier(metrics.cost)
                } ?? false
            #expect((flags[metrics.traceID] != nil) == stands, "\(metrics.traceID)")
        }
    }
}
