import QuireIO

/// The advisory lock that makes one annotator at a time write a bundle (DESIGN.md §3 "Journal").
///
/// `flock(LOCK_EX | LOCK_NB)` on `.lock` in the bag directory (`B.d/` for an archive). The kernel drops the
/// lock when the descriptor closes, so it goes away with this value and with a crashed process alike: a
/// crash never leaves a bundle locked. `flock` locks belong to the open file description, so a second open
/// in the same process is refused too. The descriptor is close-on-exec, so a spawned browser never holds it.
public struct WorkLock: ~Copyable {
    private let descriptor: FileDescriptor

    /// Takes the lock of a bag directory without waiting.
    /// - Parameters:
    ///   - directory: the bag's root.
    ///   - bundle: the bundle's name, for the error.
    /// - Returns: the held lock.
    /// - Throws: ``BundleError/locked(bundle:lockFile:)`` when another annotator holds it; ``FileError``.
    public static func acquire(directory: String, bundle: String) throws -> WorkLock {
        let path = FileSystem.join(directory, BundleLayout.lock)
        let descriptor = try FileDescriptor.openForAppending(path)
        guard try descriptor.tryLockExclusive() else {
            throw BundleError.locked(bundle: bundle, lockFile: path)
        }
        return WorkLock(descriptor: descriptor)
    }

    private init(descriptor: consuming FileDescriptor) {
        self.descriptor = descriptor
    }

    /// The lock file's path.
    public var path: String { descriptor.path }
}
