import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process that keeps running while the test reads its output line by line and signals it: the
/// annotator server, or a loop of `quire score` to be killed mid-flight.
///
/// Foundation starts children as leaders of their own process group (checked on start), so
/// ``signalGroup(_:)`` reaches every process the child started (a shell loop and the `quire` it is running).
final class BackgroundProcess {
    private let process = Process()
    private let output: Int32
    private var buffer: [UInt8] = []
    private var isReaped = false
    /// Everything read from standard output so far.
    private(set) var transcript: [UInt8] = []

    init(_ executable: String, _ arguments: [String], standardError: String) throws {
        let pipe = Pipe()
        guard FileManager.default.createFile(atPath: standardError, contents: nil),
            let errorFile = FileHandle(forWritingAtPath: standardError)
        else { throw CocoaError(.fileWriteUnknown) }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = errorFile
        try process.run()
        try errorFile.close()
        guard getpgid(process.processIdentifier) == process.processIdentifier else {
            _ = kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.featureUnsupported)
        }
        output = pipe.fileHandleForReading.fileDescriptor
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
        // Keep the pipe alive as long as this value: its descriptor is read directly.
        self.pipe = pipe
    }

    private let pipe: Pipe

    /// The process id, which is also its process group id.
    var pid: Int32 { process.processIdentifier }

    /// Reads whatever standard output has for up to `duration`.
    func pump(for duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, 5) > 0 { readAvailable() }
        }
    }

    /// The next complete line of standard output, waiting up to `timeout`; nil on timeout or end of output.
    func readLine(timeout: Duration) -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            guard ContinuousClock.now < deadline else { return nil }
            var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, 20) > 0, readAvailable() == 0, !process.isRunning { return nil }
        }
    }

    /// Complete lines read so far and not yet returned by ``readLine(timeout:)``.
    func takeCompleteLines() -> [String] {
        readAvailable()
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: 0x0A) {
            lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
            buffer.removeFirst(newline + 1)
        }
        return lines
    }

    @discardableResult
    private func readAvailable() -> Int {
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            guard count > 0 else { return total }
            buffer.append(contentsOf: chunk[0..<count])
            transcript.append(contentsOf: chunk[0..<count])
            total += count
        }
    }

    /// Sends a signal to the whole process group.
    func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }

    /// Sends a signal to the process itself.
    func signal(_ signal: Int32) {
        _ = kill(pid, signal)
    }

    /// Waits for the process to end.
    /// - Returns: its exit status, or 128 + the signal that ended it.
    func wait() -> Int32 {
        process.waitUntilExit()
        isReaped = true
        readAvailable()
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }

    deinit {
        if !isReaped, process.isRunning {
            _ = kill(-process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
