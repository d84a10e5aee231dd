import QuireIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ArchiveReader {
    /// Checks a plain directory in place: every path under it, found with `lstat` (links are never followed),
    /// must pass the same rules as an archive entry, within the same budgets.
    ///
    /// Symlinks, devices, FIFOs and sockets are refused: a bundle directory copied from a stranger could use
    /// them exactly as an archive would. Permission bits are not judged: nothing is extracted, so a setgid
    /// directory (common in shared group folders) grants nothing.
    /// - Parameter path: the directory.
    /// - Returns: its entries, sorted by path, with their sizes.
    /// - Throws: ``ArchiveError/refusedEntry(path:entry:rule:)``, `FileError`.
    /// - Complexity: O(n) in the number of paths under `path`.
    public func checkDirectory(_ path: String) throws -> ArchiveContents {
        var policy = EntryPolicy(path: path, limits: limits)
        var infos: [ArchiveEntryInfo] = []
        try walk(path, relative: "", policy: &policy, infos: &infos)
        return ArchiveContents(format: .directory, compression: .none, entries: infos)
    }

    private func walk(
        _ root: String, relative: String, policy: inout EntryPolicy, infos: inout [ArchiveEntryInfo]
    ) throws {
        let directory = relative.isEmpty ? root : FileSystem.join(root, relative)
        for name in try FileSystem.contentsOfDirectory(directory) {
            let child = relative.isEmpty ? name : relative + "/" + name
            let absolute = FileSystem.join(root, child)
            var info = stat()
            _ = try FileSystem.retrying("lstat", path: absolute) { lstat(absolute, &info) }
            let kind: EntryKind
            switch info.st_mode & S_IFMT {
            case S_IFREG: kind = .regular
            case S_IFDIR: kind = .directory
            case S_IFLNK: kind = .symlink
            case S_IFCHR: kind = .characterDevice
            case S_IFBLK: kind = .blockDevice
            case S_IFIFO: kind = .fifo
            case S_IFSOCK: kind = .socket
            default: kind = .other
            }
            let size = kind == .regular ? Int64(info.st_size) : nil
            let entry = try policy.admit(
                EntryHeader(name: Array(child.utf8), kind: kind, permissions: 0, declaredSize: size))
            infos.append(ArchiveEntryInfo(name: entry.name, isDirectory: entry.isDirectory, size: size ?? 0))
            if kind == .directory { try walk(root, relative: child, policy: &policy, infos: &infos) }
        }
    }
}
