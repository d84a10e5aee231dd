import ArgumentParser
import QuireBundle
import QuireModel

/// `quire seal`: writes the journal's current scores into the bundle and closes its manifests.
struct SealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Replay the journal into annotations/scores.jsonl and rewrite the tag manifest.",
        discussion: """
            Each file is replaced atomically (temp, fsync, rename, fsync of the directory). Refused while \
            an annotator is working on the bundle: use Finish in the page instead.
            """
    )

    @Argument(help: "The bundle: a bag directory.")
    var bundle: String

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    func run() async throws {
        let target = try WorkSession.open(bundle)
        let opened = try AnnotationBundle(directory: target.directory, name: bundle)
        let writer = try JournalWriter(
            bundle: opened, reviewer: nil, clock: WorkSession.clock, diagnostics: StandardErrorWarnings())
        let summary = try writer.seal()
        if json {
            JSONOutput.emit(
                .object([
                    "bundle": .string(bundle), "scores": .int(summary.scores), "events": .int(summary.events),
                    "completed": .int(summary.completed), "items": .int(summary.items),
                ]))
        } else {
            Terminal.standardOutput.write(
                "sealed \(bundle): \(summary.scores) scores from \(summary.events) journal events "
                    + "(\(summary.completed) of \(summary.items) items complete)\n")
        }
    }
}
