import QuireAgreement

/// Ratings from a reviewers × items matrix as papers print it (rows are reviewers, nil is missing).
func ratings(reviewersByItems matrix: [[Double?]]) -> [Rating<Double>] {
    var ratings: [Rating<Double>] = []
    for (reviewer, row) in matrix.enumerated() {
        for (item, value) in row.enumerated() {
            ratings.append(Rating(item: itemName(item), reviewer: "r\(reviewer)", value: value))
        }
    }
    return ratings
}

/// Ratings from an items × reviewers matrix of numbers.
func ratings(itemsByReviewers matrix: [[Double?]]) -> [Rating<Double>] {
    var ratings: [Rating<Double>] = []
    for (item, row) in matrix.enumerated() {
        for (reviewer, value) in row.enumerated() {
            ratings.append(Rating(item: itemName(item), reviewer: "r\(reviewer)", value: value))
        }
    }
    return ratings
}

/// Ratings from an items × reviewers matrix of labels.
func ratings(itemsByReviewers matrix: [[String?]]) -> [Rating<String>] {
    var ratings: [Rating<String>] = []
    for (item, row) in matrix.enumerated() {
        for (reviewer, value) in row.enumerated() {
            ratings.append(Rating(item: itemName(item), reviewer: "r\(reviewer)", value: value))
        }
    }
    return ratings
}

/// Zero-padded, so code-point order is numeric order.
func itemName(_ index: Int) -> String {
    let digits = String(index)
    return "item-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
}

/// Two reviewers' labels from a confusion matrix: `counts[i][j]` items rated `i` by the first and `j`
/// by the second.
func ratings(confusion counts: [[Int]], labels: [String]) -> [Rating<String>] {
    var ratings: [Rating<String>] = []
    var item = 0
    for (first, row) in counts.enumerated() {
        for (second, count) in row.enumerated() {
            for _ in 0..<count {
                ratings.append(Rating(item: itemName(item), reviewer: "a", value: labels[first]))
                ratings.append(Rating(item: itemName(item), reviewer: "b", value: labels[second]))
                item += 1
            }
        }
    }
    return ratings
}
