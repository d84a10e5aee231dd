import QuireAgreement
import QuireModel
import QuireTestSupport
import Testing

@Suite("Bootstrap intervals")
struct BootstrapTests {
    @Test("the same seed gives the same intervals", arguments: 0..<50 as Range<UInt64>)
    func reproducible(seed: UInt64) throws {
        let table = try RandomRatings(seed: seed).table()
        var first = SplitMix64(seed: seed)
        var second = SplitMix64(seed: seed)
        let statistics = AgreementStatistic.allCases
        let a = table.bootstrapIntervals(of: statistics, level: .ordinal, resamples: 60, using: &first)
        let b = table.bootstrapIntervals(of: statistics, level: .ordinal, resamples: 60, using: &second)
        #expect(a == b)
        #expect(Set(a.keys) == Set(statistics))
        for (statistic, interval) in a {
            if let interval = interval.value {
                #expect(interval.lower <= interval.upper, "\(statistic)")
            } else {
                #expect(
                    table.coefficient(statistic, level: .ordinal).value == nil || interval.reason == .noDefinedResamples
                )
            }
        }
    }

    @Test("bounds are the percentiles of α over tables of resampled items")
    func matchesMaterialisedResamples() throws {
        let random = RandomRatings(seed: 7, missing: 0.2)
        let table = try random.table()
        let resamples = 200
        var generator = SplitMix64(seed: 42)
        let interval = try #require(
            table.bootstrapInterval(
                of: .krippendorffAlpha, level: .interval, resamples: resamples, confidence: 0.9, using: &generator
            ).value
        )

        // The same draws, made into real tables: item k of a resample is a copy of the drawn item.
        var replay = SplitMix64(seed: 42)
        let rated = table.items.indices.filter { item in table.reviewers.indices.contains { table[item, $0] != nil } }
        var estimates: [Double] = []
        for _ in 0..<resamples {
            var rows: [Rating<Double>] = []
            for copy in 0..<rated.count {
                let item = rated[Int.random(in: 0..<rated.count, using: &replay)]
                for reviewer in table.reviewers.indices {
                    rows.append(
                        Rating(
                            item: itemName(copy), reviewer: table.reviewers[reviewer],
                            value: table.value(item: item, reviewer: reviewer)))
                }
            }
            if let alpha = try RatingTable(numbers: rows).krippendorffAlpha(level: .interval).value {
                estimates.append(alpha)
            }
        }
        estimates.sort()
        func percentile(_ p: Double) -> Double {
            let position = p * Double(estimates.count - 1)
            let below = Int(position)
            let above = min(below + 1, estimates.count - 1)
            return estimates[below] + (position - Double(below)) * (estimates[above] - estimates[below])
        }
        #expect(abs(interval.lower - percentile(0.05)) < 1e-12)
        #expect(abs(interval.upper - percentile(0.95)) < 1e-12)
        #expect(interval.resamples == resamples)
        #expect(interval.undefinedResamples == resamples - estimates.count)
        #expect(interval.confidence == 0.9)
    }

    @Test("a statistic undefined on the data has no interval and keeps its reason")
    func undefinedPointEstimate() throws {
        let table = try RatingTable(numbers: ratings(itemsByReviewers: [[1, 1, 1], [2, 2, 3]]))
        var generator = SplitMix64(seed: 1)
        let interval = table.bootstrapInterval(of: .cohenKappa, level: .nominal, resamples: 10, using: &generator)
        #expect(interval == .undefined(.needsTwoReviewers(found: 3)))
    }

    @Test("no resamples gives no interval")
    func noResamples() throws {
        let table = try RandomRatings(seed: 3).table()
        var generator = SplitMix64(seed: 1)
        let interval = table.bootstrapInterval(of: .percentAgreement, level: .nominal, resamples: 0, using: &generator)
        #expect(interval == .undefined(.noDefinedResamples))
    }

    @Test("resamples that draw no variation are counted as undefined and left out")
    func undefinedResamplesAreCounted() throws {
        // Two items, one with variation: a resample that draws the constant item twice has no α.
        let table = try RatingTable(numbers: ratings(itemsByReviewers: [[1, 1], [1, 2]]))
        var generator = SplitMix64(seed: 5)
        let interval = try #require(
            table.bootstrapInterval(of: .krippendorffAlpha, level: .interval, resamples: 400, using: &generator).value
        )
        #expect(interval.undefinedResamples > 50 && interval.undefinedResamples < 150)
    }
}
