public import QuireModel

/// Notices trace ids seen more than once, for the "last wins, reported" rule of NATIVE.md and DESIGN.md §2.
///
/// The caller decides what wins; the tracker only remembers where each id was last seen and says so when
/// an id comes back.
public struct DuplicateTraceTracker: Sendable {
    private var lastLocation: [String: SourceLocation] = [:]

    /// How many records repeated an id seen before.
    public private(set) var duplicateCount = 0

    /// Creates an empty tracker.
    public init() {}

    /// Records an id; returns where it was seen before, if it was.
    /// - Parameters:
    ///   - id: the trace id.
    ///   - location: where this record is.
    /// - Returns: the previous location of the same id, or nil for a first sighting.
    /// - Complexity: O(1) on average.
    public mutating func record(id: String, at location: SourceLocation) -> SourceLocation? {
        let previous = lastLocation.updateValue(location, forKey: id)
        if previous != nil { duplicateCount += 1 }
        return previous
    }

    /// The warning for a duplicate: `path:line: warning: duplicate trace id "x" (also at path:line); the last one wins`.
    /// - Parameters:
    ///   - id: the trace id.
    ///   - location: the later record.
    ///   - previous: the earlier record.
    /// - Returns: the diagnostic.
    public static func diagnostic(id: String, at location: SourceLocation, previous: SourceLocation) -> Diagnostic {
        Diagnostic(
            .warning, at: location, "duplicate trace id \"\(id)\" (also at \(previous)); the last one wins")
    }
}
