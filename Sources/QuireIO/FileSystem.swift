#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file operations Quire needs, each a thin wrapper over POSIX that throws ``FileError`` naming the call.
///
/// Everything that writes a result goes through ``writeAtomically(_:to:)``: temp file, fsync, rename,
/// fsync of the directory, so no command leaves a half-written file (DESIGN.md §6).
public enum FileSystem {
    /// Runs a system call, retrying `EINTR`, and throws ``FileError`` on -1.
    /// - Parameters:
    ///   - operation: the C function's name, for the message.
    ///   - path: the path, for the message.
    ///   - call: the call.
    /// - Returns: the call's non-negative result.
    /// - Throws: ``FileError``.
    public static func retrying<T: BinaryInteger>(
        _ operation: String,
        path: String,
        _ call: () -> T
    ) throws -> T {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw FileError(operation, path: path, errno: code)
        }
    }

    /// Reads a whole file.
    /// - Parameter path: the file.
    /// - Returns: its bytes.
    /// - Throws: ``FileError``.
    public static func readFile(_ path: String) throws -> [UInt8] {
        var fd = try FileDescriptor.openForReading(path)
        // Read straight into the result, sized by fstat plus one byte to see the end: no zero-fill, no copy.
        let capacity = ((try? fd.size()) ?? 0) + 1
        var bytes = try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            initialized = 0
            while initialized < buffer.count {
                let count = try fd.read(
                    into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[initialized...])))
                if count == 0 { return }
                initialized += count
            }
        }
        guard bytes.count == capacity else { return bytes }
        // The file grew after fstat: read the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads a whole UTF-8 text file.
    /// - Parameter path: the file.
    /// - Returns: its text (invalid sequences replaced).
    /// - Throws: ``FileError``.
    public static func readText(_ path: String) throws -> String {
        String(decoding: try readFile(path), as: UTF8.self)
    }

    /// Writes a file atomically: a temp file beside it, fsync, rename over the target, fsync the directory.
    /// - Parameters:
    ///   - bytes: the content.
    ///   - path: the target file.
    /// - Throws: ``FileError``; on failure the target is untouched and the temp file removed.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try writeAtomically($0, to: path) }
    }

    /// Writes a text file atomically.
    /// - Parameters:
    ///   - text: the content, written as UTF-8.
    ///   - path: the target file.
    /// - Throws: ``FileError``.
    public static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(Array(text.utf8), to: path)
    }

    /// Writes a file atomically from raw memory.
    /// - Parameters:
    ///   - bytes: the content.
    ///   - path: the target file.
    /// - Throws: ``FileError``.
    public static func writeAtomically(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let temporary = temporarySibling(of: path)
        do {
            let fd = try FileDescriptor.createExclusive(temporary)
            try fd.writeAll(bytes)
            try fd.sync()
        } catch {
            _ = unlink(temporary)
            throw error
        }
        try commitTemporary(temporary, to: path)
    }

    /// Renames a finished temp file over its target and fsyncs the directory.
    /// - Parameters:
    ///   - temporary: the finished, fsync'd temp file.
    ///   - path: the target.
    /// - Throws: ``FileError``; the temp file is removed on failure.
    public static func commitTemporary(_ temporary: String, to path: String) throws {
        do {
            _ = try retrying("rename", path: path) { Glibc.rename(temporary, path) }
        } catch {
            _ = unlink(temporary)
            throw error
        }
        try syncDirectory(parent(of: path))
    }

    /// A fresh temp file name in the same directory (so the rename stays on one file system).
    /// - Parameter path: the target.
    /// - Returns: `dir/.name.tmp-PID-N`.
    public static func temporarySibling(of path: String) -> String {
        let directory = parent(of: path)
        let name = lastComponent(of: path)
        var suffix = UInt64(getpid()) << 20
        var candidate = ""
        repeat {
            suffix &+= 1
            candidate = join(directory, ".\(name).tmp-\(suffix)")
        } while exists(candidate)
        return candidate
    }

    /// Flushes a directory's entries to disk (`open(O_DIRECTORY)` + `fsync`), making a rename durable.
    /// - Parameter path: the directory.
    /// - Throws: ``FileError``.
    public static func syncDirectory(_ path: String) throws {
        let fd = try retrying("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { _ = close(fd) }
        _ = try retrying("fsync", path: path) { fsync(fd) }
    }

    /// Whether something exists at a path (without following a final symlink).
    /// - Parameter path: the path.
    /// - Returns: whether it exists.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Whether a path is a directory (following symlinks).
    /// - Parameter path: the path.
    /// - Returns: whether it is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether a path is a regular file (following symlinks).
    /// - Parameter path: the path.
    /// - Returns: whether it is a regular file.
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The size of a file in bytes.
    /// - Parameter path: the file.
    /// - Returns: the size in bytes.
    /// - Throws: ``FileError``.
    public static func size(of path: String) throws -> Int {
        var info = stat()
        _ = try retrying("stat", path: path) { stat(path, &info) }
        return Int(info.st_size)
    }

    /// Creates a directory and any missing parents (`mkdir -p`), mode 0755.
    /// - Parameter path: the directory.
    /// - Throws: ``FileError``.
    public static func createDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        let up = parent(of: path)
        if up != path, !up.isEmpty, !isDirectory(up) { try createDirectory(up) }
        if mkdir(path, 0o755) != 0 {
            let code = errno
            if code == EEXIST, isDirectory(path) { return }
            throw FileError("mkdir", path: path, errno: code)
        }
    }

    /// The names in a directory, sorted by their UTF-8 bytes, without `.` and `..`.
    /// - Parameter path: the directory.
    /// - Returns: entry names.
    /// - Throws: ``FileError``.
    public static func contentsOfDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw FileError("opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Every regular file under a directory, as paths relative to it, sorted by UTF-8 bytes.
    /// - Parameter root: the directory.
    /// - Returns: relative paths with `/` separators.
    /// - Throws: ``FileError``.
    public static func regularFiles(under root: String) throws -> [String] {
        var result: [String] = []
        func walk(_ relative: String) throws {
            let absolute = relative.isEmpty ? root : join(root, relative)
            for name in try contentsOfDirectory(absolute) {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                _ = try retrying("lstat", path: join(root, child)) { lstat(join(root, child), &info) }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: try walk(child)
                case S_IFREG: result.append(child)
                default: continue
                }
            }
        }
        try walk("")
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The kind of a directory entry, as `lstat` reports it.
    public enum EntryKind: String, Sendable {
        /// A regular file.
        case regular = "regular file"
        /// A directory.
        case directory
        /// A symbolic link.
        case symlink = "symbolic link"
        /// A device, FIFO or socket.
        case special = "device, FIFO or socket"
    }

    /// Every entry under a directory without following symlinks, as relative paths with their kinds.
    /// - Parameter root: the directory.
    /// - Returns: entries sorted by path.
    /// - Throws: ``FileError``.
    public static func allEntries(under root: String) throws -> [(path: String, kind: EntryKind)] {
        var result: [(path: String, kind: EntryKind)] = []
        func walk(_ relative: String) throws {
            let absolute = relative.isEmpty ? root : join(root, relative)
            for name in try contentsOfDirectory(absolute) {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                _ = try retrying("lstat", path: join(root, child)) { lstat(join(root, child), &info) }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    result.append((child, .directory))
                    try walk(child)
                case S_IFREG: result.append((child, .regular))
                case S_IFLNK: result.append((child, .symlink))
                default: result.append((child, .special))
                }
            }
        }
        try walk("")
        return result.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// Removes a file or a directory tree; a missing path is not an error.
    ///
    /// Symlinks are removed, never followed.
    /// - Parameter path: the path.
    /// - Throws: ``FileError``.
    public static func removeTree(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for name in try contentsOfDirectory(path) { try removeTree(join(path, name)) }
            _ = try retrying("rmdir", path: path) { rmdir(path) }
        } else {
            _ = try retrying("unlink", path: path) { unlink(path) }
        }
    }

    /// Renames a file or directory (`rename`).
    /// - Parameters:
    ///   - source: the current path.
    ///   - destination: the new path.
    /// - Throws: ``FileError``.
    public static func rename(_ source: String, to destination: String) throws {
        _ = try retrying("rename", path: destination) { Glibc.rename(source, destination) }
    }

    /// Creates a fresh private directory (`mkdtemp`, mode 0700) inside a parent.
    /// - Parameters:
    ///   - parent: where to create it.
    ///   - prefix: the start of its name.
    /// - Returns: the new directory's path.
    /// - Throws: ``FileError``.
    public static func makeTemporaryDirectory(in parent: String, prefix: String) throws -> String {
        var template = Array(join(parent, "\(prefix)XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let created else { throw FileError("mkdtemp", path: parent, errno: errno) }
        return created
    }

    /// The system's temp directory (`TMPDIR`, else `/tmp`).
    public static var temporaryDirectory: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 { return String(cString: value) }
        return "/tmp"
    }

    /// Joins two path pieces with one `/`.
    /// - Parameters:
    ///   - base: the first piece.
    ///   - component: the second piece.
    /// - Returns: the joined path.
    public static func join(_ base: String, _ component: String) -> String {
        if base.isEmpty { return component }
        if component.hasPrefix("/") { return component }
        return base.hasSuffix("/") ? base + component : base + "/" + component
    }

    /// The directory part of a path (`.` when there is none).
    /// - Parameter path: the path.
    /// - Returns: the parent directory's path.
    public static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The last component of a path.
    /// - Parameter path: the path.
    /// - Returns: the name after the last `/`.
    public static func lastComponent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// The absolute, symlink-free form of an existing path (`realpath`).
    /// - Parameter path: the path.
    /// - Returns: the canonical absolute path.
    /// - Throws: ``FileError``.
    public static func canonicalPath(_ path: String) throws -> String {
        guard let resolved = realpath(path, nil) else { throw FileError("realpath", path: path, errno: errno) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Paths matching a shell glob (`glob(3)`), sorted; a pattern without wildcards is returned as is.
    /// - Parameter pattern: the pattern, e.g. `traces/*.jsonl`.
    /// - Returns: the matches.
    public static func glob(_ pattern: String) -> [String] {
        guard pattern.contains(where: { "*?[".contains($0) }) else { return [pattern] }
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let path = result.gl_pathv[index] { paths.append(String(cString: path)) }
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
