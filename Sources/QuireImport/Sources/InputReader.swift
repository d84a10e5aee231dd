import QuireModel

/// Reads one input of a ``TraceSources`` read: decides JSONL or document, sniffs the format when asked to,
/// and sends each record to its importer.
final class InputReader {
    private let source: PeekableSource
    private let request: TraceFormatRequest
    private let options: TraceReadOptions
    private let invalid: InvalidRecordHandler
    private let diagnostics: any DiagnosticSink

    init(
        source: PeekableSource, request: TraceFormatRequest, options: TraceReadOptions,
        invalid: InvalidRecordHandler, diagnostics: any DiagnosticSink
    ) {
        self.source = source
        self.request = request
        self.options = options
        self.invalid = invalid
        self.diagnostics = diagnostics
    }

    /// Reads the input to its end.
    /// - Parameters:
    ///   - nativeGate: skips native lines whose trace is not needed, before they are parsed.
    ///   - emit: receives traces of streaming formats (native, Langfuse) as they are read.
    ///   - group: receives records of grouping formats (OTLP, OpenInference, Braintrust).
    /// - Returns: the format the input was read as; nil when it was empty or its format unknown (and skipped).
    /// - Throws: ``TraceInputError`` for invalid input (unless skipping), the source's errors, or the closures'.
    func read(
        nativeGate: ((NativeRecord) throws -> Bool)? = nil,
        emit: (LocatedTrace) throws -> Void,
        group: (JSONRecord, TraceFormat) throws -> Void
    ) throws -> TraceFormat? {
        let path = source.name
        guard let firstLine = try source.peekFirstLine(limit: options.maximumRecordLength) else {
            if case .forced(let format) = request { return format }
            return nil
        }
        let isLines =
            firstLine.isComplete && JSONRecords.isLineRecord(firstLine.bytes, maximumDepth: options.maximumDepth)
        var format: TraceFormat?
        switch request {
        case .forced(let forced):
            format = forced
        case .auto:
            if isLines {
                let trimmed = JSONRecords.trimmedWhitespace(firstLine.bytes)
                if case .success(let value) = trimmed.withUnsafeBytes({
                    JSONParser.parseBuffer($0, maximumDepth: options.maximumDepth)
                }) {
                    format = try sniff(value, at: SourceLocation(path: path, line: 1))
                    if format == nil { return nil }
                }
            }
        }
        if format == .native, isLines || request == .forced(.native) {
            let reader = NativeTraceReader(source: source, options: options, invalid: invalid)
            while let record = try reader.nextRecord() {
                if let nativeGate, try !nativeGate(record) { continue }
                let value: JSONValue
                do {
                    value = try record.parse(maximumDepth: options.maximumDepth)
                } catch let error as TraceInputError {
                    try invalid.report(error)
                    continue
                }
                if let located = try reader.trace(from: NativeTraceReader.ParsedLine(record: record, value: value)) {
                    try emit(located)
                }
            }
            return .native
        }
        let records: any JSONRecordReader =
            isLines
            ? JSONLineRecordReader(source: source, options: options)
            : JSONDocumentRecordReader(source: source, options: options)
        let langfuse = LangfuseImporter(path: path, options: options, invalid: invalid)
        while let result = try records.next() {
            let record: JSONRecord
            switch result {
            case .invalid(let error):
                try invalid.report(error)
                continue
            case .record(let value):
                record = value
            }
            if format == nil {
                format = try sniff(record.value, at: record.location)
                if format == nil { return nil }
            }
            switch format {
            case .native?:
                for value in record.value.arrayValue ?? [record.value] {
                    do {
                        let trace = try NativeRecord.trace(from: value, at: record.location)
                        try emit(LocatedTrace(trace: trace, location: record.location, format: .native))
                    } catch let error as TraceInputError {
                        try invalid.report(error)
                    }
                }
            case .langfuse?:
                for trace in try langfuse.traces(from: record) {
                    try emit(LocatedTrace(trace: trace, location: record.location, format: .langfuse))
                }
            case .otlp?, .openinference?, .braintrust?:
                try group(record, format ?? .otlp)
            case nil:
                break
            }
        }
        return format
    }

    /// The format of a record, or nil after reporting that none fits (which throws unless skipping).
    private func sniff(_ value: JSONValue, at location: SourceLocation) throws -> TraceFormat? {
        switch TraceFormatSniffer.format(of: value) {
        case .success(let format):
            return format
        case .failure(let failure):
            try invalid.report(.unrecognizedFormat(SourceLocation(path: location.path), reason: failure.reason))
            return nil
        }
    }
}
