import QuireModel

/// Decoding of OTLP/JSON's envelope values (opentelemetry-proto, `common.proto`; OTLP/JSON encoding rules).
enum OTLPValues {
    /// An `AnyValue` as plain JSON.
    ///
    /// Strings, integers (digit strings from the proto JSON mapping become numbers without going through a
    /// Double), doubles, Booleans, bytes (kept as their base64 text), arrays and key–value lists (objects,
    /// later keys winning). An empty `AnyValue` is null.
    static func plain(_ value: JSONValue?, depth: Int = 0) -> JSONValue {
        // AnyValue nests through arrays and kvlists; the parser's depth budget already bounds it, this bound
        // keeps the recursion here safe on its own.
        guard depth < 512, case .object(let object)? = value else { return .null }
        if let string = object["stringValue"] {
            return string.stringValue.map(JSONValue.string) ?? string
        }
        if let integer = object["intValue"] {
            switch integer {
            case .string(let text):
                if Int64(text) != nil || UInt64(text) != nil { return .number(JSONNumber(literal: text)) }
                return integer
            default:
                return integer
            }
        }
        if let double = object["doubleValue"] {
            if case .string(let text) = double {
                // The proto JSON mapping spells NaN and infinities as strings; JSON numbers cannot hold them.
                if let parsed = Double(text), parsed.isFinite, let number = JSONNumber(parsed) {
                    return .number(number)
                }
            }
            return double
        }
        if let bool = object["boolValue"] {
            if case .string(let text) = bool { return .bool(text == "true") }
            return bool
        }
        if let bytes = object["bytesValue"] { return bytes }
        if let array = object["arrayValue"] {
            let values = array["values"]?.arrayValue ?? []
            return .array(values.map { plain($0, depth: depth + 1) })
        }
        if let list = object["kvlistValue"] {
            return .object(keyValues(list["values"], depth: depth + 1))
        }
        return .null
    }

    /// A `KeyValue` list as an object in order; a repeated key keeps its first place and its last value.
    static func keyValues(_ value: JSONValue?, depth: Int = 0) -> JSONObject {
        guard case .array(let pairs)? = value else { return JSONObject() }
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(pairs.count)
        for pair in pairs {
            guard case .string(let key)? = pair["key"] else { continue }
            members.append((key, plain(pair["value"], depth: depth)))
        }
        return JSONObject(members)
    }

    /// A trace or span id as lowercase hex when a generic protobuf-to-JSON tool wrote it as base64
    /// (24 characters decoding to 16 bytes, or 12 decoding to 8); any other spelling is kept as given.
    static func id(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 || bytes.count == 12, !bytes.allSatisfy(isHexDigit),
            let decoded = base64Decode(bytes), decoded.count == (bytes.count == 24 ? 16 : 8)
        else { return text }
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(decoded.count * 2)
        for byte in decoded {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    /// Standard base64 (RFC 4648 §4), padding required; nil for anything else.
    static func base64Decode(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count % 4 == 0 else { return nil }
        func value(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let quad = bytes[index..<index + 4]
            var padding = 0
            var accumulator: UInt32 = 0
            for (offset, byte) in quad.enumerated() {
                if byte == UInt8(ascii: "=") {
                    // Padding only at the end of the last quad.
                    guard index + 4 == bytes.count, offset >= 2 else { return nil }
                    padding += 1
                    accumulator <<= 6
                    continue
                }
                guard padding == 0, let digit = value(byte) else { return nil }
                accumulator = accumulator << 6 | UInt32(digit)
            }
            output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: accumulator >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: accumulator)) }
            index += 4
        }
        return output
    }

    /// Whether a span status means an error: `code` 2, `"2"` or `"STATUS_CODE_ERROR"`.
    static func isError(status: JSONValue?) -> Bool {
        switch status?["code"] {
        case .number(let number)?: return number.int == 2
        case .string(let text)?: return text == "2" || text == "STATUS_CODE_ERROR" || text == "ERROR"
        default: return false
        }
    }
}
