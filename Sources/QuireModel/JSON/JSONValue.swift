/// A JSON value that keeps what a round trip needs: object members in their order and numbers as spelled.
///
/// Traces carry free-form JSON (inputs, outputs, metadata, unknown fields) that Quire must write back
/// unchanged, so a reader that sorted keys or turned `1.0` into `1` would alter users' data.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as spelled in the source.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in source order.
    case object(JSONObject)
}

/// A JSON number as spelled in its source, so it is written back byte for byte.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal as spelled (`1`, `-0.5`, `6.1049999e-05`).
    public let literal: String

    /// Wraps a literal already known to be a valid JSON number.
    /// - Parameter literal: the JSON spelling.
    public init(literal: String) {
        self.literal = literal
    }

    /// A number from an integer.
    /// - Parameter value: the integer.
    public init(_ value: Int) {
        literal = String(value)
    }

    /// A number from a double; nil for infinities and NaN, which JSON cannot spell.
    /// - Parameter value: the double.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 {
            literal = String(Int64(value))
        } else {
            literal = String(describing: value)
        }
    }

    /// The value as a double (the nearest one for long literals).
    public var double: Double {
        Double(literal) ?? .nan
    }

    /// The value as an integer when the literal is an integer that fits in 64 bits.
    public var int: Int? {
        Int(literal)
    }

    /// The literal.
    public var description: String { literal }
}

/// A JSON object: members in insertion order, keys unique (a later duplicate replaces the earlier value in place).
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue
    }

    /// The members in order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object from members; later duplicates replace earlier ones.
    /// - Parameter members: key–value pairs in order.
    /// - Complexity: O(n) in the number of members (a hash index replaces the per-key scan for large objects,
    ///   so hostile inputs with many keys stay linear).
    public init(_ members: [(String, JSONValue)]) {
        var result: [Member] = []
        result.reserveCapacity(members.count)
        if members.count <= 16 {
            for (key, value) in members {
                if let index = result.firstIndex(where: { $0.key == key }) {
                    result[index].value = value
                } else {
                    result.append(Member(key: key, value: value))
                }
            }
        } else {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(members.count)
            for (key, value) in members {
                if let index = positions[key] {
                    result[index].value = value
                } else {
                    positions[key] = result.count
                    result.append(Member(key: key, value: value))
                }
            }
        }
        self.members = result
    }

    /// An object literal.
    /// - Parameter elements: key–value pairs in order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// Members appended without a duplicate check; the parser has already checked.
    init(uncheckedMembers: [Member]) {
        members = uncheckedMembers
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The value for a key; setting nil removes the member, setting a new key appends it.
    /// - Complexity: O(n) in the number of members; objects in traces are small.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Iterates the members in order.
    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    /// The same members ordered by the UTF-8 bytes of their keys, recursively: a canonical form for hashing.
    public func sortedByKey() -> JSONObject {
        JSONObject(
            uncheckedMembers:
                members
                .map { Member(key: $0.key, value: $0.value.sortedByKey()) }
                .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        )
    }
}

extension JSONValue {
    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The array, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The number as a double, if this is a number.
    public var doubleValue: Double? {
        if case .number(let value) = self { return value.double }
        return nil
    }

    /// The number as an integer, if this is an integral number that fits.
    public var intValue: Int? {
        if case .number(let value) = self {
            if let int = value.int { return int }
            let double = value.double
            if double.isFinite, double == double.rounded(), abs(double) < 9e15 { return Int(double) }
        }
        return nil
    }

    /// The Boolean, if this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member of an object, or nil for any other value.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// A number value from an integer.
    /// - Parameter value: the integer.
    /// - Returns: the number value.
    public static func int(_ value: Int) -> JSONValue {
        .number(JSONNumber(value))
    }

    /// A number value from a double; `null` for infinities and NaN.
    /// - Parameter value: the double.
    /// - Returns: the number value, or `null`.
    public static func double(_ value: Double) -> JSONValue {
        JSONNumber(value).map(JSONValue.number) ?? .null
    }

    /// A string value, or `null` for nil.
    /// - Parameter value: the optional string.
    /// - Returns: a string value, or `null`.
    public static func optionalString(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// The name of the JSON type, for messages such as "expected string, found number".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The same value with every object's members ordered by key: a canonical form for hashing and comparing.
    public func sortedByKey() -> JSONValue {
        switch self {
        case .object(let object): .object(object.sortedByKey())
        case .array(let values): .array(values.map { $0.sortedByKey() })
        default: self
        }
    }
}
