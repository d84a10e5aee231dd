import QuireModel

/// Writes the report as GitHub-flavoured Markdown.
///
/// Every string from the data passes through ``escape(_:)``: ASCII punctuation that Markdown, GFM tables,
/// math or inline HTML could read as syntax is backslash-escaped (CommonMark §2.4), line breaks become
/// spaces so a comment cannot end a table row, and control characters become U+FFFD.
struct ReportMarkdownWriter {
    let model: ReportModel

    func render() -> String {
        var out: [String] = []
        header(into: &out)
        summary(into: &out)
        overview(into: &out)
        scores(into: &out)
        reviewers(into: &out)
        conflicts(into: &out)
        alignment(into: &out)
        bundles(into: &out)
        out.append(
            "_Made by Quire from the bundles listed above; the same bundles give the same report. “n/a” marks a "
                + "statistic these data cannot define, with the reason; intervals are percentile bootstrap 95% "
                + "intervals over items._")
        return out.joined(separator: "\n") + "\n"
    }

    /// Markdown-inert text (see the type's documentation).
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\n":
                if !previousWasCarriageReturn { out.unicodeScalars.append(" ") }
            case "\r", "\t":
                out.unicodeScalars.append(" ")
            case "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "|", "&", "#", "~", "$", "!", "^":
                out.unicodeScalars.append("\\")
                out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    private static func separator(_ alignments: [Bool]) -> String {
        "|" + alignments.map { $0 ? " ---: |" : " --- |" }.joined()
    }

    private func header(into out: inout [String]) {
        let header = model.header
        out.append("# Quire merge report: \(Self.escape(header.queue))")
        out.append("")
        out.append(Self.row(["", ""]))
        out.append(Self.separator([false, false]))
        out.append(Self.row(["Pack", Self.escape(header.packID)]))
        out.append(Self.row(["Items", ReportFormat.count(header.items)]))
        out.append(Self.row(["Merge policy", Self.escape(ReportHTMLWriter.policyText(header))]))
        let reviewers = header.reviewers.isEmpty ? "none" : header.reviewers.map(Self.escape).joined(separator: ", ")
        out.append(Self.row(["Reviewers", reviewers]))
        out.append(Self.row(["Bundles", String(header.bundles.count)]))
        out.append(Self.row(["Generated from inputs at", Self.escape(header.generatedAt)]))
        out.append("")
    }

    private func summary(into out: inout [String]) {
        out.append("## What to do next")
        out.append("")
        for line in ReportSummary.lines(for: model) {
            var text = ""
            for segment in line {
                switch segment {
                case .text(let value): text += Self.escape(value)
                case .name(let value, _): text += "**\(Self.escape(value))**"
                case .link(let value, _): text += Self.escape(value)
                case .code(let value): text += "`\(value)`"
                }
            }
            out.append("- " + text)
        }
        out.append("")
    }

    private func overview(into out: inout [String]) {
        out.append("## Agreement at a glance")
        out.append("")
        let rows = model.scores.filter { $0.alpha != nil }
        guard !rows.isEmpty else {
            out.append("No score has an agreement coefficient.")
            out.append("")
            return
        }
        out.append(
            "Krippendorff's α per score. α ≥ 0.800 reliable; 0.667–0.800 tentative conclusions only; below 0.667 "
                + "unreliable.")
        out.append("")
        out.append(Self.row(["Score", "α", "95% CI", "Reading"]))
        out.append(Self.separator([false, true, true, false]))
        for section in rows {
            guard let alpha = section.alpha else { continue }
            out.append(Self.row([Self.escape(section.name)] + Self.statisticCells(alpha)))
        }
        out.append("")
    }

    /// Value, interval and reading, as the HTML table shows them.
    private static func statisticCells(_ statistic: StatisticRow) -> [String] {
        guard let value = statistic.value else {
            return ["n/a", "—", escape(statistic.reasonIfNull ?? "undefined")]
        }
        var interval = "—"
        if let low = statistic.ciLow, let high = statistic.ciHigh {
            interval = ReportFormat.interval(low, high, of: statistic.statistic)
        }
        return [ReportFormat.value(value, of: statistic.statistic), interval, statistic.band?.rawValue ?? ""]
    }

    private func scores(into out: inout [String]) {
        out.append("## Scores")
        out.append("")
        if model.scores.isEmpty {
            out.append("The queue has no scores.")
            out.append("")
        }
        for section in model.scores {
            out.append("### \(Self.escape(section.name)) (\(ReportHTMLWriter.bandText(section)))")
            out.append("")
            out.append(Self.escape(ReportHTMLWriter.metaText(section)))
            out.append("")
            if let note = section.note {
                out.append(Self.escape(note))
                out.append("")
            }
            if !section.statistics.isEmpty {
                out.append(Self.row(["Statistic", "Value", "95% CI", "Reading"]))
                out.append(Self.separator([false, true, true, false]))
                for statistic in section.statistics {
                    out.append(Self.row([Self.escape(statistic.name)] + Self.statisticCells(statistic)))
                }
                out.append("")
            }
            if !section.pairs.isEmpty {
                out.append("#### Reviewer pairs")
                out.append("")
                out.append(Self.row(["Reviewers", "Shared items", "Agreement", "Cohen's κ", "α"]))
                out.append(Self.separator([false, true, true, true, true]))
                for pair in section.pairs {
                    out.append(
                        Self.row([
                            "\(Self.escape(pair.first)) – \(Self.escape(pair.second))",
                            ReportFormat.count(pair.sharedItems),
                            pair.percentAgreement.map(ReportFormat.percent) ?? "n/a",
                            pair.cohenKappa.map(ReportFormat.coefficient) ?? "n/a",
                            pair.alpha.map(ReportFormat.coefficient) ?? "n/a",
                        ]))
                }
                out.append("")
            }
            for matrix in section.confusionMatrices {
                out.append(
                    "#### Confusion: \(Self.escape(matrix.rowTitle)) (rows) × \(Self.escape(matrix.columnTitle)) "
                        + "(columns)")
                out.append("")
                out.append(
                    "\(ReportFormat.count(matrix.agreeing)) of \(ReportFormat.count(matrix.total)) on the diagonal.")
                out.append("")
                out.append(
                    Self.row(
                        ["\(Self.escape(matrix.rowTitle)) ↓ \(Self.escape(matrix.columnTitle)) →"]
                            + matrix.labels.map(Self.escape)))
                out.append(Self.separator([false] + matrix.labels.map { _ in true }))
                for (rowIndex, label) in matrix.labels.enumerated() {
                    let counts = rowIndex < matrix.counts.count ? matrix.counts[rowIndex] : []
                    let cells = matrix.labels.indices.map { column -> String in
                        let count = ReportFormat.count(column < counts.count ? counts[column] : 0)
                        return column == rowIndex ? "**\(count)**" : count
                    }
                    out.append(Self.row(["**\(Self.escape(label))**"] + cells))
                }
                out.append("")
            }
        }
    }

    private func reviewers(into out: inout [String]) {
        out.append("## Reviewers")
        out.append("")
        guard !model.reviewers.isEmpty else {
            out.append("No reviewer data.")
            out.append("")
            return
        }
        out.append(
            Self.row([
                "Reviewer", "Assigned", "Completed", "Skipped", "Flagged", "Median time per item",
                "Agreement with consensus",
            ]))
        out.append(Self.separator([false, true, true, true, true, true, true]))
        for reviewer in model.reviewers {
            out.append(
                Self.row([
                    Self.escape(reviewer.name), ReportFormat.count(reviewer.assigned),
                    ReportFormat.count(reviewer.completed), ReportFormat.count(reviewer.skipped),
                    ReportFormat.count(reviewer.flagged),
                    reviewer.medianSecondsPerItem.map(ReportFormat.seconds) ?? "n/a",
                    reviewer.agreementWithConsensus.map(ReportFormat.percent) ?? "n/a",
                ]))
        }
        out.append("")
    }

    private func conflicts(into out: inout [String]) {
        out.append("## Conflicts")
        out.append("")
        out.append(Self.escape(ReportHTMLWriter.conflictLede(model)))
        out.append("")
        guard !model.conflicts.isEmpty else { return }
        out.append(Self.row(["#", "Item", "Score", "Answers", "Why"]))
        out.append(Self.separator([true, false, false, false, false]))
        for (index, conflict) in model.conflicts.enumerated() {
            let answers = conflict.answers.map { answer -> String in
                var text = "**\(Self.escape(answer.reviewer))**: \(Self.escape(answer.value))"
                if let comment = answer.comment, !comment.isEmpty { text += " — _\(Self.escape(comment))_" }
                return text
            }
            out.append(
                Self.row([
                    String(index + 1), Self.escape(conflict.itemID), Self.escape(conflict.score),
                    answers.joined(separator: "; "), Self.escape(conflict.reason),
                ]))
        }
        out.append("")
    }

    private func alignment(into out: inout [String]) {
        out.append("## Human vs EVAL")
        out.append("")
        guard !model.alignment.isEmpty else {
            out.append("No score has EVAL scores to compare with.")
            out.append("")
            return
        }
        out.append(
            Self.row([
                "Score", "Kind", "Items", "Accuracy", "Cohen's κ", "Pearson r", "Spearman ρ", "Mean abs. diff.", "Note",
            ]))
        out.append(Self.separator([false, false, true, true, true, true, true, true, false]))
        for row in model.alignment {
            let categorical = row.kind == .categorical
            func cell(_ text: String?, _ applies: Bool) -> String { applies ? (text ?? "n/a") : "—" }
            out.append(
                Self.row([
                    Self.escape(row.score), row.kind.rawValue, ReportFormat.count(row.count),
                    cell(row.accuracy.map(ReportFormat.percent), categorical),
                    cell(row.kappa.map(ReportFormat.coefficient), categorical),
                    cell(row.pearson.map(ReportFormat.coefficient), !categorical),
                    cell(row.spearman.map(ReportFormat.coefficient), !categorical),
                    cell(row.meanAbsoluteDifference.map { ReportFormat.decimal($0, places: 3) }, !categorical),
                    Self.escape(row.reasonIfNull ?? ""),
                ]))
        }
        out.append("")
    }

    private func bundles(into out: inout [String]) {
        out.append("## Bundles")
        out.append("")
        out.append(Self.row(["Reviewer", "Bundle id", "SHA-256", "File"]))
        out.append(Self.separator([false, false, false, false]))
        for bundle in model.header.bundles {
            out.append(
                Self.row([
                    Self.escape(bundle.reviewer), Self.escape(bundle.bundleID), Self.escape(bundle.sha256),
                    Self.escape(bundle.path),
                ]))
        }
        out.append("")
    }
}
