import QuireIO
public import QuireModel

/// Why reviewers could not be assigned.
public enum AssignmentError: QuireError, Equatable {
    /// No reviewers were given.
    case noReviewers
    /// The same reviewer was listed twice.
    case duplicateReviewer(String)
    /// Overlap must be between 1 and the number of reviewers.
    case overlapOutOfRange(overlap: Int, reviewers: Int)

    /// A bad reviewer list is bad input.
    public var fault: Fault { .data }

    /// One line naming the problem.
    public var description: String {
        switch self {
        case .noReviewers: "assignment: no reviewers"
        case .duplicateReviewer(let name): "assignment: reviewer \"\(name)\" is listed twice"
        case .overlapOutOfRange(let overlap, let reviewers):
            "assignment: overlap \(overlap) must be between 1 and the number of reviewers (\(reviewers))"
        }
    }
}

/// Which reviewers review which items (DESIGN.md §2 "Assignment").
///
/// Each item gets exactly `overlap` distinct reviewers, reviewers' loads differ by at most one, and the same
/// inputs give the same result, whatever order the reviewers are listed in.
///
/// Items are taken in order; each goes to the `overlap` least-loaded reviewers. Why loads stay within one:
/// suppose before an item every load is L or L+1, with k reviewers at L. If overlap ≤ k, some reviewers at L
/// move to L+1: loads stay in {L, L+1}. If overlap > k, all k reviewers at L move to L+1 and overlap − k of
/// those at L+1 move to L+2: every load is now L+1 or L+2. Loads start all equal (0), so by induction they
/// differ by at most one after every item.
///
/// Among reviewers tied at the boundary load the choice is free; it goes to whoever has reviewed together
/// least with the reviewers already chosen for the item (so pairs spread out, which helps pairwise agreement),
/// then to the smaller SHA-256(`assign:itemId:reviewer`), a deterministic tie-break that does not favour
/// reviewers early in the alphabet.
public struct Assignment: Sendable, Equatable {
    /// The reviewers, as given.
    public let reviewers: [String]
    /// Reviewers per item.
    public let overlap: Int
    /// The item ids, in order.
    public let itemIDs: [String]
    /// For each item (parallel to ``itemIDs``), its reviewers in the order of ``reviewers``.
    public let reviewersByItem: [[String]]

    /// Assigns reviewers to items.
    /// - Parameters:
    ///   - itemIDs: the items, in the order they will be presented.
    ///   - reviewers: the reviewers (distinct).
    ///   - overlap: reviewers per item, 1…reviewers.count.
    /// - Throws: ``AssignmentError``.
    /// - Complexity: O(items × reviewers × overlap), plus one SHA-256 per item and reviewer tied at the boundary.
    public init(itemIDs: [String], reviewers: [String], overlap: Int) throws {
        guard !reviewers.isEmpty else { throw AssignmentError.noReviewers }
        var seen: Set<String> = []
        for reviewer in reviewers where !seen.insert(reviewer).inserted {
            throw AssignmentError.duplicateReviewer(reviewer)
        }
        guard overlap >= 1, overlap <= reviewers.count else {
            throw AssignmentError.overlapOutOfRange(overlap: overlap, reviewers: reviewers.count)
        }
        self.reviewers = reviewers
        self.overlap = overlap
        self.itemIDs = itemIDs
        let count = reviewers.count
        var loads = [Int](repeating: 0, count: count)
        var together = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
        var result: [[String]] = []
        result.reserveCapacity(itemIDs.count)
        for itemID in itemIDs {
            // Sorted loads: everyone strictly below the overlap-th smallest load must be chosen; the rest come from
            // those at exactly that load.
            let boundary = loads.sorted()[overlap - 1]
            var chosen = (0..<count).filter { loads[$0] < boundary }
            var pool = (0..<count).filter { loads[$0] == boundary }
            var hashes: [Int: String] = [:]
            if pool.count > overlap - chosen.count {
                for index in pool { hashes[index] = QuireIO.SHA256.hex(of: "assign:\(itemID):\(reviewers[index])") }
            }
            while chosen.count < overlap {
                var bestPosition = 0
                var bestCost = Int.max
                for (position, candidate) in pool.enumerated() {
                    let cost = chosen.reduce(0) { $0 + together[candidate][$1] }
                    if cost < bestCost
                        || (cost == bestCost && (hashes[candidate] ?? "") < (hashes[pool[bestPosition]] ?? ""))
                    {
                        bestCost = cost
                        bestPosition = position
                    }
                }
                chosen.append(pool.remove(at: bestPosition))
            }
            chosen.sort()
            for a in chosen {
                loads[a] += 1
                for b in chosen where b != a { together[a][b] += 1 }
            }
            result.append(chosen.map { reviewers[$0] })
        }
        self.reviewersByItem = result
    }

    /// The items a reviewer reviews, in item order.
    /// - Parameter reviewer: the reviewer.
    /// - Returns: the item ids; empty for an unknown reviewer.
    public func items(of reviewer: String) -> [String] {
        zip(itemIDs, reviewersByItem).compactMap { $0.1.contains(reviewer) ? $0.0 : nil }
    }

    /// How many items each reviewer reviews, in the order of ``reviewers``.
    public var loads: [Int] {
        reviewers.map { reviewer in reviewersByItem.reduce(0) { $0 + ($1.contains(reviewer) ? 1 : 0) } }
    }
}
