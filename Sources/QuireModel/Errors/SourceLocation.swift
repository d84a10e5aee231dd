/// A place in an input file, for messages in the compiler style `path:line:column`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it, or `-` for standard input.
    public var path: String
    /// The 1-based line, or nil when the whole file is meant.
    public var line: Int?
    /// The 1-based column, or nil when the whole line is meant.
    public var column: Int?

    /// Creates a location.
    /// - Parameters:
    ///   - path: the file as the user named it.
    ///   - line: the 1-based line, if known.
    ///   - column: the 1-based column, if known.
    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path`, `path:line` or `path:line:column`.
    public var description: String {
        var text = path
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}
