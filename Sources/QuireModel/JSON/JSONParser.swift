/// Why a JSON text was refused, and at which byte.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong ("unterminated string").
    public var reason: String
    /// The 0-based byte offset of the problem in the parsed text.
    public var offset: Int

    /// Creates an error.
    /// - Parameters:
    ///   - reason: what is wrong.
    ///   - offset: the 0-based byte offset.
    public init(_ reason: String, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// `reason (at byte N)`.
    public var description: String { "\(reason) (at byte \(offset + 1))" }
}

/// A strict RFC 8259 parser from UTF-8 bytes to ``JSONValue``.
///
/// Strict on purpose: invalid UTF-8, control characters in strings, leading zeros, trailing commas and
/// trailing garbage are errors, and nesting is bounded so hostile input cannot exhaust the stack.
public struct JSONParser {
    /// The default nesting budget: deeper than any real trace, shallow enough for the stack.
    public static let defaultMaximumDepth = 256

    /// Parses one complete JSON text.
    /// - Parameters:
    ///   - bytes: UTF-8 text.
    ///   - maximumDepth: how deep arrays and objects may nest.
    /// - Returns: the value.
    /// - Throws: ``JSONSyntaxError`` naming the reason and the byte offset.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> =
            bytes.withContiguousStorageIfAvailable { buffer in
                parseBuffer(UnsafeRawBufferPointer(buffer), maximumDepth: maximumDepth)
            } ?? Array(bytes).withUnsafeBytes { parseBuffer($0, maximumDepth: maximumDepth) }
        return try result.get()
    }

    /// Parses one complete JSON text from a string.
    /// - Parameters:
    ///   - text: the JSON text.
    ///   - maximumDepth: how deep arrays and objects may nest.
    /// - Returns: the value.
    /// - Throws: ``JSONSyntaxError``.
    public static func parse(
        _ text: String,
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8), maximumDepth: maximumDepth)
    }

    /// Parses one complete JSON text from raw memory.
    /// - Parameters:
    ///   - buffer: UTF-8 text.
    ///   - maximumDepth: how deep arrays and objects may nest.
    /// - Returns: the value, or the error.
    public static func parseBuffer(
        _ buffer: UnsafeRawBufferPointer,
        maximumDepth: Int = defaultMaximumDepth
    ) -> Result<JSONValue, JSONSyntaxError> {
        var reader = _JSONReader(buffer: buffer, maximumDepth: maximumDepth)
        do throws(JSONSyntaxError) {
            reader.skipWhitespace()
            let value = try reader.readValue(depth: 0)
            reader.skipWhitespace()
            if reader.index < buffer.count {
                throw JSONSyntaxError("unexpected data after the JSON value", at: reader.index)
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

/// The recursive-descent reader behind ``JSONParser``.
struct _JSONReader {
    /// Objects up to this many members look for a repeated key by scanning; larger ones use a hash index.
    static let linearKeySearchLimit = 16

    let buffer: UnsafeRawBufferPointer
    let maximumDepth: Int
    var index = 0

    init(buffer: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.buffer = buffer
        self.maximumDepth = maximumDepth
    }

    mutating func skipWhitespace() {
        while index < buffer.count {
            switch buffer[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    func peek() throws(JSONSyntaxError) -> UInt8 {
        guard index < buffer.count else { throw JSONSyntaxError("unexpected end of input", at: index) }
        return buffer[index]
    }

    mutating func readValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        default:
            throw JSONSyntaxError("unexpected character \(describe(buffer[index]))", at: index)
        }
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        guard index + count <= buffer.count else { throw JSONSyntaxError("invalid literal", at: index) }
        for offset in 0..<count where buffer[index + offset] != start[offset] {
            throw JSONSyntaxError("invalid literal", at: index)
        }
        index += count
    }

    mutating func readObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maximumDepth else {
            throw JSONSyntaxError("nesting deeper than \(maximumDepth) levels", at: index)
        }
        index += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject())
        }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(8)
        // A repeated key keeps its first position and its last value, as most JSON readers do. Small objects
        // find a repeat by comparing a fingerprint of each key's bytes (a string comparison only when two
        // fingerprints match); past a handful of members a hash index keeps the work linear, so a hostile line
        // with a million distinct keys cannot make parsing quadratic.
        var fingerprints: [UInt64] = []
        var positions: [String: Int] = [:]
        while true {
            skipWhitespace()
            guard try peek() == UInt8(ascii: "\"") else {
                throw JSONSyntaxError("expected a string key", at: index)
            }
            let (key, fingerprint) = try readKey()
            skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw JSONSyntaxError("expected ':'", at: index) }
            index += 1
            skipWhitespace()
            let value = try readValue(depth: depth)
            if members.count < Self.linearKeySearchLimit {
                var existing: Int?
                for (position, known) in fingerprints.enumerated() where known == fingerprint {
                    if members[position].key == key {
                        existing = position
                        break
                    }
                }
                if let existing {
                    members[existing].value = value
                } else {
                    if fingerprints.isEmpty { fingerprints.reserveCapacity(Self.linearKeySearchLimit) }
                    fingerprints.append(fingerprint)
                    members.append(JSONObject.Member(key: key, value: value))
                }
            } else {
                if positions.isEmpty {
                    for (position, member) in members.enumerated() { positions[member.key] = position }
                }
                if let existing = positions[key] {
                    members[existing].value = value
                } else {
                    positions[key] = members.count
                    members.append(JSONObject.Member(key: key, value: value))
                }
            }
            skipWhitespace()
            let next = try peek()
            index += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "}") { break }
            throw JSONSyntaxError("expected ',' or '}'", at: index - 1)
        }
        return .object(JSONObject(uncheckedMembers: members))
    }

    mutating func readArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maximumDepth else {
            throw JSONSyntaxError("nesting deeper than \(maximumDepth) levels", at: index)
        }
        index += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return .array([])
        }
        var values: [JSONValue] = []
        values.reserveCapacity(4)
        while true {
            skipWhitespace()
            values.append(try readValue(depth: depth))
            skipWhitespace()
            let next = try peek()
            index += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "]") { break }
            throw JSONSyntaxError("expected ',' or ']'", at: index - 1)
        }
        return .array(values)
    }

    mutating func readNumber() throws(JSONSyntaxError) -> JSONNumber {
        let range = try scanNumber()
        let literal = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        return JSONNumber(literal: literal)
    }

    /// Moves past a number, checking RFC 8259's grammar, and returns its bytes' range.
    mutating func scanNumber() throws(JSONSyntaxError) -> Range<Int> {
        let start = index
        if buffer[index] == UInt8(ascii: "-") { index += 1 }
        guard index < buffer.count, isDigit(buffer[index]) else {
            throw JSONSyntaxError("invalid number", at: start)
        }
        if buffer[index] == UInt8(ascii: "0") {
            index += 1
            if index < buffer.count, isDigit(buffer[index]) {
                throw JSONSyntaxError("invalid number: leading zero", at: start)
            }
        } else {
            while index < buffer.count, isDigit(buffer[index]) { index += 1 }
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
            index += 1
            guard index < buffer.count, isDigit(buffer[index]) else {
                throw JSONSyntaxError("invalid number: no digit after '.'", at: start)
            }
            while index < buffer.count, isDigit(buffer[index]) { index += 1 }
        }
        if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
            index += 1
            if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < buffer.count, isDigit(buffer[index]) else {
                throw JSONSyntaxError("invalid number: no digit in exponent", at: start)
            }
            while index < buffer.count, isDigit(buffer[index]) { index += 1 }
        }
        return start..<index
    }

    func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    mutating func readString() throws(JSONSyntaxError) -> String {
        try readString(fingerprinting: false).string
    }

    /// Reads a string and a fingerprint of its raw bytes (FNV-1a), which object parsing uses to spot repeated
    /// keys without comparing strings.
    mutating func readKey() throws(JSONSyntaxError) -> (string: String, fingerprint: UInt64) {
        try readString(fingerprinting: true)
    }

    /// Reads a string, and with `fingerprinting` the FNV-1a fingerprint of its bytes (0 otherwise).
    ///
    /// Values skip the fingerprint: its multiply per byte would dominate reading long text.
    @inline(__always)
    mutating func readString(fingerprinting: Bool) throws(JSONSyntaxError) -> (string: String, fingerprint: UInt64) {
        let quote = index
        index += 1
        let start = index
        var highBits: UInt8 = 0
        var fingerprint: UInt64 = fingerprinting ? 0xCBF2_9CE4_8422_2325 : 0
        // Fast path: no escapes; ASCII needs no validation, other text is validated once.
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: buffer[start..<index])
                if highBits & 0x80 != 0, let invalid = Self.firstInvalidUTF8(slice) {
                    throw JSONSyntaxError("invalid UTF-8 in string", at: start + invalid)
                }
                index += 1
                return (Self.string(fromValidUTF8: slice), fingerprint)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw JSONSyntaxError("control character in string", at: index) }
            highBits |= byte
            if fingerprinting { fingerprint = (fingerprint ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            index += 1
        }
        guard index < buffer.count else { throw JSONSyntaxError("unterminated string", at: quote) }
        let text = try readEscapedString(from: start, quote: quote)
        guard fingerprinting else { return (text, 0) }
        // Escaped keys are rare; their fingerprint covers the decoded text.
        var decoded: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { decoded = (decoded ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return (text, decoded)
    }

    mutating func readEscapedString(from start: Int, quote: Int) throws(JSONSyntaxError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(index - start + 64)
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<index]))
        var highBits: UInt8 = 0
        for byte in bytes { highBits |= byte }
        while index < buffer.count {
            // Copy the run up to the next quote, backslash or control character in one piece.
            let runStart = index
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                highBits |= byte
                index += 1
            }
            if index > runStart { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[runStart..<index])) }
            guard index < buffer.count else { break }
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                if highBits & 0x80 != 0 {
                    let invalid = bytes.withUnsafeBytes { Self.firstInvalidUTF8($0) }
                    if invalid != nil { throw JSONSyntaxError("invalid UTF-8 in string", at: start) }
                }
                return bytes.withUnsafeBytes { Self.string(fromValidUTF8: $0) }
            }
            if byte < 0x20 { throw JSONSyntaxError("control character in string", at: index) }
            index += 1
            guard index < buffer.count else { break }
            let escape = buffer[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try readHex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if index + 1 < buffer.count, buffer[index] == UInt8(ascii: "\\"),
                        buffer[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try readHex4()
                        guard low >= 0xDC00 && low < 0xE000 else {
                            throw JSONSyntaxError("unpaired surrogate in \\u escape", at: index - 6)
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        throw JSONSyntaxError("unpaired surrogate in \\u escape", at: index - 6)
                    }
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw JSONSyntaxError("unpaired surrogate in \\u escape", at: index - 6)
                }
                Self.appendUTF8(scalar, to: &bytes)
            default:
                throw JSONSyntaxError("invalid escape '\\\(describe(escape))'", at: index - 2)
            }
        }
        throw JSONSyntaxError("unterminated string", at: quote)
    }

    /// Encodes a Unicode scalar value (not a surrogate, below 0x110000) as UTF-8.
    static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (scalar >> 6)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (scalar >> 12)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (scalar >> 18)))
            bytes.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// A string from bytes already known to be valid UTF-8, copied without generic dispatch (the generic
    /// `String(validating:as:)` costs a runtime metadata lookup per call, a fifth of parsing time).
    static func string(fromValidUTF8 bytes: UnsafeRawBufferPointer) -> String {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { destination in
            UnsafeMutableRawBufferPointer(destination).copyMemory(
                from: UnsafeRawBufferPointer(start: base, count: bytes.count))
            return bytes.count
        }
    }

    mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= buffer.count else { throw JSONSyntaxError("invalid \\u escape", at: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONSyntaxError("invalid \\u escape", at: index)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629 §4: no
    /// overlong forms, no surrogates, nothing above U+10FFFF), or nil when all of it is well formed.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var offset = 0
        let count = bytes.count
        while offset < count {
            let lead = bytes[offset]
            if lead < 0x80 {
                offset += 1
                continue
            }
            func continuation(_ at: Int) -> Bool { at < count && bytes[at] & 0xC0 == 0x80 }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(offset + 1) else { return offset }
                offset += 2
            case 0xE0...0xEF:
                guard offset + 1 < count else { return offset }
                let second = bytes[offset + 1]
                let secondOK: Bool
                switch lead {
                case 0xE0: secondOK = second >= 0xA0 && second <= 0xBF
                case 0xED: secondOK = second >= 0x80 && second <= 0x9F
                default: secondOK = second & 0xC0 == 0x80
                }
                guard secondOK, continuation(offset + 2) else { return offset }
                offset += 3
            case 0xF0...0xF4:
                guard offset + 1 < count else { return offset }
                let second = bytes[offset + 1]
                let secondOK: Bool
                switch lead {
                case 0xF0: secondOK = second >= 0x90 && second <= 0xBF
                case 0xF4: secondOK = second >= 0x80 && second <= 0x8F
                default: secondOK = second & 0xC0 == 0x80
                }
                guard secondOK, continuation(offset + 2), continuation(offset + 3) else { return offset }
                offset += 4
            default:
                return offset
            }
        }
        return nil
    }
}
