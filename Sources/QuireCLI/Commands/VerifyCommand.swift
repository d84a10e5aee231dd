import ArgumentParser
import QuireBundle
import QuireModel

/// `quire verify`: checks bundles completely and says what is wrong and where.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check bundles: bag structure, every checksum, the queue, the items and the journal chain.",
        discussion: """
            Exit 0 when every bundle is valid; 65 naming the first problem (a changed byte, a missing or \
            extra file, a bad manifest, a broken journal, a hostile archive) otherwise.
            """
    )

    @Argument(help: "Bundles: .quire archives, .tar/.tar.gz/.tar.zst/.zip files, or bag directories.")
    var bundles: [String]

    @Flag(help: "Print one JSON document on stdout.")
    var json = false

    func run() async throws {
        var results: [JSONValue] = []
        for path in bundles {
            let opened = try BundleWorkspace.openForReading(path)
            let summary = try BundleVerifier.verify(
                directory: opened.directory, name: path, isArchive: opened.isArchive)
            for warning in summary.warnings {
                Terminal.standardError.write("quire: \(path): warning: \(warning)\n")
            }
            if json {
                results.append(summary.json)
            } else {
                let who = summary.reviewer.map { "reviewer \($0)" } ?? "open bundle"
                let seal = summary.isSealed ? "sealed" : "unsealed work"
                Terminal.standardOutput.write(
                    "ok  \(path)  (\(who), \(summary.items) items, \(summary.journalEvents) journal events, \(seal))\n")
            }
        }
        if json { JSONOutput.emit(.object(["bundles": .array(results), "valid": .bool(true)])) }
    }
}

extension VerificationSummary {
    /// The summary as JSON for `--json`.
    var json: JSONValue {
        .object([
            "bundle": .string(bundle), "packId": .string(packID), "bundleId": .string(bundleID),
            "reviewer": .optionalString(reviewer), "items": .int(items), "payloadFiles": .int(payloadFiles),
            "journalEvents": .int(journalEvents), "sealed": .bool(isSealed),
            "warnings": .array(warnings.map(JSONValue.string)),
        ])
    }
}
