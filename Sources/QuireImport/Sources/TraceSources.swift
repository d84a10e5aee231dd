public import QuireIO
public import QuireModel

/// How a read went, per input: the format used, traces produced, invalid records skipped.
public struct TraceReadSummary: Sendable, Equatable {
    /// One input's figures.
    public struct Input: Sendable, Equatable {
        /// The input as named (a path or `-`).
        public var path: String
        /// The format it was read as; nil when it held nothing or its format could not be told (and was skipped).
        public var format: TraceFormat?
        /// Traces produced from it (for formats that group spans or rows across files, traces are counted
        /// at the input of their first span or row).
        public var traces: Int
        /// Invalid records skipped in it.
        public var invalid: Int

        /// Creates an input's figures.
        /// - Parameters:
        ///   - path: the input.
        ///   - format: its format.
        ///   - traces: traces produced.
        ///   - invalid: invalid records skipped.
        public init(path: String, format: TraceFormat?, traces: Int, invalid: Int) {
            self.path = path
            self.format = format
            self.traces = traces
            self.invalid = invalid
        }
    }

    /// The inputs in the order read.
    public var inputs: [Input]

    /// Creates a summary.
    /// - Parameter inputs: per-input figures.
    public init(inputs: [Input]) {
        self.inputs = inputs
    }

    /// All traces produced.
    public var traceCount: Int { inputs.reduce(0) { $0 + $1.traces } }
    /// All invalid records skipped.
    public var invalidCount: Int { inputs.reduce(0) { $0 + $1.invalid } }
}

/// Every way traces get into Quire: resolves source patterns, opens files (decompressing gzip and zstd),
/// tells formats apart, and hands out native traces with their locations, one policy for invalid input.
///
/// Native JSONL and Langfuse exports stream: each trace is handed out as soon as its record is read, in
/// bounded memory. OTLP, OpenInference and Braintrust group several records into one trace (a trace's spans
/// may be spread over files), so their traces are handed out after the last input, in the order their
/// first record was read. Every trace is normalised (`Trace.normalize()`).
public enum TraceSources {
    /// Expands source patterns into input paths: `-` is standard input, a relative pattern is taken from
    /// `base`, a pattern with `*`, `?` or `[` is a glob (matches sorted by their bytes).
    /// - Parameters:
    ///   - patterns: paths, globs or `-`.
    ///   - base: the directory relative patterns start from (the queue file's), or nil for the working directory.
    /// - Returns: the paths, in pattern order.
    /// - Throws: ``TraceInputError/noMatch(pattern:)`` for a glob that matches nothing.
    public static func resolve(_ patterns: [String], relativeTo base: String? = nil) throws -> [String] {
        var paths: [String] = []
        for pattern in patterns {
            if pattern == "-" {
                paths.append(pattern)
                continue
            }
            let full = base.map { FileSystem.join($0, pattern) } ?? pattern
            guard full.contains(where: { "*?[".contains($0) }) else {
                paths.append(full)
                continue
            }
            let matches = FileSystem.glob(full)
            guard !matches.isEmpty else { throw TraceInputError.noMatch(pattern: full) }
            paths.append(contentsOf: matches)
        }
        return paths
    }

    /// Reads traces from files.
    /// - Parameters:
    ///   - paths: the inputs (`-` for standard input), already resolved.
    ///   - format: `auto` to sniff each file, or the format of all of them.
    ///   - options: the invalid-record policy and budgets.
    ///   - diagnostics: where skipped records and placeholder warnings are reported.
    ///   - nativeGate: decides from a native line's raw bytes whether its trace is needed at all; a line it
    ///     declines is never parsed into a trace (pack's fast path: most lines of a large input fail the filter
    ///     or the sample). Lines of other formats always reach `body`.
    ///   - body: receives each trace with its location.
    /// - Returns: per-input figures.
    /// - Throws: ``TraceInputError`` for invalid input (unless skipping), ``FileError`` when a file cannot
    ///   be read, or what `body` throws.
    @discardableResult
    public static func read(
        paths: [String],
        format: TraceFormatRequest = .auto,
        options: TraceReadOptions = TraceReadOptions(),
        diagnostics: any DiagnosticSink = IgnoringDiagnostics(),
        nativeGate: ((NativeRecord) throws -> Bool)? = nil,
        _ body: (LocatedTrace) throws -> Void
    ) throws -> TraceReadSummary {
        try read(
            inputs: paths.map { path in (path, { try TraceInputOpener.open(path: path) }) }, format: format,
            options: options, diagnostics: diagnostics, nativeGate: nativeGate, body)
    }

    /// Reads traces from byte sources (standard input, memory, a decompressor).
    /// - Parameters:
    ///   - sources: the inputs; each is read to its end, decompressed if its magic bytes say so.
    ///   - format: `auto` to sniff each input, or the format of all of them.
    ///   - options: the invalid-record policy and budgets.
    ///   - diagnostics: where skipped records and placeholders are reported.
    ///   - body: receives each trace with its location.
    /// - Returns: per-input figures.
    /// - Throws: ``TraceInputError`` for invalid input (unless skipping), the sources' errors, or what
    ///   `body` throws.
    @discardableResult
    public static func read(
        sources: [any ByteSource],
        format: TraceFormatRequest = .auto,
        options: TraceReadOptions = TraceReadOptions(),
        diagnostics: any DiagnosticSink = IgnoringDiagnostics(),
        _ body: (LocatedTrace) throws -> Void
    ) throws -> TraceReadSummary {
        try read(
            inputs: sources.map { source in (source.name, { try TraceInputOpener.open(source) }) }, format: format,
            options: options, diagnostics: diagnostics, nativeGate: nil, body)
    }

    private static func read(
        inputs: [(name: String, open: () throws -> PeekableSource)],
        format request: TraceFormatRequest,
        options: TraceReadOptions,
        diagnostics: any DiagnosticSink,
        nativeGate: ((NativeRecord) throws -> Bool)?,
        _ body: (LocatedTrace) throws -> Void
    ) throws -> TraceReadSummary {
        let tally = ReadTally(inputs: inputs.map(\.name))
        let invalid = InvalidRecordHandler(skipsInvalid: options.skipsInvalid, diagnostics: diagnostics) { path in
            tally.countInvalid(at: path)
        }
        let otlp = OTLPImporter(options: options, invalid: invalid, diagnostics: diagnostics)
        let braintrust = BraintrustImporter(options: options, invalid: invalid, diagnostics: diagnostics)
        func emit(_ located: LocatedTrace) throws {
            var located = located
            located.trace.normalize()
            tally.countTrace(at: located.location.path)
            try body(located)
        }
        for (position, input) in inputs.enumerated() {
            let source = try input.open()
            let reader = InputReader(
                source: source, request: request, options: options, invalid: invalid, diagnostics: diagnostics)
            let format = try reader.read(
                nativeGate: nativeGate,
                emit: emit,
                group: { record, format in
                    switch format {
                    case .otlp, .openinference: try otlp.add(record, format: format)
                    case .braintrust: try braintrust.add(record, format: format)
                    case .native, .langfuse: break
                    }
                })
            tally.setFormat(format, at: position)
        }
        for located in try otlp.finish() { try emit(located) }
        for located in try braintrust.finish() { try emit(located) }
        return tally.summary
    }
}

/// Per-input counts while a read runs.
final class ReadTally {
    private var inputs: [TraceReadSummary.Input]
    private var positions: [String: Int] = [:]

    init(inputs names: [String]) {
        inputs = names.map { TraceReadSummary.Input(path: $0, format: nil, traces: 0, invalid: 0) }
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
    }

    func countTrace(at path: String) {
        if let index = positions[path] { inputs[index].traces += 1 }
    }

    func countInvalid(at path: String?) {
        if let path, let index = positions[path] {
            inputs[index].invalid += 1
        } else if !inputs.isEmpty {
            inputs[inputs.count - 1].invalid += 1
        }
    }

    func setFormat(_ format: TraceFormat?, at position: Int) {
        inputs[position].format = format
    }

    var summary: TraceReadSummary { TraceReadSummary(inputs: inputs) }
}
