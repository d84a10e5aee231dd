import Foundation

/// The built `quire` executable, run as a child process so a test can check what a user sees: standard
/// output, standard error and the exit status (argument-parser's `AssertExecuteCommand` idea).
///
/// The binary is found, in order: at `QUIRE_BINARY` when set; beside the running test bundle (SwiftPM puts
/// test bundles and executables in one products directory, whatever `--scratch-path` says); in
/// `.build/debug` of the repository. Build it first: `swift build --build-tests` builds every product.
public enum QuireBinary {
    /// What a run printed and returned.
    public struct Output: Sendable, Equatable, CustomStringConvertible {
        /// The exit status.
        public var status: Int32
        /// Everything written to standard output, as UTF-8.
        public var standardOutput: String
        /// Everything written to standard error, as UTF-8.
        public var standardError: String

        /// The three parts, for failure messages.
        public var description: String {
            "status \(status)\nstdout:\n\(standardOutput)\nstderr:\n\(standardError)"
        }
    }

    /// Why the binary could not be run.
    public struct LaunchError: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// The path of the `quire` executable.
    /// - Returns: an absolute path to an executable file.
    /// - Throws: ``LaunchError`` when no built binary is found.
    public static func path() throws -> String {
        let files = FileManager.default
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["QUIRE_BINARY"], !override.isEmpty {
            candidates.append(override)
        }
        candidates += productDirectories().map { $0 + "/quire" }
        candidates.append(FixturePaths.repositoryRoot + "/.build/debug/quire")
        for candidate in candidates where files.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw LaunchError(
            description: "no built quire binary (looked at \(candidates.joined(separator: ", "))); "
                + "run swift build --build-tests first"
        )
    }

    /// Runs `quire` with arguments and waits for it.
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - directory: the working directory, or nil for the test's own.
    ///   - environment: variables to set on top of the test's own environment.
    /// - Returns: the status and both outputs.
    /// - Throws: ``LaunchError`` when the binary is missing; Foundation's error when it cannot start.
    public static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]
    ) throws -> Output {
        try ProcessRunner.run(try path(), arguments, in: directory, environment: environment)
    }

    /// Directories that may hold the products of the build running these tests.
    private static func productDirectories() -> [String] {
        var directories: [String] = []
        // Linux: the test bundle is itself the running executable.
        if let running = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append((running as NSString).deletingLastPathComponent)
        }
        // macOS: a loaded `.xctest` bundle sits in the products directory.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append((bundle.bundlePath as NSString).deletingLastPathComponent)
        }
        if let first = CommandLine.arguments.first {
            let resolved = URL(fileURLWithPath: first).resolvingSymlinksInPath().path
            directories.append((resolved as NSString).deletingLastPathComponent)
        }
        return directories
    }
}
