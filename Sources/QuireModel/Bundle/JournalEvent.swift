/// One line of a bundle's append-only journal (DESIGN.md §3 "Journal").
///
/// `prev` chains each line to the SHA-256 of the line before it, so an edited, removed or reordered line
/// breaks the chain where it happened.
public struct JournalEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, CaseIterable {
        /// A score was given or changed: payload `{name, value, comment?}`.
        case scoreSet = "score.set"
        /// A score was removed: payload `{name}`.
        case scoreClear = "score.clear"
        /// An item-level comment: payload `{text}`.
        case comment
        /// A text-range annotation: payload `{messageIndex, start, end, note}`.
        case span
        /// The item was marked done.
        case itemComplete = "item.complete"
        /// A done or skipped item was opened again.
        case itemReopen = "item.reopen"
        /// The item was skipped.
        case itemSkip = "item.skip"
        /// The item was flagged for the lead: payload `{flagged, reason?}`.
        case itemFlag = "item.flag"
        /// A free label was added or removed: payload `{tag, removed?}`.
        case itemTag = "item.tag"
        /// The item was marked (or unmarked) for the dataset: payload `{added}`.
        case datasetAdd = "dataset.add"
    }

    /// 1, 2, … without gaps.
    public var seq: Int
    /// When it was recorded (UTC).
    public var at: Timestamp
    /// Who recorded it.
    public var reviewer: String
    /// The item id.
    public var item: String
    /// What happened.
    public var kind: Kind
    /// The event's details.
    public var payload: JSONObject
    /// SHA-256 (hex) of the previous line's bytes, or of the genesis text for the first line.
    public var prev: String

    /// Creates an event.
    /// - Parameters:
    ///   - seq: the sequence number.
    ///   - at: when.
    ///   - reviewer: who.
    ///   - item: which item.
    ///   - kind: what happened.
    ///   - payload: details.
    ///   - prev: the previous line's hash.
    public init(
        seq: Int, at: Timestamp, reviewer: String, item: String, kind: Kind, payload: JSONObject, prev: String
    ) {
        self.seq = seq
        self.at = at
        self.reviewer = reviewer
        self.item = item
        self.kind = kind
        self.payload = payload
        self.prev = prev
    }

    /// The event as a JSON line's value, keys in the contract's order.
    public var json: JSONValue {
        .object([
            "seq": .int(seq), "at": .string(at.text), "reviewer": .string(reviewer), "item": .string(item),
            "type": .string(kind.rawValue), "payload": .object(payload), "prev": .string(prev),
        ])
    }

    /// Reads an event.
    /// - Parameter json: one journal line's value.
    /// - Throws: ``FieldError``.
    public init(json: JSONValue) throws(FieldError) {
        let reader = try JSONFieldReader(json)
        guard let seq = reader.object["seq"]?.intValue, seq >= 1 else {
            throw FieldError(field: "seq", reason: "expected a positive integer")
        }
        self.seq = seq
        at = try reader.requiredTimestamp("at")
        reviewer = try reader.requiredString("reviewer")
        item = try reader.requiredString("item")
        let type = try reader.requiredString("type")
        guard let kind = Kind(rawValue: type) else {
            throw FieldError(field: "type", reason: "unknown event type \"\(type)\"")
        }
        self.kind = kind
        payload = try reader.object("payload")
        prev = try reader.requiredString("prev")
    }
}
