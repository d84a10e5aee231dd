import QuireIO
import QuireImport
import QuireModel
import QuireTestSupport
import Testing

@Suite("Native JSONL reader")
struct NativeTraceReaderTests {
    static let valid = #"{"id":"t1","timestamp":"2025-03-03T09:14:02.118Z"}"#

    private func reader(_ text: String, name: String = "in.jsonl", skipping: Bool = false, budget: Int? = nil)
        -> (NativeTraceReader, CollectedDiagnostics)
    {
        reader(bytes: Array(text.utf8), name: name, skipping: skipping, budget: budget)
    }

    /// `\u{1}` in the text stands for the invalid UTF-8 byte 0xFF, which a Swift string cannot hold.
    private func reader(bytes: [UInt8], name: String = "in.jsonl", skipping: Bool = false, budget: Int? = nil)
        -> (NativeTraceReader, CollectedDiagnostics)
    {
        let diagnostics = CollectedDiagnostics()
        let options = TraceReadOptions(
            skipsInvalid: skipping, maximumRecordLength: budget ?? TraceReadOptions.defaultMaximumRecordLength)
        let raw = bytes.map { $0 == 0x01 ? 0xFF : $0 }
        return (
            NativeTraceReader(source: BytesInput(raw, name: name), options: options, diagnostics: diagnostics),
            diagnostics
        )
    }

    private func readAll(_ reader: NativeTraceReader) throws -> [LocatedTrace] {
        var traces: [LocatedTrace] = []
        while let trace = try reader.next() { traces.append(trace) }
        return traces
    }

    @Test("traces come with their file and line; blank and whitespace lines are skipped; CRLF is accepted")
    func locations() throws {
        let text = "\n" + Self.valid + "\r\n   \n\t\n" + #"{"id":"t2","timestamp":"2025-03-03T09:14:03Z"}"#
        let (reader, _) = reader(text)
        let traces = try readAll(reader)
        #expect(traces.map(\.trace.id) == ["t1", "t2"])
        #expect(
            traces.map(\.location) == [
                SourceLocation(path: "in.jsonl", line: 2), SourceLocation(path: "in.jsonl", line: 5),
            ])
        #expect(traces.allSatisfy { $0.format == .native })
    }

    struct Failure: CustomTestStringConvertible, Sendable {
        var line: String
        var error: TraceInputError
        var testDescription: String { error.description }
    }

    static let failures: [Failure] = [
        Failure(
            line: #"{"id":"t1","timestamp":"2025-03-03T09:14:02Z",}"#,
            error: .invalidLine(
                SourceLocation(path: "in.jsonl", line: 2, column: 47), reason: "invalid JSON: expected a string key")),
        Failure(
            line: "{\"id\":\"t\u{1}\"}",
            error: .invalidLine(
                SourceLocation(path: "in.jsonl", line: 2, column: 9), reason: "invalid JSON: invalid UTF-8 in string")),
        Failure(
            line: #"{"timestamp":"2025-03-03T09:14:02Z"}"#,
            error: .invalidLine(SourceLocation(path: "in.jsonl", line: 2), reason: "id: missing")),
        Failure(
            line: #"{"id":"t","timestamp":"2025-03-03T09:14:02Z","observations":[{"id":"o","startTime":5}]}"#,
            error: .invalidLine(
                SourceLocation(path: "in.jsonl", line: 2),
                reason: "observations[0].startTime: expected string, found number")),
        Failure(
            line: #"{"id":"t","timestamp":"yesterday"}"#,
            error: .invalidLine(
                SourceLocation(path: "in.jsonl", line: 2), reason: "timestamp: not an RFC 3339 timestamp: yesterday")),
        Failure(
            line: #"["not","an","object"]"#,
            error: .invalidLine(SourceLocation(path: "in.jsonl", line: 2), reason: "expected object, found array")),
        Failure(
            line: String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
            error: .invalidLine(
                SourceLocation(path: "in.jsonl", line: 2, column: 257),
                reason: "invalid JSON: nesting deeper than 256 levels")),
        Failure(
            line: "{\"id\":\"t\u{0}\"}",
            error: .invalidLine(
                SourceLocation(path: "in.jsonl", line: 2, column: 9),
                reason: "invalid JSON: control character in string")),
        Failure(
            line: #"{"id":"t","timestamp":"2025-03-03T09:14:02Z""#,
            error: .invalidLine(
                SourceLocation(path: "in.jsonl", line: 2, column: 45), reason: "invalid JSON: unexpected end of input")),
    ]

    @Test("an invalid line stops the read with file:line[:column]: reason", arguments: failures)
    func invalidLineStops(_ failure: Failure) throws {
        let (reader, _) = reader(Self.valid + "\n" + failure.line + "\n" + Self.valid)
        #expect(try reader.next()?.trace.id == "t1")
        #expect(throws: failure.error) { try reader.next() }
        #expect(failure.error.fault == .data)
    }

    @Test("with skipping, each invalid line is a warning at its place and is counted", arguments: failures)
    func invalidLineSkipped(_ failure: Failure) throws {
        let (reader, diagnostics) = reader(Self.valid + "\n" + failure.line + "\n" + Self.valid, skipping: true)
        let traces = try readAll(reader)
        #expect(traces.map(\.location.line) == [1, 3])
        #expect(reader.invalidCount == 1)
        guard case .invalidLine(let location, let reason) = failure.error else { return }
        #expect(diagnostics.all == [Diagnostic(.warning, at: location, "skipped: \(reason)")])
    }

    @Test("a line over the budget is refused without being buffered, and reading goes on after it")
    func oversizedLine() throws {
        let long =
            #"{"id":"big","timestamp":"2025-03-03T09:14:02Z","x":""# + String(repeating: "a", count: 5000) + #""}"#
        let (stopping, _) = reader(long + "\n" + Self.valid, budget: 1024)
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "in.jsonl", line: 1), reason: "line is 5054 bytes, over the 1 KiB limit")
        ) { try stopping.next() }
        let (skipping, diagnostics) = reader(long + "\n" + Self.valid, skipping: true, budget: 1024)
        #expect(try readAll(skipping).map(\.trace.id) == ["t1"])
        #expect(diagnostics.all.count == 1)
    }

    @Test("the raw record and its parsed value are available before building a trace")
    func fastPath() throws {
        let (reader, _) = reader(
            Self.valid + "\n" + #"{"id":"t2","timestamp":"2025-03-03T09:14:03Z","environment":"staging"}"#)
        let first = try #require(try reader.nextRecord())
        #expect(first.bytes == Array(Self.valid.utf8))
        #expect(first.offset == 0)
        let second = try #require(try reader.nextValue())
        #expect(second.record.offset == Self.valid.utf8.count + 1)
        #expect(second.value["environment"] == .string("staging"))
        #expect(try reader.trace(from: second)?.trace.environment == "staging")
        #expect(try reader.nextValue() == nil)
    }

    @Test("a record reports a JSON problem with its column")
    func recordParseError() {
        let record = NativeRecord(
            location: SourceLocation(path: "x.jsonl", line: 7), offset: 0, bytes: Array("{\"a\" 1}".utf8))
        #expect(
            throws: TraceInputError.invalidLine(
                SourceLocation(path: "x.jsonl", line: 7, column: 6), reason: "invalid JSON: expected ':'")
        ) { try record.parse() }
    }

    @Test("a problem found by a caller follows the same policy")
    func callerReportedProblem() throws {
        let problem = TraceInputError.invalidLine(
            SourceLocation(path: "in.jsonl", line: 1), reason: "filter: bad field")
        let (stopping, _) = reader(Self.valid)
        #expect(throws: problem) { try stopping.reportInvalid(problem) }
        let (skipping, diagnostics) = reader(Self.valid, skipping: true)
        try skipping.reportInvalid(problem)
        #expect(skipping.invalidCount == 1)
        #expect(diagnostics.all.map(\.description) == ["in.jsonl:1: warning: skipped: filter: bad field"])
    }

    @Test("memory stays bounded: a 40 MB input streams through a 64 KiB chunk reader line by line")
    func boundedMemory() throws {
        // A source that makes lines on the fly, so the test itself never holds the input.
        final class Generated: ByteSource {
            let name = "gen.jsonl"
            var produced = 0
            let total: Int
            let line: [UInt8]
            init(lines: Int) {
                line = Array((NativeTraceReaderTests.valid + "\n").utf8)
                total = lines * line.count
            }
            func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                var count = 0
                while count < buffer.count, produced < total {
                    buffer[count] = line[produced % line.count]
                    count += 1
                    produced += 1
                }
                return count
            }
        }
        let source = Generated(lines: 800_000)
        let reader = NativeTraceReader(source: source, options: TraceReadOptions(maximumRecordLength: 4096))
        var count = 0
        while try reader.nextRecord() != nil { count += 1 }
        #expect(count == 800_000)
        #expect(source.produced == source.total)
    }
}

@Suite("Duplicate trace ids")
struct DuplicateTraceTrackerTests {
    @Test("a repeated id reports where it was seen before; the count grows per repeat")
    func duplicates() {
        var tracker = DuplicateTraceTracker()
        let a1 = SourceLocation(path: "a.jsonl", line: 1)
        let a2 = SourceLocation(path: "a.jsonl", line: 5)
        let b1 = SourceLocation(path: "b.jsonl", line: 2)
        #expect(tracker.record(id: "t", at: a1) == nil)
        #expect(tracker.record(id: "u", at: a2) == nil)
        #expect(tracker.record(id: "t", at: b1) == a1)
        #expect(tracker.record(id: "t", at: a2) == b1)
        #expect(tracker.duplicateCount == 2)
        #expect(
            DuplicateTraceTracker.diagnostic(id: "t", at: b1, previous: a1).description
                == #"b.jsonl:2: warning: duplicate trace id "t" (also at a.jsonl:1); the last one wins"#)
    }
}
