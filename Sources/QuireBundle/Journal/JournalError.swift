public import QuireModel

/// Why an event cannot be written to a journal, or a journal cannot be opened for writing.
///
/// Value errors (a score outside its range, an unknown category) are ``ScoreValueError``s from the score
/// config, and an unknown item is ``BundleError/unknownItem(bundle:item:)``, so every caller sees the same
/// message for the same mistake.
public enum JournalError: QuireError, Equatable {
    /// The event names a score the queue does not define.
    case unknownScore(bundle: String, name: String, allowed: [String])
    /// The event's payload does not have the shape its type needs.
    case invalidPayload(bundle: String, item: String, type: String, reason: String)
    /// An open bundle whose reviewer is not known yet was opened for writing without a reviewer name.
    case reviewerRequired(bundle: String)
    /// The reviewer given is not the one this bundle (or its journal) belongs to.
    case reviewerMismatch(bundle: String, given: String, expected: String)
    /// A reviewer name with characters outside `[A-Za-z0-9._-]` or of the wrong length.
    case invalidReviewerName(String)
    /// Undo was asked for with no change left to undo.
    case nothingToUndo(bundle: String)

    /// A missing or wrong reviewer is a usage problem; everything else is invalid data.
    public var fault: Fault {
        switch self {
        case .reviewerRequired, .reviewerMismatch, .invalidReviewerName: .usage
        default: .data
        }
    }

    /// One line naming the bundle and what is allowed.
    public var description: String {
        switch self {
        case .unknownScore(let bundle, let name, let allowed):
            "\(bundle): no score \"\(name)\" in this queue; expected one of \(allowed.joined(separator: ", "))"
        case .invalidPayload(let bundle, let item, let type, let reason):
            "\(bundle): item \"\(item)\": \(type): \(reason)"
        case .reviewerRequired(let bundle):
            "\(bundle): this is an open bundle; name yourself with --reviewer NAME (recorded with every score)"
        case .reviewerMismatch(let bundle, let given, let expected):
            "\(bundle): this bundle is reviewed by \"\(expected)\", not \"\(given)\""
        case .invalidReviewerName(let name):
            "reviewer name \"\(name)\" must be 1–64 characters of letters, digits and ._-"
        case .nothingToUndo(let bundle):
            "\(bundle): nothing to undo"
        }
    }

    /// Whether a reviewer name is acceptable: 1–64 characters of `[A-Za-z0-9._-]`, as pack assigns them.
    /// - Parameter name: the name.
    /// - Returns: true when it may be recorded.
    public static func isValidReviewerName(_ name: String) -> Bool {
        (1...64).contains(name.unicodeScalars.count)
            && name.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": true
                default: false
                }
            }
    }
}
