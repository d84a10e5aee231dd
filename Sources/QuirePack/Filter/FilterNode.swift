/// A field a filter reads from a trace (docs/filter.md "Fields").
enum FilterField: Hashable, Sendable {
    case id
    case name
    case environment
    case userID
    case sessionID
    case release
    case version
    case tags
    /// `metadata.a.b`: the keys from the metadata object down.
    case metadata([String])
    case latency
    case tokens
    case cost
    case model
    case level
    case timestamp
    /// `score.NAME`: existing scores of the trace with that name.
    case score(String)

    /// The names that stand alone, as users spell them.
    static let plainNames: [(String, FilterField)] = [
        ("id", .id), ("name", .name), ("environment", .environment), ("userId", .userID),
        ("sessionId", .sessionID), ("release", .release), ("version", .version), ("tags", .tags),
        ("latency_ms", .latency), ("tokens", .tokens), ("cost", .cost), ("model", .model), ("level", .level),
        ("timestamp", .timestamp),
    ]

    /// Every spelling a field may start with, for suggestions.
    static let allSpellings: [String] = plainNames.map(\.0) + ["metadata", "score"]

    /// Whether the field is read from the top level of a native line, without observations or scores.
    var isTopLevel: Bool {
        switch self {
        case .id, .name, .environment, .userID, .sessionID, .release, .version, .tags, .metadata, .timestamp: true
        case .latency, .tokens, .cost, .model, .level, .score: false
        }
    }

    /// The kind of value the field holds, for checks at parse time.
    var kind: FilterValueKind {
        switch self {
        case .id, .name, .environment, .userID, .sessionID, .release, .version: .string
        case .tags, .model: .stringList
        case .latency, .tokens, .cost: .number
        case .level: .level
        case .timestamp: .instant
        case .metadata, .score: .dynamic
        }
    }
}

/// What a field or literal holds, as far as the parser can tell.
enum FilterValueKind: Equatable, Sendable {
    case string
    case number
    case instant
    case level
    case bool
    /// Several strings (tags, models): comparisons hold when they hold for any element.
    case stringList
    /// Known only when evaluated (metadata values, existing scores).
    case dynamic

    /// How messages name the kind: "a number", "a string".
    var article: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .instant: "a date"
        case .level: "a level"
        case .bool: "a boolean"
        case .stringList: "a list of strings"
        case .dynamic: "a value"
        }
    }

    /// The kind each element has, for lists; the kind itself otherwise.
    var elementKind: FilterValueKind { self == .stringList ? .string : self }
}

/// A literal value written in a filter.
enum FilterLiteral: Hashable, Sendable {
    case string(String)
    case number(Double)
    /// An instant; `isDateOnly` remembers `2025-03-01` (midnight UTC) so printing gives the same spelling back.
    case date(nanoseconds: Int64, isDateOnly: Bool)
    case bool(Bool)

    var kind: FilterValueKind {
        switch self {
        case .string: .string
        case .number: .number
        case .date: .instant
        case .bool: .bool
        }
    }
}

/// One side of a comparison.
enum FilterOperand: Hashable, Sendable {
    case field(FilterField)
    case literal(FilterLiteral)
    /// `["a", "b"]`: only on the right of `in`.
    case list([FilterLiteral])

    var field: FilterField? {
        if case .field(let field) = self { return field }
        return nil
    }
}

/// A binary operator between two operands.
enum FilterOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"
    case contains = "contains"

    /// Whether the operator orders its operands (and so needs numbers, strings, dates or levels).
    var isOrdering: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }
}

/// The syntax tree of a filter expression.
indirect enum FilterNode: Hashable, Sendable {
    case or(FilterNode, FilterNode)
    case and(FilterNode, FilterNode)
    case not(FilterNode)
    case compare(FilterOperand, FilterOperator, FilterOperand)
    /// `operand matches "regex"`; the pattern was compiled once at parse time to check it.
    case matches(FilterOperand, pattern: String)
    case exists(FilterField)

    /// How tightly the node binds: or 1, and 2, not 3, comparisons 4.
    var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .not: 3
        case .compare, .matches, .exists: 4
        }
    }

    /// Every field the node reads, in first-use order.
    func collectFields(into fields: inout [FilterField]) {
        func add(_ operand: FilterOperand) {
            if let field = operand.field, !fields.contains(field) { fields.append(field) }
        }
        switch self {
        case .or(let left, let right), .and(let left, let right):
            left.collectFields(into: &fields)
            right.collectFields(into: &fields)
        case .not(let inner):
            inner.collectFields(into: &fields)
        case .compare(let left, _, let right):
            add(left)
            add(right)
        case .matches(let operand, _):
            add(operand)
        case .exists(let field):
            add(.field(field))
        }
    }
}
