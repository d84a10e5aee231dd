import ArgumentParser

/// `quire queue`: work with queue files.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Work with queue files.",
        subcommands: [Check.self]
    )
}
