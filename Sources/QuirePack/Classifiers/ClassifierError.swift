public import QuireModel

/// Why a classifier named in a queue file cannot be used.
public enum ClassifierError: QuireError, Equatable {
    /// The name is none of the system classifiers and does not start with `command:`.
    case unknownClassifier(String)
    /// `command:` with nothing after it.
    case emptyCommand
    /// A quote in a `command:` classifier is not closed, or the text ends in a lone backslash.
    case unbalancedQuote(command: String)
    /// The program of a `command:` classifier is not found (on `PATH` for a bare name).
    case programNotFound(String)
    /// The program exists but is not an executable file.
    case programNotExecutable(String)

    /// A bad queue file is invalid input data.
    public var fault: Fault { .data }

    /// One line naming the classifier and the problem.
    public var description: String {
        switch self {
        case .unknownClassifier(let name):
            "unknown classifier '\(name)' (expected tool-call-errors, output-schema, empty-response, "
                + "resource-outliers or command:PROGRAM)"
        case .emptyCommand: "command: classifier names no program"
        case .unbalancedQuote(let command): "command:\(command): unbalanced quote or trailing backslash"
        case .programNotFound(let program): "command: classifier program not found: \(program)"
        case .programNotExecutable(let path): "command: classifier program is not an executable file: \(path)"
        }
    }
}
