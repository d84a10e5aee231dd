import ArgumentParser

/// `quire`: the root command, which only lists the subcommands.
struct QuireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "Annotate LLM traces offline: pack bundles, score them on 127.0.0.1, merge the results.",
        discussion: """
            A lead packs traces and a queue file into one bundle per reviewer; each reviewer scores \
            their bundle in a local page with no network; the lead merges the bundles, measures \
            agreement and commits versioned datasets.

            Exit codes: 0 ok, 1 internal or I/O failure, 64 bad usage, 65 invalid input data.
            """,
        version: QuireVersion.current,
        subcommands: [
            QueueCommand.self,
            PackCommand.self,
            VerifyCommand.self,
            InspectCommand.self,
            AnnotateCommand.self,
            ScoreCommand.self,
            SealCommand.self,
            MergeCommand.self,
            AgreeCommand.self,
            ImportCommand.self,
            DatasetCommand.self,
        ]
    )
}

/// The version `quire --version` prints.
enum QuireVersion {
    static let current = "0.1.0"
}
