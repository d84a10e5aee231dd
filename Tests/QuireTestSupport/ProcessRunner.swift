import Foundation

/// Runs a program to completion and captures what it printed, for tests that check real tools
/// (`quire`, `tar`, `bagit.py`).
public enum ProcessRunner {
    /// Runs a program and waits for it.
    /// - Parameters:
    ///   - executable: an absolute path.
    ///   - arguments: the arguments after the program name.
    ///   - directory: the working directory, or nil for the test's own.
    ///   - input: bytes for standard input, or nil for none.
    ///   - environment: variables to set on top of the test's own environment.
    /// - Returns: the status and both outputs.
    /// - Throws: ``QuireBinary/LaunchError`` when capture files cannot be made; Foundation's error when the
    ///   program cannot start.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, input: [UInt8]? = nil,
        environment: [String: String] = [:]
    ) throws -> QuireBinary.Output {
        // Files, not pipes: a child filling one pipe while the parent waits on the other deadlocks.
        let scratch = try TemporaryDirectory()
        let outPath = scratch.file("stdout")
        let errPath = scratch.file("stderr")
        let inPath = scratch.file("stdin")
        guard FileManager.default.createFile(atPath: outPath, contents: nil),
            FileManager.default.createFile(atPath: errPath, contents: nil),
            FileManager.default.createFile(atPath: inPath, contents: Data(input ?? [])),
            let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath),
            let stdin = FileHandle(forReadingAtPath: inPath)
        else {
            throw QuireBinary.LaunchError(description: "cannot open capture files in \(scratch.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        try stdin.close()
        let standardOutput = FileManager.default.contents(atPath: outPath) ?? Data()
        let standardError = FileManager.default.contents(atPath: errPath) ?? Data()
        return QuireBinary.Output(
            status: process.terminationStatus,
            standardOutput: String(decoding: standardOutput, as: UTF8.self),
            standardError: String(decoding: standardError, as: UTF8.self)
        )
    }
}

/// Finds the Python of the test venv (`make venv`), where bagit, datasets, langfuse and selenium live.
public enum PythonTools {
    /// A Python that can import a module: `QUIRE_PYTHON`, else the repository's `.venv`.
    /// - Parameter module: the module to import, e.g. `bagit`.
    /// - Returns: the interpreter's path, or nil when none has the module.
    public static func python(withModule module: String) -> String? {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["QUIRE_PYTHON"], !override.isEmpty {
            candidates.append(override)
        }
        candidates.append(FixturePaths.repositoryRoot + "/.venv/bin/python")
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if let result = try? ProcessRunner.run(candidate, ["-c", "import \(module)"]), result.status == 0 {
                return candidate
            }
        }
        return nil
    }
}
