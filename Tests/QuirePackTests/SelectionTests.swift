import QuireIO
import QuireModel
import QuirePack
import QuireTestSupport
import Testing

private func time(_ text: String) -> Timestamp {
    Timestamp(rfc3339: text) ?? Timestamp(secondsSinceEpoch: 0)
}

private func candidate(
    _ id: String, _ timestamp: String, session: String? = nil,
    observations: [SelectionCandidate.ObservationRef] = []
) -> SelectionCandidate {
    SelectionCandidate(traceID: id, timestamp: time(timestamp), sessionID: session, observations: observations)
}

@Suite("Selection: units, order and limit")
struct SelectionTests {
    @Test("the trace unit gives one item per trace with the trace id")
    func traceUnit() {
        let items = Selection.items(
            of: [candidate("b", "2025-03-02T00:00:00Z"), candidate("a", "2025-03-01T00:00:00Z", session: "s")],
            unit: .trace)
        #expect(items.map(\.id) == ["b", "a"])
        #expect(items.map(\.traceID) == ["b", "a"])
        #expect(items.allSatisfy { $0.observationID == nil && $0.sessionID == nil })
    }

    @Test("a session resolves to its newest trace and a trace without a session is its own item")
    func sessionUnit() {
        let items = Selection.items(
            of: [
                candidate("t1", "2025-03-01T10:00:00Z", session: "s1"),
                candidate("lonely", "2025-03-01T11:00:00Z"),
                candidate("t3", "2025-03-01T12:00:00Z", session: "s1"),
                candidate("t2", "2025-03-01T09:00:00Z", session: "s1"),
                candidate("u1", "2025-03-02T00:00:00Z", session: "s2"),
            ], unit: .session)
        #expect(
            items == [
                SelectedItem(id: "s1", traceID: "t3", sessionID: "s1", timestamp: time("2025-03-01T12:00:00Z")),
                SelectedItem(id: "lonely", traceID: "lonely", timestamp: time("2025-03-01T11:00:00Z")),
                SelectedItem(id: "s2", traceID: "u1", sessionID: "s2", timestamp: time("2025-03-02T00:00:00Z")),
            ])
    }

    @Test("two traces of a session at the same instant resolve to the larger trace id, in either input order")
    func sessionTieGoesToLargerID() {
        let a = candidate("trace-a", "2025-03-01T10:00:00Z", session: "s")
        let b = candidate("trace-b", "2025-03-01T10:00:00.000+00:00", session: "s")
        #expect(Selection.items(of: [a, b], unit: .session).map(\.traceID) == ["trace-b"])
        #expect(Selection.items(of: [b, a], unit: .session).map(\.traceID) == ["trace-b"])
    }

    @Test("the observation unit gives one item per GENERATION, TOOL or AGENT observation")
    func observationUnit() {
        let start = time("2025-03-01T10:00:00Z")
        let refs = [
            SelectionCandidate.ObservationRef(id: "o1", type: "SPAN", startTime: start),
            SelectionCandidate.ObservationRef(id: "o2", type: "GENERATION", startTime: time("2025-03-01T10:00:01Z")),
            SelectionCandidate.ObservationRef(id: "o3", type: "TOOL", startTime: time("2025-03-01T10:00:02Z")),
            SelectionCandidate.ObservationRef(id: "o4", type: "EVENT", startTime: start),
            SelectionCandidate.ObservationRef(id: "o5", type: "AGENT", startTime: time("2025-03-01T10:00:03Z")),
            SelectionCandidate.ObservationRef(id: "o6", type: "RETRIEVER", startTime: start),
        ]
        let items = Selection.items(
            of: [candidate("t", "2025-03-01T10:00:00Z", observations: refs)], unit: .observation)
        #expect(items.map(\.id) == ["t/o2", "t/o3", "t/o5"])
        #expect(items.map(\.observationID) == ["o2", "o3", "o5"])
        #expect(items[0].timestamp == time("2025-03-01T10:00:01Z"))
    }

    @Test("a candidate made from a trace keeps only its reviewable observations")
    func candidateFromTrace() throws {
        var trace = Trace(id: "t", timestamp: time("2025-03-01T10:00:00Z"))
        trace.sessionID = "s"
        trace.observations = [
            Observation(id: "a", type: "SPAN", startTime: time("2025-03-01T10:00:00Z")),
            Observation(id: "b", type: "GENERATION", startTime: time("2025-03-01T10:00:01Z")),
        ]
        let made = SelectionCandidate(trace: trace)
        #expect(made.traceID == "t")
        #expect(made.sessionID == "s")
        #expect(made.observations.map(\.id) == ["b"])
    }

    @Test("oldest orders by timestamp then id, newest by timestamp descending then id")
    func oldestAndNewest() {
        let items = [
            SelectedItem(id: "c", traceID: "c", timestamp: time("2025-03-02T00:00:00Z")),
            SelectedItem(id: "b", traceID: "b", timestamp: time("2025-03-01T00:00:00Z")),
            SelectedItem(id: "a", traceID: "a", timestamp: time("2025-03-02T00:00:00Z")),
            SelectedItem(id: "d", traceID: "d", timestamp: time("2025-03-03T00:00:00Z")),
        ]
        #expect(Selection.ordered(items, by: .oldest, key: "k").map(\.id) == ["b", "a", "c", "d"])
        #expect(Selection.ordered(items, by: .newest, key: "k").map(\.id) == ["d", "a", "c", "b"])
    }

    @Test("random order sorts by SHA-256 of order:KEY:itemId and does not depend on input order")
    func randomOrder() {
        let ids = (0..<50).map { "item-\($0)" }
        let items = ids.map { SelectedItem(id: $0, traceID: $0, timestamp: time("2025-03-01T00:00:00Z")) }
        let ordered = Selection.ordered(items, by: .random, key: "seed")
        let expected = ids.sorted { SHA256.hex(of: "order:seed:" + $0) < SHA256.hex(of: "order:seed:" + $1) }
        #expect(ordered.map(\.id) == expected)
        #expect(Selection.ordered(items.reversed(), by: .random, key: "seed").map(\.id) == expected)
        #expect(Selection.ordered(items, by: .random, key: "other").map(\.id) != expected)
        #expect(Selection.randomOrderHash(key: "seed", itemID: "item-0") == SHA256.hex(of: "order:seed:item-0"))
    }

    @Test("random order on known ids matches the reference computed with Python's hashlib")
    func randomOrderReference() {
        // sorted(ids, key=lambda i: hashlib.sha256(f"order:q3-2026:{i}".encode()).hexdigest())
        let ids = ["sup-001", "sup-002", "sup-003", "rag-002", "code-004"]
        let items = ids.map { SelectedItem(id: $0, traceID: $0, timestamp: time("2025-03-01T00:00:00Z")) }
        #expect(
            Selection.ordered(items, by: .random, key: "q3-2026").map(\.id)
                == ["code-004", "sup-002", "rag-002", "sup-001", "sup-003"])
    }

    @Test("the limit applies after ordering", arguments: [0, 1, 3, 10])
    func limitAfterOrder(limit: Int) {
        let candidates = (0..<5).map { candidate("t\($0)", "2025-03-0\($0 + 1)T00:00:00Z") }
        let selected = Selection.select(candidates, unit: .trace, order: .newest, key: "k", limit: limit)
        #expect(selected.map(\.id) == Array(["t4", "t3", "t2", "t1", "t0"].prefix(limit)))
    }

    @Test("no limit keeps every item")
    func noLimit() {
        let candidates = (0..<5).map { candidate("t\($0)", "2025-03-0\($0 + 1)T00:00:00Z") }
        #expect(Selection.select(candidates, unit: .trace, order: .oldest, key: "k", limit: nil).count == 5)
    }
}
