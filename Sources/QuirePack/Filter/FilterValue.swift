import QuireModel

/// A value a filter compares at run time.
enum FilterValue {
    case string(String)
    case number(Double)
    case bool(Bool)
    /// Nanoseconds since the epoch.
    case instant(Int64)
    /// An observation level's rank: DEBUG 0, DEFAULT 1, WARNING 2, ERROR 3.
    case level(Int)
    /// Several values (tags, models, a JSON array, existing scores): comparisons hold when any element's does.
    case list([FilterValue])
    /// A JSON object: it exists, but compares with nothing.
    case opaque

    init(_ literal: FilterLiteral) {
        switch literal {
        case .string(let text): self = .string(text)
        case .number(let value): self = .number(value)
        case .bool(let value): self = .bool(value)
        case .date(let nanoseconds, _): self = .instant(nanoseconds)
        }
    }

    /// A JSON value as a filter value; `null` has no value.
    init?(json: JSONValue) {
        switch json {
        case .null: return nil
        case .bool(let value): self = .bool(value)
        case .number(let number): self = .number(number.double)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .list(elements.compactMap { FilterValue(json: $0) })
        case .object: self = .opaque
        }
    }

    static func levelRank(_ name: String) -> Int? {
        switch name.uppercased() {
        case "DEBUG": 0
        case "DEFAULT": 1
        case "WARNING": 2
        case "ERROR": 3
        default: nil
        }
    }

    // MARK: Semantics (docs/filter.md "Semantics")

    /// `==`: same kind and equal; lists hold when any element is equal; mismatched kinds are unequal.
    static func equal(_ left: FilterValue, _ right: FilterValue) -> Bool {
        if case .list(let elements) = left { return elements.contains { equal($0, right) } }
        if case .list(let elements) = right { return elements.contains { equal(left, $0) } }
        if case .bool(let a) = left {
            if case .bool(let b) = right { return a == b }
            return false
        }
        return order(left, right) == 0
    }

    /// `<`, `<=`, `>`, `>=`: numbers, strings, instants and levels, each with its own kind; lists when any
    /// element satisfies the comparison; false for anything else.
    static func satisfies(_ left: FilterValue, _ op: FilterOperator, _ right: FilterValue) -> Bool {
        if case .list(let elements) = left { return elements.contains { satisfies($0, op, right) } }
        if case .list(let elements) = right { return elements.contains { satisfies(left, op, $0) } }
        guard let sign = order(left, right) else { return false }
        switch op {
        case .less: return sign < 0
        case .lessOrEqual: return sign <= 0
        case .greater: return sign > 0
        case .greaterOrEqual: return sign >= 0
        default: return false
        }
    }

    /// -1, 0 or 1 for two comparable scalars; nil when their kinds do not compare.
    static func order(_ left: FilterValue, _ right: FilterValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (left, right) {
        case (.number(let a), .number(let b)): return sign(a, b)
        case (.string(let a), .string(let b)): return sign(a, b)
        case (.instant(let a), .instant(let b)): return sign(a, b)
        case (.level(let a), .level(let b)): return sign(a, b)
        case (.instant(let a), .string(let text)):
            guard let (b, _) = FilterLexer.parseDate(text) else { return nil }
            return sign(a, b)
        case (.string(let text), .instant(let b)):
            guard let (a, _) = FilterLexer.parseDate(text) else { return nil }
            return sign(a, b)
        case (.level(let a), .string(let text)):
            guard let b = levelRank(text) else { return nil }
            return sign(a, b)
        case (.string(let text), .level(let b)):
            guard let a = levelRank(text) else { return nil }
            return sign(a, b)
        default: return nil
        }
    }

    /// `contains`: a substring of a string, an equal element of a list; an element that is itself a list
    /// holds when any of its elements is contained.
    static func contains(_ container: FilterValue, _ element: FilterValue) -> Bool {
        switch container {
        case .list(let elements):
            return elements.contains { equal($0, element) }
        case .string(let text):
            switch element {
            case .string(let part): return text.contains(part)
            case .list(let parts): return parts.contains { contains(container, $0) }
            default: return false
            }
        default:
            return false
        }
    }
}
