import Testing

@testable import QuireMerge

@Suite("ReportFormat")
struct ReportFormatTests {
    @Test(
        "decimals round half away from zero and never print -0",
        arguments: [
            (0.8125, 3, "0.813"), (-0.8125, 3, "-0.813"), (0.0004, 3, "0.000"), (-0.0004, 3, "0.000"),
            (1, 3, "1.000"), (12_345.5, 1, "12,345.5"), (-1_234_567, 0, "-1,234,567"), (0.5, 0, "1"),
            (Double.nan, 3, "n/a"), (Double.infinity, 1, "n/a"),
        ] as [(Double, Int, String)])
    func decimals(_ value: Double, _ places: Int, _ expected: String) {
        #expect(ReportFormat.decimal(value, places: places) == expected)
    }

    @Test(
        "durations read as seconds, then minutes",
        arguments: [
            (4.25, "4.3 s"), (9.94, "9.9 s"), (41.5, "42 s"), (119.4, "119 s"), (185, "3 min 05 s"),
            (3600, "60 min 00 s"),
        ]
            as [(Double, String)])
    func durations(_ seconds: Double, _ expected: String) {
        #expect(ReportFormat.seconds(seconds) == expected)
    }

    @Test("percentages, intervals and counts")
    func otherFormats() {
        #expect(ReportFormat.percent(0.60811) == "60.8%")
        #expect(ReportFormat.interval(0.59, 0.758, of: .percentAgreement) == "[59.0%, 75.8%]")
        #expect(ReportFormat.interval(-0.05, 0.2, of: .krippendorffAlpha) == "[-0.050, 0.200]")
        #expect(ReportFormat.count(1_000) == "1,000")
        #expect(ReportFormat.count(999) == "999")
        #expect(ReportFormat.plain(0.5) == "0.5")
        #expect(ReportFormat.plain(2) == "2")
    }

    @Test("SVG coordinates have one decimal and no grouping")
    func coordinates() {
        #expect(SVGChart.number(1234.56) == "1234.6")
        #expect(SVGChart.number(200) == "200")
        #expect(SVGChart.number(-3.25) == "-3.3")
        #expect(SVGChart.number(0.04) == "0")
    }

    @Test(
        "heat levels are the count's share of the largest, rounded up to fifths",
        arguments: [(0, 10, 0), (1, 10, 1), (2, 10, 1), (3, 10, 2), (10, 10, 5), (9, 10, 5), (5, 0, 0)]
            as [(Int, Int, Int)])
    func heat(_ count: Int, _ largest: Int, _ level: Int) {
        #expect(ReportHTMLWriter.heatLevel(count, largest: largest) == level)
    }

    @Test(
        "α bands follow Krippendorff's thresholds",
        arguments: [
            (0.8, ReliabilityBand.reliable), (0.7999, .tentative), (0.667, .tentative), (0.6669, .unreliable),
            (-0.2, .unreliable), (1, .reliable),
        ] as [(Double, ReliabilityBand)])
    func bands(_ alpha: Double, _ band: ReliabilityBand) {
        #expect(ReliabilityBand(alpha: alpha) == band)
        #expect(StatisticRow(.krippendorffAlpha, value: alpha).band == band)
        #expect(StatisticRow(.fleissKappa, value: alpha).band == nil)
    }
}
