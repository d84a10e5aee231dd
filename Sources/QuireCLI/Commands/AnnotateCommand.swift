import ArgumentParser
import Foundation
import QuireAnnotate
import QuireBundle
import QuireIO
import QuireModel

/// `quire annotate`: serves the annotator page for one bundle on 127.0.0.1.
struct AnnotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Serve the annotator page for a bundle on 127.0.0.1 and print its URL.",
        discussion: """
            The URL carries a one-time token that the page exchanges for a cookie; keep it to yourself. \
            Every change is saved (written and fsync'd) as you make it, so stopping the server or a crash \
            loses nothing acknowledged. Finish in the page, or quire seal, writes the scores into the bundle. \
            Ctrl-C stops the server.
            """
    )

    @Argument(help: "The bundle: a bag directory.")
    var bundle: String

    @Option(help: "Your reviewer name (needed for an open bundle the first time).")
    var reviewer: String?

    @Option(help: "The port on 127.0.0.1; 0 picks a free one.")
    var port: Int = 0

    @Flag(help: "Print the URL but do not open a browser.")
    var noOpen = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let target = try WorkSession.open(bundle)
        let opened = try AnnotationBundle(directory: target.directory, name: bundle)
        let session = try AnnotationSession(
            bundle: opened, archive: target.archive, reviewer: reviewer, clock: WorkSession.clock,
            diagnostics: StandardErrorWarnings())
        guard let who = await session.reviewer else { throw JournalError.reviewerRequired(bundle: bundle) }
        let token = try Self.randomToken()
        let server = AnnotationServer(session: session, token: token)
        let bundle = bundle
        let openBrowser = !noOpen
        StopSignal.install()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run(port: UInt16(port)) { bound in
                    let url = "http://127.0.0.1:\(bound)/?token=\(token)"
                    // Straight to the descriptor: a parent reading a pipe must see the URL at once.
                    Terminal.standardOutput.write(url + "\n")
                    Terminal.standardError.write(
                        "quire: annotating \(bundle) as \(who); every change is saved as you make it. "
                            + "Finish in the page (or quire seal) writes the scores; Ctrl-C stops the server.\n")
                    if openBrowser { Self.openInBrowser(url) }
                }
            }
            group.addTask { _ = try await StopSignal.wait() }
            try await group.next()
            group.cancelAll()
        }
        Terminal.standardError.write("quire: stopped; every acknowledged change is in the journal\n")
    }

    /// 32 bytes from the kernel's random source, as hex.
    private static func randomToken() throws -> String {
        var source = try FileDescriptor.openForReading("/dev/urandom")
        var bytes = [UInt8](repeating: 0, count: 32)
        var filled = 0
        while filled < bytes.count {
            let count = try bytes.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            guard count > 0 else { throw FileError("read", path: "/dev/urandom", errno: 5) }
            filled += count
        }
        return bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }

    /// Asks the desktop to open the URL with `xdg-open` when there is one; never fails the command.
    private static func openInBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Backgrounded so a browser that stays in the foreground never holds up the server.
        process.arguments = [
            "-c", "command -v xdg-open >/dev/null 2>&1 && (xdg-open \"$1\" >/dev/null 2>&1 &)", "quire-open", url,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            Terminal.standardError.write("quire: could not start a browser; open the URL above yourself\n")
        }
    }
}
