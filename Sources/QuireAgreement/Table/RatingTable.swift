/// Ratings as an items × reviewers table of category codes: the input of every agreement statistic.
///
/// Values are stored once as categories (the distinct values, ascending by their number) and every cell
/// holds a category index, so the statistics run over flat arrays with no hashing. For numeric scores a
/// category's value is the number; for labels without numbers it is the label's rank in code-point
/// order. Only categories somebody used are kept: percent agreement, Fleiss' κ and Gwet's AC1 count
/// the distinct values observed (`oracles/README.md`).
///
/// Items and reviewers are sorted by code point, so the table does not depend on the order of the rows.
/// Items or reviewers named only by missing ratings stay in the table: they make it incomplete for ICC
/// but count nowhere else.
public struct RatingTable: Sendable, Equatable {
    /// A value a reviewer can give: its label and its number.
    public struct Category: Sendable, Hashable {
        /// The label, as written in the input (for numbers, the shortest spelling that reads back).
        public var label: String
        /// The number used by ordered levels; ascending across a table's categories.
        public var value: Double

        /// Creates a category.
        /// - Parameters:
        ///   - label: the label.
        ///   - value: its number.
        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// The items, sorted by code point.
    public let items: [String]
    /// The reviewers, sorted by code point.
    public let reviewers: [String]
    /// The categories used, ascending by value.
    public let categories: [Category]
    /// Row-major category codes, `items.count × reviewers.count`; -1 is a missing rating.
    let codes: [Int32]
    /// The number of values per item.
    let itemValueCounts: [Int32]
    /// The number of values per reviewer.
    let reviewerValueCounts: [Int32]
    /// `categories[k].value`, contiguous for the hot loops.
    let categoryValues: [Double]

    /// Creates a table from codes already checked by a builder.
    init(items: [String], reviewers: [String], categories: [Category], codes: [Int32]) {
        self.items = items
        self.reviewers = reviewers
        self.categories = categories
        self.codes = codes
        var itemCounts = [Int32](repeating: 0, count: items.count)
        var reviewerCounts = [Int32](repeating: 0, count: reviewers.count)
        let width = reviewers.count
        for item in 0..<items.count {
            for reviewer in 0..<width where codes[item * width + reviewer] >= 0 {
                itemCounts[item] += 1
                reviewerCounts[reviewer] += 1
            }
        }
        itemValueCounts = itemCounts
        reviewerValueCounts = reviewerCounts
        categoryValues = categories.map(\.value)
    }

    /// The number of items named, including those with only missing ratings.
    public var itemCount: Int { items.count }

    /// The number of reviewers named, including those with only missing ratings.
    public var reviewerCount: Int { reviewers.count }

    /// The number of items with at least one value.
    /// - Complexity: O(items).
    public var ratedItemCount: Int { itemValueCounts.count { $0 > 0 } }

    /// The number of reviewers with at least one value.
    /// - Complexity: O(reviewers).
    public var ratingReviewerCount: Int { reviewerValueCounts.count { $0 > 0 } }

    /// The number of values (non-missing ratings).
    /// - Complexity: O(items).
    public var valueCount: Int { itemValueCounts.reduce(0) { $0 + Int($1) } }

    /// Whether every named reviewer rated every named item.
    /// - Complexity: O(items).
    public var isComplete: Bool { valueCount == itemCount * reviewerCount }

    /// The category index a reviewer gave an item, or nil when missing.
    /// - Parameters:
    ///   - item: the item's index in ``items``.
    ///   - reviewer: the reviewer's index in ``reviewers``.
    public subscript(item: Int, reviewer: Int) -> Int? {
        let code = codes[item * reviewers.count + reviewer]
        return code < 0 ? nil : Int(code)
    }

    /// The value (the category's number) a reviewer gave an item, or nil when missing.
    /// - Parameters:
    ///   - item: the item's index in ``items``.
    ///   - reviewer: the reviewer's index in ``reviewers``.
    /// - Returns: the number, or nil.
    public func value(item: Int, reviewer: Int) -> Double? {
        self[item, reviewer].map { categoryValues[$0] }
    }

    /// The same ratings restricted to some reviewers, for pairwise tables; unused categories are dropped.
    /// - Parameter selected: indices into ``reviewers``, in the order wanted.
    /// - Returns: the smaller table, keeping every item.
    /// - Complexity: O(items × selected reviewers + categories).
    public func restricted(toReviewers selected: [Int]) -> RatingTable {
        let width = reviewers.count
        var picked = [Int32]()
        picked.reserveCapacity(items.count * selected.count)
        for item in 0..<items.count {
            for reviewer in selected { picked.append(codes[item * width + reviewer]) }
        }
        var used = [Bool](repeating: false, count: categories.count)
        for code in picked where code >= 0 { used[Int(code)] = true }
        var remap = [Int32](repeating: -1, count: categories.count)
        var kept: [Category] = []
        for (index, category) in categories.enumerated() where used[index] {
            remap[index] = Int32(kept.count)
            kept.append(category)
        }
        for index in picked.indices where picked[index] >= 0 { picked[index] = remap[Int(picked[index])] }
        return RatingTable(
            items: items,
            reviewers: selected.map { reviewers[$0] },
            categories: kept,
            codes: picked
        )
    }
}
