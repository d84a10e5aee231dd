extension RatingTable {
    /// A table of labels compared as exact strings, for nominal data.
    ///
    /// A category's value is the label's rank in code-point order, so the categories are the labels sorted
    /// as Python sorts strings.
    /// - Parameter ratings: the ratings, in any order; nil values are missing.
    /// - Throws: ``AgreementInputError/duplicateRating(at:item:reviewer:firstAt:)`` when a reviewer rates
    ///   an item twice.
    /// - Complexity: O(ratings + items × reviewers + sorting the names).
    public init(labels ratings: [Rating<String>]) throws {
        var index: [ExactText: Int32] = [:]
        var labels: [String] = []
        var codes = [Int32](repeating: -1, count: ratings.count)
        for (row, rating) in ratings.enumerated() {
            guard let label = rating.value else { continue }
            let key = ExactText(text: label)
            if let code = index[key] {
                codes[row] = code
            } else {
                codes[row] = Int32(labels.count)
                index[key] = Int32(labels.count)
                labels.append(label)
            }
        }
        let order = labels.indices.sorted { labels[$0].precedesInCodePointOrder(labels[$1]) }
        var rank = [Double](repeating: 0, count: labels.count)
        for (position, code) in order.enumerated() { rank[code] = Double(position) }
        let categories = labels.indices.map { Category(label: labels[$0], value: rank[$0]) }
        self = try Self.assemble(ratings, codes: codes, categories: categories)
    }

    /// A table of numbers, for ordinal, interval or ratio data (or nominal, comparing numbers by value).
    ///
    /// Equal numbers are one category, whatever their spelling was (`1`, `1.0`, `1e0`).
    /// - Parameter ratings: the ratings, in any order; nil values are missing.
    /// - Throws: ``AgreementInputError/nonNumericValue(at:value:)`` for an infinite or NaN value;
    ///   ``AgreementInputError/duplicateRating(at:item:reviewer:firstAt:)`` when a reviewer rates an item twice.
    /// - Complexity: O(ratings + items × reviewers + sorting the names and values).
    public init(numbers ratings: [Rating<Double>]) throws {
        var index: [Double: Int32] = [:]
        var categories: [Category] = []
        var codes = [Int32](repeating: -1, count: ratings.count)
        for (row, rating) in ratings.enumerated() {
            guard let number = rating.value else { continue }
            guard number.isFinite else {
                throw AgreementInputError.nonNumericValue(at: rating.location, value: "\(number)")
            }
            // -0.0 and 0.0 hash and compare equal, so they share a category, as in Python.
            if let code = index[number] {
                codes[row] = code
            } else {
                codes[row] = Int32(categories.count)
                index[number] = Int32(categories.count)
                categories.append(Category(label: NumberSpelling.shortest(number), value: number))
            }
        }
        self = try Self.assemble(ratings, codes: codes, categories: categories)
    }

    /// A table of labels from a scale that gives each label a number, for ordered categorical scores
    /// (`{label: good, value: 1}` in a score config).
    /// - Parameters:
    ///   - ratings: the ratings, in any order; nil values are missing.
    ///   - scale: every label a reviewer may give, with its number; only the ones used are kept.
    /// - Throws: ``AgreementInputError/invalidCategories(reason:)`` when the scale repeats a label or a
    ///   value or has a value that is not finite; ``AgreementInputError/unknownCategory(at:label:)`` for a
    ///   label not in the scale; ``AgreementInputError/duplicateRating(at:item:reviewer:firstAt:)``.
    /// - Complexity: O(ratings + items × reviewers + scale + sorting the names).
    public init(labels ratings: [Rating<String>], scale: [Category]) throws {
        var index: [ExactText: Int32] = [:]
        var seenValues: Set<Double> = []
        for (position, category) in scale.enumerated() {
            guard category.value.isFinite else {
                throw AgreementInputError.invalidCategories(reason: "\"\(category.label)\" has no finite value")
            }
            guard index.updateValue(Int32(position), forKey: ExactText(text: category.label)) == nil else {
                throw AgreementInputError.invalidCategories(reason: "label \"\(category.label)\" appears twice")
            }
            guard seenValues.insert(category.value).inserted else {
                throw AgreementInputError.invalidCategories(
                    reason: "value \(NumberSpelling.shortest(category.value)) appears twice"
                )
            }
        }
        var codes = [Int32](repeating: -1, count: ratings.count)
        for (row, rating) in ratings.enumerated() {
            guard let label = rating.value else { continue }
            guard let code = index[ExactText(text: label)] else {
                throw AgreementInputError.unknownCategory(at: rating.location, label: label)
            }
            codes[row] = code
        }
        self = try Self.assemble(ratings, codes: codes, categories: scale)
    }

    /// A table from values as read from text: exact-string labels at the nominal level, numbers (any
    /// JSON-number spelling, spaces around ignored) at the others.
    /// - Parameters:
    ///   - ratings: the ratings as read; nil values are missing.
    ///   - level: the level of measurement, which decides how values are read.
    /// - Throws: ``AgreementInputError/nonNumericValue(at:value:)`` for a value that is not a number at a
    ///   numeric level; ``AgreementInputError/duplicateRating(at:item:reviewer:firstAt:)``.
    /// - Complexity: O(ratings + items × reviewers + sorting the names and values).
    public init(parsing ratings: [Rating<String>], level: MeasurementLevel) throws {
        guard level.isNumeric else {
            try self.init(labels: ratings)
            return
        }
        var numbers: [Rating<Double>] = []
        numbers.reserveCapacity(ratings.count)
        for rating in ratings {
            var number: Double?
            if let text = rating.value {
                guard let parsed = NumberSpelling.parse(text) else {
                    throw AgreementInputError.nonNumericValue(at: rating.location, value: text)
                }
                number = parsed
            }
            numbers.append(
                Rating(item: rating.item, reviewer: rating.reviewer, value: number, location: rating.location))
        }
        try self.init(numbers: numbers)
    }

    /// Puts coded ratings into the sorted items × reviewers grid, refusing a second rating of a cell and
    /// keeping only the categories used, ascending by value.
    private static func assemble<Value>(
        _ ratings: [Rating<Value>],
        codes rowCodes: [Int32],
        categories: [Category]
    ) throws -> RatingTable {
        var itemIndex: [ExactText: Int32] = [:]
        var reviewerIndex: [ExactText: Int32] = [:]
        var items: [String] = []
        var reviewers: [String] = []
        var cellOfRow = [(item: Int32, reviewer: Int32)]()
        cellOfRow.reserveCapacity(ratings.count)
        for rating in ratings {
            let itemKey = ExactText(text: rating.item)
            let item: Int32
            if let known = itemIndex[itemKey] {
                item = known
            } else {
                item = Int32(items.count)
                itemIndex[itemKey] = item
                items.append(rating.item)
            }
            let reviewerKey = ExactText(text: rating.reviewer)
            let reviewer: Int32
            if let known = reviewerIndex[reviewerKey] {
                reviewer = known
            } else {
                reviewer = Int32(reviewers.count)
                reviewerIndex[reviewerKey] = reviewer
                reviewers.append(rating.reviewer)
            }
            cellOfRow.append((item, reviewer))
        }

        // Sorted names make the table independent of row order.
        let itemOrder = items.indices.sorted { items[$0].precedesInCodePointOrder(items[$1]) }
        let reviewerOrder = reviewers.indices.sorted { reviewers[$0].precedesInCodePointOrder(reviewers[$1]) }
        var itemPosition = [Int](repeating: 0, count: items.count)
        for (position, item) in itemOrder.enumerated() { itemPosition[item] = position }
        var reviewerPosition = [Int](repeating: 0, count: reviewers.count)
        for (position, reviewer) in reviewerOrder.enumerated() { reviewerPosition[reviewer] = position }

        // Only used categories, ascending by value (labels break ties, which builders never produce).
        var used = [Bool](repeating: false, count: categories.count)
        for code in rowCodes where code >= 0 { used[Int(code)] = true }
        let kept = categories.indices.filter { used[$0] }.sorted {
            categories[$0].value < categories[$1].value
                || (categories[$0].value == categories[$1].value
                    && categories[$0].label.precedesInCodePointOrder(categories[$1].label))
        }
        var remap = [Int32](repeating: -1, count: categories.count)
        for (position, category) in kept.enumerated() { remap[category] = Int32(position) }

        let width = reviewers.count
        var codes = [Int32](repeating: -1, count: items.count * width)
        var firstRow = [Int32](repeating: -1, count: items.count * width)
        for (row, cell) in cellOfRow.enumerated() {
            let slot = itemPosition[Int(cell.item)] * width + reviewerPosition[Int(cell.reviewer)]
            guard firstRow[slot] < 0 else {
                throw AgreementInputError.duplicateRating(
                    at: ratings[row].location,
                    item: ratings[row].item,
                    reviewer: ratings[row].reviewer,
                    firstAt: ratings[Int(firstRow[slot])].location
                )
            }
            firstRow[slot] = Int32(row)
            let code = rowCodes[row]
            if code >= 0 { codes[slot] = remap[Int(code)] }
        }
        return RatingTable(
            items: itemOrder.map { items[$0] },
            reviewers: reviewerOrder.map { reviewers[$0] },
            categories: kept.map { categories[$0] },
            codes: codes
        )
    }
}
