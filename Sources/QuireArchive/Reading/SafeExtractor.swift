import QuireIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes admitted entries under a staging root: regular files and directories only, never links or devices.
///
/// The manual approach of notes/toolchain.md §2b, not `archive_write_disk`: that one creates the symlinks it
/// is asked for and needs a process-wide `chdir`. Files are created with `O_CREAT | O_EXCL | O_NOFOLLOW`, so
/// nothing is ever opened through a link or over an existing file, with mode 0644 and directories with 0755
/// whatever the archive says (the umask still applies). Every file and directory is fsync'd, so the tree is
/// durable before it is renamed into place.
final class SafeExtractor: EntryConsumer {
    private let root: String
    private var knownDirectories: Set<String> = [""]
    private var createdDirectories: [String] = []
    private var output: FileDescriptor?

    /// - Parameter root: the staging root; must exist and be private to this process.
    init(root: String) {
        self.root = root
    }

    func directory(_ name: String) throws {
        try ensureDirectory(name)
    }

    func beginFile(_ name: String) throws {
        try ensureDirectory(Self.parent(of: name))
        output = try FileDescriptor.createExclusive(FileSystem.join(root, name), mode: 0o644)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let descriptor = output.take() else { return }
        try descriptor.writeAll(bytes)
        output = consume descriptor
    }

    func endFile() throws {
        guard let descriptor = output.take() else { return }
        try descriptor.sync()
    }

    /// Flushes every created directory, deepest first, then the root.
    /// - Throws: `FileError`.
    func syncDirectories() throws {
        for directory in createdDirectories.reversed() {
            try FileSystem.syncDirectory(FileSystem.join(root, directory))
        }
        try FileSystem.syncDirectory(root)
    }

    private func ensureDirectory(_ name: String) throws {
        if knownDirectories.contains(name) { return }
        try ensureDirectory(Self.parent(of: name))
        let path = FileSystem.join(root, name)
        if mkdir(path, 0o755) != 0 {
            let code = errno
            // Only this extractor writes under the private root: an existing path is a directory it made.
            var info = stat()
            guard code == EEXIST, lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw FileError("mkdir", path: path, errno: code)
            }
        } else {
            createdDirectories.append(name)
        }
        knownDirectories.insert(name)
    }

    private static func parent(of name: String) -> String {
        guard let slash = name.lastIndex(of: "/") else { return "" }
        return String(name[..<slash])
    }
}
