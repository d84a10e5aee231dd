import QuireHTML

/// The report's inline SVG charts, drawn into an `<svg>` element of the template.
///
/// Everything is computed from the model with fixed geometry and printed with fixed decimals, so the
/// same model gives the same bytes. Labels from the data are text nodes (truncated for the layout, the
/// full text in a `<title>` tooltip).
enum SVGChart {
    /// The width of every chart in user units.
    static let width = 960.0

    /// One bar of the α chart.
    struct AlphaBar: Sendable, Equatable {
        var label: String
        var alpha: Double?
        var ciLow: Double?
        var ciHigh: Double?
        var reasonIfNull: String?
    }

    /// Draws Krippendorff's α per score: bars from 0, CI whiskers, the .667 and .800 thresholds over
    /// shaded bands.
    /// - Parameters:
    ///   - bars: one per score with an α row.
    ///   - svg: the `<svg>` element to draw into.
    /// - Throws: ``HTMLTemplateError``.
    static func alpha(_ bars: [AlphaBar], into svg: borrowing HTMLElement) throws {
        let labelWidth = 200.0
        let valueWidth = 170.0
        let top = 24.0
        let rowHeight = 30.0
        let axisHeight = 26.0
        let plotLeft = labelWidth
        let plotRight = width - valueWidth
        let plotBottom = top + rowHeight * Double(bars.count)
        let height = plotBottom + axisHeight
        var lowest = 0.0
        for bar in bars {
            for value in [bar.alpha, bar.ciLow, bar.ciHigh].compactMap({ $0 }) { lowest = min(lowest, value) }
        }
        let low = max(-1, (lowest * 10).rounded(.down) / 10)
        let high = 1.0
        func x(_ value: Double) -> Double {
            plotLeft + (min(max(value, low), high) - low) / (high - low) * (plotRight - plotLeft)
        }
        try svg.setAttribute("viewBox", "0 0 \(number(width)) \(number(height))")
        try svg.setAttribute("height", number(height))
        try svg.appendElement("g", attributes: [("class", "zones")]) { zones in
            let zoneList: [(String, Double, Double)] = [
                ("zone-unreliable", low, ReliabilityBand.tentativeThreshold),
                ("zone-tentative", ReliabilityBand.tentativeThreshold, ReliabilityBand.reliableThreshold),
                ("zone-reliable", ReliabilityBand.reliableThreshold, high),
            ]
            for (name, from, to) in zoneList where to > from {
                try zones.appendElement(
                    "rect",
                    attributes: [
                        ("class", name), ("x", number(x(from))), ("y", number(top)),
                        ("width", number(x(to) - x(from))), ("height", number(plotBottom - top)),
                    ])
            }
        }
        try svg.appendElement("g", attributes: [("class", "axis")]) { axis in
            var tick = (low * 10).rounded() / 10
            let step = high - low > 1.2 ? 0.2 : 0.1
            while tick <= high + 1e-9 {
                try axis.appendElement(
                    "line",
                    attributes: [
                        ("class", "grid"), ("x1", number(x(tick))), ("y1", number(top)), ("x2", number(x(tick))),
                        ("y2", number(plotBottom)),
                    ])
                try axis.appendElement(
                    "text",
                    attributes: [
                        ("x", number(x(tick))), ("y", number(plotBottom + 17)), ("text-anchor", "middle"),
                    ], text: ReportFormat.decimal(tick, places: 1))
                tick = ((tick + step) * 10).rounded() / 10
            }
            if low < 0 {
                try axis.appendElement(
                    "line",
                    attributes: [
                        ("x1", number(x(0))), ("y1", number(top)), ("x2", number(x(0))), ("y2", number(plotBottom)),
                        ("stroke", "#59636e"), ("stroke-width", "1"),
                    ])
            }
        }
        try svg.appendElement("g", attributes: [("class", "thresholds")]) { thresholds in
            let lines: [(Double, String)] = [
                (ReliabilityBand.tentativeThreshold, "#bf8700"), (ReliabilityBand.reliableThreshold, "#1a7f37"),
            ]
            for (value, colour) in lines {
                try thresholds.appendElement(
                    "line",
                    attributes: [
                        ("class", "threshold"), ("x1", number(x(value))), ("y1", number(top - 6)),
                        ("x2", number(x(value))), ("y2", number(plotBottom)), ("stroke", colour),
                    ])
                try thresholds.appendElement(
                    "text",
                    attributes: [
                        ("class", "muted"), ("x", number(x(value))), ("y", number(top - 9)),
                        ("text-anchor", "middle"),
                    ], text: ReportFormat.coefficient(value))
            }
        }
        for (index, bar) in bars.enumerated() {
            let middle = top + rowHeight * (Double(index) + 0.5)
            try svg.appendElement("g", attributes: [("class", "row")]) { row in
                try label(bar.label, x: plotLeft - 10, y: middle + 4, into: row)
                guard let alpha = bar.alpha else {
                    let reason = "n/a — " + (bar.reasonIfNull ?? "undefined")
                    try row.appendElement(
                        "text",
                        attributes: [("class", "muted halo"), ("x", number(plotLeft + 8)), ("y", number(middle + 4))],
                        text: truncated(reason, to: 80))
                    return
                }
                let band = ReliabilityBand(alpha: alpha)
                try row.appendElement(
                    "rect",
                    attributes: [
                        ("class", "bar-\(band.rawValue)"), ("x", number(min(x(0), x(alpha)))),
                        ("y", number(middle - 7)), ("width", number(max(abs(x(alpha) - x(0)), 1.5))),
                        ("height", "14"), ("rx", "2"),
                    ])
                var valueText = ReportFormat.coefficient(alpha)
                if let ciLow = bar.ciLow, let ciHigh = bar.ciHigh {
                    try row.appendElement(
                        "line",
                        attributes: [
                            ("class", "whisker"), ("x1", number(x(ciLow))), ("y1", number(middle)),
                            ("x2", number(x(ciHigh))), ("y2", number(middle)),
                        ])
                    for end in [ciLow, ciHigh] {
                        try row.appendElement(
                            "line",
                            attributes: [
                                ("class", "whisker"), ("x1", number(x(end))), ("y1", number(middle - 5)),
                                ("x2", number(x(end))), ("y2", number(middle + 5)),
                            ])
                    }
                    valueText += " [\(ReportFormat.coefficient(ciLow)), \(ReportFormat.coefficient(ciHigh))]"
                }
                try row.appendElement(
                    "text", attributes: [("x", number(plotRight + 10)), ("y", number(middle + 4))], text: valueText)
            }
        }
    }

    /// Draws items per reviewer: completed and skipped on a track as long as the assignment.
    /// - Parameters:
    ///   - reviewers: the rows.
    ///   - svg: the `<svg>` element to draw into.
    /// - Throws: ``HTMLTemplateError``.
    static func workload(_ reviewers: [ReviewerReportRow], into svg: borrowing HTMLElement) throws {
        let labelWidth = 200.0
        let valueWidth = 220.0
        let top = 8.0
        let rowHeight = 28.0
        let plotLeft = labelWidth
        let plotRight = width - valueWidth
        let height = top * 2 + rowHeight * Double(reviewers.count)
        let largest = max(1, reviewers.map { max($0.assigned, $0.completed + $0.skipped) }.max() ?? 1)
        func length(_ count: Int) -> Double { Double(count) / Double(largest) * (plotRight - plotLeft) }
        try svg.setAttribute("viewBox", "0 0 \(number(width)) \(number(height))")
        try svg.setAttribute("height", number(height))
        for (index, reviewer) in reviewers.enumerated() {
            let middle = top + rowHeight * (Double(index) + 0.5)
            try svg.appendElement("g", attributes: [("class", "row")]) { row in
                try label(reviewer.name, x: plotLeft - 10, y: middle + 4, into: row)
                let segments: [(String, Double, Double)] = [
                    ("track", 0, length(max(reviewer.assigned, reviewer.completed + reviewer.skipped))),
                    ("done", 0, length(reviewer.completed)),
                    ("skipped", length(reviewer.completed), length(reviewer.skipped)),
                ]
                for (name, offset, size) in segments where size > 0 {
                    try row.appendElement(
                        "rect",
                        attributes: [
                            ("class", name), ("x", number(plotLeft + offset)), ("y", number(middle - 8)),
                            ("width", number(size)), ("height", "16"), ("rx", "2"),
                        ])
                }
                var text = "\(ReportFormat.count(reviewer.completed)) of \(ReportFormat.count(reviewer.assigned))"
                if let seconds = reviewer.medianSecondsPerItem {
                    text += " · \(ReportFormat.seconds(seconds)) per item"
                }
                try row.appendElement(
                    "text", attributes: [("x", number(plotRight + 10)), ("y", number(middle + 4))], text: text)
            }
        }
    }

    /// A right-aligned row label, cut to fit, with the full text as a tooltip.
    private static func label(_ text: String, x: Double, y: Double, into row: borrowing HTMLElement) throws {
        // SVG reads a tooltip from a `<title>` that is the element's first child.
        try row.appendElement("text", attributes: [("x", number(x)), ("y", number(y)), ("text-anchor", "end")]) {
            label in
            try label.appendElement("title", text: text)
            label.appendText(truncated(text, to: 26))
        }
    }

    /// At most `limit` characters, with an ellipsis when cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    /// A coordinate with one decimal, no grouping: `180`, `412.5`, `-3.2`.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded(.toNearestOrAwayFromZero)
        guard tenths.isFinite, abs(tenths) < 1e15 else { return "0" }
        let units = Int64(tenths)
        let sign = units < 0 ? "-" : ""
        let magnitude = units.magnitude
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
