import ArgumentParser
import QuireImport
import QuireModel
import QuirePack

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire pack`: turns traces and a queue file into one deterministic bundle per reviewer.
struct PackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Pack traces and a queue file into one bundle per reviewer (or one open bundle).",
        discussion: """
            Pipeline: read → validate → dedupe (last wins) → filter → classifiers → sample → order → \
            limit → unit → assign → write. The same inputs and pack time give byte-identical bundles: the \
            pack time is --time, else SOURCE_DATE_EPOCH, else now. Bundles are written as \
            OUT/NAME-REVIEWER.quire (OUT/NAME.quire without reviewers); nothing is written unless every \
            bundle is complete.
            """
    )

    @Argument(help: "The queue file (YAML or JSON).")
    var queue: String

    @Option(name: .long, help: "The directory the bundles go to.")
    var out = "bundles"

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "Read these traces (paths, globs, or - for standard input) instead of the queue's sources.")
    var traces: [String] = []

    @Option(name: .long, help: "The format of --traces: \(TraceFormatRequest.names.joined(separator: ", ")).")
    var format = "auto"

    @Flag(name: .long, help: "Skip invalid records with a warning and count them, instead of stopping.")
    var skipInvalid = false

    @Option(name: .long, help: "The pack time (RFC 3339), for reproducible bundles.")
    var time: String?

    @Flag(name: .long, help: "Replace bundles that exist already.")
    var force = false

    @Flag(help: "Print the summary as one JSON document on stdout.")
    var json = false

    func validate() throws {
        guard TraceFormatRequest(name: format) != nil else {
            throw ValidationError(
                "unknown format '\(format)'; expected one of \(TraceFormatRequest.names.joined(separator: ", "))")
        }
        if let time, Timestamp(rfc3339: time) == nil {
            throw ValidationError("--time must be an RFC 3339 timestamp such as 2026-11-23T09:00:00Z, got \"\(time)\"")
        }
    }

    func run() async throws {
        let definition = try QueueDefinition.load(contentsOf: queue)
        let packTime = try time.flatMap(Timestamp.init(rfc3339:)) ?? ReproducibleClock.now()
        var environment: [String: String] = [:]
        for name in ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        let options = PackOptions(
            outputDirectory: out, packTime: packTime, traces: traces.isEmpty ? nil : traces,
            format: TraceFormatRequest(name: format) ?? .auto, skipsInvalid: skipInvalid, replacesExisting: force,
            environment: environment)
        let showsProgress = Terminal.standardError.isTerminal
        let progress: PackPipeline.Progress? = showsProgress ? Self.showProgress : nil
        let summary = try await PackPipeline.run(
            queue: definition, options: options, diagnostics: StandardErrorDiagnostics(), progress: progress)
        if showsProgress { Terminal.standardError.write("\n") }
        if let reason = Self.emptyReason(summary) {
            Terminal.standardError.write("quire: warning: \(queue): no items packed: \(reason)\n")
        }
        if json {
            JSONOutput.emit(summary.json)
            return
        }
        Terminal.standardOutput.write(Self.text(of: summary))
    }

    @Sendable static func showProgress(_ count: Int) {
        Terminal.standardError.write("\rquire: read \(count) traces")
    }

    /// Why nothing was packed, naming the stage that kept nothing; nil when something was.
    static func emptyReason(_ summary: PackSummary) -> String? {
        guard summary.items == 0 else { return nil }
        if summary.read == 0 { return "no valid trace was read from the sources" }
        if summary.matched == 0 { return "the filter matched none of the \(summary.read) traces read" }
        if summary.sampled == 0 { return "the sample kept none of the \(summary.matched) traces that matched" }
        if summary.flagged == 0 {
            return "the classifiers flagged none of the \(summary.sampled) sampled traces "
                + "(only flagged traces are packed when classifiers are listed)"
        }
        return "no item was left to assign"
    }

    static func text(of summary: PackSummary) -> String {
        var lines = [
            "packed \(summary.queue) (pack \(summary.packID), \(summary.packTime.canonicalText))",
            "  read \(summary.read) traces, \(summary.invalid) invalid skipped, \(summary.duplicates) duplicate ids "
                + "(last kept)",
            "  \(summary.matched) matched the filter, \(summary.sampled) sampled, \(summary.flagged) kept by the "
                + "classifiers, \(summary.items) items packed (of \(summary.candidates))",
        ]
        if !summary.flagsByClassifier.isEmpty {
            let flags = summary.flagsByClassifier.keys.sorted().map { "\($0) \(summary.flagsByClassifier[$0] ?? 0)" }
            lines.append("  flags: " + flags.joined(separator: ", "))
        }
        if summary.classifierFailures > 0 {
            lines.append("  \(summary.classifierFailures) command classifier runs failed (those traces not flagged)")
        }
        for bundle in summary.bundles {
            let who = bundle.reviewer ?? "open bundle"
            lines.append("  \(bundle.path)  \(who), \(bundle.items) items")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
