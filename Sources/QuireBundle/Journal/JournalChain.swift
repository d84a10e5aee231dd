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
        SHA256.hex(of: Array(line))
    }

    /// The bytes of an event's line, without the newline.
    /// - Parameter event: the event.
    /// - Returns: compact JSON in the contract's key order.
    public static func line(for event: JournalEvent) -> [UInt8] {
        JSONWriter().bytes(event.json)
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
            let event: JournalEvent
            do {
                event = try JournalEvent(json: JSONParser.parse(line))
            } catch let error as JSONSyntaxError {
                throw BundleError.brokenJournal(bundle: bundle, line: lineNumber, reason: "not JSON: \(error)")
            } catch let error as FieldError {
                throw BundleError.brokenJournal(bundle: bundle, line: lineNumber, reason: error.description)
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
            guard line.elementsEqual(Self.line(for: event)) else {
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
