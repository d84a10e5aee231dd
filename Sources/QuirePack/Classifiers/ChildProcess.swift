#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one program with bytes on stdin, collecting stdout and stderr, with a deadline — for `command:`
/// classifiers.
///
/// The child is spawned with `posix_spawn` into a new process group, so a timeout can kill it together
/// with anything it started (`sh -c` pipelines, a `sleep` it waits on). Its stdin is an unlinked temporary
/// file holding the input: the child may read it at any pace or not at all, and the parent never writes to
/// a pipe whose reader has gone (no `SIGPIPE` to handle). Waiting never blocks a thread of the cooperative
/// pool: pipes are non-blocking and the loop sleeps between checks, backing off to 20 ms.
enum ChildProcess {
    /// How a run ended.
    enum Outcome: Equatable {
        /// The program exited on its own.
        case exited(status: Int32, stdout: [UInt8], stderr: [UInt8])
        /// A signal ended it.
        case signaled(Int32, stderr: [UInt8])
        /// The deadline passed; its process group was killed.
        case timedOut(stderr: [UInt8])
        /// It wrote more than the limit to stdout; its process group was killed.
        case outputTooLarge
        /// It could not be started: the failing call and its errno.
        case launchFailed(operation: String, errno: Int32)
        /// The calling task was cancelled; its process group was killed.
        case cancelled
    }

    /// The most stderr kept for messages.
    static let stderrLimit = 4096

    /// Runs a program to completion or to the deadline.
    /// - Parameters:
    ///   - executable: an absolute or relative path (no `PATH` search).
    ///   - arguments: argv, the first being the program's name.
    ///   - environment: `KEY=value` entries.
    ///   - input: stdin's bytes.
    ///   - timeout: how long it may run.
    ///   - outputLimit: the most stdout bytes accepted.
    ///   - temporaryDirectory: where the stdin file is created (and at once unlinked).
    /// - Returns: the outcome.
    static func run(
        executable: String, arguments: [String], environment: [String], input: [UInt8], timeout: Duration,
        outputLimit: Int, temporaryDirectory: String
    ) async -> Outcome {
        let started: Spawned
        switch spawn(executable, arguments, environment, input, temporaryDirectory) {
        case .success(let spawned): started = spawned
        case .failure(let failure): return .launchFailed(operation: failure.operation, errno: failure.errno)
        }
        var stdout = PipeReader(fd: started.stdout, limit: outputLimit + 1)
        var stderr = PipeReader(fd: started.stderr, limit: stderrLimit)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var status: Int32?
        var pause = Duration.milliseconds(1)
        while true {
            let readOut = stdout.drain()
            let readErr = stderr.drain()
            let progressed = readOut || readErr
            if stdout.bytes.count > outputLimit {
                stop(started.pid, reaped: status != nil)
                return .outputTooLarge
            }
            if status == nil { status = reap(started.pid, blocking: false) }
            if let status, stdout.isClosed, stderr.isClosed {
                let signal = status & 0x7F
                if signal == 0 {
                    return .exited(status: (status >> 8) & 0xFF, stdout: stdout.bytes, stderr: stderr.bytes)
                }
                return .signaled(signal, stderr: stderr.bytes)
            }
            if Task.isCancelled {
                stop(started.pid, reaped: status != nil)
                return .cancelled
            }
            if ContinuousClock.now >= deadline {
                stop(started.pid, reaped: status != nil)
                return .timedOut(stderr: stderr.bytes)
            }
            if progressed {
                pause = .milliseconds(1)
            } else {
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(20))
            }
        }
    }

    /// Kills the child's process group and reaps the leader; the pipes close with their readers.
    private static func stop(_ pid: pid_t, reaped: Bool) {
        // The group id is the leader's pid (POSIX_SPAWN_SETPGROUP with 0); the kernel does not reuse it
        // while any member of the group lives, so this reaches only our child and its descendants.
        kill(-pid, SIGKILL)
        if !reaped { _ = reap(pid, blocking: true) }
    }

    /// The child's wait status once it has ended; nil while it runs.
    private static func reap(_ pid: pid_t, blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { return status }
            if result == -1 && errno == EINTR { continue }
            // ECHILD cannot happen for our own unreaped child; treat it as gone rather than loop forever.
            return result == 0 ? nil : 0
        }
    }

    /// A started child and the parent's ends of its output pipes.
    private struct Spawned {
        var pid: pid_t
        var stdout: Int32
        var stderr: Int32
    }

    /// A failed system call.
    private struct LaunchFailure: Error {
        var operation: String
        var errno: Int32
    }

    private static func spawn(
        _ executable: String, _ arguments: [String], _ environment: [String], _ input: [UInt8],
        _ temporaryDirectory: String
    ) -> Result<Spawned, LaunchFailure> {
        let stdin: Int32
        switch inputFile(input, in: temporaryDirectory) {
        case .success(let fd): stdin = fd
        case .failure(let failure): return .failure(failure)
        }
        var stdout: (read: Int32, write: Int32) = (-1, -1)
        var stderr: (read: Int32, write: Int32) = (-1, -1)
        guard makePipe(&stdout), makePipe(&stderr) else {
            let code = errno
            for fd in [stdin, stdout.read, stdout.write, stderr.read, stderr.write] where fd >= 0 {
                closeDescriptor(fd)
            }
            return .failure(LaunchFailure(operation: "pipe", errno: code))
        }
        var setup = SpawnSetup(stdin: stdin, stdout: stdout.write, stderr: stderr.write)
        let result = setup.spawn(executable, arguments, environment)
        for fd in [stdin, stdout.write, stderr.write] { closeDescriptor(fd) }
        switch result {
        case .success(let pid):
            for fd in [stdout.read, stderr.read] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            return .success(Spawned(pid: pid, stdout: stdout.read, stderr: stderr.read))
        case .failure(let failure):
            for fd in [stdout.read, stderr.read] { closeDescriptor(fd) }
            return .failure(failure)
        }
    }

    /// A one-way channel whose ends are closed on exec from the moment they exist.
    ///
    /// Concurrently spawned children must never inherit each other's channels: a stray write end keeps a
    /// reader waiting for EOF. Swift's Glibc module has no `pipe2`, so on Linux it is a socket pair made with `SOCK_CLOEXEC`, which
    /// programs write to exactly as to a pipe.
    private static func makePipe(_ ends: inout (read: Int32, write: Int32)) -> Bool {
        var fds: [Int32] = [-1, -1]
        #if canImport(Glibc)
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            guard socketpair(AF_UNIX, type, 0, &fds) == 0 else { return false }
            _ = shutdown(fds[0], Int32(SHUT_WR))
            _ = shutdown(fds[1], Int32(SHUT_RD))
        #else
            guard pipe(&fds) == 0 else { return false }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #endif
        ends = (fds[0], fds[1])
        return true
    }

    /// An unlinked temporary file holding the input, positioned at its start.
    ///
    /// Opened with `O_CLOEXEC`
    /// and `O_EXCL` under a name made of the process id and an attempt number, trying the next number
    /// when the name is taken; the name is unlinked at once, so it is free again.
    private static func inputFile(_ input: [UInt8], in directory: String) -> Result<Int32, LaunchFailure> {
        var fd: Int32 = -1
        for attempt in 0..<10_000 {
            let path = directory + "/quire-command-\(getpid())-\(attempt)"
            fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                _ = unlink(path)
                break
            }
            if errno != EEXIST && errno != EINTR { break }
        }
        guard fd >= 0 else { return .failure(LaunchFailure(operation: "open", errno: errno)) }
        var written = 0
        while written < input.count {
            let count = input.withUnsafeBytes { bytes in
                write(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                closeDescriptor(fd)
                return .failure(LaunchFailure(operation: "write", errno: code))
            }
            written += count
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            let code = errno
            closeDescriptor(fd)
            return .failure(LaunchFailure(operation: "lseek", errno: code))
        }
        return .success(fd)
    }

    /// The `posix_spawn` attributes and file actions, destroyed with their owner.
    private struct SpawnSetup: ~Copyable {
        #if canImport(Darwin)
            private var actions: posix_spawn_file_actions_t?
            private var attributes: posix_spawnattr_t?
        #else
            private var actions = posix_spawn_file_actions_t()
            private var attributes = posix_spawnattr_t()
        #endif

        init(stdin: Int32, stdout: Int32, stderr: Int32) {
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
            posix_spawnattr_init(&attributes)
            // Its own process group, so a timeout kills everything it started; default signal handling
            // and an empty mask, whatever the parent's threads had.
            posix_spawnattr_setpgroup(&attributes, 0)
            var empty = sigset_t()
            sigemptyset(&empty)
            posix_spawnattr_setsigmask(&attributes, &empty)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            sigaddset(&defaults, SIGPIPE)
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
            posix_spawnattr_setflags(&attributes, Int16(flags))
        }

        deinit {
            var actions = actions
            var attributes = attributes
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }

        mutating func spawn(_ executable: String, _ arguments: [String], _ environment: [String]) -> Result<
            pid_t, LaunchFailure
        > {
            let argv = arguments.map { strdup($0) } + [nil]
            let envp = environment.map { strdup($0) } + [nil]
            var pid: pid_t = 0
            let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            for pointer in argv + envp { free(pointer) }
            if code != 0 { return .failure(LaunchFailure(operation: "posix_spawn", errno: code)) }
            return .success(pid)
        }
    }
}

/// The parent's end of an output pipe: reads what is there without blocking and keeps up to a limit.
private struct PipeReader: ~Copyable {
    let fd: Int32
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var isClosed = false
    private var buffer = [UInt8](repeating: 0, count: 65536)

    init(fd: Int32, limit: Int) {
        self.fd = fd
        self.limit = limit
    }

    /// Reads everything available now; true when anything arrived or the pipe closed.
    mutating func drain() -> Bool {
        if isClosed { return false }
        var progressed = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                progressed = true
                let room = max(0, limit - bytes.count)
                bytes.append(contentsOf: buffer.prefix(min(count, room)))
                if bytes.count >= limit { return true }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return progressed }
            // EOF, or an error that leaves nothing more to read.
            closeDescriptor(fd)
            isClosed = true
            return true
        }
    }

    deinit {
        if !isClosed { closeDescriptor(fd) }
    }
}

/// `close(2)`, named apart from the methods it is called from.
private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
