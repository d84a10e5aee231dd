public import QuireModel

/// How trace input is read: what to do with invalid records and how large a record may be.
public struct TraceReadOptions: Sendable, Equatable {
    /// The default budget for one line or one array element: 32 MiB, far above any real trace.
    public static let defaultMaximumRecordLength = 32 << 20
    /// The default budget for a whole JSON document that is not JSONL (an OTLP export, a Langfuse file).
    public static let defaultMaximumDocumentLength = 256 << 20

    /// Whether an invalid record is skipped with a warning (counted) instead of stopping the read.
    public var skipsInvalid: Bool
    /// The longest line or array element read, in bytes; longer ones are invalid.
    public var maximumRecordLength: Int
    /// The longest single JSON document read, in bytes; longer ones are invalid.
    public var maximumDocumentLength: Int
    /// How deep arrays and objects may nest in one record.
    public var maximumDepth: Int

    /// Creates options.
    /// - Parameters:
    ///   - skipsInvalid: skip invalid records with a warning instead of stopping.
    ///   - maximumRecordLength: the longest line or array element, in bytes.
    ///   - maximumDocumentLength: the longest single JSON document, in bytes.
    ///   - maximumDepth: the nesting budget.
    public init(
        skipsInvalid: Bool = false,
        maximumRecordLength: Int = defaultMaximumRecordLength,
        maximumDocumentLength: Int = defaultMaximumDocumentLength,
        maximumDepth: Int = JSONParser.defaultMaximumDepth
    ) {
        self.skipsInvalid = skipsInvalid
        self.maximumRecordLength = max(1, maximumRecordLength)
        self.maximumDocumentLength = max(1, maximumDocumentLength)
        self.maximumDepth = max(1, maximumDepth)
    }
}
