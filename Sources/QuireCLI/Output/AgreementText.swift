import QuireAgreement

/// The text form of `quire agree`: a table of statistics with readings, and a table of reviewer pairs.
struct AgreementText {
    /// What to show.
    let analysis: AgreementAnalysis
    /// The inputs and score, for the first line.
    let title: String
    /// The bootstrap seed, stated so the intervals can be reproduced.
    let seed: UInt64

    /// The whole output, ending with a newline.
    var text: String {
        let report = analysis.report
        var lines = [
            "Agreement: \(title)",
            "Level \(report.level.rawValue): \(report.items) items, \(report.reviewers) reviewers, "
                + "\(report.values) values",
            "",
        ]
        var rows: [[String]] = [["statistic", "value", "95% CI", "reading"]]
        func add(_ name: String, _ coefficient: Coefficient, _ statistic: AgreementStatistic?, _ band: Band?) {
            switch coefficient {
            case .defined(let value):
                rows.append([name, Self.fixed(value), interval(statistic), band.map { $0.reading(value) } ?? ""])
            case .undefined(let reason):
                rows.append([name, "—", "", reason.description])
            }
        }
        add("Krippendorff's α (\(report.level.rawValue))", report.krippendorffAlpha, .krippendorffAlpha, .krippendorff)
        add("percent agreement", report.percentAgreement, .percentAgreement, nil)
        add("Fleiss' κ", report.fleissKappa, .fleissKappa, .landisKoch)
        add("Gwet's AC1", report.gwetAC1, .gwetAC1, .landisKoch)
        add("Cohen's κ", report.cohenKappa, .cohenKappa, .landisKoch)
        add("Cohen's κ, linear weights", report.cohenKappaLinear, .cohenKappaLinear, .landisKoch)
        add("Cohen's κ, quadratic weights", report.cohenKappaQuadratic, .cohenKappaQuadratic, .landisKoch)
        switch report.icc {
        case .undefined(let reason):
            rows.append(["ICC", "—", "", reason.description])
        case .defined(let forms):
            let names = ["ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)"]
            for (name, form) in zip(names, forms.named) { add(name, form.value, nil, .kooLi) }
        }
        lines += Self.table(rows)
        lines.append("")
        lines.append("Readings: α after Krippendorff (2004): ≥ .800 reliable, .667–.800 tentative, < .667 unreliable;")
        lines.append("κ and AC1 after Landis & Koch (1977); ICC after Koo & Li (2016).")
        if let interval = analysis.intervals.values.lazy.compactMap(\.value).first {
            lines.append(
                "CI: \(Int((interval.confidence * 100).rounded()))% bootstrap percentile interval, "
                    + "\(interval.resamples) resamples of items, seed \(seed)."
            )
        }

        let pairs = analysis.pairs
        if pairs.count > 1 {
            lines.append("")
            lines.append("Reviewer pairs")
            var pairRows: [[String]] = [["first", "second", "shared items", "agreement", "Cohen's κ", "α"]]
            for pair in pairs {
                pairRows.append([
                    pair.firstReviewer, pair.secondReviewer, String(pair.sharedItems),
                    Self.fixed(pair.percentAgreement), Self.fixed(pair.cohenKappa), Self.fixed(pair.krippendorffAlpha),
                ])
            }
            lines += Self.table(pairRows)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func interval(_ statistic: AgreementStatistic?) -> String {
        guard let statistic, let interval = analysis.intervals[statistic]?.value else { return "" }
        return "[\(Self.fixed(interval.lower)), \(Self.fixed(interval.upper))]"
    }

    /// Interpretation bands, each from its source.
    enum Band {
        /// Krippendorff (2004), Content Analysis, §12.2: rely on α ≥ .800, draw tentative conclusions
        /// from .667 ≤ α < .800.
        case krippendorff
        /// Landis & Koch (1977), "The measurement of observer agreement for categorical data".
        case landisKoch
        /// Koo & Li (2016), "A guideline of selecting and reporting intraclass correlation coefficients".
        case kooLi

        func reading(_ value: Double) -> String {
            switch self {
            case .krippendorff:
                if value >= 0.8 { return "reliable (≥ .800)" }
                if value >= 0.667 { return "tentative (.667–.800)" }
                return "unreliable (< .667)"
            case .landisKoch:
                if value < 0 { return "poor (< 0)" }
                if value <= 0.2 { return "slight (0–.20)" }
                if value <= 0.4 { return "fair (.21–.40)" }
                if value <= 0.6 { return "moderate (.41–.60)" }
                if value <= 0.8 { return "substantial (.61–.80)" }
                return "almost perfect (.81–1)"
            case .kooLi:
                if value < 0.5 { return "poor (< .50)" }
                if value < 0.75 { return "moderate (.50–.75)" }
                if value <= 0.9 { return "good (.75–.90)" }
                return "excellent (> .90)"
            }
        }
    }

    /// Three decimals, rounded half away from zero; `—` for an undefined coefficient.
    static func fixed(_ coefficient: Coefficient) -> String {
        coefficient.value.map { fixed($0) } ?? "—"
    }

    /// Three decimals, rounded half away from zero.
    static func fixed(_ value: Double) -> String {
        let thousandths = Int64((abs(value) * 1000).rounded())
        let sign = value < 0 && thousandths > 0 ? "-" : ""
        let fraction = String(thousandths % 1000)
        return "\(sign)\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }

    /// Rows as left-aligned columns two spaces apart, trailing spaces trimmed.
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += cell
                if column < row.count - 1 { line += String(repeating: " ", count: widths[column] - cell.count + 2) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
