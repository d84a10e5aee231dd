import Foundation
import QuireIO

/// Golden files: compared byte for byte in a normal run, rewritten in the source tree when
/// `QUIRE_UPDATE_GOLDENS=1`, so the diff is reviewed in the commit (STYLE.md §2.8).
public enum Goldens {
    /// Whether this run rewrites goldens.
    public static var isUpdating: Bool {
        ProcessInfo.processInfo.environment["QUIRE_UPDATE_GOLDENS"] == "1"
    }

    /// The golden bytes to compare with, after rewriting them first when updating.
    /// - Parameters:
    ///   - actual: what the code produced.
    ///   - path: the golden file.
    /// - Returns: the golden file's bytes.
    /// - Throws: ``FileError`` when the golden file is missing (and not being written).
    public static func expected(for actual: [UInt8], at path: String) throws -> [UInt8] {
        if isUpdating {
            try FileSystem.createDirectory(FileSystem.parent(of: path))
            try FileSystem.writeAtomically(actual, to: path)
        }
        return try FileSystem.readFile(path)
    }
}
