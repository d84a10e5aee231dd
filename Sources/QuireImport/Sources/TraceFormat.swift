/// A trace format Quire reads (FORMATS.md).
public enum TraceFormat: String, Sendable, CaseIterable, Equatable {
    /// Quire's JSONL, one native trace a line (NATIVE.md).
    case native
    /// Langfuse trace exports: `{trace, observations}`, arrays and JSONL of them, bare traces.
    case langfuse
    /// OTLP/JSON with OpenTelemetry GenAI attributes.
    case otlp
    /// OpenInference spans (flattened attributes), in OTLP/JSON or as a decoded attribute map.
    case openinference
    /// Braintrust log events (rows linked by `root_span_id` and `span_parents`).
    case braintrust
}

/// The format asked for on the command line or in a queue file: sniffed per file, or forced.
public enum TraceFormatRequest: Sendable, Equatable {
    /// Decide per file from its content.
    case auto
    /// Read every file as this format.
    case forced(TraceFormat)

    /// Parses `auto` or a format name.
    /// - Parameter name: `auto`, `native`, `langfuse`, `otlp`, `openinference` or `braintrust`.
    public init?(name: String) {
        if name == "auto" {
            self = .auto
        } else if let format = TraceFormat(rawValue: name) {
            self = .forced(format)
        } else {
            return nil
        }
    }

    /// Every accepted spelling, for help texts and error messages.
    public static let names = ["auto"] + TraceFormat.allCases.map(\.rawValue)
}
