/// A human's label and an automated evaluator's label for the same item and score.
public struct LabelPair: Sendable, Hashable {
    /// The human's label (a reviewer's, or the consensus).
    public var human: String
    /// The EVAL score's label.
    public var eval: String

    /// Creates a pair.
    /// - Parameters:
    ///   - human: the human's label.
    ///   - eval: the evaluator's label.
    public init(human: String, eval: String) {
        self.human = human
        self.eval = eval
    }
}
