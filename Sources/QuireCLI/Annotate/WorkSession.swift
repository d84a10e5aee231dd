import QuireBundle
import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `annotate`, `score` and `seal` share at the edge: where the work happens, the clock, the warnings.
enum WorkSession {
    /// Finds the bag behind a path: a bag directory is worked on in place; an archive is extracted once into
    /// `B.d/` beside it and reused, so work resumes after a crash or a reboot (DESIGN.md §4).
    /// - Parameter path: the bundle the user named.
    /// - Returns: where to work and the archive seal writes back to.
    /// - Throws: `BundleError`, `ArchiveError` for a hostile archive, `FileError`.
    static func open(_ path: String) throws -> WorkingBundle {
        try BundleWorkspace.openForWork(path)
    }

    /// The wall clock, read at the edge and passed down (STYLE.md §2.6).
    static let clock: @Sendable () -> Timestamp = {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Timestamp(nanosecondsSinceEpoch: Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))
    }
}

/// Prints warnings on standard error as `quire: path:line: warning: message`.
struct StandardErrorWarnings: DiagnosticSink {
    func emit(_ diagnostic: Diagnostic) {
        Terminal.standardError.write("quire: \(diagnostic.description)\n")
    }
}
