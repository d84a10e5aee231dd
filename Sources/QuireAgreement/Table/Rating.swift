public import QuireModel

/// One reviewer's rating of one item: a row of the long format `item, reviewer, value`.
///
/// A nil value is a missing rating: it names the item and the reviewer (they count as present for the
/// completeness ICC needs) without adding a value.
public struct Rating<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The item's identifier, compared as an exact string.
    public var item: String
    /// The reviewer's name, compared as an exact string.
    public var reviewer: String
    /// The value, or nil when missing.
    public var value: Value?
    /// Where the rating was read, for messages; nil for ratings built in memory.
    public var location: SourceLocation?

    /// Creates a rating.
    /// - Parameters:
    ///   - item: the item's identifier.
    ///   - reviewer: the reviewer's name.
    ///   - value: the value, or nil when missing.
    ///   - location: where it was read, if from a file.
    public init(item: String, reviewer: String, value: Value?, location: SourceLocation? = nil) {
        self.item = item
        self.reviewer = reviewer
        self.value = value
        self.location = location
    }
}
