import QuireModel

/// JSON Lines read from bytes already in memory (they were hashed first, so the bytes checked are the
/// bytes parsed): one value per non-empty line, with its 1-based line number.
enum JSONLines {
    /// One parsed line.
    struct Line {
        var number: Int
        var value: JSONValue
    }

    /// Splits and parses the lines; a `\r` before `\n` is dropped, blank lines are skipped.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - failure: makes the error for a line that is not JSON.
    /// - Returns: the values in order.
    /// - Throws: what `failure` returns.
    static func parse(_ bytes: [UInt8], failure: (Int, JSONSyntaxError) -> any Error) throws -> [Line] {
        var lines: [Line] = []
        var start = 0
        var number = 0
        while start < bytes.count {
            number += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var last = end
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            let slice = bytes[start..<last]
            if slice.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                do {
                    lines.append(Line(number: number, value: try JSONParser.parse(slice)))
                } catch {
                    throw failure(number, error)
                }
            }
            start = end + 1
        }
        return lines
    }

    /// Values as JSON Lines: one compact value a line, each ending in `\n`.
    /// - Parameter values: the values.
    /// - Returns: the bytes.
    static func bytes(_ values: [JSONValue]) -> [UInt8] {
        var out: [UInt8] = []
        let writer = JSONWriter()
        for value in values {
            writer.write(value, into: &out)
            out.append(0x0A)
        }
        return out
    }
}

/// JSON indented by two spaces, members in stored order: manifests people read with `cat`.
enum PrettyJSON {
    /// The text of a value, ending with a newline.
    static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: "", into: &out)
        return out + "\n"
    }

    private static func write(_ value: JSONValue, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch value {
        case .array(let values) where !values.isEmpty:
            out += "[\n"
            for (index, element) in values.enumerated() {
                out += inner
                write(element, indent: inner, into: &out)
                out += index + 1 < values.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            for (index, member) in object.members.enumerated() {
                out += inner + JSONValue.string(member.key).jsonText + ": "
                write(member.value, indent: inner, into: &out)
                out += index + 1 < object.count ? ",\n" : "\n"
            }
            out += indent + "}"
        default:
            out += value.jsonText
        }
    }
}

/// UUIDs derived from content, so exporting twice gives the same ids and an upload upserts instead of
/// duplicating: the first 16 bytes of SHA-256 over the NUL-separated parts, stamped as version 8 with the
/// RFC 9562 variant (§5.8, "custom" UUIDs).
enum DerivedUUID {
    /// The UUID of some parts.
    /// - Parameter parts: the identifying strings (NUL-separated before hashing, so parts cannot run together).
    /// - Returns: `xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx`.
    static func make(_ parts: [String]) -> String {
        var digest = ContentHash.digest(parts.joined(separator: "\u{0}"))
        digest[6] = (digest[6] & 0x0F) | 0x80
        digest[8] = (digest[8] & 0x3F) | 0x80
        let hex = ContentHash.hex(Array(digest.prefix(16)))
        let characters = Array(hex)
        func slice(_ range: Range<Int>) -> String { String(characters[range]) }
        return [slice(0..<8), slice(8..<12), slice(12..<16), slice(16..<20), slice(20..<32)].joined(separator: "-")
    }
}
