import QuireBundle
import QuireIO
import QuireModel
import QuireTestSupport
import Testing

@Suite("Review state")
struct ReviewStateTests {
    private func event(_ seq: Int, _ item: String, _ kind: JournalEvent.Kind, _ payload: JSONObject = [:])
        -> JournalEvent
    {
        JournalEvent(
            seq: seq, at: Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64(seq)), reviewer: "ana", item: item,
            kind: kind, payload: payload, prev: "")
    }

    @Test("status follows complete, skip and reopen, and the counts follow the status")
    func statusAndCounts() {
        var state = ReviewState()
        state.apply(event(1, "a", .itemComplete))
        state.apply(event(2, "b", .itemSkip))
        state.apply(event(3, "c", .itemComplete))
        #expect(state.counts.completed == 2)
        #expect(state.counts.skipped == 1)
        state.apply(event(4, "c", .itemReopen))
        state.apply(event(5, "b", .itemComplete))
        #expect(state.status(of: "a") == .completed)
        #expect(state.status(of: "b") == .completed)
        #expect(state.status(of: "c") == .open)
        #expect(state.status(of: "never-touched") == .open)
        #expect(state.counts == ReviewState.Counts(completed: 2, skipped: 0, flagged: 0, inDataset: 0))
    }

    @Test("the last set wins, a clear removes, and the score remembers when and by which line")
    func scoresLastWins() {
        var state = ReviewState()
        state.apply(event(1, "a", .scoreSet, ["name": .string("q"), "value": .int(2), "comment": .string("meh")]))
        state.apply(event(2, "a", .scoreSet, ["name": .string("q"), "value": .int(4)]))
        state.apply(event(3, "a", .scoreSet, ["name": .string("r"), "value": .string("good")]))
        state.apply(event(4, "a", .scoreClear, ["name": .string("r")]))
        let score = state.item("a").scores["q"]
        #expect(score?.value == .int(4))
        #expect(score?.comment == nil)
        #expect(score?.seq == 2)
        #expect(score?.at == Timestamp(secondsSinceEpoch: 1_700_000_002))
        #expect(state.item("a").scores["r"] == nil)
        #expect(state.item("a").eventCount == 4)
        #expect(state.item("a").firstEventAt == Timestamp(secondsSinceEpoch: 1_700_000_001))
        #expect(state.lastSeq == 4)
    }

    @Test("flags, tags, comments, spans and dataset marks replay to their latest form")
    func marks() {
        var state = ReviewState()
        state.apply(event(1, "a", .itemFlag, ["flagged": .bool(true), "reason": .string("PII")]))
        state.apply(event(2, "a", .itemTag, ["tag": .string("zeta")]))
        state.apply(event(3, "a", .itemTag, ["tag": .string("alpha")]))
        state.apply(event(4, "a", .itemTag, ["tag": .string("zeta"), "removed": .bool(true)]))
        state.apply(event(5, "a", .comment, ["text": .string("first")]))
        state.apply(event(6, "a", .comment, ["text": .string("")]))
        state.apply(
            event(7, "a", .span, ["messageIndex": .int(2), "start": .int(4), "end": .int(9), "note": .string("n")]))
        state.apply(
            event(8, "a", .span, ["messageIndex": .int(0), "start": .int(0), "end": .int(1), "note": .string("m")]))
        state.apply(event(9, "a", .span, ["remove": .int(7)]))
        state.apply(event(10, "a", .datasetAdd, ["added": .bool(true)]))
        let item = state.item("a")
        #expect(item.isFlagged)
        #expect(item.flagReason == "PII")
        #expect(item.tags == ["alpha"])
        #expect(item.comment == nil)
        #expect(
            item.spans == [
                .init(
                    id: 8, messageIndex: 0, start: 0, end: 1, note: "m", at: Timestamp(secondsSinceEpoch: 1_700_000_008)
                )
            ])
        #expect(item.isInDataset)
        #expect(state.counts.flagged == 1)
        #expect(state.counts.inDataset == 1)
        state.apply(event(11, "a", .itemFlag, ["flagged": .bool(false)]))
        #expect(state.item("a").flagReason == nil)
        #expect(state.counts.flagged == 0)
    }

    @Test("each event pushes the event that restores what it changed; an undo pops it")
    func undoStack() {
        var state = ReviewState()
        state.apply(event(1, "a", .scoreSet, ["name": .string("q"), "value": .int(2), "comment": .string("c")]))
        state.apply(event(2, "a", .scoreSet, ["name": .string("q"), "value": .int(5)]))
        state.apply(event(3, "a", .itemComplete))
        #expect(
            state.undoStack == [
                .init(seq: 1, inverse: EventDraft(item: "a", kind: .scoreClear, payload: ["name": .string("q")])),
                .init(
                    seq: 2,
                    inverse: EventDraft(
                        item: "a", kind: .scoreSet,
                        payload: ["name": .string("q"), "value": .int(2), "comment": .string("c")])),
                .init(seq: 3, inverse: EventDraft(item: "a", kind: .itemReopen)),
            ])
        state.apply(event(4, "a", .itemReopen, ["undoes": .int(3)]))
        #expect(state.undoStack.map(\.seq) == [1, 2])
        #expect(state.status(of: "a") == .open)
    }
}
