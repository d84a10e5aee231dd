import QuireIO
import QuireModel

/// Reads whole JSON documents in bounded memory: each element of a top-level array is one record (so a
/// Langfuse or Braintrust export of any length streams), any other top-level value is one record, and
/// several top-level values may follow one another (pretty-printed JSON Lines).
///
/// A byte-level scanner finds where each value ends (tracking strings and nesting, never recursing), then
/// the strict ``JSONParser`` checks the value. The scanner never holds more than one record: an element over
/// the budget is skipped to its end and reported. Structure errors between values (a missing comma, a
/// truncated file) end the input, since no later boundary can be trusted.
final class JSONDocumentRecordReader: JSONRecordReader {
    private enum State {
        case topLevel
        case firstElement
        case nextElement
        case afterElement
        case finished
    }

    private let source: any ByteSource
    private let path: String
    private let options: TraceReadOptions
    private var buffer: [UInt8]
    private var index = 0
    private var end = 0
    private var isAtEnd = false
    /// The 1-based line and column of `buffer[index]`.
    private var line = 1
    private var column = 1
    private var state = State.topLevel

    init(source: any ByteSource, options: TraceReadOptions, chunkSize: Int = 1 << 16) {
        self.source = source
        path = source.name
        self.options = options
        // Uninitialised storage: only bytes below `end` are ever read.
        buffer = [UInt8](unsafeUninitializedCapacity: max(16, chunkSize)) { _, initialized in
            initialized = max(16, chunkSize)
        }
    }

    func next() throws -> JSONRecordResult? {
        while true {
            try skipWhitespace()
            switch state {
            case .finished:
                return nil
            case .topLevel:
                guard let byte = try peekByte() else {
                    state = .finished
                    return nil
                }
                if byte == UInt8(ascii: "[") {
                    advance(byte)
                    state = .firstElement
                    continue
                }
                return try readValue(budget: options.maximumDocumentLength, kind: "document")
            case .firstElement, .nextElement:
                guard let byte = try peekByte() else { return fail("unexpected end of input inside an array") }
                if byte == UInt8(ascii: "]") {
                    if state == .nextElement { return fail("expected a value after ','") }
                    advance(byte)
                    state = .topLevel
                    continue
                }
                state = .afterElement
                return try readValue(budget: options.maximumRecordLength, kind: "array element")
            case .afterElement:
                guard let byte = try peekByte() else { return fail("unexpected end of input inside an array") }
                if byte == UInt8(ascii: ",") {
                    advance(byte)
                    state = .nextElement
                } else if byte == UInt8(ascii: "]") {
                    advance(byte)
                    state = .topLevel
                } else {
                    return fail("expected ',' or ']' after an array element, found \(describe(byte))")
                }
            }
        }
    }

    /// Reports a structure error at the current position and ends the input.
    private func fail(_ reason: String) -> JSONRecordResult {
        state = .finished
        return .invalid(
            .invalidLine(SourceLocation(path: path, line: line, column: column), reason: "invalid JSON: \(reason)"))
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }

    /// Scans one JSON value, keeping its bytes while they fit the budget, then parses it.
    private func readValue(budget: Int, kind: String) throws -> JSONRecordResult? {
        let startLine = line
        let startColumn = column
        var bytes: [UInt8] = []
        var length = 0
        var keeps = true
        func keep(_ slice: ArraySlice<UInt8>) {
            length += slice.count
            guard keeps else { return }
            if length > budget {
                keeps = false
                bytes = []
            } else {
                bytes.append(contentsOf: slice)
            }
        }
        guard let first = try peekByte() else { return nil }
        var depth = 0
        var inString = false
        var escaped = false
        var isScalar = false
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""):
            break
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"),
            UInt8(ascii: "n"):
            isScalar = true
        default:
            return fail("unexpected character \(describe(first))")
        }
        scanning: while true {
            if index == end {
                try refill()
                if index == end { break scanning }
            }
            let chunkStart = index
            var done = false
            while index < end {
                let byte = buffer[index]
                var closes = false
                if isScalar {
                    if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == UInt8(ascii: ",")
                        || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
                    {
                        done = true
                        break
                    }
                } else if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                        closes = depth == 0
                    }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""): inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        closes = depth == 0
                    default: break
                    }
                }
                index += 1
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                if closes {
                    done = true
                    break
                }
            }
            keep(buffer[chunkStart..<index])
            if done { break scanning }
        }
        let isComplete = isScalar || (!inString && depth == 0)
        if !isComplete {
            return fail("unexpected end of input in a value starting at line \(startLine)")
        }
        let location = SourceLocation(path: path, line: startLine)
        guard keeps else {
            return .invalid(
                .invalidLine(
                    location, reason: "\(kind) is \(length) bytes, over the \(JSONRecords.size(budget)) limit"))
        }
        switch bytes.withUnsafeBytes({ JSONParser.parseBuffer($0, maximumDepth: options.maximumDepth) }) {
        case .success(let value):
            return .record(JSONRecord(value: value, location: location))
        case .failure(let error):
            var errorLine = startLine
            var errorColumn = startColumn
            for byte in bytes.prefix(error.offset) {
                if byte == 0x0A {
                    errorLine += 1
                    errorColumn = 1
                } else {
                    errorColumn += 1
                }
            }
            return .invalid(
                .invalidLine(
                    SourceLocation(path: path, line: errorLine, column: errorColumn),
                    reason: JSONRecords.reason(for: error)))
        }
    }

    private func skipWhitespace() throws {
        while true {
            if index == end {
                try refill()
                if index == end { return }
            }
            let byte = buffer[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            advance(byte)
        }
    }

    private func peekByte() throws -> UInt8? {
        if index == end {
            try refill()
            if index == end { return nil }
        }
        return buffer[index]
    }

    private func advance(_ byte: UInt8) {
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    private func refill() throws {
        guard !isAtEnd else { return }
        index = 0
        end = 0
        let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if count == 0 { isAtEnd = true } else { end = count }
    }
}
