import Synchronization

/// A warning or note that does not stop the work: a skipped line, a torn journal tail, a duplicate id.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Equatable {
        /// Something was dropped or changed; the user should look.
        case warning
        /// Information that may help.
        case note
    }

    /// How serious it is.
    public var severity: Severity
    /// Where it happened, if a place is known.
    public var location: SourceLocation?
    /// What happened, in one line.
    public var message: String

    /// Creates a diagnostic.
    /// - Parameters:
    ///   - severity: how serious it is.
    ///   - location: where it happened.
    ///   - message: what happened, in one line.
    public init(_ severity: Severity, at location: SourceLocation? = nil, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `path:line: warning: message`, as compilers print it.
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }
}

/// Receives diagnostics; the caller decides whether they are printed, collected or ignored.
public protocol DiagnosticSink: Sendable {
    /// Takes one diagnostic.
    /// - Parameter diagnostic: the diagnostic to report.
    func emit(_ diagnostic: Diagnostic)
}

/// A sink that drops everything.
public struct IgnoringDiagnostics: DiagnosticSink {
    /// Creates the sink.
    public init() {}
    /// Drops the diagnostic.
    /// - Parameter diagnostic: ignored.
    public func emit(_ diagnostic: Diagnostic) {}
}

/// A sink that keeps every diagnostic in memory, for tests and for summaries.
public final class CollectedDiagnostics: DiagnosticSink {
    private let storage = Mutex<[Diagnostic]>([])

    /// Creates an empty collection.
    public init() {}

    /// Appends the diagnostic.
    /// - Parameter diagnostic: the diagnostic to keep.
    public func emit(_ diagnostic: Diagnostic) {
        storage.withLock { $0.append(diagnostic) }
    }

    /// Everything emitted so far, in order.
    public var all: [Diagnostic] {
        storage.withLock { $0 }
    }
}
