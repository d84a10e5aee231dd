internal import CQuireArchive
import QuireIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private directory beside an extraction's destination, renamed into place only once everything is checked.
///
/// The staging directory is made with `mkdtemp` (mode 0700) in the destination's parent, so the final rename
/// stays on one file system and no other user can reach into it while hostile content is being written.
/// Extraction goes into `root` inside it, created with ordinary permissions, which becomes the destination.
/// Whatever happens, the staging directory is removed when this value goes away: after a failure it takes
/// everything written with it, after ``commit(to:)`` it is empty.
struct StagingDirectory: ~Copyable {
    /// The private wrapper directory.
    let wrapper: String
    /// Where entries are extracted; renamed to the destination on commit.
    let root: String

    /// Creates the staging directory for a destination.
    /// - Parameter destination: the directory the archive will become.
    /// - Throws: `FileError`.
    init(for destination: String) throws {
        let parent = FileSystem.parent(of: destination)
        let name = FileSystem.lastComponent(of: destination)
        let wrapper = try FileSystem.makeTemporaryDirectory(in: parent, prefix: ".\(name).staging-")
        let root = FileSystem.join(wrapper, "root")
        do {
            _ = try FileSystem.retrying("mkdir", path: root) { mkdir(root, 0o755) }
        } catch {
            try? FileSystem.removeTree(wrapper)
            throw error
        }
        self.wrapper = wrapper
        self.root = root
    }

    deinit {
        try? FileSystem.removeTree(wrapper)
    }

    /// Moves the extracted tree to the destination, refusing to replace anything that appeared there meanwhile,
    /// and makes the rename durable.
    /// - Parameter destination: the final path; must not exist.
    /// - Throws: ``ArchiveError/destinationExists(path:)``, `FileError`.
    consuming func commit(to destination: String) throws {
        if CQuireArchive_renameNoReplace(root, destination) != 0 {
            let code = errno
            switch code {
            case EEXIST, ENOTEMPTY:
                throw ArchiveError.destinationExists(path: destination)
            case ENOSYS, EINVAL:
                // The kernel or file system lacks RENAME_NOREPLACE: check, then rename (a narrow, benign race).
                if FileSystem.exists(destination) { throw ArchiveError.destinationExists(path: destination) }
                try FileSystem.rename(root, to: destination)
            default:
                throw FileError("renameat2", path: destination, errno: code)
            }
        }
        try FileSystem.syncDirectory(FileSystem.parent(of: destination))
    }
}
