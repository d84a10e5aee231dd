/// How two reviewers' values cross on the items both rated: rows are the first reviewer's categories,
/// columns the second's.
public struct ConfusionMatrix: Sendable, Equatable, Encodable {
    /// The first reviewer (rows).
    public var firstReviewer: String
    /// The second reviewer (columns).
    public var secondReviewer: String
    /// The category labels, ascending by value, for rows and columns alike.
    public var labels: [String]
    /// `counts[i][j]`: items the first rated `labels[i]` and the second `labels[j]`.
    public var counts: [[Int]]

    /// Creates a matrix.
    /// - Parameters:
    ///   - firstReviewer: the first reviewer.
    ///   - secondReviewer: the second reviewer.
    ///   - labels: the category labels.
    ///   - counts: the square matrix of counts.
    public init(firstReviewer: String, secondReviewer: String, labels: [String], counts: [[Int]]) {
        self.firstReviewer = firstReviewer
        self.secondReviewer = secondReviewer
        self.labels = labels
        self.counts = counts
    }

    private enum CodingKeys: String, CodingKey {
        case firstReviewer = "first_reviewer"
        case secondReviewer = "second_reviewer"
        case labels = "labels"
        case counts = "counts"
    }
}

extension RatingTable {
    /// The confusion matrix of two reviewers over every category of the table.
    /// - Parameters:
    ///   - first: the first reviewer's index in ``reviewers`` (rows).
    ///   - second: the second reviewer's index (columns).
    /// - Returns: the matrix; all zeros when they share no item.
    /// - Complexity: O(items + categories²).
    public func confusionMatrix(between first: Int, and second: Int) -> ConfusionMatrix {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: categories.count), count: categories.count)
        let width = reviewers.count
        for item in 0..<items.count {
            let a = codes[item * width + first]
            let b = codes[item * width + second]
            if a >= 0, b >= 0 { counts[Int(a)][Int(b)] += 1 }
        }
        return ConfusionMatrix(
            firstReviewer: reviewers[first],
            secondReviewer: reviewers[second],
            labels: categories.map(\.label),
            counts: counts
        )
    }
}
