public import QuireModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call on a file, with the operation, the path and the errno it returned.
public struct FileError: QuireError, Equatable {
    /// The operation that failed, named as the C function (`open`, `fsync`, `rename`).
    public var operation: String
    /// The path it was called on.
    public var path: String
    /// The errno value.
    public var errno: Int32

    /// Creates an error.
    /// - Parameters:
    ///   - operation: the C function that failed.
    ///   - path: the path it was called on.
    ///   - errno: the errno value it left.
    public init(_ operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// I/O failures are the system's fault, except a missing input, which is the user's.
    public var fault: Fault {
        errno == ENOENT ? .data : .system
    }

    /// `path: operation failed: reason`.
    public var description: String {
        "\(path): \(operation) failed: \(SystemErrno.message(for: errno))"
    }
}
