#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file descriptor with one owner, closed when it goes away.
public struct FileDescriptor: ~Copyable {
    /// The raw descriptor, for the few calls this type does not wrap.
    public let rawValue: Int32
    /// The path it was opened from, for messages.
    public let path: String
    private let closesOnDeinit: Bool

    /// Opens a file for reading (`open` with `O_RDONLY | O_CLOEXEC`).
    /// - Parameter path: the file.
    /// - Returns: the open descriptor.
    /// - Throws: ``FileError``.
    public static func openForReading(_ path: String) throws -> FileDescriptor {
        let fd = try FileSystem.retrying("open", path: path) { open(path, O_RDONLY | O_CLOEXEC) }
        return FileDescriptor(rawValue: fd, path: path, closesOnDeinit: true)
    }

    /// Opens a file for appending, creating it if needed (`O_WRONLY | O_APPEND | O_CREAT`, mode 0644).
    /// - Parameter path: the file.
    /// - Returns: the open descriptor.
    /// - Throws: ``FileError``.
    public static func openForAppending(_ path: String) throws -> FileDescriptor {
        let fd = try FileSystem.retrying("open", path: path) {
            open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        }
        return FileDescriptor(rawValue: fd, path: path, closesOnDeinit: true)
    }

    /// Creates a new file that must not exist yet (`O_CREAT | O_EXCL | O_NOFOLLOW`).
    /// - Parameters:
    ///   - path: the file.
    ///   - mode: permission bits.
    /// - Returns: the open descriptor.
    /// - Throws: ``FileError``.
    public static func createExclusive(_ path: String, mode: UInt32 = 0o644) throws -> FileDescriptor {
        let fd = try FileSystem.retrying("open", path: path) {
            open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        }
        return FileDescriptor(rawValue: fd, path: path, closesOnDeinit: true)
    }

    /// Standard input, not closed when dropped.
    public static func standardInput() -> FileDescriptor {
        FileDescriptor(rawValue: 0, path: "-", closesOnDeinit: false)
    }

    private init(rawValue: Int32, path: String, closesOnDeinit: Bool) {
        self.rawValue = rawValue
        self.path = path
        self.closesOnDeinit = closesOnDeinit
    }

    deinit {
        if closesOnDeinit { _ = close(rawValue) }
    }

    /// Reads up to `buffer.count` bytes (`read`, retrying `EINTR`).
    /// - Parameter buffer: where to put them.
    /// - Returns: the bytes read; 0 at the end of the file.
    /// - Throws: ``FileError``.
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return try FileSystem.retrying("read", path: path) { Glibc.read(rawValue, base, buffer.count) }
    }

    /// Reads at an offset without moving the file position (`pread`).
    /// - Parameters:
    ///   - buffer: where to put the bytes.
    ///   - offset: the byte offset in the file.
    /// - Returns: the bytes read.
    /// - Throws: ``FileError``.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return try FileSystem.retrying("pread", path: path) { pread(rawValue, base, buffer.count, off_t(offset)) }
    }

    /// Writes all bytes (`write`, looping over short writes, retrying `EINTR`).
    /// - Parameter bytes: the bytes.
    /// - Throws: ``FileError``.
    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = try FileSystem.retrying("write", path: path) {
                Glibc.write(rawValue, base + offset, bytes.count - offset)
            }
            offset += written
        }
    }

    /// Writes all bytes.
    /// - Parameter bytes: the bytes.
    /// - Throws: ``FileError``.
    public func writeAll(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll($0) }
    }

    /// Flushes the file's data and metadata to the device (`fsync`).
    /// - Throws: ``FileError``.
    public func sync() throws {
        _ = try FileSystem.retrying("fsync", path: path) { fsync(rawValue) }
    }

    /// The file's size in bytes (`fstat`).
    /// - Throws: ``FileError``.
    public func size() throws -> Int {
        var info = stat()
        _ = try FileSystem.retrying("fstat", path: path) { fstat(rawValue, &info) }
        return Int(info.st_size)
    }

    /// Cuts the file to a length (`ftruncate`).
    /// - Parameter length: the new length.
    /// - Throws: ``FileError``.
    public func truncate(to length: Int) throws {
        _ = try FileSystem.retrying("ftruncate", path: path) { ftruncate(rawValue, off_t(length)) }
    }

    /// Takes an exclusive advisory lock without waiting (`flock(LOCK_EX | LOCK_NB)`).
    /// - Returns: false when another process holds it.
    /// - Throws: ``FileError`` for any other failure.
    public func tryLockExclusive() throws -> Bool {
        while true {
            if flock(rawValue, LOCK_EX | LOCK_NB) == 0 { return true }
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK { return false }
            throw FileError("flock", path: path, errno: code)
        }
    }

    /// Whether the descriptor is a terminal (`isatty`).
    public var isTerminal: Bool { isatty(rawValue) == 1 }
}
