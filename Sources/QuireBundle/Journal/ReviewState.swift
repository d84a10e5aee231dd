public import QuireModel

/// An event not yet written: what the page or `quire score` asks for, before the writer adds `seq`, `at`,
/// `reviewer` and `prev`.
public struct EventDraft: Sendable, Equatable {
    /// The item id.
    public var item: String
    /// What happens.
    public var kind: JournalEvent.Kind
    /// The event's details (see ``JournalEvent/Kind`` for each type's shape).
    public var payload: JSONObject

    /// Creates a draft.
    /// - Parameters:
    ///   - item: the item id.
    ///   - kind: the event type.
    ///   - payload: the details.
    public init(item: String, kind: JournalEvent.Kind, payload: JSONObject = JSONObject()) {
        self.item = item
        self.kind = kind
        self.payload = payload
    }
}

/// What a journal says about a bundle's items: the reviewer's current answers, statuses and marks.
///
/// It is a pure function of the events (``replay(_:)``): the page, seal, inspect and merge all derive it the
/// same way, and `scores.jsonl` is only ever a rendering of it. Undo is part of the state: every event pushes
/// the event that would restore what it changed, and an event whose payload has `undoes: N` removes event N's
/// entry, so a journal never loses a line to an undo (DESIGN.md §3, append-only).
public struct ReviewState: Sendable, Equatable {
    /// Where an item stands.
    public enum Status: String, Sendable, CaseIterable {
        /// Not finished (the default, and after `item.reopen`).
        case open
        /// Marked done with `item.complete`.
        case completed
        /// Passed over with `item.skip`.
        case skipped
    }

    /// A score's current answer.
    public struct Score: Sendable, Equatable {
        /// The stored value: number for numeric and boolean, label for categorical, text otherwise.
        public var value: JSONValue
        /// The reviewer's comment on this score.
        public var comment: String?
        /// When it was last set.
        public var at: Timestamp
        /// The journal line that set it.
        public var seq: Int

        /// Creates an answer.
        /// - Parameters:
        ///   - value: the stored value.
        ///   - comment: the comment.
        ///   - at: when it was set.
        ///   - seq: the line that set it.
        public init(value: JSONValue, comment: String?, at: Timestamp, seq: Int) {
            self.value = value
            self.comment = comment
            self.at = at
            self.seq = seq
        }
    }

    /// A note on a range of a message's text.
    public struct Span: Sendable, Equatable {
        /// The span's id: the `seq` of the event that first added it.
        public var id: Int
        /// The message, counted over the trace's input messages followed by its output messages.
        public var messageIndex: Int
        /// The first UTF-16 code unit of the range in the message's text.
        public var start: Int
        /// One past the last UTF-16 code unit.
        public var end: Int
        /// The note.
        public var note: String
        /// When it was added.
        public var at: Timestamp

        /// Creates a span.
        /// - Parameters:
        ///   - id: the id.
        ///   - messageIndex: the message.
        ///   - start: the first code unit.
        ///   - end: one past the last.
        ///   - note: the note.
        ///   - at: when it was added.
        public init(id: Int, messageIndex: Int, start: Int, end: Int, note: String, at: Timestamp) {
            self.id = id
            self.messageIndex = messageIndex
            self.start = start
            self.end = end
            self.note = note
            self.at = at
        }
    }

    /// Everything recorded about one item.
    public struct Item: Sendable, Equatable {
        /// Open, completed or skipped.
        public var status: Status = .open
        /// Whether it is flagged for the lead.
        public var isFlagged = false
        /// Why, when flagged with a reason.
        public var flagReason: String?
        /// Free labels, sorted.
        public var tags: [String] = []
        /// Current answers by score name.
        public var scores: [String: Score] = [:]
        /// The item-level comment.
        public var comment: String?
        /// Text-range notes, by id.
        public var spans: [Span] = []
        /// Whether it is marked for the dataset.
        public var isInDataset = false
        /// The first event's time.
        public var firstEventAt: Timestamp?
        /// The last event's time.
        public var lastEventAt: Timestamp?
        /// How many events touched it.
        public var eventCount = 0

        /// An item nobody has touched.
        public init() {}
    }

    /// An event that can be undone, with the event that restores what it changed.
    public struct UndoEntry: Sendable, Equatable {
        /// The `seq` of the event to undo.
        public var seq: Int
        /// The event that restores the state before it (without its `undoes` marker).
        public var inverse: EventDraft

        /// Creates an entry.
        /// - Parameters:
        ///   - seq: the event to undo.
        ///   - inverse: the event restoring the state before it.
        public init(seq: Int, inverse: EventDraft) {
            self.seq = seq
            self.inverse = inverse
        }
    }

    /// How many items are in each state; items never touched are open.
    public struct Counts: Sendable, Equatable {
        /// Items completed.
        public var completed = 0
        /// Items skipped.
        public var skipped = 0
        /// Items flagged.
        public var flagged = 0
        /// Items marked for the dataset.
        public var inDataset = 0

        /// Creates counts.
        /// - Parameters:
        ///   - completed: items completed.
        ///   - skipped: items skipped.
        ///   - flagged: items flagged.
        ///   - inDataset: items marked for the dataset.
        public init(completed: Int = 0, skipped: Int = 0, flagged: Int = 0, inDataset: Int = 0) {
            self.completed = completed
            self.skipped = skipped
            self.flagged = flagged
            self.inDataset = inDataset
        }
    }

    /// State by item id; only items with at least one event are present.
    public internal(set) var items: [String: Item] = [:]
    /// Undoable events, oldest first; the last is what ``JournalWriter/undo()`` reverts.
    public internal(set) var undoStack: [UndoEntry] = []
    /// The reviewer of the first event.
    public internal(set) var reviewer: String?
    /// Events applied.
    public internal(set) var eventCount = 0
    /// The last event's `seq`.
    public internal(set) var lastSeq = 0
    /// The first event's time.
    public internal(set) var firstEventAt: Timestamp?
    /// The last event's time.
    public internal(set) var lastEventAt: Timestamp?
    /// Items per state.
    public internal(set) var counts = Counts()

    /// An empty state: no events.
    public init() {}

    /// The state after a sequence of events.
    /// - Parameters:
    ///   - events: journal events in order.
    ///   - itemCount: how many items the bundle has, to size the table once; 0 when unknown.
    /// - Returns: the state.
    /// - Complexity: O(n) in the number of events.
    public static func replay(_ events: some Sequence<JournalEvent>, itemCount: Int = 0) -> ReviewState {
        var state = ReviewState()
        state.items.reserveCapacity(itemCount)
        for event in events { state.apply(event) }
        return state
    }

    /// An item's state; an item without events is open and empty.
    /// - Parameter id: the item id.
    /// - Returns: its state.
    public func item(_ id: String) -> Item {
        items[id] ?? Item()
    }

    /// The status of an item.
    /// - Parameter id: the item id.
    /// - Returns: open when it has no events.
    public func status(of id: String) -> Status {
        items[id]?.status ?? .open
    }
}
