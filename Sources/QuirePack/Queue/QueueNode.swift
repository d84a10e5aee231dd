import QuireModel

/// A queue file's content as a tree whose every value and key knows its line and column, from YAML or JSON.
///
/// Validation runs on this tree rather than on decoded values so every error can say where it is.
struct QueueNode: Sendable {
    /// How a scalar was written; decides how a filter's column maps back into the file.
    enum Style: Sendable, Equatable {
        case plain
        case singleQuoted
        case doubleQuoted
        /// `|`: lines kept as written.
        case literal
        /// `>`: lines folded.
        case folded
        /// A JSON string, number or literal.
        case json
        /// A mapping or sequence.
        case collection
    }

    enum Content: Sendable {
        /// null, a boolean, a number or a string.
        case scalar(JSONValue)
        case sequence([QueueNode])
        case mapping([Member])
    }

    struct Member: Sendable {
        var key: String
        var keyLine: Int
        var keyColumn: Int
        var value: QueueNode
    }

    var content: Content
    /// 1-based line of the value.
    var line: Int
    /// 1-based column of the value, in Unicode scalars.
    var column: Int
    var style: Style
    /// For a YAML plain scalar that is not a string (`2025`, `true`), its text, so fields that expect text can
    /// take it as written.
    var plainText: String?

    var isNull: Bool {
        if case .scalar(.null) = content { return true }
        return false
    }

    /// The JSON type name, for "expected string, found number".
    var typeName: String {
        switch content {
        case .scalar(let value): value.typeName
        case .sequence: "list"
        case .mapping: "mapping"
        }
    }

    /// The tree as JSON; `stringKeys` names keys whose plain YAML scalars are read as text wherever they occur.
    func json(stringKeys: Set<String> = []) -> JSONValue {
        switch content {
        case .scalar(let value):
            return value
        case .sequence(let elements):
            return .array(elements.map { $0.json(stringKeys: stringKeys) })
        case .mapping(let members):
            return .object(
                JSONObject(
                    members.map { member in
                        if stringKeys.contains(member.key), let text = member.value.plainText {
                            return (member.key, .string(text))
                        }
                        return (member.key, member.value.json(stringKeys: stringKeys))
                    }))
        }
    }

    /// The node at a field path relative to this node (`categories[1].label`), or the deepest node on the way
    /// when the path goes further than the tree (a missing key is reported at its parent).
    func descendant(at path: String) -> QueueNode {
        var node = self
        for component in Self.components(of: path) {
            switch (component, node.content) {
            case (.key(let key), .mapping(let members)):
                guard let member = members.first(where: { $0.key == key }) else { return node }
                node = member.value
            case (.index(let index), .sequence(let elements)):
                guard index >= 0, index < elements.count else { return node }
                node = elements[index]
            default:
                return node
            }
        }
        return node
    }

    enum PathComponent: Equatable {
        case key(String)
        case index(Int)
    }

    static func components(of path: String) -> [PathComponent] {
        var result: [PathComponent] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { result.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                        result.append(.index(index))
                    }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                result.append(.key(String(rest)))
            }
        }
        return result
    }
}
