import QuireHTML
import QuireModel

/// Fills `report.xhtml` from a model.
struct ReportHTMLWriter {
    let template: HTMLTemplate
    let model: ReportModel

    func fill() throws {
        try fillHeader()
        try fillSummary()
        try fillOverview()
        try fillScores()
        try fillReviewers()
        try fillConflicts()
        try fillAlignment()
        try fillBundles()
    }

    private func fillHeader() throws {
        let header = model.header
        try template.setText(id: "page-title", "Quire report: \(header.queue)")
        try template.setText(id: "queue-name", header.queue)
        try template.setText(id: "pack-id", header.packID)
        try template.setText(id: "item-count", ReportFormat.count(header.items))
        try template.setText(id: "policy", Self.policyText(header))
        try template.setText(
            id: "reviewer-names", header.reviewers.isEmpty ? "none" : header.reviewers.joined(separator: ", "))
        try template.fill(id: "bundle-count") { cell in
            try cell.setText("")
            try cell.appendElement(
                "a", attributes: [("href", "#bundles")],
                text: "\(header.bundles.count) \(header.bundles.count == 1 ? "bundle" : "bundles")")
        }
        try template.setText(id: "generated-at", header.generatedAt)
    }

    static func policyText(_ header: ReportHeader) -> String {
        guard let tolerance = header.tolerance else { return header.policy }
        return "\(header.policy), tolerance \(ReportFormat.plain(tolerance))"
    }

    private func fillSummary() throws {
        try template.repeatTemplate(id: "next-line", items: ReportSummary.lines(for: model)) { line, segments in
            try line.setText("")
            for segment in segments {
                switch segment {
                case .text(let text): line.appendText(text)
                case .name(let name, let anchor?):
                    try line.appendElement(
                        "a", attributes: [("class", "name user"), ("href", "#" + anchor)], text: name)
                case .name(let name, nil):
                    try line.appendElement("span", attributes: [("class", "name user")], text: name)
                case .link(let text, let anchor):
                    try line.appendElement("a", attributes: [("href", "#" + anchor)], text: text)
                case .code(let text): try line.appendElement("code", text: text)
                }
            }
        }
    }

    private func fillOverview() throws {
        let bars = model.scores.compactMap { section -> SVGChart.AlphaBar? in
            guard let alpha = section.alpha else { return nil }
            return SVGChart.AlphaBar(
                label: section.name, alpha: alpha.value, ciLow: alpha.ciLow, ciHigh: alpha.ciHigh,
                reasonIfNull: alpha.reasonIfNull)
        }
        if bars.isEmpty {
            try template.remove(id: "alpha-figure")
        } else {
            try template.remove(id: "no-alpha")
            try template.fill(id: "alpha-chart") { try SVGChart.alpha(bars, into: $0) }
        }
    }

    private func fillScores() throws {
        if !model.scores.isEmpty { try template.remove(id: "no-scores") }
        try template.repeatTemplate(id: "score-section", items: model.scores.enumerated()) { article, entry in
            let (index, section) = entry
            try article.setAttribute("id", ReportAnchors.score(index))
            try article.setText(slot: "name", section.name)
            let band = section.band
            try article.setText(slot: "badge", Self.bandText(section))
            try article.addClass(slot: "badge", "band-\(band?.rawValue ?? "none")")
            try article.setText(slot: "meta", Self.metaText(section))
            if let note = section.note {
                try article.setText(slot: "note", note)
            } else {
                try article.remove(slot: "note")
            }
            if section.statistics.isEmpty {
                try article.remove(slot: "stats-table")
            } else {
                try article.repeatSlot("stat-row", items: section.statistics) { row, statistic in
                    try Self.fillStatistic(statistic, into: row)
                }
            }
            if section.pairs.isEmpty {
                try article.remove(slot: "pairs-block")
            } else {
                try article.repeatSlot("pair-row", items: section.pairs) { row, pair in
                    try row.setText(slot: "pair-names", "\(pair.first) – \(pair.second)")
                    try row.setText(slot: "pair-items", ReportFormat.count(pair.sharedItems))
                    try Self.setNumber(pair.percentAgreement.map(ReportFormat.percent), slot: "pair-agreement", in: row)
                    try Self.setNumber(pair.cohenKappa.map(ReportFormat.coefficient), slot: "pair-kappa", in: row)
                    try Self.setNumber(pair.alpha.map(ReportFormat.coefficient), slot: "pair-alpha", in: row)
                }
            }
            if section.confusionMatrices.isEmpty {
                try article.remove(slot: "confusion-block")
            } else {
                try article.fill(slot: "matrices") { container in
                    for matrix in section.confusionMatrices { try Self.appendConfusion(matrix, to: container) }
                }
            }
        }
    }

    static func bandText(_ section: ScoreReportSection) -> String {
        if section.level == nil { return "not measured" }
        guard let alpha = section.alpha else { return "no α" }
        guard let band = alpha.band else { return "α undefined" }
        return band.rawValue
    }

    static func metaText(_ section: ScoreReportSection) -> String {
        var parts = [section.kind.rawValue]
        if let level = section.level { parts.append("\(level.rawValue) level") }
        parts.append("\(ReportFormat.count(section.items)) items")
        parts.append("\(ReportFormat.count(section.ratings)) ratings")
        parts.append("\(ReportFormat.count(section.agreed)) agreed")
        parts.append("\(ReportFormat.count(section.conflicts)) in conflict")
        if section.adjudicated > 0 { parts.append("\(ReportFormat.count(section.adjudicated)) adjudicated") }
        return parts.joined(separator: " · ")
    }

    static func readingText(_ statistic: StatisticRow) -> String {
        if let band = statistic.band { return band.rawValue }
        return ""
    }

    private static func fillStatistic(_ statistic: StatisticRow, into row: borrowing HTMLElement) throws {
        try row.setText(slot: "stat-name", statistic.name)
        if let value = statistic.value {
            try row.setText(slot: "stat-value", ReportFormat.value(value, of: statistic.statistic))
            if let low = statistic.ciLow, let high = statistic.ciHigh {
                try row.setText(slot: "stat-ci", ReportFormat.interval(low, high, of: statistic.statistic))
            } else {
                try row.setText(slot: "stat-ci", "—")
            }
            if let band = statistic.band {
                try row.fill(slot: "stat-reading") { cell in
                    try cell.setText("")
                    try cell.appendElement(
                        "span", attributes: [("class", "badge band-\(band.rawValue)")], text: band.rawValue)
                }
            } else {
                try row.setText(slot: "stat-reading", "")
            }
        } else {
            try row.setText(slot: "stat-value", "n/a")
            try row.addClass(slot: "stat-value", "na")
            try row.setText(slot: "stat-ci", "—")
            try row.setText(slot: "stat-reading", statistic.reasonIfNull ?? "undefined")
            try row.addClass(slot: "stat-reading", "na")
        }
    }

    private static func setNumber(_ text: String?, slot: String, in row: borrowing HTMLElement) throws {
        try row.setText(slot: slot, text ?? "n/a")
        if text == nil { try row.addClass(slot: slot, "na") }
    }

    /// A heat level 0–5: 0 for an empty cell, else the count's share of the largest, rounded up to fifths.
    static func heatLevel(_ count: Int, largest: Int) -> Int {
        guard count > 0, largest > 0 else { return 0 }
        return min(5, max(1, (5 * count + largest - 1) / largest))
    }

    private static func appendConfusion(_ matrix: ReportConfusionMatrix, to container: borrowing HTMLElement) throws {
        let largest = matrix.counts.flatMap { $0 }.max() ?? 0
        try container.appendElement("table", attributes: [("class", "confusion")]) { table in
            try table.appendElement(
                "caption",
                text: "\(matrix.rowTitle) (rows) × \(matrix.columnTitle) (columns): "
                    + "\(ReportFormat.count(matrix.agreeing)) of \(ReportFormat.count(matrix.total)) on the diagonal")
            try table.appendElement("thead") { head in
                try head.appendElement("tr") { row in
                    try row.appendElement(
                        "th", attributes: [("class", "corner")], text: "\(matrix.rowTitle) ↓ \(matrix.columnTitle) →")
                    for label in matrix.labels {
                        try row.appendElement("th", attributes: [("class", "user")], text: label)
                    }
                }
            }
            try table.appendElement("tbody") { body in
                for (rowIndex, label) in matrix.labels.enumerated() {
                    try body.appendElement("tr") { row in
                        try row.appendElement("th", attributes: [("class", "user")], text: label)
                        for columnIndex in matrix.labels.indices {
                            let counts = rowIndex < matrix.counts.count ? matrix.counts[rowIndex] : []
                            let count = columnIndex < counts.count ? counts[columnIndex] : 0
                            var classes = "heat-\(heatLevel(count, largest: largest))"
                            if rowIndex == columnIndex { classes += " diag" }
                            try row.appendElement(
                                "td", attributes: [("class", classes)], text: ReportFormat.count(count))
                        }
                    }
                }
            }
        }
    }

    private func fillReviewers() throws {
        if model.reviewers.isEmpty {
            try template.remove(id: "reviewer-table")
            try template.remove(id: "workload-figure")
            return
        }
        try template.remove(id: "no-reviewers")
        try template.repeatTemplate(id: "reviewer-row", items: model.reviewers) { row, reviewer in
            try row.setText(slot: "name", reviewer.name)
            try row.setText(slot: "assigned", ReportFormat.count(reviewer.assigned))
            try row.setText(slot: "completed", ReportFormat.count(reviewer.completed))
            try row.setText(slot: "skipped", ReportFormat.count(reviewer.skipped))
            try row.setText(slot: "flagged", ReportFormat.count(reviewer.flagged))
            try Self.setNumber(reviewer.medianSecondsPerItem.map(ReportFormat.seconds), slot: "speed", in: row)
            try Self.setNumber(reviewer.agreementWithConsensus.map(ReportFormat.percent), slot: "agreement", in: row)
        }
        try template.fill(id: "workload-chart") { try SVGChart.workload(model.reviewers, into: $0) }
    }

    static func conflictLede(_ model: ReportModel) -> String {
        let count = model.conflicts.count
        guard count > 0 else { return "No conflicts: every rated item × score reached consensus." }
        var text =
            "\(ReportFormat.count(count)) item × score \(count == 1 ? "pair has" : "pairs have") no consensus under "
            + "the \(policyText(model.header)) policy. Every reviewer's answer is shown as given."
        if let bundle = model.header.adjudicationBundle {
            text += " They are collected in \(bundle) for adjudication."
        }
        return text
    }

    private func fillConflicts() throws {
        try template.setText(id: "conflicts-lede", Self.conflictLede(model))
        if model.conflicts.isEmpty {
            try template.remove(id: "conflict-table")
            return
        }
        try template.repeatTemplate(id: "conflict-row", items: model.conflicts.enumerated()) { row, entry in
            let (index, conflict) = entry
            let anchor = ReportAnchors.conflict(index)
            try row.setAttribute("id", anchor)
            try row.setText(slot: "anchor", String(index + 1))
            try row.setAttribute(slot: "anchor", "href", "#" + anchor)
            try row.setText(slot: "item", conflict.itemID)
            try row.setText(slot: "score", conflict.score)
            try row.setText(slot: "reason", conflict.reason)
            try row.repeatSlot("answer", items: conflict.answers) { item, answer in
                try item.setText(slot: "who", answer.reviewer)
                try item.setText(slot: "value", answer.value)
                if let comment = answer.comment, !comment.isEmpty {
                    try item.setText(slot: "comment", comment)
                } else {
                    try item.remove(slot: "comment")
                }
            }
        }
    }

    private func fillAlignment() throws {
        if model.alignment.isEmpty {
            try template.remove(id: "alignment-table")
            return
        }
        try template.remove(id: "no-alignment")
        try template.repeatTemplate(id: "alignment-row", items: model.alignment) { row, alignment in
            try row.setText(slot: "score", alignment.score)
            try row.setText(slot: "kind", alignment.kind.rawValue)
            try row.setText(slot: "count", ReportFormat.count(alignment.count))
            let categorical = alignment.kind == .categorical
            let cells: [(String, String?, Bool)] = [
                ("accuracy", alignment.accuracy.map(ReportFormat.percent), categorical),
                ("kappa", alignment.kappa.map(ReportFormat.coefficient), categorical),
                ("pearson", alignment.pearson.map(ReportFormat.coefficient), !categorical),
                ("spearman", alignment.spearman.map(ReportFormat.coefficient), !categorical),
                ("mad", alignment.meanAbsoluteDifference.map { ReportFormat.decimal($0, places: 3) }, !categorical),
            ]
            try row.setText(slot: "note", alignment.reasonIfNull ?? "")
            for (slot, text, applies) in cells {
                if applies {
                    try Self.setNumber(text, slot: slot, in: row)
                } else {
                    try row.setText(slot: slot, "—")
                }
            }
        }
    }

    private func fillBundles() throws {
        try template.repeatTemplate(id: "bundle-row", items: model.header.bundles) { row, bundle in
            try row.setText(slot: "reviewer", bundle.reviewer)
            try row.setText(slot: "bundle-id", bundle.bundleID)
            try row.setText(slot: "sha256", bundle.sha256)
            try row.setText(slot: "path", bundle.path)
        }
    }
}
