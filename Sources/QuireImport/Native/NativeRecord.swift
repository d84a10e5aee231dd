public import QuireModel

/// One non-blank line of a native JSONL input, not yet parsed: the cheap unit a filter can look at first.
///
/// Parsing into a ``JSONValue`` costs about half of building a ``Trace``; a pipeline that filters on
/// top-level fields parses every line (which also validates it) and builds traces only for lines it keeps.
public struct NativeRecord: Sendable, Equatable {
    /// Where the line is: `path:line`.
    public var location: SourceLocation
    /// The byte offset of the line's first byte in the (decompressed) stream.
    public var offset: Int
    /// The line's bytes, without the line end.
    public var bytes: [UInt8]

    /// Creates a record.
    /// - Parameters:
    ///   - location: where the line is.
    ///   - offset: its byte offset in the stream.
    ///   - bytes: its bytes.
    public init(location: SourceLocation, offset: Int, bytes: [UInt8]) {
        self.location = location
        self.offset = offset
        self.bytes = bytes
    }

    /// Parses the line as JSON.
    /// - Parameter maximumDepth: the nesting budget.
    /// - Returns: the value.
    /// - Throws: ``TraceInputError/invalidLine(_:reason:)`` at `path:line:column` with the JSON problem.
    public func parse(maximumDepth: Int = JSONParser.defaultMaximumDepth) throws -> JSONValue {
        let result = bytes.withUnsafeBytes { JSONParser.parseBuffer($0, maximumDepth: maximumDepth) }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            var location = self.location
            location.column = error.offset + 1
            throw TraceInputError.invalidLine(location, reason: JSONRecords.reason(for: error))
        }
    }

    /// Parses the line and reads it as a native trace.
    /// - Parameter maximumDepth: the nesting budget.
    /// - Returns: the trace, as read (not normalised).
    /// - Throws: ``TraceInputError/invalidLine(_:reason:)`` naming the JSON problem or the field.
    public func trace(maximumDepth: Int = JSONParser.defaultMaximumDepth) throws -> Trace {
        try Self.trace(from: parse(maximumDepth: maximumDepth), at: location)
    }

    /// Reads an already parsed line as a native trace.
    /// - Parameters:
    ///   - value: the line's value.
    ///   - location: where the line is, for the error.
    /// - Returns: the trace, as read (not normalised).
    /// - Throws: ``TraceInputError/invalidLine(_:reason:)`` naming the field (`observations[2].startTime: …`).
    public static func trace(from value: JSONValue, at location: SourceLocation) throws -> Trace {
        do {
            return try Trace(json: value)
        } catch {
            throw TraceInputError.invalidLine(location, reason: error.description)
        }
    }
}
