/// A field of a JSON record that is missing or has the wrong shape, named by its path (`observations[2].startTime`).
///
/// Readers that know the file and line wrap it into their own error; on its own it is invalid data.
public struct FieldError: QuireError, Equatable {
    /// The path of the field (`scores[1].dataType`); empty for the record itself.
    public var field: String
    /// What is wrong (`expected string, found number`).
    public var reason: String

    /// Creates an error.
    /// - Parameters:
    ///   - field: the field's path.
    ///   - reason: what is wrong.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// Invalid data.
    public var fault: Fault { .data }

    /// `field: reason`.
    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
}

/// Reads typed fields out of a ``JSONObject``, naming the field path in every error.
public struct JSONFieldReader: Sendable {
    /// The object read.
    public let object: JSONObject
    /// The path of the object itself (`observations[2]`), prefixed to field names in errors.
    public let path: String

    /// Creates a reader over an object.
    /// - Parameters:
    ///   - object: the object.
    ///   - path: its path in the record, empty at the top.
    public init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    /// Creates a reader over a value that must be an object.
    /// - Parameters:
    ///   - value: the value.
    ///   - path: its path.
    /// - Throws: ``FieldError`` when the value is not an object.
    public init(_ value: JSONValue, path: String = "") throws(FieldError) {
        guard case .object(let object) = value else {
            throw FieldError(field: path, reason: "expected object, found \(value.typeName)")
        }
        self.init(object, path: path)
    }

    /// The full path of a member.
    /// - Parameter key: the member's key.
    /// - Returns: `path.key`, or `key` at the top.
    public func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// A required, non-empty string.
    /// - Parameter key: the member's key.
    /// - Returns: the string.
    /// - Throws: ``FieldError``.
    public func requiredString(_ key: String) throws(FieldError) -> String {
        guard let value = object[key], !value.isNull else {
            throw FieldError(field: fieldPath(key), reason: "missing")
        }
        guard case .string(let string) = value else {
            throw FieldError(field: fieldPath(key), reason: "expected string, found \(value.typeName)")
        }
        guard !string.isEmpty else { throw FieldError(field: fieldPath(key), reason: "must not be empty") }
        return string
    }

    /// An optional string: absent or null give nil.
    /// - Parameter key: the member's key.
    /// - Returns: the string, or nil.
    /// - Throws: ``FieldError`` when present with another type.
    public func optionalString(_ key: String) throws(FieldError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .string(let string) = value else {
            throw FieldError(field: fieldPath(key), reason: "expected string or null, found \(value.typeName)")
        }
        return string
    }

    /// An optional number: absent or null give nil.
    /// - Parameter key: the member's key.
    /// - Returns: the number, or nil.
    /// - Throws: ``FieldError`` when present with another type.
    public func optionalNumber(_ key: String) throws(FieldError) -> JSONNumber? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .number(let number) = value else {
            throw FieldError(field: fieldPath(key), reason: "expected number or null, found \(value.typeName)")
        }
        return number
    }

    /// An optional Boolean: absent or null give nil.
    /// - Parameter key: the member's key.
    /// - Returns: the Boolean, or nil.
    /// - Throws: ``FieldError`` when present with another type.
    public func optionalBool(_ key: String) throws(FieldError) -> Bool? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .bool(let bool) = value else {
            throw FieldError(field: fieldPath(key), reason: "expected boolean, found \(value.typeName)")
        }
        return bool
    }

    /// An optional object: absent or null give an empty object.
    /// - Parameter key: the member's key.
    /// - Returns: the object, empty when absent.
    /// - Throws: ``FieldError`` when present with another type.
    public func object(_ key: String) throws(FieldError) -> JSONObject {
        guard let value = object[key], !value.isNull else { return JSONObject() }
        guard case .object(let nested) = value else {
            throw FieldError(field: fieldPath(key), reason: "expected object, found \(value.typeName)")
        }
        return nested
    }

    /// An optional array: absent or null give an empty array.
    /// - Parameter key: the member's key.
    /// - Returns: the array, empty when absent.
    /// - Throws: ``FieldError`` when present with another type.
    public func array(_ key: String) throws(FieldError) -> [JSONValue] {
        guard let value = object[key], !value.isNull else { return [] }
        guard case .array(let values) = value else {
            throw FieldError(field: fieldPath(key), reason: "expected array, found \(value.typeName)")
        }
        return values
    }

    /// An array of strings: absent or null give an empty array.
    /// - Parameter key: the member's key.
    /// - Returns: the strings, empty when absent.
    /// - Throws: ``FieldError`` naming the first element of another type.
    public func stringArray(_ key: String) throws(FieldError) -> [String] {
        var result: [String] = []
        for (index, element) in try array(key).enumerated() {
            guard case .string(let string) = element else {
                throw FieldError(
                    field: "\(fieldPath(key))[\(index)]", reason: "expected string, found \(element.typeName)")
            }
            result.append(string)
        }
        return result
    }

    /// A required RFC 3339 timestamp.
    /// - Parameter key: the member's key.
    /// - Returns: the timestamp.
    /// - Throws: ``FieldError``.
    public func requiredTimestamp(_ key: String) throws(FieldError) -> Timestamp {
        let text = try requiredString(key)
        guard let timestamp = Timestamp(rfc3339: text) else {
            throw FieldError(field: fieldPath(key), reason: "not an RFC 3339 timestamp: \(text.prefix(60))")
        }
        return timestamp
    }

    /// An optional RFC 3339 timestamp.
    /// - Parameter key: the member's key.
    /// - Returns: the timestamp, or nil.
    /// - Throws: ``FieldError`` when present and not RFC 3339.
    public func optionalTimestamp(_ key: String) throws(FieldError) -> Timestamp? {
        guard let text = try optionalString(key) else { return nil }
        guard let timestamp = Timestamp(rfc3339: text) else {
            throw FieldError(field: fieldPath(key), reason: "not an RFC 3339 timestamp: \(text.prefix(60))")
        }
        return timestamp
    }

    /// The members whose keys are not in `known`, in order.
    /// - Parameter known: the keys a type reads itself.
    /// - Returns: an object of the other members.
    public func unknownMembers(_ known: Set<String>) -> JSONObject {
        JSONObject(object.members.filter { !known.contains($0.key) }.map { ($0.key, $0.value) })
    }
}
