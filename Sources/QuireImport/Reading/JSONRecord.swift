import QuireIO
import QuireModel

/// One JSON value read from an input: a JSONL line, an element of a top-level array, or a whole document.
struct JSONRecord {
    var value: JSONValue
    /// Where the value starts (`path:line`).
    var location: SourceLocation
}

/// What reading the next record gave.
enum JSONRecordResult {
    /// A parsed record.
    case record(JSONRecord)
    /// An invalid record; reading may go on with the next one.
    case invalid(TraceInputError)
}

/// A stream of JSON records from one input.
protocol JSONRecordReader: AnyObject {
    /// The next record, an invalid one, or nil at the end.
    func next() throws -> JSONRecordResult?
}

/// Picks JSONL or whole-document reading for an input, and formats the shared messages.
enum JSONRecords {
    /// A reader for an input: JSONL when its first line is a JSON value on its own (or looks like one),
    /// otherwise a document reader that streams the elements of top-level arrays.
    static func reader(for source: PeekableSource, options: TraceReadOptions) throws -> any JSONRecordReader {
        guard let first = try source.peekFirstLine(limit: options.maximumRecordLength) else {
            return EmptyRecordReader()
        }
        if first.isComplete, isLineRecord(first.bytes, maximumDepth: options.maximumDepth) {
            return JSONLineRecordReader(source: source, options: options)
        }
        return JSONDocumentRecordReader(source: source, options: options)
    }

    /// Whether a first line holds a whole JSON value (so the input is JSONL), or at least opens and closes
    /// like one, so a JSONL file with a broken first line still reports per line.
    static func isLineRecord(_ line: ArraySlice<UInt8>, maximumDepth: Int) -> Bool {
        let trimmed = trimmedWhitespace(line)
        guard trimmed.count >= 2, let first = trimmed.first, let last = trimmed.last else { return false }
        let result = trimmed.withUnsafeBytes { JSONParser.parseBuffer($0, maximumDepth: maximumDepth) }
        if case .success = result { return true }
        return (first == UInt8(ascii: "{") && last == UInt8(ascii: "}"))
            || (first == UInt8(ascii: "[") && last == UInt8(ascii: "]"))
    }

    static func trimmedWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// Whether a line holds only whitespace (blank lines are skipped, not errors).
    static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0D { return false }
        return true
    }

    /// `32 MiB` for whole mebibytes, else `N bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// The message for a JSON syntax error.
    static func reason(for error: JSONSyntaxError) -> String {
        "invalid JSON: \(error.reason)"
    }
}

/// An input with nothing but whitespace.
final class EmptyRecordReader: JSONRecordReader {
    func next() throws -> JSONRecordResult? { nil }
}

/// JSONL: one JSON value a line, blank lines skipped, each bad line reported on its own.
final class JSONLineRecordReader: JSONRecordReader {
    private let lines: LineReader
    private let path: String
    private let options: TraceReadOptions

    init(source: any ByteSource, options: TraceReadOptions) {
        lines = LineReader(source: source, maximumLineLength: options.maximumRecordLength)
        path = source.name
        self.options = options
    }

    func next() throws -> JSONRecordResult? {
        while true {
            let path = self.path
            let options = self.options
            let outcome = try lines.next { line, bytes -> JSONRecordResult? in
                if line.isOversized || line.length > options.maximumRecordLength {
                    return .invalid(
                        .invalidLine(
                            SourceLocation(path: path, line: line.number),
                            reason:
                                "line is \(line.length) bytes, over the \(JSONRecords.size(options.maximumRecordLength)) limit"
                        ))
                }
                if JSONRecords.isBlank(bytes) { return nil }
                switch JSONParser.parseBuffer(bytes, maximumDepth: options.maximumDepth) {
                case .success(let value):
                    return .record(JSONRecord(value: value, location: SourceLocation(path: path, line: line.number)))
                case .failure(let error):
                    return .invalid(
                        .invalidLine(
                            SourceLocation(path: path, line: line.number, column: error.offset + 1),
                            reason: JSONRecords.reason(for: error)))
                }
            }
            guard let outcome else { return nil }
            if let result = outcome { return result }
        }
    }
}
