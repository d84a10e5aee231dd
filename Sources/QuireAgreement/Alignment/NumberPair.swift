/// A human's number and an automated evaluator's number for the same item and score.
public struct NumberPair: Sendable, Hashable {
    /// The human's number (a reviewer's, or the consensus).
    public var human: Double
    /// The EVAL score's number.
    public var eval: Double

    /// Creates a pair.
    /// - Parameters:
    ///   - human: the human's number.
    ///   - eval: the evaluator's number.
    public init(human: Double, eval: Double) {
        self.human = human
        self.eval = eval
    }
}
