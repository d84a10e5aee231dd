public import QuireModel

/// A deterministic check of one trace that may route it to a reviewer (DESIGN.md §2, system classifiers).
///
/// Classifiers look at one trace at a time and never fail: odd or hostile shapes are simply not flagged.
/// `resource-outliers` needs the whole population and `command:` runs a program, so they have their own
/// types (``ResourceOutlierClassifier``, ``CommandClassifier``).
public protocol TraceClassifier: Sendable {
    /// The name written into flags and accepted in queue files, e.g. `tool-call-errors`.
    var name: String { get }

    /// Checks one trace.
    /// - Parameter trace: the trace.
    /// - Returns: one flag naming the problem (the first few when there are several), or nil.
    func classify(_ trace: Trace) -> BundleItem.Flag?
}

extension TraceClassifier {
    /// A flag from this classifier's findings: the first three reasons joined, the first finding's evidence.
    ///
    /// One flag per classifier and trace keeps the reviewer's panel short; the count of further findings
    /// says there is more to look at.
    func flag(from findings: [ClassifierFinding], noun: String) -> BundleItem.Flag? {
        guard let first = findings.first else { return nil }
        var reason = findings.prefix(3).map(\.reason).joined(separator: "; ")
        if findings.count > 3 {
            let more = findings.count - 3
            reason += "; and \(more) more \(noun)\(more == 1 ? "" : "s")"
        }
        return BundleItem.Flag(classifier: name, reason: reason, evidence: first.evidence)
    }
}

/// One problem a classifier found: why, and the snippet that shows it.
struct ClassifierFinding: Equatable {
    /// One sentence for the reviewer.
    var reason: String
    /// At most 160 characters of plain text (``EvidenceText``).
    var evidence: String
}
