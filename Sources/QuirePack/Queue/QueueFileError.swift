public import QuireIO
public import QuireModel

/// Why a queue file was refused, naming the file, line, column and field (STYLE.md §2.4).
public enum QueueFileError: QuireError, Equatable {
    /// The queue file (or a file it names) could not be read.
    case unreadable(FileError)
    /// The text is not valid YAML or JSON, or not a mapping at the top.
    case syntax(at: SourceLocation, reason: String)
    /// A field is missing, unknown or has a bad value; `field` is its path, e.g. `scores[2].min`.
    case invalidField(at: SourceLocation, field: String, reason: String)
    /// The filter does not parse. The location is the error's place in the queue file when the expression
    /// appears there verbatim, else the place of the filter's value; the error keeps the column inside the
    /// expression.
    case invalidFilter(at: SourceLocation, field: String, error: FilterSyntaxError)

    /// A missing file is the user's fault, other I/O failures the system's; everything else is bad data.
    public var fault: Fault {
        if case .unreadable(let error) = self { return error.fault }
        return .data
    }

    /// One line: `queue.yaml:14:7: scores[2].min: must be below max (5)`.
    public var description: String {
        switch self {
        case .unreadable(let error):
            return error.description
        case .syntax(let location, let reason):
            return "\(location): \(reason)"
        case .invalidField(let location, let field, let reason):
            return "\(location): \(field): \(reason)"
        case .invalidFilter(let location, let field, let error):
            let place =
                error.expression.contains("\n")
                ? "line \(error.line), column \(error.column)" : "column \(error.column)"
            return "\(location): \(field): \(error.reason) (at \(place) of the filter)"
        }
    }

    /// For a filter error, the expression's line and a caret under the column, to print after ``description``;
    /// nil for other errors.
    public var excerpt: String? {
        guard case .invalidFilter(_, _, let error) = self else { return nil }
        return error.sourceLine + "\n" + FilterSyntaxError.caretLine(under: error.column, in: error.sourceLine)
    }
}
