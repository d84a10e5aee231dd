import QuireIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output and standard error as unbuffered writers.
///
/// Glibc's `stdout`/`stderr` are global `var`s that Swift 6 rejects, and a parent process reading a
/// pipe must see lines at once (the annotator's URL), so writes go straight to the descriptors.
struct Terminal: Sendable {
    /// The descriptor written to.
    let descriptor: Int32

    /// Standard output: results only.
    static let standardOutput = Terminal(descriptor: 1)
    /// Standard error: diagnostics, warnings and progress.
    static let standardError = Terminal(descriptor: 2)

    /// Writes text as UTF-8, ignoring a closed pipe.
    /// - Parameter text: the text.
    func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                guard let base = buffer.baseAddress else { return }
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Whether the descriptor is a terminal (progress bars only then).
    var isTerminal: Bool { isatty(descriptor) == 1 }
}
