import QuireModel

/// Readers for the loosely typed values of foreign formats: JSON inside strings, timestamps in several
/// spellings, token counts as numbers or digit strings.
enum SourceValues {
    /// Nesting levels kept free when decoding JSON found inside a string (see ``decoded(_:acceptsScalars:maximumDepth:)``).
    static let embeddedDepthReserve = 32
    /// Decodes JSON carried in a string (FORMATS.md "JSON-in-a-string").
    ///
    /// Decoding repeats for double encoding (shape 6), at most four rounds. A string that does not parse is
    /// kept as it is.
    /// - Parameters:
    ///   - value: the value, decoded when it is a string.
    ///   - acceptsScalars: whether a decoded number, Boolean or null replaces the string. Fields that are always
    ///     encoded (Langfuse trace input) accept them; fields that may hold plain text (observation input in
    ///     older exports) keep `"42"` as text and only accept containers and strings.
    ///   - maximumDepth: the nesting budget of the record.
    /// - Returns: the decoded value, or the value as given.
    static func decoded(_ value: JSONValue, acceptsScalars: Bool, maximumDepth: Int) -> JSONValue {
        // Decoded JSON lands a few levels down in the native trace; keeping room for that envelope means the
        // importer's own output always reads back within the same nesting budget.
        let depth = max(1, maximumDepth - embeddedDepthReserve)
        var current = value
        for round in 0..<4 {
            guard case .string(let text) = current else { return current }
            guard let first = firstSignificantByte(text) else { return current }
            let isContainer = first == UInt8(ascii: "[") || first == UInt8(ascii: "{")
            let isString = first == UInt8(ascii: "\"")
            guard isContainer || isString || (acceptsScalars && round == 0) else { return current }
            guard let parsed = try? JSONParser.parse(text, maximumDepth: depth) else { return current }
            switch parsed {
            case .string(let inner):
                // Go on only while the decoded text is itself encoded JSON.
                guard let innerFirst = firstSignificantByte(inner),
                    innerFirst == UInt8(ascii: "[") || innerFirst == UInt8(ascii: "{")
                        || innerFirst == UInt8(ascii: "\"")
                else { return parsed }
                current = parsed
            case .array, .object:
                return parsed
            default:
                return acceptsScalars ? parsed : current
            }
        }
        return current
    }

    /// Decodes an object that may arrive as JSON text; text that is not an object is kept as `{"_raw": text}`.
    static func decodedObject(_ value: JSONValue?, maximumDepth: Int) -> JSONObject {
        switch value {
        case nil, .null?:
            return JSONObject()
        case .object(let object)?:
            return object
        case .string(let text)?:
            if case .object(let object) = decoded(.string(text), acceptsScalars: false, maximumDepth: maximumDepth) {
                return object
            }
            return text.isEmpty ? JSONObject() : JSONObject([("_raw", .string(text))])
        case let other?:
            return JSONObject([("_raw", other)])
        }
    }

    static func firstSignificantByte(_ text: String) -> UInt8? {
        text.utf8.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }

    // MARK: - Timestamps

    /// An instant from RFC 3339 text, or from a number (or digit string) of epoch seconds, milliseconds,
    /// microseconds or nanoseconds told apart by magnitude (FORMATS.md cross-format rules).
    static func timestamp(_ value: JSONValue?) -> Timestamp? {
        switch value {
        case .string(let text)?:
            if let timestamp = Timestamp(rfc3339: text) { return timestamp }
            return epochTimestamp(literal: text)
        case .number(let number)?:
            return epochTimestamp(literal: number.literal)
        default:
            return nil
        }
    }

    /// An instant from an epoch number written as text.
    ///
    /// Integers are told apart by magnitude (≥ 1e17 ns, ≥ 1e14 µs, ≥ 1e11 ms, else seconds) and read as
    /// integers, never through a Double; fractions are seconds.
    static func epochTimestamp(literal: String) -> Timestamp? {
        let trimmed = literal.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        if let integer = Int64(trimmed) {
            let magnitude = integer.magnitude
            let scale: Int64
            if magnitude >= 100_000_000_000_000_000 {
                scale = 1
            } else if magnitude >= 100_000_000_000_000 {
                scale = 1_000
            } else if magnitude >= 100_000_000_000 {
                scale = 1_000_000
            } else {
                scale = 1_000_000_000
            }
            let (nanoseconds, overflow) = integer.multipliedReportingOverflow(by: scale)
            return overflow ? nil : Timestamp(nanosecondsSinceEpoch: nanoseconds)
        }
        guard trimmed.utf8.allSatisfy({ isNumberByte($0) }), let seconds = Double(trimmed), seconds.isFinite,
            abs(seconds) < 9e9
        else { return nil }
        // Seconds with a fraction: split so the whole seconds stay exact.
        let whole = seconds.rounded(.down)
        let fraction = ((seconds - whole) * 1e9).rounded()
        return Timestamp(nanosecondsSinceEpoch: Int64(whole) * 1_000_000_000 + Int64(fraction))
    }

    /// Nanoseconds since the epoch from OTLP's `*UnixNano` fields: a decimal string or an integer JSON number,
    /// read as integer text so values beyond a Double's exact range (2^53) keep every digit.
    static func unixNanoseconds(_ value: JSONValue?) -> Timestamp? {
        let literal: String
        switch value {
        case .string(let text)?: literal = text
        case .number(let number)?: literal = number.literal
        default: return nil
        }
        if let nanoseconds = Int64(literal) { return Timestamp(nanosecondsSinceEpoch: nanoseconds) }
        // Unsigned values above Int64.max are past the year 2262: not a real span time.
        return nil
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e")
            || byte == UInt8(ascii: "E")
    }

    // MARK: - Counts and amounts

    /// A token count: a non-negative integer.
    ///
    /// It may come as a number (`40`, `40.0`) or digits in a string (`"40"`, as OTLP's `intValue`).
    /// Non-numeric values give nil (ignored); a negative count is an error.
    static func tokenCount(_ value: JSONValue?) -> Result<Int?, FieldProblem> {
        let literal: String
        switch value {
        case .number(let number)?: literal = number.literal
        case .string(let text)?: literal = text.trimmingSpaces
        default: return .success(nil)
        }
        if let integer = Int(literal) {
            return integer < 0 ? .failure(FieldProblem("negative token count (\(integer))")) : .success(integer)
        }
        guard let double = Double(literal), double.isFinite else { return .success(nil) }
        if double < 0 { return .failure(FieldProblem("negative token count (\(literal))")) }
        guard double == double.rounded(), double < 9e15 else { return .success(nil) }
        return .success(Int(double))
    }

    /// An amount (cost in USD): a finite number, or a string holding one.
    ///
    /// A number is kept as spelled.
    static func amount(_ value: JSONValue?) -> JSONNumber? {
        switch value {
        case .number(let number)?:
            return number.double.isFinite ? number : nil
        case .string(let text)?:
            guard let double = Double(text.trimmingSpaces), double.isFinite else { return nil }
            return JSONNumber(double)
        default:
            return nil
        }
    }

    /// Usage details with a `total` when input or output are known and it is missing (FORMATS.md (b)).
    static func withTotal(_ usage: [(String, JSONValue)]) -> JSONObject {
        var object = JSONObject(usage)
        if object["total"] == nil {
            let input = object["input"]?.intValue
            let output = object["output"]?.intValue
            if input != nil || output != nil {
                object["total"] = .int((input ?? 0).saturatingAdd(output ?? 0))
            }
        }
        return object
    }

    /// A string field that may come as a number (ids written by hand); other types give nil.
    static func string(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .number(let number)?: return number.literal
        default: return nil
        }
    }
}

/// A problem with one field, before the caller knows the field's full path.
struct FieldProblem: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

extension String {
    /// The text without leading and trailing ASCII whitespace.
    var trimmingSpaces: String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        if start == 0 && end == bytes.count { return self }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
