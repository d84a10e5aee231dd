/// The "what to do next" box: a few sentences a lead can act on, derived from the model so HTML and
/// Markdown say the same thing.
public enum ReportSummary {
    /// A piece of a sentence.
    public enum Segment: Sendable, Equatable {
        /// Plain text.
        case text(String)
        /// A name from the data (a score or reviewer), set apart; in HTML a link when an anchor is given.
        case name(String, anchor: String? = nil)
        /// A link to a section of the report.
        case link(String, anchor: String)
        /// A command-line spelling (`--adjudication`); constant text, never data.
        case code(String)
    }

    /// The sentences, in order.
    /// - Parameter model: the report.
    /// - Returns: one array of segments per sentence.
    /// - Complexity: O(scores + reviewers + conflicts).
    public static func lines(for model: ReportModel) -> [[Segment]] {
        var lines: [[Segment]] = []
        let measured = model.scores.filter { $0.level != nil }
        let unmeasured = model.scores.count - measured.count
        var counts: [ReliabilityBand: Int] = [:]
        for section in measured { if let band = section.band { counts[band, default: 0] += 1 } }
        let undetermined = measured.filter { $0.band == nil }.count
        var verdict: [String] = []
        for band in ReliabilityBand.allCases where counts[band, default: 0] > 0 {
            verdict.append("\(counts[band, default: 0]) \(band.rawValue)")
        }
        if undetermined > 0 { verdict.append("\(undetermined) undetermined") }
        if measured.isEmpty {
            lines.append([.text("No score has agreement statistics.")])
        } else {
            let noun = measured.count == 1 ? "score" : "scores"
            lines.append([
                .text("\(measured.count) \(noun) measured for agreement: \(verdict.joined(separator: ", ")).")
            ])
        }
        if unmeasured > 0 {
            lines.append([
                .text(
                    "\(unmeasured) text or correction \(unmeasured == 1 ? "score is" : "scores are") "
                        + "kept side by side without agreement statistics.")
            ])
        }
        for (index, section) in model.scores.enumerated() {
            guard let alpha = section.alpha else { continue }
            let anchor = ReportAnchors.score(index)
            guard let value = alpha.value else {
                lines.append([
                    .name(section.name, anchor: anchor),
                    .text(": α undefined (\(alpha.reasonIfNull ?? "no reason given")); look at its other statistics."),
                ])
                continue
            }
            let measuredText = "α = \(ReportFormat.coefficient(value))"
            switch ReliabilityBand(alpha: value) {
            case .reliable: continue
            case .tentative:
                lines.append([
                    .name(section.name, anchor: anchor),
                    .text(
                        " is tentative (\(measuredText)): draw only tentative conclusions and tighten the rubric's "
                            + "edge cases."),
                ])
            case .unreliable:
                lines.append([
                    .name(section.name, anchor: anchor),
                    .text(
                        " is unreliable (\(measuredText)): review the rubric and instructions with the reviewers "
                            + "before using these labels."),
                ])
            }
        }
        lines.append(conflictLine(model))
        let adjudicated = model.scores.reduce(0) { $0 + $1.adjudicated }
        if adjudicated > 0 {
            lines.append([.text("\(ReportFormat.count(adjudicated)) item × score decisions came from adjudication.")])
        }
        for reviewer in model.reviewers {
            guard let agreement = reviewer.agreementWithConsensus, agreement < ReliabilityBand.tentativeThreshold
            else { continue }
            lines.append([
                .name(reviewer.name),
                .text(
                    " agrees with the consensus on \(ReportFormat.percent(agreement)) of ratings; compare their "
                        + "answers in the "),
                .link("conflict list", anchor: ReportAnchors.conflicts), .text("."),
            ])
        }
        return lines
    }

    private static func conflictLine(_ model: ReportModel) -> [Segment] {
        let total = model.conflicts.count
        guard total > 0 else { return [.text("No conflicts: every rated item × score reached consensus.")] }
        var perScore: [(String, String, Int)] = []
        for (index, section) in model.scores.enumerated() where section.conflicts > 0 {
            perScore.append((section.name, ReportAnchors.score(index), section.conflicts))
        }
        var segments: [Segment] = [
            .link(
                "\(ReportFormat.count(total)) \(total == 1 ? "conflict" : "conflicts")", anchor: ReportAnchors.conflicts
            )
        ]
        if !perScore.isEmpty {
            segments.append(.text(" ("))
            for (index, (name, anchor, count)) in perScore.enumerated() {
                if index > 0 { segments.append(.text(", ")) }
                segments.append(.name(name, anchor: anchor))
                segments.append(.text(" \(ReportFormat.count(count))"))
            }
            segments.append(.text(")"))
        }
        if let bundle = model.header.adjudicationBundle {
            segments.append(.text(" → annotate "))
            segments.append(.name(bundle))
            segments.append(.text(", then merge again with "))
            segments.append(.code("--adjudication"))
            segments.append(.text(" to fold the decisions in."))
        } else {
            segments.append(.text(": no adjudication bundle was written; settle them by hand."))
        }
        return segments
    }
}

/// The fragment ids the report links to; derived from positions, never from data, so a hostile item id
/// cannot collide with or break an anchor.
enum ReportAnchors {
    static let summary = "next"
    static let overview = "overview"
    static let scores = "scores"
    static let reviewers = "reviewers"
    static let conflicts = "conflicts"
    static let alignment = "alignment"

    static func score(_ index: Int) -> String { "score-\(index + 1)" }
    static func conflict(_ index: Int) -> String { "conflict-\(index + 1)" }
}
