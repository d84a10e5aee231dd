import QuireIO
public import QuireModel

/// What one review item is (DESIGN.md §1 `unit`).
public enum SelectionUnit: String, Sendable, Equatable, CaseIterable {
    /// One item per trace; the item id is the trace id.
    case trace
    /// One item per session, resolved to its newest trace; the item id is the session id. A trace without a
    /// session is its own item, with its trace id.
    case session
    /// One item per reviewable observation (GENERATION, TOOL or AGENT); the item id is `traceId/observationId`.
    case observation
}

/// The order items are taken in before `limit` (DESIGN.md §1 `order`).
public enum SelectionOrder: String, Sendable, Equatable, CaseIterable {
    /// A deterministic shuffle: by SHA-256(`order:KEY:itemId`) in hex, KEY being the sample key or the queue name.
    case random
    /// By timestamp ascending, ties by item id.
    case oldest
    /// By timestamp descending, ties by item id.
    case newest
}

/// The little a selection needs to know about a trace, so pack can select without holding traces in memory.
public struct SelectionCandidate: Sendable, Equatable {
    /// An observation that may become an item of its own.
    public struct ObservationRef: Sendable, Equatable {
        /// Its id.
        public var id: String
        /// Its type (`GENERATION`, `TOOL`, …).
        public var type: String
        /// When it started.
        public var startTime: Timestamp

        /// Creates a reference.
        /// - Parameters:
        ///   - id: its id.
        ///   - type: its type.
        ///   - startTime: when it started.
        public init(id: String, type: String, startTime: Timestamp) {
            self.id = id
            self.type = type
            self.startTime = startTime
        }
    }

    /// The trace id.
    public var traceID: String
    /// The trace's timestamp.
    public var timestamp: Timestamp
    /// The trace's session, if any.
    public var sessionID: String?
    /// The trace's observations; only the `observation` unit reads them, and only reviewable types count.
    public var observations: [ObservationRef]

    /// Creates a candidate.
    /// - Parameters:
    ///   - traceID: the trace id.
    ///   - timestamp: the trace's timestamp.
    ///   - sessionID: its session.
    ///   - observations: its observations (may be left empty unless the unit is `observation`).
    public init(traceID: String, timestamp: Timestamp, sessionID: String? = nil, observations: [ObservationRef] = []) {
        self.traceID = traceID
        self.timestamp = timestamp
        self.sessionID = sessionID
        self.observations = observations
    }

    /// The candidate for a trace, keeping only its reviewable observations.
    /// - Parameter trace: the trace.
    public init(trace: Trace) {
        self.init(
            traceID: trace.id, timestamp: trace.timestamp, sessionID: trace.sessionID,
            observations: trace.observations
                .filter { Selection.reviewableObservationTypes.contains($0.type) }
                .map { ObservationRef(id: $0.id, type: $0.type, startTime: $0.startTime) })
    }
}

/// One review item: what `items.jsonl` calls `id` and `target`.
public struct SelectedItem: Sendable, Equatable {
    /// The item id: the trace id, the session id, or `traceId/observationId`.
    public var id: String
    /// The trace shown for the item (a session's newest trace).
    public var traceID: String
    /// The observation reviewed, for the `observation` unit.
    public var observationID: String?
    /// The session, for the `session` unit.
    public var sessionID: String?
    /// The time `oldest` and `newest` order by: the trace's timestamp, or the observation's start.
    public var timestamp: Timestamp

    /// Creates an item.
    /// - Parameters:
    ///   - id: the item id.
    ///   - traceID: the trace.
    ///   - observationID: the observation.
    ///   - sessionID: the session.
    ///   - timestamp: the ordering time.
    public init(
        id: String, traceID: String, observationID: String? = nil, sessionID: String? = nil, timestamp: Timestamp
    ) {
        self.id = id
        self.traceID = traceID
        self.observationID = observationID
        self.sessionID = sessionID
        self.timestamp = timestamp
    }
}

/// Units, order and limit (DESIGN.md §2 "order → limit"), as pure functions over light records.
public enum Selection {
    /// The observation types the `observation` unit reviews: a model call, a tool call and an agent step are
    /// where an answer can be right or wrong; spans, events, chains and retrievers are plumbing around them.
    public static let reviewableObservationTypes: Set<String> = ["GENERATION", "TOOL", "AGENT"]

    /// Turns candidates (already filtered, classified and sampled) into items of a unit.
    /// - Parameters:
    ///   - candidates: the traces, in any order.
    ///   - unit: the unit.
    /// - Returns: the items, in candidate order (for sessions, the order of each session's first candidate).
    /// - Complexity: O(n) for traces and observations, O(n log n) for sessions.
    public static func items(of candidates: [SelectionCandidate], unit: SelectionUnit) -> [SelectedItem] {
        switch unit {
        case .trace:
            return candidates.map { SelectedItem(id: $0.traceID, traceID: $0.traceID, timestamp: $0.timestamp) }
        case .observation:
            var items: [SelectedItem] = []
            for candidate in candidates {
                for observation in candidate.observations
                where reviewableObservationTypes.contains(observation.type) {
                    items.append(
                        SelectedItem(
                            id: candidate.traceID + "/" + observation.id, traceID: candidate.traceID,
                            observationID: observation.id, timestamp: observation.startTime))
                }
            }
            return items
        case .session:
            var firstIndex: [String: Int] = [:]
            var newest: [SelectionCandidate] = []
            var items: [SelectedItem] = []
            for candidate in candidates {
                guard let session = candidate.sessionID else {
                    items.append(
                        SelectedItem(id: candidate.traceID, traceID: candidate.traceID, timestamp: candidate.timestamp))
                    newest.append(candidate)
                    continue
                }
                if let index = firstIndex[session] {
                    if isNewer(candidate, than: newest[index]) {
                        newest[index] = candidate
                        items[index].traceID = candidate.traceID
                        items[index].timestamp = candidate.timestamp
                    }
                } else {
                    firstIndex[session] = items.count
                    newest.append(candidate)
                    items.append(
                        SelectedItem(
                            id: session, traceID: candidate.traceID, sessionID: session,
                            timestamp: candidate.timestamp))
                }
            }
            return items
        }
    }

    /// A session resolves to its newest trace: the largest timestamp, ties to the larger trace id.
    private static func isNewer(_ candidate: SelectionCandidate, than other: SelectionCandidate) -> Bool {
        if candidate.timestamp != other.timestamp { return candidate.timestamp > other.timestamp }
        return other.traceID.utf8.lexicographicallyPrecedes(candidate.traceID.utf8)
    }

    /// Orders items.
    /// - Parameters:
    ///   - items: the items.
    ///   - order: the order.
    ///   - key: the seed of `random`: the sample key, or the queue name when there is no sample.
    /// - Returns: the items in order; ids compare by their UTF-8 bytes.
    /// - Complexity: O(n log n), plus one SHA-256 per item for `random`.
    public static func ordered(_ items: [SelectedItem], by order: SelectionOrder, key: String) -> [SelectedItem] {
        func idPrecedes(_ a: SelectedItem, _ b: SelectedItem) -> Bool {
            a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
        }
        switch order {
        case .oldest:
            return items.sorted { $0.timestamp != $1.timestamp ? $0.timestamp < $1.timestamp : idPrecedes($0, $1) }
        case .newest:
            return items.sorted { $0.timestamp != $1.timestamp ? $0.timestamp > $1.timestamp : idPrecedes($0, $1) }
        case .random:
            let keyed = items.map { (hash: randomOrderHash(key: key, itemID: $0.id), item: $0) }
            return keyed.sorted { $0.hash != $1.hash ? $0.hash < $1.hash : idPrecedes($0.item, $1.item) }.map(\.item)
        }
    }

    /// The sort key of `random`: SHA-256(`order:KEY:itemId`) in lowercase hex.
    /// - Parameters:
    ///   - key: the seed.
    ///   - itemID: the item id.
    /// - Returns: 64 hex digits.
    public static func randomOrderHash(key: String, itemID: String) -> String {
        QuireIO.SHA256.hex(of: "order:" + key + ":" + itemID)
    }

    /// Items of a unit, ordered and cut to the limit: the selection tail of the pack pipeline.
    /// - Parameters:
    ///   - candidates: the traces left after filter, classifiers and sample.
    ///   - unit: the unit.
    ///   - order: the order.
    ///   - key: the seed of `random`.
    ///   - limit: at most this many items; nil for all.
    /// - Returns: the items.
    public static func select(
        _ candidates: [SelectionCandidate], unit: SelectionUnit, order: SelectionOrder, key: String, limit: Int?
    ) -> [SelectedItem] {
        let sorted = ordered(items(of: candidates, unit: unit), by: order, key: key)
        guard let limit, limit < sorted.count else { return sorted }
        return Array(sorted.prefix(max(0, limit)))
    }
}
