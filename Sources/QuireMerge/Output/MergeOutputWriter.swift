import Dispatch
import QuireBundle
import QuireIO
import QuireModel
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Puts a merge on disk: every file in a private staging directory beside the target, fsync'd, then renamed
/// into place, so the output directory is never seen half-written (DESIGN.md §6).
public enum MergeOutputWriter {
    /// Checks that the output directory may be written, before any work is done.
    /// - Parameters:
    ///   - directory: the `--out` directory.
    ///   - force: whether a non-empty directory may be replaced.
    /// - Throws: ``MergeError/outputNotEmpty(path:)``, ``MergeError/outputNotADirectory(path:)``; ``FileError``.
    public static func checkTarget(_ directory: String, force: Bool) throws {
        guard FileSystem.exists(directory) else { return }
        guard FileSystem.isDirectory(directory) else { throw MergeError.outputNotADirectory(path: directory) }
        if !force, !(try FileSystem.contentsOfDirectory(directory)).isEmpty {
            throw MergeError.outputNotEmpty(path: directory)
        }
    }

    /// Writes `merge.json`, `items.jsonl`, `scores.jsonl`, `consensus.jsonl`, `agreement.json`, `report.html`,
    /// `report.md` and, when there are conflicts, `adjudication.quire`.
    ///
    /// An empty or missing directory is replaced in one `rename`. With `force`, a non-empty one is first
    /// renamed aside, the new one renamed in, then the old one removed; if the second rename fails the old
    /// directory is put back.
    /// - Parameters:
    ///   - result: the merge.
    ///   - directory: the `--out` directory.
    ///   - force: whether a non-empty directory may be replaced.
    /// - Returns: the names of the files written, sorted.
    /// - Throws: ``MergeError``; ``FileError``; `HTMLTemplateError` or `ArchiveError` (never for valid
    ///   templates and paths).
    @discardableResult
    public static func write(_ result: MergeResult, to directory: String, force: Bool) async throws -> [String] {
        try checkTarget(directory, force: force)
        let parent = FileSystem.parent(of: directory)
        if !FileSystem.exists(parent) { try FileSystem.createDirectory(parent) }
        let staging = try FileSystem.makeTemporaryDirectory(
            in: parent, prefix: ".\(FileSystem.lastComponent(of: directory)).merge-")
        var names: [String] = []
        do {
            // The page and the adjudication bundle are made while the other files are written. (Leaving this
            // block, even by an error, waits for both, so the staging directory is removed only after them.)
            let report = result.report
            async let html = ReportRenderer.html(report)
            async let adjudication: Bool = {
                guard let plan = result.adjudication else { return false }
                try writeBundle(plan, to: FileSystem.join(staging, MergeResult.adjudicationFileName), staging: staging)
                return true
            }()
            // Each file is made and written (fsync included) on its own thread.
            let files = MergeDataFile.allCases
            let written = Mutex<[Int: Result<String, any Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: files.count + 1) { index in
                let outcome = Result {
                    let (name, bytes) =
                        index < files.count
                        ? (files[index].rawValue, result.bytes(of: files[index]))
                        : ("report.md", Array(ReportRenderer.markdown(report).utf8))
                    try FileSystem.writeAtomically(bytes, to: FileSystem.join(staging, name))
                    return name
                }
                written.withLock { $0[index] = outcome }
            }
            // The first failure in file order is the one reported.
            for outcome in written.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
                names.append(try outcome.value.get())
            }
            if try await adjudication { names.append(MergeResult.adjudicationFileName) }
            try FileSystem.writeAtomically(try await html, to: FileSystem.join(staging, "report.html"))
            names.append("report.html")
            // mkdtemp makes the directory private (0700); the output is an ordinary directory.
            _ = chmod(staging, 0o755)
            try FileSystem.syncDirectory(staging)
            try moveIntoPlace(staging, directory)
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
        return names.sorted()
    }

    /// Writes the adjudication bundle: a bag directory with ``BagWriter``, then the deterministic archive.
    private static func writeBundle(_ plan: AdjudicationPlan, to path: String, staging: String) throws {
        let bag = FileSystem.join(staging, ".adjudication-bag")
        let writer = try BagWriter(
            directory: bag, manifest: plan.manifest, instructions: plan.instructions, sourceSHA256: plan.sourceSHA256)
        for item in plan.items { try writer.append(item) }
        _ = try writer.finish()
        try BundleArchiver.archive(directory: bag, to: path)
        try FileSystem.removeTree(bag)
    }

    private static func moveIntoPlace(_ staging: String, _ directory: String) throws {
        let parent = FileSystem.parent(of: directory)
        if FileSystem.isDirectory(directory), !(try FileSystem.contentsOfDirectory(directory)).isEmpty {
            let aside = try FileSystem.makeTemporaryDirectory(
                in: parent, prefix: ".\(FileSystem.lastComponent(of: directory)).old-")
            let old = FileSystem.join(aside, "old")
            try FileSystem.rename(directory, to: old)
            do {
                try FileSystem.rename(staging, to: directory)
            } catch {
                try? FileSystem.rename(old, to: directory)
                try? FileSystem.removeTree(aside)
                throw error
            }
            try FileSystem.syncDirectory(parent)
            try FileSystem.removeTree(aside)
        } else {
            // rename(2) replaces an empty directory in one step.
            try FileSystem.rename(staging, to: directory)
            try FileSystem.syncDirectory(parent)
        }
    }
}
