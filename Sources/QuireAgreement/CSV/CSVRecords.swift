import QuireModel

/// One CSV record: its fields and the line it starts on.
struct CSVRecord: Equatable {
    /// The 1-based physical line the record starts on (a quoted field can span lines).
    var line: Int
    /// The fields, unquoted.
    var fields: [String]
}

/// Splits CSV bytes into records as RFC 4180 defines them, strictly.
///
/// Fields are separated by commas and records by LF, CRLF or CR; a field that starts with a quote runs
/// to the matching quote, with `""` standing for one quote, and may hold commas and line breaks. A quote
/// anywhere else, text after a closing quote, an unterminated quoted field and invalid UTF-8 are
/// errors that name the line. A UTF-8 byte order mark at the start is skipped; empty lines are skipped.
enum CSVRecords {
    static func parse(_ bytes: [UInt8], path: String) throws(AgreementInputError) -> [CSVRecord] {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        var fieldIsEmptyRecord = true  // nothing at all on the record so far

        func location(_ at: Int) -> SourceLocation { SourceLocation(path: path, line: at) }

        func finishField() throws(AgreementInputError) {
            guard let text = String(utf8Bytes: field[...]) else {
                throw .malformedCSV(at: location(recordLine), reason: "invalid UTF-8")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }

        func finishRecord() throws(AgreementInputError) {
            if fieldIsEmptyRecord {
                fields.removeAll()
                field.removeAll(keepingCapacity: true)
                return
            }
            try finishField()
            records.append(CSVRecord(line: recordLine, fields: fields))
            fields = []
        }

        while index < bytes.count {
            let byte = bytes[index]
            if atFieldStart && byte == quote {
                // A quoted field: to the closing quote, `""` being one quote.
                let openedOn = line
                fieldIsEmptyRecord = false
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    if inner == lf || (inner == cr && !(index + 1 < bytes.count && bytes[index + 1] == lf)) {
                        line += 1
                    }
                    field.append(inner)
                    index += 1
                }
                guard closed else {
                    throw .malformedCSV(at: location(openedOn), reason: "unterminated quoted field")
                }
                if index < bytes.count, bytes[index] != comma, bytes[index] != lf, bytes[index] != cr {
                    throw .malformedCSV(at: location(line), reason: "text after the closing quote of a field")
                }
                atFieldStart = false
                continue
            }
            switch byte {
            case comma:
                fieldIsEmptyRecord = false
                try finishField()
                atFieldStart = true
                index += 1
            case lf, cr:
                try finishRecord()
                index += (byte == cr && index + 1 < bytes.count && bytes[index + 1] == lf) ? 2 : 1
                line += 1
                recordLine = line
                atFieldStart = true
                fieldIsEmptyRecord = true
            case quote:
                throw .malformedCSV(at: location(line), reason: "quote inside an unquoted field")
            default:
                fieldIsEmptyRecord = false
                field.append(byte)
                atFieldStart = false
                index += 1
            }
        }
        try finishRecord()
        return records
    }
}
