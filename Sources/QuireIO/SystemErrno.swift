#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and describes `errno` for the wrappers in this module.
public enum SystemErrno {
    /// The calling thread's current errno.
    public static var current: Int32 { errno }

    /// The C library's text for an errno value (`strerror`).
    /// - Parameter code: the errno value.
    /// - Returns: a readable message.
    public static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
