import QuireModel

/// RFC 4180 CSV, one row per record.
///
/// CRLF line ends; every field that holds a comma, quote, CR or LF is quoted with inner quotes doubled.
/// Columns: `item, traceId, observationId, sessionId, status, input, output, expected`, then `score.NAME`
/// per score config (queue order), then `annotations` and `metadata`. JSON values that are not strings are
/// written as compact JSON; null is an empty field.
enum CSVExport {
    static func bytes(_ version: DatasetVersion, spreadsheetSafe: Bool) -> [UInt8] {
        let scoreNames = version.manifest.scores.map(\.name)
        var out: [UInt8] = []
        let header =
            ["item", "traceId", "observationId", "sessionId", "status", "input", "output", "expected"]
            + scoreNames.map { "score.\($0)" } + ["annotations", "metadata"]
        appendRow(header.map { Cell.text($0) }, into: &out, spreadsheetSafe: spreadsheetSafe)
        for record in version.records {
            var row: [Cell] = [
                .text(record.item), .text(record.traceID), .optional(record.observationID), .optional(record.sessionID),
                .text(record.status.rawValue), .json(record.input), .json(record.output), .json(record.expected),
            ]
            for name in scoreNames { row.append(.json(record.scores[name] ?? .null)) }
            row.append(.json(.array(record.annotations)))
            row.append(.json(.object(record.metadata)))
            appendRow(row, into: &out, spreadsheetSafe: spreadsheetSafe)
        }
        return out
    }

    enum Cell {
        case text(String)
        case optional(String?)
        case json(JSONValue)

        /// The field's text and whether it came from a string (numbers are never defused).
        var content: (text: String, isString: Bool) {
            switch self {
            case .text(let text): (text, true)
            case .optional(let text): (text ?? "", text != nil)
            case .json(.null): ("", false)
            case .json(.string(let text)): (text, true)
            case .json(let value): (value.jsonText, false)
            }
        }
    }

    static func appendRow(_ cells: [Cell], into out: inout [UInt8], spreadsheetSafe: Bool) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            var (text, isString) = cell.content
            if spreadsheetSafe, isString, let first = text.unicodeScalars.first,
                "=+-@\t\r".unicodeScalars.contains(first)
            {
                text = "'" + text
            }
            out.append(contentsOf: field(text))
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// One field, quoted when RFC 4180 §2.6 requires it.
    static func field(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A })
        else { return bytes }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
