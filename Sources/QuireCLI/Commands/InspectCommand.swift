import ArgumentParser
import QuireBundle
import QuireIO
import QuireModel

/// `quire inspect`: what a bundle holds and how far its reviewer got.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a bundle's queue, reviewer, items, score configs and progress.",
        discussion: """
            For an archive with a working directory beside it (B.d/, where quire annotate and quire score \
            work), progress is read from the working directory, so it includes work not sealed yet.
            """
    )

    @Argument(help: "A bundle: a .quire archive or a bag directory.")
    var bundle: String

    @Flag(help: "Also list every item with its status and why a classifier flagged it.")
    var items = false

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    func run() async throws {
        let working = BundleLayout.workingDirectory(of: bundle)
        let useWorking = !FileSystem.isDirectory(bundle) && FileSystem.isDirectory(working)
        let opened = try BundleWorkspace.openForReading(useWorking ? working : bundle)
        let bag = try AnnotationBundle(directory: opened.directory, name: bundle)
        let journal = try bag.readJournal()
        let state = ReviewState.replay(journal.events)
        let manifest = bag.manifest
        let total = bag.itemCount
        let counts = state.counts
        if json {
            var object: JSONObject = [
                "bundle": .string(bundle), "queue": .string(manifest.name), "packId": .string(manifest.packID),
                "bundleId": .string(manifest.bundleID),
                "reviewer": .optionalString(manifest.reviewer ?? state.reviewer),
                "blind": .bool(manifest.isBlind), "unit": .string(manifest.unit),
                "adjudication": .bool(manifest.isAdjudication), "packTime": .string(manifest.packTime.canonicalText),
                "items": .int(total), "scores": .array(manifest.scores.map(\.json)),
                "progress": .object([
                    "completed": .int(counts.completed), "skipped": .int(counts.skipped),
                    "flagged": .int(counts.flagged), "inDataset": .int(counts.inDataset),
                    "journalEvents": .int(journal.events.count),
                ]),
                "workingDirectory": useWorking ? .string(working) : .null,
            ]
            if items {
                var list: [JSONValue] = []
                for (position, id) in bag.index.ids.enumerated() {
                    let item = try bag.item(at: position)
                    var entry: JSONObject = ["id": .string(id), "status": .string(state.status(of: id).rawValue)]
                    entry["flags"] = .array(
                        item.flags.map {
                            .object([
                                "classifier": .string($0.classifier), "reason": .string($0.reason),
                                "evidence": .string($0.evidence),
                            ])
                        })
                    // Adjudication bundles are never blind: the lead sees every reviewer's answer.
                    if manifest.isAdjudication {
                        entry["reviews"] = .array(
                            item.reviews.map {
                                .object([
                                    "reviewer": .string($0.reviewer), "name": .string($0.name), "value": $0.value,
                                    "comment": .optionalString($0.comment),
                                ])
                            })
                    }
                    list.append(.object(entry))
                }
                object["itemList"] = .array(list)
            }
            JSONOutput.emit(.object(object))
            return
        }
        let percent = total == 0 ? 0 : Int((Double(counts.completed) / Double(total) * 100).rounded(.down))
        var lines = [
            "bundle     \(TerminalSafe.text(bundle))",
            "queue      \(manifest.name)  (pack \(manifest.packID), packed \(manifest.packTime.canonicalText))",
            "reviewer   \(manifest.reviewer.map { TerminalSafe.text($0) } ?? "open bundle")"
                + (manifest.isAdjudication ? "  (adjudication: reviewers' answers visible)" : ""),
            "items      \(total)  unit \(manifest.unit), \(manifest.isBlind ? "blind" : "not blind")",
            "progress   \(counts.completed)/\(total) completed (\(percent)%), \(counts.skipped) skipped, "
                + "\(counts.flagged) flagged, \(journal.events.count) journal events"
                + (useWorking ? " (working directory \(TerminalSafe.text(working)))" : ""),
            "scores",
        ]
        for config in manifest.scores {
            lines.append("  \(config.name)  \(config.kind.rawValue): \(config.allowedValuesDescription)")
        }
        if items {
            lines.append("items")
            for (position, id) in bag.index.ids.enumerated() {
                lines.append("  \(TerminalSafe.text(id))  \(state.status(of: id).rawValue)")
                // Why a classifier routed the item here, as the reviewer sees it beside the trace.
                for flag in try bag.item(at: position).flags {
                    lines.append(
                        "    \(TerminalSafe.text(flag.classifier)): \(TerminalSafe.text(flag.reason))"
                            + " — \(TerminalSafe.text(flag.evidence))")
                }
            }
        }
        Terminal.standardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}
