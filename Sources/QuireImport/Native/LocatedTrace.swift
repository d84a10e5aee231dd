public import QuireModel

/// A trace and where it came from, for messages and for "last wins" reports on duplicate ids.
public struct LocatedTrace: Sendable, Equatable {
    /// The trace, in the native model.
    public var trace: Trace
    /// Where its record starts: `path:line` (the line of a JSONL record, of an array element, or of the
    /// first span or row for formats that group several records into one trace).
    public var location: SourceLocation
    /// The format it was read from.
    public var format: TraceFormat

    /// Creates a located trace.
    /// - Parameters:
    ///   - trace: the trace.
    ///   - location: where it came from.
    ///   - format: its source format.
    public init(trace: Trace, location: SourceLocation, format: TraceFormat) {
        self.trace = trace
        self.location = location
        self.format = format
    }
}
