import Foundation
import QuireIO
import QuireTestSupport

/// Runs a command-line tool (python3, tar, gzip, zstd) for tests, with output collected through files so a
/// chatty tool can never block on a full pipe.
enum ExternalTool {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `arguments[0]` found on PATH.
    /// - Parameters:
    ///   - arguments: the command and its arguments.
    ///   - environment: variables added to the test process's environment.
    ///   - input: a file to use as standard input.
    /// - Returns: the exit status and both outputs.
    /// - Throws: when the tool cannot be started.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> Result {
        let scratch = try TemporaryDirectory()
        let outPath = scratch.file("stdout")
        let errPath = scratch.file("stderr")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = outHandle
        process.standardError = errHandle
        if let input { process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input)) }
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Result(
            status: process.terminationStatus,
            standardOutput: try FileSystem.readText(outPath),
            standardError: try FileSystem.readText(errPath))
    }

    /// Runs a tool and requires it to succeed.
    /// - Parameters:
    ///   - arguments: the command and its arguments.
    ///   - environment: variables added to the environment.
    ///   - input: a file to use as standard input.
    /// - Returns: its standard output.
    /// - Throws: ``ToolFailure`` when it exits non-zero.
    @discardableResult
    static func succeed(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws
        -> String
    {
        let result = try run(arguments, environment: environment, input: input)
        guard result.status == 0 else {
            throw ToolFailure(
                command: arguments.joined(separator: " "), status: result.status, output: result.standardError)
        }
        return result.standardOutput
    }

    /// Runs a Python script given as text.
    /// - Parameters:
    ///   - script: the program.
    ///   - arguments: `sys.argv[1...]`.
    /// - Returns: its standard output.
    /// - Throws: ``ToolFailure`` when it exits non-zero.
    @discardableResult
    static func python(_ script: String, _ arguments: [String] = []) throws -> String {
        try succeed(["python3", "-c", script] + arguments)
    }

    struct ToolFailure: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var output: String
        var description: String { "\(command) exited \(status): \(output)" }
    }
}
