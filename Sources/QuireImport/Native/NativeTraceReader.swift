public import QuireIO
public import QuireModel

/// Streams native JSONL (NATIVE.md) in bounded memory: one trace a line, blank lines skipped, every invalid
/// line reported as `file:line[:column]: reason`.
///
/// Memory stays below one chunk plus the longest line allowed, whatever the input size. By default the first
/// invalid line stops the read with ``TraceInputError/invalidLine(_:reason:)``; with
/// ``TraceReadOptions/skipsInvalid`` each one becomes a warning ``Diagnostic`` and is counted.
///
/// Three levels, from cheapest: ``nextRecord()`` (raw line), ``nextValue()`` (parsed JSON, validated), and
/// ``next()`` (a ``Trace``). A pipeline that filters can parse every line and build traces only for the
/// lines it keeps, calling ``trace(from:)`` so the same policy applies.
public final class NativeTraceReader {
    /// A parsed line: its record and its JSON value.
    public struct ParsedLine: Sendable, Equatable {
        /// The raw line.
        public var record: NativeRecord
        /// Its parsed value.
        public var value: JSONValue
    }

    private let lines: LineReader
    private let options: TraceReadOptions
    private let invalid: InvalidRecordHandler

    /// The input's name (a path or `-`).
    public var name: String { lines.name }

    /// How many invalid lines were skipped (always 0 unless skipping).
    public var invalidCount: Int { invalid.count }

    /// Creates a reader over a byte source (already decompressed).
    /// - Parameters:
    ///   - source: the bytes.
    ///   - options: the invalid-line policy and budgets.
    ///   - diagnostics: where skipped lines are reported.
    public convenience init(
        source: any ByteSource,
        options: TraceReadOptions = TraceReadOptions(),
        diagnostics: any DiagnosticSink = IgnoringDiagnostics()
    ) {
        self.init(
            source: source, options: options,
            invalid: InvalidRecordHandler(skipsInvalid: options.skipsInvalid, diagnostics: diagnostics))
    }

    init(source: any ByteSource, options: TraceReadOptions, invalid: InvalidRecordHandler) {
        lines = LineReader(source: source, maximumLineLength: options.maximumRecordLength)
        self.options = options
        self.invalid = invalid
    }

    /// Opens a file (`-` for standard input), undoing gzip or zstd compression recognised by its magic bytes.
    /// - Parameters:
    ///   - path: the file or `-`.
    ///   - options: the invalid-line policy and budgets.
    ///   - diagnostics: where skipped lines are reported.
    /// - Throws: ``FileError`` when it cannot be opened, ``TraceInputError`` for an unsupported compression.
    public convenience init(
        path: String,
        options: TraceReadOptions = TraceReadOptions(),
        diagnostics: any DiagnosticSink = IgnoringDiagnostics()
    ) throws {
        self.init(source: try TraceInputOpener.open(path: path), options: options, diagnostics: diagnostics)
    }

    /// The next non-blank line, unparsed; an over-long line is handled by the policy.
    /// - Returns: the record, or nil at the end.
    /// - Throws: ``TraceInputError`` for an over-long line (unless skipping), or the source's error.
    public func nextRecord() throws -> NativeRecord? {
        while true {
            let path = name
            let budget = options.maximumRecordLength
            let outcome = try lines.next { line, bytes -> Result<NativeRecord?, TraceInputError> in
                let location = SourceLocation(path: path, line: line.number)
                // The line reader delivers lines shorter than its chunk even when they pass the budget.
                if line.isOversized || line.length > budget {
                    return .failure(
                        .invalidLine(
                            location, reason: "line is \(line.length) bytes, over the \(JSONRecords.size(budget)) limit"
                        )
                    )
                }
                if JSONRecords.isBlank(bytes) { return .success(nil) }
                return .success(NativeRecord(location: location, offset: line.offset, bytes: Array(bytes)))
            }
            switch outcome {
            case nil: return nil
            case .success(let record?)?: return record
            case .success(nil)?: continue
            case .failure(let error)?: try invalid.report(error)
            }
        }
    }

    /// The next line that parses as JSON; lines that do not are handled by the policy.
    /// - Returns: the parsed line, or nil at the end.
    /// - Throws: ``TraceInputError`` for an invalid line (unless skipping), or the source's error.
    public func nextValue() throws -> ParsedLine? {
        while let record = try nextRecord() {
            do {
                return ParsedLine(record: record, value: try record.parse(maximumDepth: options.maximumDepth))
            } catch let error as TraceInputError {
                try invalid.report(error)
            }
        }
        return nil
    }

    /// The next valid trace, as read (not normalised); invalid lines are handled by the policy.
    /// - Returns: the trace and its location, or nil at the end.
    /// - Throws: ``TraceInputError`` for an invalid line (unless skipping), or the source's error.
    public func next() throws -> LocatedTrace? {
        while let line = try nextValue() {
            if let trace = try trace(from: line) { return trace }
        }
        return nil
    }

    /// Reads a parsed line as a trace, applying the policy to a line that is not a valid trace.
    /// - Parameter line: a line from ``nextValue()``.
    /// - Returns: the trace, or nil when the line was invalid and skipped.
    /// - Throws: ``TraceInputError`` for an invalid trace unless skipping.
    public func trace(from line: ParsedLine) throws -> LocatedTrace? {
        do {
            let trace = try NativeRecord.trace(from: line.value, at: line.record.location)
            return LocatedTrace(trace: trace, location: line.record.location, format: .native)
        } catch let error as TraceInputError {
            try invalid.report(error)
            return nil
        }
    }

    /// Applies the policy to a problem a caller found in a record, such as a filter meeting a bad field.
    /// - Parameter error: the problem.
    /// - Throws: the error, unless skipping, when it is reported as a warning and counted.
    public func reportInvalid(_ error: TraceInputError) throws {
        try invalid.report(error)
    }
}
