import QuireBundle
import QuireIO
import QuireModel

/// The adjudication bundle a merge writes when there are conflicts (DESIGN.md §5): the conflicting items only,
/// each with every reviewer's answers visible and one flag per score in conflict saying why.
///
/// It is an open bundle (no reviewer): the lead names themself when they start (`quire annotate
/// adjudication.quire --reviewer NAME`), so each decision is recorded under the adjudicator's real name. It
/// keeps the pack id, so a later merge can check it belongs to the same pack; its bundle id is derived from the
/// pack id and the conflicts, so it never equals a reviewer's bundle id and two merges with the same conflicts
/// write the same bundle.
struct AdjudicationPlan: Sendable {
    /// `data/queue.json`.
    var manifest: QueueManifest
    /// `data/instructions.md`.
    var instructions: String
    /// `Quire-Source-SHA256`, as in the reviewers' bundles.
    var sourceSHA256: String
    /// The items, in merge order.
    var items: [BundleItem]

    /// The classifier name of the flags that mark scores in conflict.
    static let flagName = "merge-conflict"
    /// The longest flag evidence, as for classifier flags (DESIGN.md §2).
    static let evidenceLimit = 160

    /// The plan for a merge, or nil when nothing is in conflict.
    static func make(for computation: MergeComputation, time: Timestamp) throws -> AdjudicationPlan? {
        let inputs = computation.inputs
        var conflictsByItem: [String: [Int]] = [:]
        var order: [String] = []
        for (index, row) in computation.consensus.enumerated() where row.status == .conflict {
            if conflictsByItem[row.item] == nil { order.append(row.item) }
            conflictsByItem[row.item, default: []].append(index)
        }
        guard !order.isEmpty else { return nil }
        let first = inputs.bundles[0]
        var holders: [String: MergedItem] = [:]
        for item in inputs.items where conflictsByItem[item.id] != nil { holders[item.id] = item }

        var digest = SHA256()
        digest.update("quire-adjudication\n\(first.manifest.packID)\n")
        var items: [BundleItem] = []
        for id in order {
            guard let merged = holders[id], let holder = merged.holders.first else { continue }
            var item = try inputs.bundles[holder.bundle].item(at: holder.position)
            item.reviews = reviews(of: merged, inputs: inputs)
            for index in conflictsByItem[id] ?? [] {
                let row = computation.consensus[index]
                let config = inputs.scores.first { $0.name == row.name }
                let answers = (computation.conflictAnswers[index] ?? []).map { answer in
                    "\(answer.reviewer): \(config.map { ScoreTable.label(of: answer.value, $0) } ?? answer.value.jsonText)"
                }
                item.flags.append(
                    BundleItem.Flag(
                        classifier: flagName, reason: "\(row.name): \(row.reason ?? "conflict")",
                        evidence: Self.cut(answers.joined(separator: " · "))))
                digest.update("\(id)\n\(row.name)\n")
            }
            items.append(item)
        }

        var manifest = QueueManifest(
            packID: first.manifest.packID, bundleID: String(digest.finalizeHex().prefix(32)),
            name: first.manifest.name, reviewer: nil, packTime: time, scores: inputs.scores)
        let conflicts = conflictsByItem.values.reduce(0) { $0 + $1.count }
        manifest.description = "Adjudication of \(conflicts) conflicts in \(items.count) items"
        manifest.reviewers = []
        manifest.overlap = 1
        manifest.isBlind = false
        manifest.unit = first.manifest.unit
        manifest.sources = first.manifest.sources
        manifest.selection = [
            "adjudication": .object([
                "policy": .string(computation.options.policy.description),
                "tolerance": computation.options.tolerance.map(JSONValue.double) ?? .null,
                "bundles": .array(inputs.bundles.map { .string($0.manifest.bundleID) }),
                "conflicts": .int(conflicts),
            ])
        ]
        manifest.isAdjudication = true
        return AdjudicationPlan(
            manifest: manifest,
            instructions: Self.instructions(
                conflicts: conflicts, items: items.count, original: first.instructions),
            sourceSHA256: first.bundle.bagInfo["Quire-Source-SHA256"] ?? String(repeating: "0", count: 64),
            items: items)
    }

    /// Every reviewer's answers on an item: scores in queue order, reviewers by name.
    private static func reviews(of item: MergedItem, inputs: MergeInputs) -> [BundleItem.Review] {
        var reviews: [BundleItem.Review] = []
        for config in inputs.scores {
            for holder in item.holders {
                let bundle = inputs.bundles[holder.bundle]
                guard let score = bundle.state.items[item.id]?.scores[config.name] else { continue }
                reviews.append(
                    BundleItem.Review(
                        reviewer: bundle.reviewer, name: config.name, value: score.value, comment: score.comment))
            }
        }
        return reviews
    }

    /// Text cut to the evidence limit, with an ellipsis when cut.
    private static func cut(_ text: String) -> String {
        guard text.count > evidenceLimit else { return text }
        return String(text.prefix(evidenceLimit - 1)) + "…"
    }

    /// The adjudicator's instructions, then the reviewers' own.
    static func instructions(conflicts: Int, items: Int, original: String) -> String {
        """
        # Adjudication

        Reviewers disagreed on \(conflicts) item × score \(conflicts == 1 ? "pair" : "pairs") in \(items) \
        \(items == 1 ? "item" : "items"). Each item shows every reviewer's answers, and a `\(flagName)` flag per \
        score in conflict with the reason (a tie, a spread above the tolerance, different corrections).

        For each item, set each score in conflict to the value that should stand, with a comment saying why, \
        and complete the item. Then seal this bundle and merge again with `--adjudication adjudication.quire`: \
        every decision is recorded as adjudicated under your name, beside the reviewers' answers, which are kept.

        ---

        \(original)
        """
    }
}
