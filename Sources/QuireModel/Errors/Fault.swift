/// Who is to blame for a failure, which decides the exit status at the command line's edge.
///
/// Libraries decide the fault per error case; only `QuireCLI` turns it into a number
/// (`.usage` → 64, `.data` → 65, `.system` → 1, as DESIGN.md §6 fixes).
public enum Fault: Sendable, Equatable {
    /// The command was called wrongly: an unknown flag, a missing argument, a bad combination.
    case usage
    /// The input data is invalid: a malformed trace, a bad config, a tampered or hostile bundle.
    case data
    /// The system failed: I/O, permissions, a full disk, or an internal bug.
    case system
}

/// An error Quire reports to its users: one line that says what and where, and whose fault it is.
public protocol QuireError: Error, CustomStringConvertible, Sendable {
    /// Whose fault the error is; decides the exit status.
    var fault: Fault { get }
}
