import ArgumentParser
public import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command line's edge: parses arguments, runs the command, and maps errors to exit codes.
///
/// The only place that decides exit statuses (DESIGN.md §6): usage 64, invalid data 65, system 1.
public enum QuireMain {
    /// Runs `quire` with the process's arguments and exits.
    public static func run() async {
        let status = await run(arguments: Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }

    /// Runs `quire` with the given arguments, printing to stdout and stderr.
    /// - Parameter arguments: the arguments without the program name.
    /// - Returns: the exit status.
    public static func run(arguments: [String]) async -> Int32 {
        let command: any ParsableCommand
        do {
            command = try QuireCommand.parseAsRoot(arguments)
        } catch {
            let code = QuireCommand.exitCode(for: error)
            let message = QuireCommand.fullMessage(for: error)
            if code == .success {
                Terminal.standardOutput.write(message + "\n")
            } else {
                Terminal.standardError.write(message + "\n")
            }
            return code == .success ? 0 : (code == .validationFailure ? 64 : code.rawValue)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            return 0
        } catch let error as any QuireError {
            Terminal.standardError.write("quire: error: \(error.description)\n")
            return exitStatus(for: error.fault)
        } catch let error as ExitCode {
            return error.rawValue
        } catch let error as CleanExit {
            Terminal.standardOutput.write(QuireCommand.fullMessage(for: error) + "\n")
            return 0
        } catch let error as ValidationError {
            Terminal.standardError.write("quire: error: \(error.message)\n")
            return 64
        } catch {
            // `--help` on a subcommand parses to a command whose run throws the help request.
            if QuireCommand.exitCode(for: error) == .success {
                Terminal.standardOutput.write(QuireCommand.fullMessage(for: error) + "\n")
                return 0
            }
            Terminal.standardError.write("quire: internal error: \(error)\n")
            return 1
        }
    }

    /// The exit status for a fault (DESIGN.md §6).
    /// - Parameter fault: whose fault the error was.
    /// - Returns: 64, 65 or 1.
    public static func exitStatus(for fault: Fault) -> Int32 {
        switch fault {
        case .usage: 64
        case .data: 65
        case .system: 1
        }
    }
}
