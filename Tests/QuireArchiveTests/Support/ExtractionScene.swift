import QuireArchive
import QuireIO
import QuireTestSupport

/// A temp directory laid out for one extraction: inputs at the top, and an otherwise-empty `work/`
/// directory holding the destination, so a test can prove a refusal left nothing behind.
final class ExtractionScene {
    let directory: TemporaryDirectory
    /// The destination's parent, empty before the extraction.
    let work: String
    /// Where the archive is extracted; must not exist before.
    let destination: String

    init() throws {
        directory = try TemporaryDirectory()
        work = directory.file("work")
        try FileSystem.createDirectory(work)
        destination = FileSystem.join(work, "bundle")
    }

    /// Writes an input file at the top of the scene.
    /// - Returns: its path.
    @discardableResult
    func write(_ bytes: [UInt8], as name: String) throws -> String {
        let path = directory.file(name)
        try FileSystem.writeAtomically(bytes, to: path)
        return path
    }

    /// What is in `work/`: nothing after a refusal, only the destination after a success.
    func workContents() throws -> [String] {
        try FileSystem.contentsOfDirectory(work)
    }

    /// Extracts an input and returns the error it must throw.
    func refusal(of archive: String, limits: ArchiveLimits = .default) -> (any Error)? {
        do {
            _ = try ArchiveReader(limits: limits).extract(archive, to: destination)
            return nil
        } catch {
            return error
        }
    }
}
