import QuireIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Golden files: expected outputs checked into `Tests/<Target>/Fixtures/`, compared byte for byte.
///
/// A normal run only reads them. With `QUIRE_UPDATE_GOLDENS=1` the actual output is written first, so the
/// change shows up in `git diff` for review (STYLE.md §2.8); a test never regenerates silently.
public enum GoldenFile {
    /// Whether this run rewrites golden files.
    public static var isUpdating: Bool {
        guard let value = getenv("QUIRE_UPDATE_GOLDENS") else { return false }
        return String(cString: value) == "1"
    }

    /// The expected bytes for an output: the golden file's content (rewritten from `actual` when updating).
    /// - Parameters:
    ///   - actual: what the code produced.
    ///   - path: the golden file.
    /// - Returns: the golden bytes to compare `actual` with.
    /// - Throws: ``FileError`` when the golden file is missing and not being updated.
    public static func expected(for actual: [UInt8], at path: String) throws -> [UInt8] {
        if isUpdating {
            try FileSystem.createDirectory(FileSystem.parent(of: path))
            try FileSystem.writeAtomically(actual, to: path)
        }
        return try FileSystem.readFile(path)
    }

    /// The expected text for an output.
    /// - Parameters:
    ///   - actual: what the code produced.
    ///   - path: the golden file.
    /// - Returns: the golden text.
    /// - Throws: ``FileError``.
    public static func expected(for actual: String, at path: String) throws -> String {
        String(decoding: try expected(for: Array(actual.utf8), at: path), as: UTF8.self)
    }
}
