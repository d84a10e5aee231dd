/// Walks the top-level members of a JSON object without building the values, checking the whole text as
/// strictly as ``JSONParser`` does (syntax, UTF-8, control characters, nesting budget).
///
/// Pack uses it to decide a trace from its top-level fields (id, environment, tags, …) before paying for a
/// full parse: most lines of a large input are dropped by the filter or the sample, and skipping a nested
/// value costs a byte loop instead of allocations.
public enum JSONTopLevelScanner {
    /// Scans one JSON text that must be an object, handing each top-level member's key and the byte range of
    /// its value to `body`.
    /// - Parameters:
    ///   - buffer: UTF-8 text.
    ///   - maximumDepth: how deep arrays and objects may nest.
    ///   - body: receives each key and the range of its value in `buffer`.
    /// - Throws: ``JSONSyntaxError`` for any text ``JSONParser`` refuses, or when the text is not an object.
    /// - Complexity: O(n) in the text's length, without allocating for skipped values.
    public static func scan(
        _ buffer: UnsafeRawBufferPointer, maximumDepth: Int = JSONParser.defaultMaximumDepth,
        _ body: (String, Range<Int>) -> Void
    ) throws(JSONSyntaxError) {
        var reader = _JSONReader(buffer: buffer, maximumDepth: maximumDepth)
        reader.skipWhitespace()
        guard reader.index < buffer.count, buffer[reader.index] == UInt8(ascii: "{") else {
            throw JSONSyntaxError("expected a JSON object", at: reader.index)
        }
        reader.index += 1
        reader.skipWhitespace()
        if try reader.peek() == UInt8(ascii: "}") {
            reader.index += 1
        } else {
            while true {
                reader.skipWhitespace()
                guard try reader.peek() == UInt8(ascii: "\"") else {
                    throw JSONSyntaxError("expected a string key", at: reader.index)
                }
                let key = try reader.readString()
                reader.skipWhitespace()
                guard try reader.peek() == UInt8(ascii: ":") else {
                    throw JSONSyntaxError("expected ':'", at: reader.index)
                }
                reader.index += 1
                reader.skipWhitespace()
                let start = reader.index
                try reader.skipValue(depth: 1)
                body(key, start..<reader.index)
                reader.skipWhitespace()
                let next = try reader.peek()
                reader.index += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "}") { break }
                throw JSONSyntaxError("expected ',' or '}'", at: reader.index - 1)
            }
        }
        reader.skipWhitespace()
        if reader.index < buffer.count {
            throw JSONSyntaxError("unexpected data after the JSON value", at: reader.index)
        }
    }
}

extension _JSONReader {
    /// Moves past one value, checking it, without building it.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        switch try peek() {
        case UInt8(ascii: "{"):
            guard depth < maximumDepth else {
                throw JSONSyntaxError("nesting deeper than \(maximumDepth) levels", at: index)
            }
            index += 1
            skipWhitespace()
            if try peek() == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                guard try peek() == UInt8(ascii: "\"") else {
                    throw JSONSyntaxError("expected a string key", at: index)
                }
                try skipString()
                skipWhitespace()
                guard try peek() == UInt8(ascii: ":") else { throw JSONSyntaxError("expected ':'", at: index) }
                index += 1
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                let next = try peek()
                index += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "}") { return }
                throw JSONSyntaxError("expected ',' or '}'", at: index - 1)
            }
        case UInt8(ascii: "["):
            guard depth < maximumDepth else {
                throw JSONSyntaxError("nesting deeper than \(maximumDepth) levels", at: index)
            }
            index += 1
            skipWhitespace()
            if try peek() == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                let next = try peek()
                index += 1
                if next == UInt8(ascii: ",") { continue }
                if next == UInt8(ascii: "]") { return }
                throw JSONSyntaxError("expected ',' or ']'", at: index - 1)
            }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try scanNumber()
        default:
            _ = try readValue(depth: depth)
        }
    }

    /// Moves past a string, checking escapes, control characters and UTF-8, without decoding it.
    mutating func skipString() throws(JSONSyntaxError) {
        let quote = index
        index += 1
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                // Escapes are rare in trace text: decode this string the careful way.
                index = quote
                _ = try readString()
                return
            }
            if byte < 0x20 { throw JSONSyntaxError("control character in string", at: index) }
            if byte < 0x80 {
                index += 1
                continue
            }
            try skipUTF8Sequence(lead: byte)
        }
        throw JSONSyntaxError("unterminated string", at: quote)
    }

    /// Checks one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    mutating func skipUTF8Sequence(lead: UInt8) throws(JSONSyntaxError) {
        let start = index
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: throw JSONSyntaxError("invalid UTF-8 in string", at: start)
        }
        guard start + length <= buffer.count else { throw JSONSyntaxError("invalid UTF-8 in string", at: start) }
        let second = buffer[start + 1]
        guard second >= low, second <= high else { throw JSONSyntaxError("invalid UTF-8 in string", at: start) }
        for offset in 2..<length where buffer[start + offset] & 0xC0 != 0x80 {
            throw JSONSyntaxError("invalid UTF-8 in string", at: start)
        }
        index = start + length
    }
}
