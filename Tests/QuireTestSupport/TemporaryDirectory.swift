import QuireIO

/// A private temp directory for one test, removed when the value goes away.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates a fresh directory under the system temp directory.
    /// - Throws: ``FileError``.
    public init() throws {
        path = try FileSystem.makeTemporaryDirectory(in: FileSystem.temporaryDirectory, prefix: "quire-test-")
    }

    deinit { try? FileSystem.removeTree(path) }

    /// A path inside the directory.
    /// - Parameter name: a relative path.
    /// - Returns: the absolute path.
    public func file(_ name: String) -> String {
        FileSystem.join(path, name)
    }
}
