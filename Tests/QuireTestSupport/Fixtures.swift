import QuireIO

/// Finds test fixtures and the shared data beside the repository.
public enum FixturePaths {
    /// The repository's root, found from this file's location.
    public static var repositoryRoot: String {
        let here = #filePath
        var path = FileSystem.parent(of: here)  // Tests/QuireTestSupport
        path = FileSystem.parent(of: path)  // Tests
        return FileSystem.parent(of: path)
    }

    /// `../shared` beside the repository: DESIGN.md, data, tools and oracles.
    public static var shared: String {
        FileSystem.join(FileSystem.parent(of: repositoryRoot), "shared")
    }

    /// A test target's fixture directory.
    /// - Parameter target: e.g. `QuireBundleTests`.
    /// - Returns: `Tests/<target>/Fixtures`.
    public static func fixtures(of target: String) -> String {
        FileSystem.join(repositoryRoot, "Tests/\(target)/Fixtures")
    }
}
