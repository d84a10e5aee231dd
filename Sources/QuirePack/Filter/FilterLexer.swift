import QuireModel

/// A keyword of the filter language; matched without regard to case (`AND` reads as `and`).
enum FilterKeyword: String, CaseIterable, Sendable {
    case and, or, not, `in`, contains, matches, exists, `true`, `false`, null
}

/// One segment of a field path: `metadata`, `channel`, or a quoted `"user feedback"`.
struct FilterPathSegment: Equatable, Sendable {
    var text: String
    var isQuoted: Bool
    /// The scalar offset of the segment in the expression.
    var offset: Int
}

/// A token of a filter expression with its place, in Unicode scalars from 0.
struct FilterToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case path([FilterPathSegment])
        case keyword(FilterKeyword)
        case string(String)
        case number(Double)
        case date(nanoseconds: Int64, isDateOnly: Bool)
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int
    var length: Int
}

/// Splits a filter expression into tokens.
///
/// Works on Unicode scalars so columns in errors match the columns Yams reports for the queue file.
struct FilterLexer {
    /// Longer expressions are refused: a filter is a line or two, and the bound keeps hostile input cheap.
    static let maximumLength = 10_000

    let expression: String
    let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ expression: String) {
        self.expression = expression
        self.scalars = Array(expression.unicodeScalars)
    }

    /// The error at a scalar offset, with its line and column inside the expression.
    func error(_ reason: String, at offset: Int) -> FilterSyntaxError {
        var line = 1
        var lineStart = 0
        for position in 0..<min(offset, scalars.count) where scalars[position] == "\n" {
            line += 1
            lineStart = position + 1
        }
        return FilterSyntaxError(reason, line: line, column: offset - lineStart + 1, expression: expression)
    }

    /// The source text of a token, shortened for messages.
    func text(of token: FilterToken) -> String {
        if case .end = token.kind { return "" }
        let end = min(token.offset + token.length, scalars.count)
        var text = String(String.UnicodeScalarView(scalars[token.offset..<end]))
        if text.unicodeScalars.count > 30 {
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(29))) + "…"
        }
        return text
    }

    mutating func tokenize() throws(FilterSyntaxError) -> [FilterToken] {
        guard scalars.count <= Self.maximumLength else {
            throw error("the filter is longer than \(Self.maximumLength) characters", at: 0)
        }
        var tokens: [FilterToken] = []
        while true {
            skipWhitespace()
            guard index < scalars.count else {
                tokens.append(FilterToken(kind: .end, offset: scalars.count, length: 0))
                return tokens
            }
            tokens.append(try nextToken())
        }
    }

    private mutating func skipWhitespace() {
        while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar >= "0" && scalar <= "9"
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
    }

    /// Letters, digits, `_` and `-`: what a path segment after the first may hold unquoted.
    static func isSegmentCharacter(_ scalar: Unicode.Scalar?) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar) || scalar == "-"
    }

    private mutating func nextToken() throws(FilterSyntaxError) -> FilterToken {
        let start = index
        let scalar = scalars[index]
        switch scalar {
        case "(", ")", "[", "]", ",":
            index += 1
            return FilterToken(kind: .symbol(String(scalar)), offset: start, length: 1)
        case "=", "!", "<", ">":
            if peek(1) == "=" {
                index += 2
                return FilterToken(kind: .symbol(String(scalar) + "="), offset: start, length: 2)
            }
            if scalar == "<" || scalar == ">" {
                index += 1
                return FilterToken(kind: .symbol(String(scalar)), offset: start, length: 1)
            }
            if scalar == "=" { throw error("unexpected '='; use '==' to compare", at: start) }
            throw error("unexpected '!'; use 'not' or '!='", at: start)
        case "&":
            throw error("unexpected '\(peek(1) == "&" ? "&&" : "&")'; use 'and'", at: start)
        case "|":
            throw error("unexpected '\(peek(1) == "|" ? "||" : "|")'; use 'or'", at: start)
        case "\"", "'":
            let text = try readString()
            return FilterToken(kind: .string(text), offset: start, length: index - start)
        case "-":
            guard Self.isDigit(peek(1)) else { throw error("unexpected '-'", at: start) }
            return try readNumber()
        default:
            if Self.isDigit(scalar) {
                if isDateAhead() { return try readDate() }
                return try readNumber()
            }
            if Self.isIdentifierStart(scalar) { return try readPath() }
            throw error("unexpected character '\(Self.shown(scalar))'", at: start)
        }
    }

    private static func shown(_ scalar: Unicode.Scalar) -> String {
        scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }

    /// `YYYY-M`: four digits and a dash start a date; there is no subtraction to confuse it with.
    private func isDateAhead() -> Bool {
        (0..<4).allSatisfy { Self.isDigit(peek($0)) } && peek(4) == "-" && Self.isDigit(peek(5))
    }

    private mutating func readDate() throws(FilterSyntaxError) -> FilterToken {
        let start = index
        while let scalar = peek(),
            Self.isDigit(scalar) || Self.isIdentifierStart(scalar) || [":", ".", "+", "-"].contains(scalar)
        {
            index += 1
        }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        guard let (nanoseconds, isDateOnly) = Self.parseDate(text) else {
            throw error(
                "invalid date '\(text)'; expected YYYY-MM-DD or an RFC 3339 timestamp such as 2025-03-01T10:00:00Z",
                at: start)
        }
        return FilterToken(
            kind: .date(nanoseconds: nanoseconds, isDateOnly: isDateOnly), offset: start, length: index - start)
    }

    /// Reads `2025-03-01` (midnight UTC) or RFC 3339 text; a timestamp without an offset is taken as UTC.
    /// - Returns: the instant and whether only a date was given; nil when the text is neither.
    static func parseDate(_ text: String) -> (Int64, Bool)? {
        let bytes = Array(text.utf8)
        if bytes.count == 10 {
            guard let timestamp = Timestamp(rfc3339: text + "T00:00:00Z") else { return nil }
            return (timestamp.nanoseconds, true)
        }
        if let timestamp = Timestamp(rfc3339: text) { return (timestamp.nanoseconds, false) }
        if let timestamp = Timestamp(rfc3339: text + "Z") { return (timestamp.nanoseconds, false) }
        return nil
    }

    private mutating func readNumber() throws(FilterSyntaxError) -> FilterToken {
        let start = index
        if peek() == "-" { index += 1 }
        while Self.isDigit(peek()) { index += 1 }
        if peek() == ".", Self.isDigit(peek(1)) {
            index += 1
            while Self.isDigit(peek()) { index += 1 }
        }
        if peek() == "e" || peek() == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if Self.isDigit(peek(signed ? 2 : 1)) {
                index += signed ? 2 : 1
                while Self.isDigit(peek()) { index += 1 }
            }
        }
        if let next = peek(), Self.isSegmentCharacter(next) || next == "." {
            while let more = peek(), Self.isSegmentCharacter(more) || more == "." { index += 1 }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            throw error("invalid number '\(text)'", at: start)
        }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        guard let value = Double(text), value.isFinite else {
            throw error("number '\(text)' is out of range", at: start)
        }
        return FilterToken(kind: .number(value), offset: start, length: index - start)
    }

    private mutating func readPath() throws(FilterSyntaxError) -> FilterToken {
        let start = index
        var segments: [FilterPathSegment] = []
        while Self.isSegmentCharacter(peek()) { index += 1 }
        segments.append(
            FilterPathSegment(
                text: String(String.UnicodeScalarView(scalars[start..<index])), isQuoted: false, offset: start))
        while peek() == "." {
            index += 1
            let segmentStart = index
            if peek() == "\"" || peek() == "'" {
                let text = try readString()
                segments.append(FilterPathSegment(text: text, isQuoted: true, offset: segmentStart))
            } else if Self.isSegmentCharacter(peek()) {
                while Self.isSegmentCharacter(peek()) { index += 1 }
                segments.append(
                    FilterPathSegment(
                        text: String(String.UnicodeScalarView(scalars[segmentStart..<index])), isQuoted: false,
                        offset: segmentStart))
            } else {
                throw error("expected a name after '.'", at: segmentStart)
            }
        }
        if segments.count == 1, let keyword = FilterKeyword(rawValue: segments[0].text.lowercased()) {
            return FilterToken(kind: .keyword(keyword), offset: start, length: index - start)
        }
        return FilterToken(kind: .path(segments), offset: start, length: index - start)
    }

    /// Reads a quoted string.
    ///
    /// Double quotes understand `\" \\ \/ \n \r \t \uXXXX \u{X…}`; single quotes are raw
    /// except `\'` and `\\`, so regular expressions such as `'\d+'` need no doubled backslashes.
    private mutating func readString() throws(FilterSyntaxError) -> String {
        let quoteOffset = index
        let quote = scalars[index]
        index += 1
        var text = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == quote {
                index += 1
                return String(text)
            }
            guard scalar == "\\", index + 1 < scalars.count else {
                text.append(scalar)
                index += 1
                continue
            }
            let escapeOffset = index
            let escaped = scalars[index + 1]
            if quote == "'" {
                if escaped == "'" || escaped == "\\" {
                    text.append(escaped)
                    index += 2
                } else {
                    text.append(scalar)
                    index += 1
                }
                continue
            }
            index += 2
            switch escaped {
            case "\"": text.append("\"")
            case "\\": text.append("\\")
            case "/": text.append("/")
            case "n": text.append("\n")
            case "r": text.append("\r")
            case "t": text.append("\t")
            case "u": text.append(try readUnicodeEscape(at: escapeOffset))
            default:
                throw error("unknown escape '\\\(Self.shown(escaped))'", at: escapeOffset)
            }
        }
        throw error("unterminated string", at: quoteOffset)
    }

    /// `\uXXXX` (a surrogate pair as two escapes) or `\u{1F600}`; `index` is just after the `u`.
    private mutating func readUnicodeEscape(at escapeOffset: Int) throws(FilterSyntaxError) -> Unicode.Scalar {
        let invalid = error("invalid unicode escape", at: escapeOffset)
        if peek() == "{" {
            index += 1
            var value: UInt32 = 0
            var digits = 0
            while let scalar = peek(), scalar != "}" {
                guard let digit = Self.hexValue(scalar), digits < 8 else { throw invalid }
                value = value << 4 | digit
                digits += 1
                index += 1
            }
            guard peek() == "}", digits > 0, let result = Unicode.Scalar(value) else { throw invalid }
            index += 1
            return result
        }
        func hex4() throws(FilterSyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let scalar = peek(), let digit = Self.hexValue(scalar) else { throw invalid }
                value = value << 4 | digit
                index += 1
            }
            return value
        }
        var value = try hex4()
        if value >= 0xD800 && value < 0xDC00 {
            guard peek() == "\\", peek(1) == "u" else { throw invalid }
            index += 2
            let low = try hex4()
            guard low >= 0xDC00 && low < 0xE000 else { throw invalid }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let result = Unicode.Scalar(value) else { throw invalid }
        return result
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f": scalar.value - 0x61 + 10
        case "A"..."F": scalar.value - 0x41 + 10
        default: nil
        }
    }
}
