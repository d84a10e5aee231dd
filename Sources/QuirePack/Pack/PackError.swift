public import QuireModel

/// Why a pack could not run; each case names the input at fault.
public enum PackError: QuireError, Equatable {
    /// A bundle the pack would write exists already.
    case bundleExists(path: String)
    /// A queue source matched no file.
    case noInput(source: String)
    /// Two items got the same id (a session id equal to another trace's id).
    case duplicateItem(id: String)

    /// Existing output is a usage problem (pass `--force`); the rest is invalid data.
    public var fault: Fault {
        switch self {
        case .bundleExists: .usage
        case .noInput, .duplicateItem: .data
        }
    }

    /// One line saying what to fix.
    public var description: String {
        switch self {
        case .bundleExists(let path):
            "\(path) exists; pass --force to replace it, or choose another --out directory"
        case .noInput(let source):
            "source \(source) matches no file"
        case .duplicateItem(let id):
            "two items have the id \"\(id)\" (a session id equal to another trace's id); use unit: trace"
        }
    }
}
