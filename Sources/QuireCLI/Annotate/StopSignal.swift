import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM as a value a task can wait for, so `quire annotate` stops its server and exits 0
/// instead of dying from the signal (FlyingFox installs no handler of its own).
///
/// A signal handler may only do async-signal-safe work: it stores the signal number in an atomic, and a
/// task polls it. The atomic is a `static let` because a C handler cannot capture context.
enum StopSignal {
    private static let received = Atomic<Int32>(0)

    /// Routes SIGINT and SIGTERM to ``wait()``.
    static func install() {
        // Touch the atomic first: its lazy initialisation must not run inside the handler.
        _ = received.load(ordering: .relaxed)
        _ = signal(SIGINT) { number in StopSignal.received.store(number, ordering: .relaxed) }
        _ = signal(SIGTERM) { number in StopSignal.received.store(number, ordering: .relaxed) }
    }

    /// Returns once SIGINT or SIGTERM has arrived.
    /// - Returns: the signal number.
    /// - Throws: `CancellationError` when the waiting task is cancelled.
    static func wait() async throws -> Int32 {
        while true {
            let number = received.load(ordering: .relaxed)
            if number != 0 { return number }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
