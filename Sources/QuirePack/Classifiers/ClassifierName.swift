/// A classifier as a queue file names it (DESIGN.md §1 `classifiers:`).
public enum ClassifierName: Sendable, Hashable, CustomStringConvertible {
    /// `tool-call-errors`.
    case toolCallErrors
    /// `output-schema`.
    case outputSchema
    /// `empty-response`.
    case emptyResponse
    /// `resource-outliers`: needs the whole packed population.
    case resourceOutliers
    /// `command:PROGRAM ARGS…`, holding the command text after the prefix, trimmed.
    case command(String)

    /// The prefix of user programs.
    public static let commandPrefix = "command:"

    /// Parses a name.
    /// - Parameter text: e.g. `empty-response` or `command:./judge.sh --strict`.
    /// - Throws: ``ClassifierError`` `.unknownClassifier`, `.emptyCommand` or `.unbalancedQuote`.
    public init(parsing text: String) throws(ClassifierError) {
        switch text {
        case "tool-call-errors": self = .toolCallErrors
        case "output-schema": self = .outputSchema
        case "empty-response": self = .emptyResponse
        case "resource-outliers": self = .resourceOutliers
        default:
            guard text.hasPrefix(Self.commandPrefix) else { throw .unknownClassifier(text) }
            let command = String(text.dropFirst(Self.commandPrefix.count)).trimmingWhitespace()
            guard let program = try CommandArguments.split(command).first, !program.isEmpty else {
                throw .emptyCommand
            }
            self = .command(command)
        }
    }

    /// The name as written in queue files and in flags.
    public var description: String {
        switch self {
        case .toolCallErrors: "tool-call-errors"
        case .outputSchema: "output-schema"
        case .emptyResponse: "empty-response"
        case .resourceOutliers: "resource-outliers"
        case .command(let command): Self.commandPrefix + command
        }
    }

    /// The per-trace classifier for this name; nil for `resource-outliers` and `command:`, which run
    /// through ``ResourceOutlierClassifier`` and ``CommandClassifier``.
    public var traceClassifier: (any TraceClassifier)? {
        switch self {
        case .toolCallErrors: ToolCallErrorClassifier()
        case .outputSchema: OutputSchemaClassifier()
        case .emptyResponse: EmptyResponseClassifier()
        case .resourceOutliers, .command: nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
