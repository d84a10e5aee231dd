import ArgumentParser
import QuireAgreement
import QuireMerge
import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire merge`: verifies reviewers' bundles, keeps every score, reconciles, measures agreement, writes the
/// merge output directory, the report and the adjudication bundle (DESIGN.md §5).
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge reviewers' bundles: every score kept, consensus, conflicts, agreement, report.",
        discussion: """
            Every bundle is verified (checksums, journal chain, seal) and must come from one pack, each \
            reviewer once. Categorical and boolean scores go by majority (a tie is a conflict); numeric \
            ones by the policy: median (default) or mean, a conflict when max − min exceeds the tolerance \
            (default: the score's step, else a tenth of its range, else 0), or majority of exact values; \
            lead:NAME lets that reviewer's answer win where they gave one. Corrections agree only when \
            identical after trimming white space; free text is kept side by side.

            Writes DIR/merge.json, items.jsonl, scores.jsonl, consensus.jsonl, agreement.json, report.html, \
            report.md and, when there are conflicts, adjudication.quire: annotate and seal it, then merge \
            again with --adjudication to record the decisions. The output carries no time but the inputs' \
            newest journal time, or SOURCE_DATE_EPOCH when set; the same bundles give the same bytes in any \
            order.
            """
    )

    @Argument(help: "Reviewers' bundles: .quire archives or bag directories.")
    var bundles: [String] = []

    @Option(name: .long, help: "The output directory; must be new or empty unless --force.")
    var out: String

    @Option(name: .long, help: "majority, mean, median or lead:NAME.")
    var policy = "median"

    @Option(name: .long, help: "Numeric spread (max − min) still counted as agreement, for every numeric score.")
    var tolerance: Double?

    @Option(name: .long, help: "A sealed adjudication bundle whose decisions are folded in (repeatable).")
    var adjudication: [String] = []

    @Option(name: .long, help: "The seed of the bootstrap confidence intervals in the report.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Bootstrap resamples for the report's confidence intervals (0: none).")
    var resamples = 1000

    @Flag(name: .long, help: "Replace a non-empty output directory.")
    var force = false

    @Flag(help: "Print the summary as one JSON document on stdout.")
    var json = false

    func validate() throws {
        guard !bundles.isEmpty else { throw ValidationError("Give the reviewers' bundles to merge.") }
        guard resamples >= 0 else { throw ValidationError("--resamples must be 0 or more, not \(resamples).") }
        if let tolerance, !(tolerance >= 0 && tolerance.isFinite) {
            throw ValidationError("--tolerance must be a number ≥ 0, not \(tolerance).")
        }
    }

    func run() async throws {
        let options = MergeOptions(
            policy: try MergePolicy(parsing: policy), tolerance: tolerance, seed: seed, resamples: resamples,
            time: try ReproducibleClock.sourceDateEpoch())
        try MergeOutputWriter.checkTarget(out, force: force)
        let result = try await Merger.merge(bundles: bundles, adjudications: adjudication, options: options)
        let files = try await MergeOutputWriter.write(result, to: out, force: force)
        if json {
            JSONOutput.emit(Self.json(result, out: out, files: files))
        } else {
            Terminal.standardOutput.write(Self.text(result, out: out, files: files))
        }
    }

    static func counts(_ result: MergeResult) -> (agreed: Int, conflicts: Int, adjudicated: Int) {
        (result.consensus.count { $0.status == .agreed }, result.conflictCount, result.adjudicatedCount)
    }

    static func text(_ result: MergeResult, out: String, files: [String]) -> String {
        let reviewers = result.bundles.filter { !$0.isAdjudication }
        let adjudications = result.bundles.count - reviewers.count
        let counts = counts(result)
        var lines = [
            "merged \(reviewers.count) bundles (\(reviewers.map(\.reviewer).joined(separator: ", ")))"
                + (adjudications > 0 ? " and \(adjudications) adjudication bundle\(adjudications == 1 ? "" : "s")" : "")
                + " of \(result.queue) (pack \(result.packID))",
            "  \(result.itemLines.count) items, \(result.scores.count) scores kept; policy \(result.policy)"
                + (result.tolerance.map { ", tolerance \(Self.number($0))" } ?? ""),
            "  consensus: \(counts.agreed) agreed, \(counts.conflicts) conflicts, \(counts.adjudicated) adjudicated",
        ]
        for entry in result.agreement {
            let alpha = entry.report.krippendorffAlpha
            let value = alpha.value.map { AgreementText.fixed($0) } ?? "— (\(alpha.reason?.description ?? ""))"
            lines.append("  α \(entry.name) (\(entry.report.level.rawValue)): \(value)")
        }
        lines.append("  wrote \(out)/: \(files.joined(separator: ", "))")
        if result.hasAdjudicationBundle {
            lines.append(
                "  next: annotate \(out)/\(MergeResult.adjudicationFileName), seal it, then merge again with "
                    + "--adjudication \(out)/\(MergeResult.adjudicationFileName)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ result: MergeResult, out: String, files: [String]) -> JSONValue {
        let counts = counts(result)
        return .object([
            "out": .string(out), "files": .array(files.map(JSONValue.string)), "packId": .string(result.packID),
            "queue": .string(result.queue), "policy": .string(result.policy.description),
            "tolerance": result.tolerance.map(JSONValue.double) ?? .null, "items": .int(result.itemLines.count),
            "scores": .int(result.scores.count), "agreed": .int(counts.agreed), "conflicts": .int(counts.conflicts),
            "adjudicated": .int(counts.adjudicated),
            "bundles": .array(result.bundles.map(\.json)),
            "agreement": result.agreementJSON,
        ])
    }

    private static func number(_ value: Double) -> String {
        JSONNumber(value)?.literal ?? String(value)
    }
}
