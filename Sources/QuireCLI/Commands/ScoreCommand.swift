import ArgumentParser
import QuireBundle
import QuireModel

/// `quire score`: records one score from a script, as the page would.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Record one score in a bundle's journal, as the annotator page would.",
        discussion: """
            The value is checked against the score's config (a number in range, a category label or value, \
            true/false, text) and the save is acknowledged only after it is on disk. Prints the journal \
            sequence number. --complete also marks the item done (as Complete in the page), or alone marks it \
            done without a score. Run quire seal afterwards to write scores.jsonl.
            """
    )

    @Argument(help: "The bundle: a .quire archive (worked on in B.d/ beside it) or a bag directory.")
    var bundle: String

    @Option(help: "The item id (as quire inspect lists it).")
    var item: String

    @Option(help: "The score's name, from the queue.")
    var name: String?

    @Option(help: "The value: a number, a category label, true/false, or text.")
    var value: String?

    @Option(help: "A comment on this score.")
    var comment: String?

    @Option(help: "Your reviewer name (needed for an open bundle the first time).")
    var reviewer: String?

    @Flag(help: "Also mark the item complete.")
    var complete = false

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    func validate() throws {
        if (name == nil) != (value == nil) { throw ValidationError("give --name and --value together") }
        if name == nil && !complete { throw ValidationError("give --name and --value, or --complete, or both") }
        if comment != nil && name == nil {
            throw ValidationError("--comment belongs to a score: give --name and --value")
        }
    }

    func run() async throws {
        let target = try BundleWorkspace.openForWork(bundle)
        let opened = try AnnotationBundle(directory: target.directory, name: bundle)
        let writer = try JournalWriter(
            bundle: opened, reviewer: reviewer, clock: { ReproducibleClock.realTime() },
            diagnostics: StandardErrorDiagnostics())
        var saved: [JSONValue] = []
        if let name, let value {
            guard let config = opened.manifest.score(named: name) else {
                throw JournalError.unknownScore(bundle: bundle, name: name, allowed: opened.manifest.scores.map(\.name))
            }
            var payload: JSONObject = ["name": .string(name), "value": try config.parse(value)]
            if let comment { payload["comment"] = .string(comment) }
            let event = try writer.append(EventDraft(item: item, kind: .scoreSet, payload: payload))
            let stored = event.payload["value"] ?? .null
            saved.append(
                .object([
                    "seq": .int(event.seq), "at": .string(event.at.text), "item": .string(item),
                    "name": .string(name), "value": stored, "reviewer": .string(event.reviewer),
                ]))
            if !json { Terminal.standardOutput.write("saved seq \(event.seq): \(item) \(name) = \(stored.jsonText)\n") }
        }
        if complete {
            let event = try writer.append(EventDraft(item: item, kind: .itemComplete))
            saved.append(
                .object([
                    "seq": .int(event.seq), "at": .string(event.at.text), "item": .string(item),
                    "type": .string(event.kind.rawValue), "reviewer": .string(event.reviewer),
                ]))
            if !json { Terminal.standardOutput.write("saved seq \(event.seq): \(item) complete\n") }
        }
        if json { JSONOutput.emit(saved.count == 1 ? saved[0] : .array(saved)) }
    }
}
