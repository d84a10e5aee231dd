public import QuireModel

/// Why trace input could not be read: a record that is not a valid trace, a file of unknown format, a glob
/// that matched nothing. (Damaged or unsupported compression is QuireArchive's `ArchiveError`.)
public enum TraceInputError: QuireError, Equatable {
    /// A line, array element, span or row that is not valid; the reason names the field or the JSON problem.
    case invalidLine(SourceLocation, reason: String)
    /// A file `--format auto` could not attribute to any supported format.
    case unrecognizedFormat(SourceLocation, reason: String)
    /// A source pattern that matched no file.
    case noMatch(pattern: String)

    /// Always invalid input data.
    public var fault: Fault { .data }

    /// `file:line[:column]: reason`, as compilers print it.
    public var description: String {
        switch self {
        case .invalidLine(let location, let reason):
            "\(location): \(reason)"
        case .unrecognizedFormat(let location, let reason):
            "\(location): cannot tell the trace format (\(reason)); name it with --format"
        case .noMatch(let pattern):
            "\(pattern): no file matches"
        }
    }
}
