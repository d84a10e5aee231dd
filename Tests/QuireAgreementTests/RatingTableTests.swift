import QuireAgreement
import QuireModel
import Testing

@Suite("Rating table")
struct RatingTableTests {
    @Test("items and reviewers are sorted by code point and categories by value")
    func sortedLayout() throws {
        let table = try RatingTable(numbers: [
            Rating(item: "b", reviewer: "zoe", value: 3),
            Rating(item: "a", reviewer: "ann", value: -1.5),
            Rating(item: "a", reviewer: "zoe", value: nil),
            Rating(item: "B", reviewer: "ann", value: 3),
        ])
        #expect(table.items == ["B", "a", "b"])
        #expect(table.reviewers == ["ann", "zoe"])
        #expect(table.categories == [.init(label: "-1.5", value: -1.5), .init(label: "3", value: 3)])
        #expect(table.value(item: 1, reviewer: 0) == -1.5)
        #expect(table[1, 1] == nil)
        #expect(table[2, 1] == 1)
        #expect(table.valueCount == 3)
        #expect(table.ratedItemCount == 3)
        #expect(!table.isComplete)
    }

    @Test("labels are compared as exact strings, not up to Unicode equivalence")
    func exactLabels() throws {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        let table = try RatingTable(labels: [
            Rating(item: "i", reviewer: "a", value: composed), Rating(item: "i", reviewer: "b", value: decomposed),
        ])
        #expect(table.categories.count == 2)
        #expect(table.percentAgreement() == .defined(0))
    }

    @Test("equal numbers spelled differently are one category")
    func numberSpellings() throws {
        let rows = ["1", "1.0", "1e0", " 10E-1 ", "-0", "0"].enumerated().map { index, text in
            Rating(item: "i\(index / 2)", reviewer: "r\(index % 2)", value: Optional(text))
        }
        let table = try RatingTable(parsing: rows, level: .interval)
        #expect(table.categories.map(\.value) == [0, 1])
        #expect(table.categories.map(\.label) == ["0", "1"])
    }

    @Test(
        "a value that is not a JSON number is refused at a numeric level",
        arguments: ["high", "nan", "inf", "-Infinity", "0x10", "1.", ".5", "+1", "1e", "01", "1e999", "1,5"]
    )
    func nonNumeric(text: String) {
        let location = SourceLocation(path: "r.csv", line: 7)
        #expect(throws: AgreementInputError.nonNumericValue(at: location, value: text)) {
            try RatingTable(
                parsing: [Rating(item: "i", reviewer: "a", value: text, location: location)],
                level: .ordinal
            )
        }
    }

    @Test("at the nominal level the same text is a label")
    func nominalKeepsText() throws {
        let table = try RatingTable(parsing: [Rating(item: "i", reviewer: "a", value: "1.0")], level: .nominal)
        #expect(table.categories.map(\.label) == ["1.0"])
    }

    @Test("a reviewer rating an item twice is refused with both places, even when one value is missing")
    func duplicateRating() {
        let first = SourceLocation(path: "a.csv", line: 2)
        let second = SourceLocation(path: "b.csv", line: 9)
        #expect(
            throws: AgreementInputError.duplicateRating(at: second, item: "i", reviewer: "a", firstAt: first)
        ) {
            try RatingTable(labels: [
                Rating(item: "i", reviewer: "a", value: nil, location: first),
                Rating(item: "i", reviewer: "a", value: "x", location: second),
            ])
        }
        #expect(
            AgreementInputError.duplicateRating(at: second, item: "i", reviewer: "a", firstAt: first).description
                == "b.csv:9: reviewer \"a\" rates item \"i\" more than once (first at a.csv:2)"
        )
    }

    @Test("a scale gives labels their numbers and keeps only the labels used, in value order")
    func scaleOrdersLabels() throws {
        let scale: [RatingTable.Category] = [
            .init(label: "good", value: 3), .init(label: "bad", value: 1), .init(label: "fine", value: 2),
            .init(label: "unused", value: 9),
        ]
        let table = try RatingTable(
            labels: [
                Rating(item: "i1", reviewer: "a", value: "good"), Rating(item: "i1", reviewer: "b", value: "bad"),
                Rating(item: "i2", reviewer: "a", value: "fine"), Rating(item: "i2", reviewer: "b", value: "good"),
            ],
            scale: scale
        )
        #expect(table.categories.map(\.label) == ["bad", "fine", "good"])
        #expect(table.value(item: 1, reviewer: 0) == 2)
    }

    @Test(
        "a bad scale or a label outside it is refused",
        arguments: [
            (
                [RatingTable.Category(label: "a", value: 1), .init(label: "a", value: 2)], "a",
                AgreementInputError.invalidCategories(reason: "label \"a\" appears twice")
            ),
            (
                [.init(label: "a", value: 1), .init(label: "b", value: 1)], "a",
                .invalidCategories(reason: "value 1 appears twice")
            ),
            ([.init(label: "a", value: .infinity)], "a", .invalidCategories(reason: "\"a\" has no finite value")),
            ([.init(label: "a", value: 1)], "b", .unknownCategory(at: nil, label: "b")),
        ]
    )
    func badScale(scale: [RatingTable.Category], label: String, error: AgreementInputError) {
        #expect(throws: error) {
            try RatingTable(labels: [Rating(item: "i", reviewer: "r", value: label)], scale: scale)
        }
    }

    @Test("restricting to reviewers keeps every item and only the categories they used")
    func restricted() throws {
        let table = try RatingTable(numbers: ratings(itemsByReviewers: [[1, 2, 9], [2, nil, 9], [nil, 1, 5]]))
        let pair = table.restricted(toReviewers: [1, 0])
        #expect(pair.reviewers == ["r1", "r0"])
        #expect(pair.items == table.items)
        #expect(pair.categories.map(\.value) == [1, 2])
        #expect(pair.value(item: 0, reviewer: 0) == 2)
        #expect(pair.value(item: 2, reviewer: 1) == nil)
    }
}
