import QuireIO
public import QuireModel

/// What a journal file holds after reading: the events, and how much of the file they cover.
public struct JournalContents: Sendable, Equatable {
    /// The events in order.
    public var events: [JournalEvent]
    /// Bytes of the file that hold complete, valid lines; a torn tail starts here.
    public var validLength: Int
    /// Bytes after `validLength` that were dropped: a line cut short by a crash mid-write.
    public var tornBytes: Int
    /// The SHA-256 of the last valid line, or the genesis hash when there is none: the next event's `prev`.
    public var lastHash: String

    /// The next sequence number.
    public var nextSeq: Int { (events.last?.seq ?? 0) + 1 }
}

/// The journal's hash chain (DESIGN.md §3): every line's `prev` is the SHA-256 of the line before it.
///
/// The first line's `prev` is the SHA-256 of `quire-journal:<bundle id>`, which binds a journal to its
/// bundle: a journal copied into another bundle breaks at line 1.
public enum JournalChain {
    /// The `prev` of a journal's first line.
    /// - Parameter bundleID: the bundle's `Quire-Bundle-Id`.
    /// - Returns: 64 hex digits.
    public static func genesis(bundleID: String) -> String {
        SHA256.hex(of: "quire-journal:\(bundleID)")
    }

    /// The hash a line contributes to the chain: SHA-256 of its bytes without the newline.
    /// - Parameter line: the line's bytes.
    /// - Returns: 64 hex digits.
    public static func hash(ofLine line: some Collection<UInt8>) -> String {
        SHA256.hex(of: line)
    }

    /// The bytes of an event's line, without the newline.
    /// - Parameter event: the event.
    /// - Returns: compact JSON in the contract's key order.
    public static func line(for event: JournalEvent) -> [UInt8] {
        // Written field by field (the same bytes as `JSONWriter` on `event.json`): reading a journal compares
        // every line with this, so it avoids building an intermediate JSON value per event.
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"seq":"#.utf8)
        out.append(contentsOf: String(event.seq).utf8)
        out.append(contentsOf: #","at":"#.utf8)
        JSONWriter.writeString(event.at.text, into: &out)
        out.append(contentsOf: #","reviewer":"#.utf8)
        JSONWriter.writeString(event.reviewer, into: &out)
        out.append(contentsOf: #","item":"#.utf8)
        JSONWriter.writeString(event.item, into: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSONWriter.writeString(event.kind.rawValue, into: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        JSONWriter().write(.object(event.payload), into: &out)
        out.append(contentsOf: #","prev":"#.utf8)
        JSONWriter.writeString(event.prev, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Reads a journal and checks its chain.
    ///
    /// A last line without its newline is a write cut short by a crash: it is dropped and reported in
    /// `tornBytes`, never trusted, because its save was never acknowledged. Any complete line that does not
    /// parse, skips a sequence number or breaks the chain is tampering or corruption and fails.
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - genesis: the first line's expected `prev`.
    ///   - bundle: the bundle's name, for errors.
    /// - Returns: the events and the valid length.
    /// - Throws: ``BundleError/brokenJournal(bundle:line:reason:)``.
    /// - Complexity: O(n) in the file's size.
    public static func read(_ bytes: [UInt8], genesis: String, bundle: String) throws -> JournalContents {
        var events: [JournalEvent] = []
        var expectedPrev = genesis
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                return JournalContents(
                    events: events, validLength: start, tornBytes: bytes.count - start, lastHash: expectedPrev)
            }
            lineNumber += 1
            let line = bytes[start..<newline]
            // A line in the form Quire writes takes the fast path (which reads the same event the full reader
            // would); anything else is read in full, which reports what is wrong with it.
            let event: JournalEvent
            let isCanonical: Bool
            if let canonical = CanonicalLine.event(line) {
                event = canonical
                isCanonical = true
            } else {
                isCanonical = false
                do {
                    event = try JournalEvent(json: JSONParser.parse(line))
                } catch let error as JSONSyntaxError {
                    throw BundleError.brokenJournal(bundle: bundle, line: lineNumber, reason: "not JSON: \(error)")
                } catch let error as FieldError {
                    throw BundleError.brokenJournal(bundle: bundle, line: lineNumber, reason: error.description)
                }
            }
            guard event.seq == lineNumber else {
                throw BundleError.brokenJournal(
                    bundle: bundle, line: lineNumber, reason: "seq is \(event.seq), expected \(lineNumber)")
            }
            guard event.prev == expectedPrev else {
                throw BundleError.brokenJournal(
                    bundle: bundle, line: lineNumber,
                    reason: "hash chain broken: prev does not match the previous line (edited, removed or reordered)")
            }
            guard isCanonical || line.hasSameBytes(as: Self.line(for: event)) else {
                throw BundleError.brokenJournal(
                    bundle: bundle, line: lineNumber, reason: "line is not in canonical form (edited by hand?)")
            }
            events.append(event)
            expectedPrev = hash(ofLine: line)
            start = newline + 1
        }
        return JournalContents(events: events, validLength: bytes.count, tornBytes: 0, lastHash: expectedPrev)
    }
}

/// Reads a journal line in the exact form ``JournalChain/line(for:)`` writes, without building a JSON value
/// for its fixed members: the journal is read in full by every verify and merge.
enum CanonicalLine {
    /// What follows the payload.
    private static let prevMember = Array(#","prev":""#.utf8)

    /// The event, or nil when the line is not in that form (a string with an escape included).
    ///
    /// When it is not nil it is the event `JournalEvent(json:)` reads from the line, and the line is the one
    /// ``JournalChain/line(for:)`` writes for it: the fixed members are matched literally, their strings hold
    /// no byte the writer escapes, and the payload is compared with the writer's bytes.
    static func event(_ line: ArraySlice<UInt8>) -> JournalEvent? {
        var cursor = Cursor(bytes: line)
        let prevTail = 64 + 2  // the 64 hex digits of `prev`, its closing quote and the closing brace
        guard cursor.expect(#"{"seq":"#), let seq = cursor.integer(), cursor.expect(#","at":"#),
            let atText = cursor.string(), let at = Timestamp(rfc3339: atText),
            cursor.expect(#","reviewer":"#), let reviewer = cursor.string(), !reviewer.isEmpty,
            cursor.expect(#","item":"#), let item = cursor.string(), !item.isEmpty,
            cursor.expect(#","type":"#), let type = cursor.string(), let kind = JournalEvent.Kind(rawValue: type),
            cursor.expect(#","payload":"#)
        else { return nil }
        let suffix = prevMember
        let payloadEnd = line.endIndex - prevTail - suffix.count
        guard payloadEnd > cursor.index, line[payloadEnd..<(payloadEnd + suffix.count)].hasSameBytes(as: suffix),
            line[line.endIndex - 2] == UInt8(ascii: "\""), line[line.endIndex - 1] == UInt8(ascii: "}"),
            // One level less than the full reader allows: there the payload sits inside the line's object.
            case .object(let payload)? = try? JSONParser.parse(
                line[cursor.index..<payloadEnd], maximumDepth: JSONParser.defaultMaximumDepth - 1),
            line[cursor.index..<payloadEnd].hasSameBytes(
                as: Self.bytes(of: payload, capacity: payloadEnd - cursor.index)),
            case let prevBytes = line[(payloadEnd + suffix.count)..<(line.endIndex - 2)],
            !prevBytes.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }),
            let prev = String(utf8Bytes: prevBytes)
        else { return nil }
        return JournalEvent(seq: seq, at: at, reviewer: reviewer, item: item, kind: kind, payload: payload, prev: prev)
    }

    /// The writer's bytes for a payload.
    private static func bytes(of payload: JSONObject, capacity: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        JSONWriter().write(.object(payload), into: &out)
        return out
    }

    private struct Cursor {
        let bytes: ArraySlice<UInt8>
        var index: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        /// Consumes a literal.
        mutating func expect(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.endIndex - index >= count else { return false }
            let matches = literal.withUTF8Buffer { literal in
                bytes[index..<(index + count)].hasSameBytes(as: literal)
            }
            if matches { index += count }
            return matches
        }

        /// Consumes a positive integer without a leading zero.
        mutating func integer() -> Int? {
            var value = 0
            let start = index
            while index < bytes.endIndex, index - start < 18, case let byte = bytes[index],
                byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9")
            {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                index += 1
            }
            guard index > start, bytes[start] != UInt8(ascii: "0") else { return nil }
            return value
        }

        /// Consumes a string; nil at an escape or a control byte, which the full reader handles.
        mutating func string() -> String? {
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    guard let text = String(utf8Bytes: bytes[start..<index]) else { return nil }
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }
    }
}
