import QuireModel
import QuirePack
import QuireTestSupport
import Testing

@Suite("Assignment of reviewers to items")
struct AssignmentTests {
    @Test("a small assignment equals the one an independent Python implementation of the rule gives")
    func matchesReference() throws {
        let items = (0..<10).map { "item-\($0)" }
        let assignment = try Assignment(itemIDs: items, reviewers: ["ana", "ben", "chen", "dan"], overlap: 2)
        #expect(
            assignment.reviewersByItem == [
                ["ana", "dan"], ["ben", "chen"], ["ben", "dan"], ["ana", "chen"], ["ana", "ben"],
                ["chen", "dan"], ["ana", "ben"], ["chen", "dan"], ["ben", "chen"], ["ana", "dan"],
            ])
        #expect(assignment.loads == [5, 5, 5, 5])
        #expect(assignment.items(of: "ana") == ["item-0", "item-3", "item-4", "item-6", "item-9"])
        #expect(assignment.items(of: "nobody") == [])
        let single = try Assignment(
            itemIDs: ["sup-001", "sup-002", "sup-003"], reviewers: ["ana", "ben", "chen"], overlap: 1)
        #expect(single.reviewersByItem == [["chen"], ["ben"], ["ana"]])
    }

    @Test(
        "every item gets overlap distinct reviewers, loads differ by at most one, and the result is deterministic",
        arguments: 0..<60 as Range<UInt64>)
    func properties(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let itemCount = Int.random(in: 0...500, using: &random)
        let reviewerCount = Int.random(in: 1...8, using: &random)
        let overlap = Int.random(in: 1...reviewerCount, using: &random)
        let items = (0..<itemCount).map { "item-\(seed)-\($0)-\(Int.random(in: 0..<1_000_000, using: &random))" }
        let reviewers = (0..<reviewerCount).map { "reviewer-\($0)" }
        let assignment = try Assignment(itemIDs: items, reviewers: reviewers, overlap: overlap)
        #expect(assignment.reviewersByItem.count == itemCount)
        for chosen in assignment.reviewersByItem {
            #expect(chosen.count == overlap)
            #expect(Set(chosen).count == overlap)
            #expect(chosen.allSatisfy(reviewers.contains))
        }
        let loads = assignment.loads
        #expect((loads.max() ?? 0) - (loads.min() ?? 0) <= 1)
        #expect(loads.reduce(0, +) == itemCount * overlap)
        #expect(try Assignment(itemIDs: items, reviewers: reviewers, overlap: overlap) == assignment)
        // Listing the reviewers in another order changes nothing but the order names are listed in.
        let shuffled = reviewers.shuffled(using: &random)
        let again = try Assignment(itemIDs: items, reviewers: shuffled, overlap: overlap)
        #expect(again.reviewersByItem.map(Set.init) == assignment.reviewersByItem.map(Set.init))
    }

    @Test("pair co-occurrence stays near even (reported, with only the pair total asserted)")
    func pairSpread() throws {
        var report: [String] = []
        for (items, reviewers, overlap) in [(300, 4, 2), (500, 6, 2), (500, 8, 3), (120, 3, 2), (499, 5, 3)] {
            let names = (0..<reviewers).map { "r\($0)" }
            let assignment = try Assignment(
                itemIDs: (0..<items).map { "pair-item-\($0)" }, reviewers: names, overlap: overlap)
            var counts: [Int] = []
            for a in 0..<reviewers {
                for b in (a + 1)..<reviewers {
                    counts.append(
                        assignment.reviewersByItem.filter { $0.contains(names[a]) && $0.contains(names[b]) }.count)
                }
            }
            #expect(counts.reduce(0, +) == items * overlap * (overlap - 1) / 2)
            report.append(
                "items \(items) reviewers \(reviewers) overlap \(overlap): pairs min \(counts.min() ?? 0) "
                    + "max \(counts.max() ?? 0)")
        }
        print("assignment pair co-occurrence:\n  " + report.joined(separator: "\n  "))
    }

    @Test("no reviewers, a duplicate reviewer and an overlap out of range are refused")
    func errors() {
        #expect(throws: AssignmentError.noReviewers) { try Assignment(itemIDs: ["a"], reviewers: [], overlap: 1) }
        #expect(throws: AssignmentError.duplicateReviewer("ana")) {
            try Assignment(itemIDs: ["a"], reviewers: ["ana", "ben", "ana"], overlap: 1)
        }
        #expect(throws: AssignmentError.overlapOutOfRange(overlap: 3, reviewers: 2)) {
            try Assignment(itemIDs: ["a"], reviewers: ["ana", "ben"], overlap: 3)
        }
        #expect(throws: AssignmentError.overlapOutOfRange(overlap: 0, reviewers: 2)) {
            try Assignment(itemIDs: ["a"], reviewers: ["ana", "ben"], overlap: 0)
        }
        #expect(
            AssignmentError.overlapOutOfRange(overlap: 3, reviewers: 2).description
                == "assignment: overlap 3 must be between 1 and the number of reviewers (2)")
    }
}
