import QuireModel

/// Applies the invalid-record policy in one place: stop with the error, or warn, count and go on.
final class InvalidRecordHandler {
    let skipsInvalid: Bool
    let diagnostics: any DiagnosticSink
    /// Told the input path of each skipped record, for per-input counts.
    private let onSkip: ((String?) -> Void)?
    /// Records skipped so far.
    private(set) var count = 0

    init(skipsInvalid: Bool, diagnostics: any DiagnosticSink, onSkip: ((String?) -> Void)? = nil) {
        self.skipsInvalid = skipsInvalid
        self.diagnostics = diagnostics
        self.onSkip = onSkip
    }

    /// Throws the error, or (when skipping) reports it as a warning and counts it.
    func report(_ error: TraceInputError) throws {
        guard skipsInvalid else { throw error }
        count += 1
        switch error {
        case .invalidLine(let location, let reason), .unrecognizedFormat(let location, let reason):
            diagnostics.emit(Diagnostic(.warning, at: location, "skipped: \(reason)"))
            onSkip?(location.path)
        case .noMatch:
            diagnostics.emit(Diagnostic(.warning, "skipped: \(error.description)"))
            onSkip?(nil)
        }
    }

    /// Reports an invalid record at a location.
    func report(_ location: SourceLocation, _ reason: String) throws {
        try report(.invalidLine(location, reason: reason))
    }
}
