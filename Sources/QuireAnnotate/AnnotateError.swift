public import QuireModel

/// Why the annotator could not serve.
public enum AnnotateError: QuireError, Equatable {
    /// The loopback address could not be bound (port in use, no permission).
    case cannotListen(address: String, reason: String)

    /// The machine's fault, not the input's.
    public var fault: Fault { .system }

    /// One line.
    public var description: String {
        switch self {
        case .cannotListen(let address, let reason):
            "cannot listen on \(address): \(reason) (choose another --port, or 0 for any free port)"
        }
    }
}
