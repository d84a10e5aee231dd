/// How each item × score is reconciled into one value (DESIGN.md §5).
///
/// Categorical and boolean scores always go by majority (plurality: the value more reviewers gave than any
/// other; a tie for first is a conflict), except under ``lead(_:)``. The policy names what numeric scores do.
public enum MergePolicy: Sendable, Equatable, CustomStringConvertible {
    /// Numbers by plurality of exact values too (for scales read as categories); tolerance does not apply.
    case majority
    /// Numbers by their mean, a conflict when max − min exceeds the tolerance.
    case mean
    /// Numbers by their median (the mean of the two middle values for an even count), a conflict when
    /// max − min exceeds the tolerance. The default.
    case median
    /// The named reviewer's value wins wherever they gave one; elsewhere categorical and boolean scores go by
    /// majority and numeric ones by median.
    case lead(String)

    /// Reads the spelling of `--policy`.
    /// - Parameter text: `majority`, `mean`, `median` or `lead:NAME`.
    /// - Throws: ``MergeError/invalidPolicy(_:)``.
    public init(parsing text: String) throws {
        switch text {
        case "majority": self = .majority
        case "mean": self = .mean
        case "median": self = .median
        default:
            guard text.hasPrefix("lead:"), text.count > 5 else { throw MergeError.invalidPolicy(text) }
            self = .lead(String(text.dropFirst(5)))
        }
    }

    /// The spelling `--policy` takes, as recorded in `merge.json`.
    public var description: String {
        switch self {
        case .majority: "majority"
        case .mean: "mean"
        case .median: "median"
        case .lead(let name): "lead:\(name)"
        }
    }
}
