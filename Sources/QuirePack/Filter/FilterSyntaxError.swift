public import QuireModel

/// Why a filter expression was refused, and where in it.
///
/// Columns count Unicode scalars from 1, as Yams counts columns in a queue file, so a caret drawn under
/// ``column`` lines up for the ASCII text filters are almost always written in.
public struct FilterSyntaxError: QuireError, Equatable {
    /// What is wrong, such as `expected a value after '>'`.
    public var reason: String
    /// The 1-based line inside the expression (filters written as YAML block scalars span lines).
    public var line: Int
    /// The 1-based column inside that line.
    public var column: Int
    /// The whole expression as given.
    public var expression: String

    /// Creates an error.
    /// - Parameters:
    ///   - reason: what is wrong.
    ///   - line: the 1-based line inside the expression.
    ///   - column: the 1-based column inside that line.
    ///   - expression: the whole expression.
    public init(_ reason: String, line: Int, column: Int, expression: String) {
        self.reason = reason
        self.line = line
        self.column = column
        self.expression = expression
    }

    /// A bad filter is bad input.
    public var fault: Fault { .data }

    /// `filter:1:27: expected a value after '>'`.
    public var description: String { "filter:\(line):\(column): \(reason)" }

    /// The line of the expression the error is on, as given.
    public var sourceLine: String {
        let lines = expression.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "" }
        var text = String(lines[line - 1])
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    /// The error as three lines: ``description``, the expression's line, and a caret under the column.
    ///
    /// ```
    /// filter:1:27: expected a value after '>'
    /// environment == "prod" and latency_ms >
    ///                           ^
    /// ```
    public var rendering: String {
        description + "\n" + sourceLine + "\n" + Self.caretLine(under: column, in: sourceLine)
    }

    /// Spaces up to a column, keeping tabs so the caret stays aligned in a terminal, then `^`.
    /// - Parameters:
    ///   - column: the 1-based column, in Unicode scalars.
    ///   - text: the line the caret goes under.
    /// - Returns: the caret line.
    static func caretLine(under column: Int, in text: String) -> String {
        var pad = ""
        for (index, scalar) in text.unicodeScalars.enumerated() where index < column - 1 {
            pad.append(scalar == "\t" ? "\t" : " ")
        }
        let missing = column - 1 - text.unicodeScalars.count
        if missing > 0 { pad += String(repeating: " ", count: missing) }
        return pad + "^"
    }
}
