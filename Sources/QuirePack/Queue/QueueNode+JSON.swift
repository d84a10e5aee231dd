import QuireModel

/// Reading a queue file's JSON: ``JSONParser`` checks it strictly, then a scan of the (now known valid) text
/// records where each key and value starts, so field errors can name lines.
extension QueueNode {
    /// Parses JSON text.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - path: the path for messages.
    /// - Returns: the root node.
    /// - Throws: ``QueueFileError/syntax(at:reason:)``.
    static func parseJSON(_ bytes: [UInt8], path: String) throws(QueueFileError) -> QueueNode {
        let positions = TextPosition(bytes: bytes)
        do {
            _ = try JSONParser.parse(bytes)
        } catch {
            let (line, column) = positions.position(ofByte: error.offset)
            throw QueueFileError.syntax(
                at: SourceLocation(path: path, line: line, column: column), reason: "invalid JSON: \(error.reason)")
        }
        var scanner = JSONPositionScanner(bytes: bytes, positions: positions, path: path)
        return try scanner.readValue()
    }
}

/// Walks JSON text that ``JSONParser`` has accepted, building nodes with positions.
private struct JSONPositionScanner {
    let bytes: [UInt8]
    let positions: TextPosition
    let path: String
    var index = 0

    init(bytes: [UInt8], positions: TextPosition, path: String) {
        self.bytes = bytes
        self.positions = positions
        self.path = path
    }

    private func syntax(_ reason: String, at offset: Int) -> QueueFileError {
        let (line, column) = positions.position(ofByte: offset)
        return .syntax(at: SourceLocation(path: path, line: line, column: column), reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }

    private func byte(_ offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    mutating func readValue() throws(QueueFileError) -> QueueNode {
        skipWhitespace()
        let start = index
        let (line, column) = positions.position(ofByte: start)
        func node(_ content: QueueNode.Content, _ style: QueueNode.Style) -> QueueNode {
            QueueNode(content: content, line: line, column: column, style: style)
        }
        switch byte(index) {
        case UInt8(ascii: "{"):
            index += 1
            var members: [QueueNode.Member] = []
            skipWhitespace()
            if byte(index) == UInt8(ascii: "}") {
                index += 1
                return node(.mapping(members), .collection)
            }
            while true {
                skipWhitespace()
                let keyStart = index
                let key = try readString()
                let keyPosition = positions.position(ofByte: keyStart)
                if members.contains(where: { $0.key == key }) {
                    throw syntax("duplicate key '\(key)'", at: keyStart)
                }
                skipWhitespace()
                index += 1  // ':'
                let value = try readValue()
                members.append(
                    QueueNode.Member(key: key, keyLine: keyPosition.line, keyColumn: keyPosition.column, value: value))
                skipWhitespace()
                let separator = byte(index)
                index += 1
                if separator == UInt8(ascii: "}") { return node(.mapping(members), .collection) }
                guard separator == UInt8(ascii: ",") else { throw syntax("expected ',' or '}'", at: index - 1) }
            }
        case UInt8(ascii: "["):
            index += 1
            var elements: [QueueNode] = []
            skipWhitespace()
            if byte(index) == UInt8(ascii: "]") {
                index += 1
                return node(.sequence(elements), .collection)
            }
            while true {
                elements.append(try readValue())
                skipWhitespace()
                let separator = byte(index)
                index += 1
                if separator == UInt8(ascii: "]") { return node(.sequence(elements), .collection) }
                guard separator == UInt8(ascii: ",") else { throw syntax("expected ',' or ']'", at: index - 1) }
            }
        case UInt8(ascii: "\""):
            return node(.scalar(.string(try readString())), .json)
        case UInt8(ascii: "t"):
            index += 4
            return node(.scalar(.bool(true)), .json)
        case UInt8(ascii: "f"):
            index += 5
            return node(.scalar(.bool(false)), .json)
        case UInt8(ascii: "n"):
            index += 4
            return node(.scalar(.null), .json)
        default:
            while index < bytes.count, "-+.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
            guard index > start else { throw syntax("expected a value", at: start) }
            let literal = String(decoding: bytes[start..<index], as: UTF8.self)
            return node(.scalar(.number(JSONNumber(literal: literal))), .json)
        }
    }

    /// Reads a string token and decodes it with ``JSONParser`` (the token alone is a valid JSON text).
    private mutating func readString() throws(QueueFileError) -> String {
        let start = index
        guard byte(index) == UInt8(ascii: "\"") else { throw syntax("expected a string", at: start) }
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        index += 1
        guard index <= bytes.count, case .string(let text)? = try? JSONParser.parse(bytes[start..<index]) else {
            throw syntax("invalid string", at: start)
        }
        return text
    }
}
