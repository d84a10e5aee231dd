import QuireModel

/// Prints diagnostics on standard error as `quire: path:line: warning: message`.
struct StandardErrorDiagnostics: DiagnosticSink {
    func emit(_ diagnostic: Diagnostic) {
        Terminal.standardError.write("quire: \(diagnostic.description)\n")
    }
}
