import QuireBundle
import QuireIO
import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `annotate`, `score` and `seal` share at the edge: where the work happens, the clock, the warnings.
enum WorkSession {
    /// The bag directory a command writes to, and the archive seal writes back to (nil for a directory).
    struct Target {
        var directory: String
        var archive: String?
    }

    /// Finds the bag behind a path: a bag directory is worked on in place.
    /// - Parameter path: the bundle the user named.
    /// - Returns: where to work.
    /// - Throws: ``BundleError/notABundle(path:reason:)``.
    static func open(_ path: String) throws -> Target {
        guard FileSystem.isDirectory(path) else {
            throw BundleError.notABundle(
                path: path, reason: "only bag directories can be annotated until the archive workspace lands")
        }
        guard FileSystem.isRegularFile(FileSystem.join(path, BundleLayout.bagDeclaration)) else {
            throw BundleError.notABundle(path: path, reason: "no \(BundleLayout.bagDeclaration)")
        }
        return Target(directory: path, archive: nil)
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
