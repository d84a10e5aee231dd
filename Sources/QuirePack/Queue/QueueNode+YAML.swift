import QuireModel
import Yams

/// Reading a queue file's YAML through Yams, keeping each node's mark.
extension QueueNode {
    /// More nodes than any queue file needs; aliases could otherwise expand a small file exponentially.
    static let maximumNodeCount = 100_000

    /// Parses YAML text.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - path: the path for messages.
    /// - Returns: the root node.
    /// - Throws: ``QueueFileError/syntax(at:reason:)``.
    static func parseYAML(_ text: String, path: String) throws(QueueFileError) -> QueueNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, text: text, path: path)
        } catch {
            throw QueueFileError.syntax(at: SourceLocation(path: path), reason: "invalid YAML: \(error)")
        }
        guard let root else {
            throw QueueFileError.syntax(at: SourceLocation(path: path, line: 1, column: 1), reason: "the file is empty")
        }
        var budget = maximumNodeCount
        return try convert(root, path: path, budget: &budget)
    }

    private static func syntaxError(_ error: YamlError, text: String, path: String) -> QueueFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return .syntax(
                at: SourceLocation(path: path, line: mark.line, column: mark.column), reason: "invalid YAML: \(problem)"
            )
        case .reader(let problem, let offset, _, _):
            let position = offset.map { TextPosition(text: text).position(ofByte: $0) }
            return .syntax(
                at: SourceLocation(path: path, line: position?.line, column: position?.column),
                reason: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .syntax(
                at: SourceLocation(path: path, line: context.mark.line, column: context.mark.column),
                reason: "duplicate key " + duplicates.map { "'\($0)'" }.joined(separator: ", "))
        default:
            return .syntax(at: SourceLocation(path: path), reason: "invalid YAML: \(error)")
        }
    }

    private static func convert(_ node: Node, path: String, budget: inout Int) throws(QueueFileError) -> QueueNode {
        budget -= 1
        let mark = (line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        guard budget >= 0 else {
            throw QueueFileError.syntax(
                at: SourceLocation(path: path, line: mark.line, column: mark.column),
                reason: "the document has more than \(maximumNodeCount) values (aliases expanding?)")
        }
        switch node {
        case .scalar(let scalar):
            return scalarNode(scalar, mark: mark)
        case .sequence(let sequence):
            var elements: [QueueNode] = []
            for element in sequence { elements.append(try convert(element, path: path, budget: &budget)) }
            return QueueNode(
                content: .sequence(elements), line: mark.line, column: mark.column, style: .collection)
        case .mapping(let mapping):
            var members: [Member] = []
            for (key, value) in mapping {
                let keyMark = (line: key.mark?.line ?? mark.line, column: key.mark?.column ?? mark.column)
                guard case .scalar(let keyScalar) = key else {
                    throw QueueFileError.syntax(
                        at: SourceLocation(path: path, line: keyMark.line, column: keyMark.column),
                        reason: "keys must be plain names")
                }
                members.append(
                    Member(
                        key: keyScalar.string, keyLine: keyMark.line, keyColumn: keyMark.column,
                        value: try convert(value, path: path, budget: &budget)))
            }
            return QueueNode(content: .mapping(members), line: mark.line, column: mark.column, style: .collection)
        case .alias:
            throw QueueFileError.syntax(
                at: SourceLocation(path: path, line: mark.line, column: mark.column), reason: "unresolved alias")
        }
    }

    /// Resolves plain scalars with the YAML 1.2 core schema (`true`/`false`, not 1.1's `yes`/`no`/`on`/`off`, which
    /// would turn a category label `no` into a boolean); quoted and block scalars are always strings.
    private static func scalarNode(_ scalar: Node.Scalar, mark: (line: Int, column: Int)) -> QueueNode {
        let style: Style
        switch scalar.style {
        case .singleQuoted: style = .singleQuoted
        case .doubleQuoted: style = .doubleQuoted
        case .literal: style = .literal
        case .folded: style = .folded
        case .plain, .any: style = .plain
        }
        let text = scalar.string
        let explicitString = scalar.tag.description == Tag.Name.str.rawValue
        guard style == .plain, !explicitString else {
            return QueueNode(content: .scalar(.string(text)), line: mark.line, column: mark.column, style: style)
        }
        let value = resolvePlain(text)
        let plainText: String? = value.stringValue == nil && !value.isNull ? text : nil
        return QueueNode(
            content: .scalar(value), line: mark.line, column: mark.column, style: style, plainText: plainText)
    }

    static func resolvePlain(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        let bytes = Array(text.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            index += 1
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let digitsStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let integerDigits = index - digitsStart
        if index == bytes.count, integerDigits > 0 {
            if let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return .int(value) }
            return Double(text).map(JSONValue.double) ?? .string(text)
        }
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            fractionDigits = index - fractionStart
        }
        guard integerDigits + fractionDigits > 0 else { return .string(text) }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else { return .string(text) }
        }
        guard index == bytes.count, let value = Double(text.hasPrefix("+") ? String(text.dropFirst()) : text),
            value.isFinite
        else { return .string(text) }
        return .double(value)
    }
}

/// Line and column of byte offsets in a text, columns counted in Unicode scalars as Yams counts them.
struct TextPosition {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        self.lineStarts = starts
    }

    /// The 1-based line and column of a byte offset.
    func position(ofByte offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        var column = 1
        for byte in bytes[lineStarts[low]..<clamped] where byte & 0xC0 != 0x80 { column += 1 }
        return (low + 1, column)
    }
}
